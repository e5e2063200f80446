/**
 * Core types of the compliance engine: checks, their results and the report.
 *
 * A check is data plus a pure function. The engine walks the rendered manifests, runs each check of
 * a pack on the objects of the kinds it applies to, applies suppressions, and returns a Report.
 */

/** How bad a failed check is. */
export enum Severity {
  /** A control is missing: fails `check` with `--fail-on error` (the default). */
  ERROR = 'error',
  /** A weakness worth fixing: fails `check` with `--fail-on warning`. */
  WARNING = 'warning',
  /** Informational only: never fails a run. */
  INFO = 'info',
}

/** The outcome of one check on one object. */
export enum CheckStatus {
  /** The object satisfies the check. */
  PASS = 'pass',
  /** The object violates the check. */
  FAIL = 'fail',
  /** The check does not apply to this object. */
  NOT_APPLICABLE = 'not-applicable',
  /** The check could not judge the object (malformed input). Counts as a failure. */
  ERROR = 'error',
}

/** Compliance frameworks that checks are mapped to. */
export enum Framework {
  /** CIS Kubernetes Benchmark. */
  CIS = 'CIS',
  /** AICPA SOC 2 Trust Services Criteria. */
  SOC2 = 'SOC2',
  /** PCI-DSS v4.0 requirements. */
  PCI_DSS = 'PCI-DSS',
  /** HIPAA Security Rule (45 CFR 164.308 / 164.312). */
  HIPAA = 'HIPAA',
  /** Kubernetes Pod Security Standards. */
  PSS = 'PSS',
}

/** A control of a compliance framework, e.g. `{ framework: CIS, id: '5.2.6' }`. */
export interface Control {
  /** The framework. */
  readonly framework: Framework;
  /** The control id within the framework. */
  readonly id: string;
}

/** What a check says about one object. */
export interface CheckOutcome {
  /** pass, fail, not-applicable or error. */
  readonly status: CheckStatus;
  /** Short reason, e.g. `allowPrivilegeEscalation != false`. */
  readonly reason?: string;
  /** Specific detail, e.g. `containers "a", "b" must set securityContext.allowPrivilegeEscalation=false`. */
  readonly detail?: string;
  /** JSON pointer into the object, e.g. `/spec/template/spec/containers/0/securityContext`. */
  readonly location?: string;
}

/** Identifies one object of the evaluated set. */
export interface ObjectRef {
  /** apiVersion of the object. */
  readonly apiVersion: string;
  /** kind of the object. */
  readonly kind: string;
  /** metadata.name (empty when missing). */
  readonly name: string;
  /** metadata.namespace, if any. */
  readonly namespace?: string;
  /** The source file, when the object was read from a file. */
  readonly file?: string;
  /** 0-based document index within the file. */
  readonly index?: number;
  /** 1-based line of the document start in the file, when known. */
  readonly line?: number;
  /** The cdk8s construct path, when the object was synthesized by cdk8s. */
  readonly constructPath?: string;
}

/** One result of the engine: a check applied to an object. */
export interface Finding {
  /** The check id. */
  readonly checkId: string;
  /** The check title (the compliant condition). */
  readonly title: string;
  /** The check severity. */
  readonly severity: Severity;
  /** Result status. */
  readonly status: CheckStatus;
  /** The object judged. */
  readonly object: ObjectRef;
  /** Short reason. */
  readonly reason?: string;
  /** Specific detail. */
  readonly detail?: string;
  /** JSON pointer into the object. */
  readonly location?: string;
  /** Controls the check maps to. */
  readonly controls: Control[];
  /** Set when a suppression covers this finding: the suppression's reason. */
  readonly suppressedReason?: string;
}
