/**
 * PolicyPack: a rule pack (Pod Security baseline/restricted at a version, RBAC least privilege,
 * hardened) rendered as admission policies for the engine a cluster runs.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { POLICY_PACKS } from './cel';
import { parsePssVersion } from '../compliance/pss';
import { constructError, quote } from '../private/errors';
import { GatekeeperNativeValidationBackend } from './gatekeeper/native-validation';
import { GatekeeperRegoBackend, GatekeeperRegoBackendProps } from './gatekeeper/rego';
import { KyvernoClusterPolicyBackend, KyvernoClusterPolicyBackendProps } from './kyverno/cluster-policy';
import { KyvernoValidatingPolicyBackend } from './kyverno/validating-policy';
import {
  AdmissionException, exceptionError, IPolicyBackend, kubernetesMinor, PolicyAction, policyRulesFor, PolicyRenderOptions, PolicyRule,
} from './model';
import { ValidatingAdmissionPolicyBackend } from './vap/validating-admission-policy';

/**
 * The admission engine a PolicyPack renders for.
 *
 * Every engine receives the same rules (the same CEL for the CEL engines), so switching engines
 * never changes what is enforced.
 */
export class PolicyEngine {
  /**
   * Kubernetes ValidatingAdmissionPolicy + ValidatingAdmissionPolicyBinding: built into the API
   * server (v1beta1 on 1.28/1.29, v1 from 1.30), no webhook to run or to fail open.
   */
  public static validatingAdmissionPolicy(): PolicyEngine {
    return new PolicyEngine(new ValidatingAdmissionPolicyBackend());
  }

  /** Kyverno ValidatingPolicy (policies.kyverno.io/v1, CEL), with background scans and policy reports. */
  public static kyvernoValidatingPolicy(): PolicyEngine {
    return new PolicyEngine(new KyvernoValidatingPolicyBackend());
  }

  /** OPA Gatekeeper ConstraintTemplates with the CEL engine (K8sNativeValidation) plus constraints. */
  public static gatekeeper(): PolicyEngine {
    return new PolicyEngine(new GatekeeperNativeValidationBackend());
  }

  /**
   * Kyverno ClusterPolicy (kyverno.io/v1, `validate.cel`, per-rule failureAction, autogen for
   * controllers). Deprecated by Kyverno since 1.18 in favour of ValidatingPolicy; for older clusters.
   *
   * @param props backend options (exception namespace, name prefix)
   */
  public static kyvernoClusterPolicy(props: KyvernoClusterPolicyBackendProps = {}): PolicyEngine {
    return new PolicyEngine(new KyvernoClusterPolicyBackend(props));
  }

  /**
   * OPA Gatekeeper ConstraintTemplates in Rego v1 (Gatekeeper 3.19+) plus constraints.
   *
   * Rules without a Rego implementation (RBAC, image digest) need `fallback`, e.g. the CEL backend.
   *
   * @param props backend options
   */
  public static gatekeeperRego(props: GatekeeperRegoBackendProps = {}): PolicyEngine {
    return new PolicyEngine(new GatekeeperRegoBackend(props));
  }

  /**
   * Any backend (your own, or one of ours configured directly).
   *
   * @param backend renders the rules
   */
  public static fromBackend(backend: IPolicyBackend): PolicyEngine {
    return new PolicyEngine(backend);
  }

  /** The backend that renders the rules. */
  public readonly backend: IPolicyBackend;

  private constructor(backend: IPolicyBackend) {
    this.backend = backend;
  }
}

/**
 * Props of a PolicyPack.
 */
export interface PolicyPackProps {
  /**
   * The rule pack: `pss-baseline`, `pss-restricted`, `rbac-least-privilege` or `hardened`
   * (pss-restricted, image digests and the RBAC rules).
   *
   * @default 'pss-restricted'
   */
  readonly pack?: string;

  /**
   * The Pod Security Standards version the pod rules enforce: `v1.N` (v1.0 to v1.37) or `latest`.
   * Pin it to your clusters' version so an upgrade never tightens admission unannounced.
   *
   * @default 'latest'
   * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
   */
  readonly pssVersion?: string;

  /**
   * The admission engine.
   *
   * @default PolicyEngine.validatingAdmissionPolicy()
   */
  readonly engine?: PolicyEngine;

  /**
   * What a violation does.
   *
   * Security note: AUDIT and WARN admit violating requests; use them only to roll out a pack.
   *
   * @default PolicyAction.ENFORCE
   */
  readonly action?: PolicyAction;

  /**
   * Namespaces every rule skips (e.g. `kube-system`). Namespaces labelled
   * `cdk8s-hardened.io/policy-exempt` are skipped too.
   *
   * Security note: anything in an exempt namespace is admitted unchecked.
   *
   * @default - none
   */
  readonly exemptNamespaces?: string[];

