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
  /** The check could not judge the object (malformed input), which counts as a failure. */
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

/** A peer checker whose checks ours are mapped to. */
export enum PeerTool {
  /** kube-score (`score/` checks, e.g. `container-security-context-readonlyrootfilesystem`). */
  KUBE_SCORE = 'kube-score',
  /** kube-linter (`pkg/builtinchecks/yamls/`, e.g. `no-read-only-root-fs`). */
  KUBE_LINTER = 'kube-linter',
  /** Polaris (`pkg/config/checks/`, e.g. `notReadOnlyRootFilesystem`). */
  POLARIS = 'polaris',
  /** Checkov (`checkov/kubernetes/checks/`, e.g. `CKV_K8S_22`). */
  CHECKOV = 'checkov',
  /** Trivy (`trivy-checks` `checks/kubernetes/`, e.g. `KSV014`). */
  TRIVY = 'trivy',
}

/** A peer checker's check that one of ours covers, e.g. `{ tool: CHECKOV, id: 'CKV_K8S_22' }`. */
export interface PeerCheck {
  /** The peer tool. */
  readonly tool: PeerTool;
  /** The peer's own check id, exactly as the tool spells it. */
  readonly id: string;
  /**
   * Set when ours covers the peer check only in part: what the peer flags that ours does not, or the other way round.
   *
   * @default - full coverage
   */
  readonly partial?: string;
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
  /**
   * A lower severity for this one result, e.g. `warning` for a latent RBAC rule (a role nothing in
   * the input binds yet): the condition holds, but nothing is exposed until something binds it.
   *
   * Only ever lowers: a value above the check's own severity is ignored by the engine.
   *
   * @default - the check's severity
   */
  readonly severity?: Severity;
  /**
   * The reason the object itself records for this condition being deliberate.
   *
   * For example a pod template annotated `cdk8s-hardened.io/api-access` (the constructs' `ApiAccess`
   * opt-in) that mounts an API token on purpose. The engine reports such a failure as suppressed with
   * this reason: a visible, reasoned exception, never a silent pass. An annotation or exceptions-file
   * suppression of the same check takes precedence.
   *
   * @default - the condition is not recorded as deliberate
   */
  readonly exemption?: string;
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
  /**
   * 1-based column of the object's first key, for an item of a List.
   *
   * Unset for a document of its own, which starts at column 1.
   */
  readonly column?: number;
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
  /**
   * The objects this object controls (ReplicaSets, Pods, Jobs in the input, through `ownerReferences`)
   * that have the same finding, reported here once instead of on each of them.
   *
   * @default - none
   */
  readonly owned?: ObjectRef[];
}

/**
 * What the engine offers a check besides the object it judges: the whole evaluated set, for checks
 * that look at other objects (NetworkPolicy coverage, PodDisruptionBudgets, bindings, image policies).
 */
export interface ICheckContext {
  /** Every object of the evaluated set, in input order (non-object documents removed). */
  readonly objects: any[];
  /** The Pod Security Standards version checks judge against, `v1.N` or `latest`. */
  readonly pssVersion: string;
  /**
   * The Kubernetes minor version the manifests are applied to, `1.N` (the API-version checks judge
   * deprecations and removals against it).
   *
   * @default '1.28'
   */
  readonly kubernetesVersion?: string;
  /** The evaluation time for expiry dates, fixed per evaluation so results are reproducible. */
  readonly now: Date;
  /**
   * Kinds declared cluster-scoped beyond the built-in data, as `Kind` (any API group) or `Kind.group`.
   *
   * @default - only the built-in data and the CustomResourceDefinitions of the set
   */
  readonly clusterScopedKinds?: string[];
  /**
   * Objects of one kind, optionally only those in one namespace.
   *
   * @param kind e.g. `NetworkPolicy`
   * @param namespace when given, only objects whose metadata.namespace equals it
   */
  objectsOfKind(kind: string, namespace?: string): any[];
  /**
   * The Namespace object of that name, or undefined when it is not in the set.
   */
  namespaceObject(name: string): any;
  /**
   * Whether a namespace counts as production for the scorecard.
   *
   * It does when labelled `environment=production` (or matching the configured selector); when no namespace in the set is so labelled, every
   * non-system namespace counts.
   */
  isProductionNamespace(name: string): boolean;
}

