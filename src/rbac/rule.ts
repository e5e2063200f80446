import { OptOut } from '../warnings';

/**
 * One rule of a namespaced Role, as emitted.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#role-example
 */
export interface RbacRule {
  /** API groups of the resources, where `''` is the core group (pods, configmaps, secrets and others). */
  readonly apiGroups: string[];

  /** Resource types, with subresources as `type/subresource` (e.g. `configmaps`, `pods/log`). */
  readonly resources: string[];

  /** Verbs (e.g. `get`, `list`, `watch`); see RbacVerbs for the named sets. */
  readonly verbs: string[];

  /**
   * Restricts the rule to these object names.
   *
   * Only verbs whose requests carry a name can be restricted; `create` and `deletecollection` cannot.
   *
   * @default - all objects of the resource types
   */
  readonly resourceNames?: string[];
}

/**
 * A rule to allow, with an optional reasoned opt-out for a risky permission.
 */
export interface RbacRuleProps extends RbacRule {
  /**
   * Accepts the risky permissions this rule grants (wildcards, escalate/bind/impersonate, pods/exec,
   * pods/attach, nodes/proxy, serviceaccounts/token creation, list/watch or get on all secrets).
   *
   * Security note: each accepted risk records a hardening warning `LeastPrivilegeServiceAccount.<Risk>`
   * and the reason is written to the Role's `cdk8s-hardened.io/rbac-opt-out` annotation.
   *
   * @default - risky permissions throw
   */
  readonly optOut?: OptOut;
}

/**
 * The result of a grant: the rule that was added to the service account's Role.
 */
export class Grant {
  /** @internal */
  public static _of(serviceAccountName: string, namespace: string, rule: RbacRule): Grant {
    return new Grant(serviceAccountName, namespace, rule);
  }

  /** Name of the ServiceAccount that received the permission. */
  public readonly serviceAccountName: string;

  /** Namespace of the ServiceAccount and its Role. */
  public readonly namespace: string;

  /** The rule this grant added. */
  public readonly rule: RbacRule;

  private constructor(serviceAccountName: string, namespace: string, rule: RbacRule) {
    this.serviceAccountName = serviceAccountName;
    this.namespace = namespace;
    this.rule = rule;
  }
}