  /**
   * Documented, time-limited exceptions.
   *
   * Each needs a reason and an `expires` date; one already expired throws here, and the compliance engine fails an expired one found in manifests.
   *
   * Security note: an exception admits what the rules it names would deny.
   *
   * @default - none
   */
  readonly exceptions?: AdmissionException[];

  /**
   * The Kubernetes version of the target clusters, `1.N`: decides e.g. ValidatingAdmissionPolicy
   * v1beta1 (1.28, 1.29) or v1 (1.30+).
   *
   * @default '1.28'
   */
  readonly kubernetesVersion?: string;

  /**
   * Prefix of every emitted object name.
   *
   * @default 'hardened-'
   */
  readonly namePrefix?: string;
}

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const PREFIX = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?-?)?$/;

/**
 * Admission policies for one rule pack, rendered for one engine.
 *
 * Closes the gap between synth-time checks and the cluster: manifests that never went through
 * cdk8s (kubectl, Helm, operators) are judged by the same rules at admission. The Pod Security
 * rules are the exact Pod Security Standards at a pinned version, proven against upstream's
 * fixtures; nothing is exempt unless named, and every exception carries a reason and an expiry.
 */
export class PolicyPack extends Construct {
  /** The pack rendered. */
  public readonly pack: string;
  /** The Pod Security Standards version of the pod rules. */
  public readonly pssVersion: string;
  /** What a violation does. */
  public readonly action: PolicyAction;
  /** The Kubernetes version targeted. */
  public readonly kubernetesVersion: string;
  /** The rules rendered. */
  public readonly rules: PolicyRule[];
  /** The emitted objects. */
  public readonly apiObjects: ApiObject[];
  /** The engine's name. */
  public readonly engineName: string;

  constructor(scope: Construct, id: string, props: PolicyPackProps = {}) {
    super(scope, id);
    this.pack = props.pack ?? 'pss-restricted';
    if (!POLICY_PACKS.includes(this.pack)) {
      throw constructError(this, `pack ${quote(this.pack)} has no admission rules; use one of ${POLICY_PACKS.map((p) => `'${p}'`).join(', ')}`);
    }
    this.pssVersion = props.pssVersion ?? 'latest';
    if (!parsePssVersion(this.pssVersion)) {
      throw constructError(this, `pssVersion ${quote(this.pssVersion)} is not a Pod Security Standards version; use 'latest' or 'v1.N', e.g. 'v1.28'`);
    }
    this.kubernetesVersion = props.kubernetesVersion ?? '1.28';
    const minor = kubernetesMinor(this.kubernetesVersion);
    if (minor === undefined) {
      throw constructError(this, `kubernetesVersion ${quote(this.kubernetesVersion)} is not a Kubernetes version; use '1.N', e.g. '1.30'`);
    }
    this.action = props.action ?? PolicyAction.ENFORCE;
    const namePrefix = props.namePrefix ?? 'hardened-';
    if (!PREFIX.test(namePrefix) || namePrefix.length > 40) {
      throw constructError(this, `namePrefix ${quote(namePrefix)} is invalid; use lower-case letters, digits and '-' (at most 40), e.g. 'hardened-'`);
    }
    const exemptNamespaces = props.exemptNamespaces ?? [];
    const badNamespace = exemptNamespaces.find((n) => typeof n !== 'string' || !NAMESPACE.test(n));
    if (badNamespace !== undefined) {
      throw constructError(this, `exemptNamespaces has ${quote(badNamespace)}, which is not a namespace name (RFC 1123 label, e.g. 'kube-system')`);
    }

    let rules: PolicyRule[];
    try {
      rules = policyRulesFor(this.pack, this.pssVersion);
    } catch (e) {
      throw constructError(this, (e as Error).message);
    }
    this.rules = rules;

    const exceptions = props.exceptions ?? [];
    const now = new Date();
    const seen = new Set<string>();
    for (const exception of exceptions) {
      const error = exceptionError(exception, rules.map((r) => r.id), now);
      if (error) throw constructError(this, error);
      if (seen.has(exception.id)) throw constructError(this, `exception id ${quote(exception.id)} is used twice; give each exception its own id`);
      seen.add(exception.id);
    }

    const engine = props.engine ?? PolicyEngine.validatingAdmissionPolicy();
    this.engineName = engine.backend.engineName;
    const options: PolicyRenderOptions = {
      pack: this.pack,
      action: this.action,
      exemptNamespaces: [...exemptNamespaces],
      exceptions: exceptions.map((e) => ({ ...e })),
      kubernetesVersion: this.kubernetesVersion,
      namePrefix,
    };
    try {
      this.apiObjects = engine.backend.render(this, rules, options);
    } catch (e) {
      throw constructError(this, `${engine.backend.engineName}: ${(e as Error).message}`);
    }
  }
}