/**
 * A compliance check: data plus a pure function.
 *
 * One check per file under `compliance/checks/<domain>/<id>.ts`; the file name is the check id.
 */
export interface ICheck {
  /** Stable kebab-case id, e.g. `rbac-no-wildcards`; never reused for another meaning. */
  readonly id: string;
  /** The compliant condition, e.g. `Roles grant no wildcard verbs, resources or API groups`. */
  readonly title: string;
  /** Policy-language intent: what is restricted, the allowed values, why. */
  readonly description: string;
  /** How bad a failure is. */
  readonly severity: Severity;
  /** Controls this check maps to. */
  readonly controls: Control[];
  /** The kinds the check applies to (`*` for every kind). */
  readonly kinds: string[];
  /**
   * The peer checkers' checks this one covers (kube-score, kube-linter, Polaris, Checkov, Trivy).
   *
   * RULES.md and docs/peers.md are generated from these.
   *
   * @default - no peer equivalent
   */
  readonly peers?: PeerCheck[];
  /**
   * Judges one object.
   *
   * Must not throw on malformed input: return `error` or `not-applicable` with a reason.
   */
  evaluate(object: any, context: ICheckContext): CheckOutcome;
}

/** Counts of a report. */
export interface ReportSummary {
  /** Objects evaluated. */
  readonly objects: number;
  /** Check results that passed. */
  readonly passed: number;
  /** Unsuppressed failures (status fail). */
  readonly failed: number;
  /** Unsuppressed errors (status error). */
  readonly errors: number;
  /** Failures and errors covered by a valid suppression. */
  readonly suppressed: number;
  /** Results that did not apply. */
  readonly notApplicable: number;
  /**
   * Of the suppressed, those on objects Kubernetes manages itself (bootstrap RBAC), counted apart.
   * @default - none (absent when 0)
   */
  readonly managed?: number;
}

/** One metric of the scorecard (the brief's success criteria). */
export interface ScorecardMetric {
  /** Stable id, e.g. `rbac-least-privilege`, `pss-restricted-production`, `network-policy-coverage`, `image-signing`. */
  readonly id: string;
  /** Human title, e.g. `RBAC least privilege`. */
  readonly title: string;
  /** Items that meet the criterion. */
  readonly compliant: number;
  /** Items measured. */
  readonly total: number;
  /** compliant / total as a percentage (100 when total is 0). */
  readonly percent: number;
  /** Target percentage (default 100). */
  readonly target: number;
  /** Whether percent >= target. */
  readonly met: boolean;
  /** Sub-measures, e.g. `% of workloads whose pods mount no API token`. */
  readonly parts?: ScorecardMetric[];
  /** Items counted as compliant by a deliberate, reasoned exception, listed so none is a silent pass. */
  readonly exceptions?: ScorecardException[];
}

/** An item a scorecard metric counts as compliant by a deliberate, reasoned exception. */
export interface ScorecardException {
  /** The object, `Kind/namespace/name`. */
  readonly object: string;
  /** The reason given with the exception (e.g. the value of the API-access annotation). */
  readonly reason: string;
}

/** The result of evaluating a set of objects against a pack. */
export interface Report {
  /** The pack id evaluated. */
  readonly pack: string;
  /** The PSS version used. */
  readonly pssVersion: string;
  /** Every result except `pass` and `not-applicable` (failures, errors, suppressed ones), in object order then check order. */
  readonly findings: Finding[];
  /** Counts. */
  readonly summary: ReportSummary;
  /** The four success criteria of the brief. */
  readonly scorecard: ScorecardMetric[];
  /** Objects the engine could not read (non-object documents, missing kind), with a reason. */
  readonly skipped: SkippedObject[];
}

/** An input document the engine did not judge. */
export interface SkippedObject {
  /** Where it came from. */
  readonly object: ObjectRef;
  /** Why it was skipped. */
  readonly reason: string;
}
