/**
 * An offline RBAC authorizer over a set of manifests: `kubectl auth can-i` without a cluster.
 *
 * Semantics follow the Kubernetes RBAC authorizer (`plugin/pkg/auth/authorizer/rbac`):
 * - a ClusterRoleBinding applies in every namespace and to cluster-scoped requests; a RoleBinding
 *   only to requests in its own namespace; a RoleBinding may reference a ClusterRole, whose rules
 *   then apply in the binding's namespace only;
 * - a ServiceAccount subject without a namespace means the binding's namespace;
 * - the user `system:serviceaccount:NS:NAME` belongs to the groups `system:serviceaccounts`,
 *   `system:serviceaccounts:NS` and `system:authenticated`; `system:anonymous` belongs to
 *   `system:unauthenticated`; any other user belongs to `system:authenticated` (as impersonation with
 *   `--as` adds it), besides the groups given;
 * - aggregated ClusterRoles (`aggregationRule.clusterRoleSelectors`) carry the rules of every
 *   ClusterRole of the set whose labels match, as the aggregation controller fills them in;
 * - `cluster-admin` is known even when the set does not define it (every cluster has it); other
 *   roles that are not in the set grant nothing.
 * A namespaced RBAC object without metadata.namespace is read as being in `default`, where
 * `kubectl apply` would put it.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
 */
import { NormalizedRule, normalizeRule, ruleAllows, ruleAllowsNonResource, rulesOf } from './rules';
import { matchesLabelSelector } from '../selectors';

/** Identifies a binding, a role or a subject. */
export interface RbacRef {
  /** RoleBinding, ClusterRoleBinding, Role, ClusterRole, User, Group or ServiceAccount. */
  readonly kind: string;
  /** metadata.name or the subject name. */
  readonly name: string;
  /** Namespace for namespaced objects and ServiceAccounts. */
  readonly namespace?: string;
}

/** The identity of a request. */
export interface UserInfo {
  /** User name, e.g. `jane` or `system:serviceaccount:production:api-server`. */
  readonly user: string;
  /** Extra groups the user belongs to (the implicit ones are added, see the module doc). */
  readonly groups?: string[];
}

/** What is asked: a verb on a resource (optionally a subresource, a name, a namespace) or a non-resource URL. */
export interface AccessRequest {
  /** e.g. `get`, `list`, `create`, `impersonate`, `escalate`. */
  readonly verb: string;
  /** Plural resource (`pods`); `pods/exec` is accepted and split. Ignored when nonResourceURL is set. */
  readonly resource?: string;
  /** e.g. `exec`. */
  readonly subresource?: string;
  /** API group; `''` (the core group) when omitted. */
  readonly apiGroup?: string;
  /** Namespace of the request; omitted for a cluster-scoped request, where only ClusterRoleBindings apply. */
  readonly namespace?: string;
  /** A specific object name (needed to match rules restricted by resourceNames). */
  readonly name?: string;
  /** A non-resource URL such as `/healthz` (instead of a resource). */
  readonly nonResourceURL?: string;
}

/** `authorize` input: the identity plus the request. */
export interface AuthorizeRequest extends AccessRequest, UserInfo {}

/** One binding rule that grants a request. */
export interface Grant {
  /** The RoleBinding or ClusterRoleBinding. */
  readonly binding: RbacRef;
  /** The role that holds the rule (for aggregated ClusterRoles: the ClusterRole the rule comes from). */
  readonly role: RbacRef;
  /** The binding's roleRef, when it differs from `role` (aggregation). */
  readonly roleRef?: RbacRef;
  /** Index of the rule in `role`'s rules (JSON pointer `/rules/<ruleIndex>`). */
  readonly ruleIndex: number;
  /** The rule, normalized. */
  readonly rule: NormalizedRule;
  /** The subject of the binding that matched the user. */
  readonly subject: RbacRef;
  /** True when the role is a built-in one not present in the set (cluster-admin). */
  readonly builtIn?: boolean;
}

/** The answer of `authorize`. */
export interface AuthorizeResult {
  /** Whether any rule allows the request (`yes` / `no` of `kubectl auth can-i`). */
  readonly allowed: boolean;
  /** Every binding rule that allows it, in input order. */
  readonly grants: Grant[];
  /** The apiserver's reason for the first grant, e.g. `RBAC: allowed by RoleBinding "b/ns" of Role "r" to ServiceAccount "sa/ns"`. */
  readonly reason: string;
}

/** One rule a subject holds, for `kubectl auth can-i --list`. */
export interface Permission {
  /** Verbs of the rule. */
  readonly verbs: string[];
  /** API groups of the rule. */
  readonly apiGroups: string[];
  /** Resources of the rule. */
  readonly resources: string[];
  /** Resource names the rule is restricted to (empty: all). */
  readonly resourceNames: string[];
  /** Non-resource URLs of the rule. */
  readonly nonResourceURLs: string[];
  /** Where the rule comes from. */
  readonly grant: Grant;
}

/** `whoCan` output: a subject and the rules that let it make the request. */
export interface SubjectAccess {
  /** The subject, as written in the binding (ServiceAccount namespace filled in). */
  readonly subject: RbacRef;
  /** The binding rules that grant the request to it. */
  readonly grants: Grant[];
}

/** `whoCan` input. */
export interface WhoCanRequest extends AccessRequest {
  /** Also count RoleBindings of every namespace (like `--all-namespaces`). @default false */
  readonly allNamespaces?: boolean;
}

const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** The built-in `cluster-admin` ClusterRole of every cluster. */
const BUILT_IN_CLUSTER_ROLES: Record<string, NormalizedRule[]> = {
  'cluster-admin': [
    normalizeRule({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }),
    normalizeRule({ nonResourceURLs: ['*'], verbs: ['*'] }),
  ],
};

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Namespace of a namespaced RBAC object, `default` when not written. */
export function namespaceOf(object: any): string {
  return str(object?.metadata?.namespace) || 'default';
}

/** `system:serviceaccount:NS:NAME` parsed, or undefined for other users. */
export function parseServiceAccountUser(user: string): { namespace: string; name: string } | undefined {
  if (!user.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const parts = user.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { namespace: parts[0], name: parts[1] };
}

/** The user name of a ServiceAccount. */
export function serviceAccountUser(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}

/** The groups a user belongs to: the given ones plus the implicit ones of the authenticator. */
export function effectiveGroups(info: UserInfo): string[] {
  const groups = [...(info.groups ?? [])];
  const add = (g: string) => { if (!groups.includes(g)) groups.push(g); };
  const sa = parseServiceAccountUser(info.user);
  if (sa) {
    add('system:serviceaccounts');
    add(`system:serviceaccounts:${sa.namespace}`);
  }
  if (info.user === 'system:anonymous') {
    add('system:unauthenticated');
  } else if (!groups.includes('system:unauthenticated')) {
    add('system:authenticated');
  }
  return groups;
}

/** The subjects of a binding, normalized (ServiceAccount namespace defaulted to the binding's). */
export function subjectsOf(binding: any): RbacRef[] {
  if (!isObject(binding) || !Array.isArray(binding.subjects)) return [];
  const bindingNamespace = binding.kind === 'RoleBinding' ? namespaceOf(binding) : undefined;
  const out: RbacRef[] = [];
  for (const s of binding.subjects) {
    if (!isObject(s) || typeof s.kind !== 'string' || typeof s.name !== 'string') continue;
    if (s.kind === 'ServiceAccount') {
      const namespace = str(s.namespace) || bindingNamespace;
      // A ClusterRoleBinding ServiceAccount subject without a namespace matches nobody.
      if (!namespace) continue;
      out.push({ kind: s.kind, name: s.name, namespace });
    } else {
      out.push({ kind: s.kind, name: s.name });
    }
  }
  return out;
}

/** Whether a normalized subject is the user or one of its groups. */
export function subjectMatches(subject: RbacRef, user: string, groups: readonly string[]): boolean {
  switch (subject.kind) {
    case 'User': return subject.name === user;
    case 'Group': return groups.includes(subject.name);
    case 'ServiceAccount': return !!subject.namespace && serviceAccountUser(subject.namespace, subject.name) === user;
    default: return false;
  }
}

/** The bindings of the set: RoleBindings and ClusterRoleBindings, in input order. */
export function bindingsOf(objects: readonly any[]): any[] {
  return objects.filter((o) => isObject(o) && (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding'));
}

/** Reference of an RBAC object. */
export function refOf(object: any): RbacRef {
  const kind = String(object?.kind ?? '');
  const name = str(object?.metadata?.name) ?? '';
  return kind === 'ClusterRole' || kind === 'ClusterRoleBinding' ? { kind, name } : { kind, name, namespace: namespaceOf(object) };
}

/** A rule together with the role it is written in. */
export interface SourcedRule {
  /** The role holding the rule. */
  readonly role: RbacRef;
  /** Index in that role's rules. */
  readonly ruleIndex: number;
  /** The rule. */
  readonly rule: NormalizedRule;
  /** Built-in role not present in the set. */
  readonly builtIn?: boolean;
}

/**
 * The effective rules of a ClusterRole: its own rules, plus those of aggregated ClusterRoles.
 *
 * Unknown roles yield no rules, except the built-in `cluster-admin`.
 */
export function clusterRoleRules(objects: readonly any[], name: string): SourcedRule[] {
  const clusterRoles = objects.filter((o) => isObject(o) && o.kind === 'ClusterRole');
  const role = clusterRoles.find((o) => o.metadata?.name === name);
  if (!role) {
    const builtIn = BUILT_IN_CLUSTER_ROLES[name];
    return builtIn ? builtIn.map((rule, ruleIndex) => ({ role: { kind: 'ClusterRole', name }, ruleIndex, rule, builtIn: true })) : [];
  }
  const selectors = isObject(role.aggregationRule) && Array.isArray(role.aggregationRule.clusterRoleSelectors)
    ? role.aggregationRule.clusterRoleSelectors : [];
  if (selectors.length === 0) return sourced(role);
  // The aggregation controller overwrites the rules with the union of the selected roles' rules.
  const out: SourcedRule[] = [];
  for (const other of clusterRoles) {
    if (other === role) continue;
    if (selectors.some((s: unknown) => matchesLabelSelector(s, other.metadata?.labels))) out.push(...sourced(other));
  }
  return out.length > 0 ? out : sourced(role);
}

function sourced(role: any): SourcedRule[] {
  const ref = refOf(role);
  return rulesOf(role).map((rule, ruleIndex) => ({ role: ref, ruleIndex, rule }));
}

/** The effective rules a binding's roleRef points to. */
export function bindingRules(objects: readonly any[], binding: any): SourcedRule[] {
  const roleRef = isObject(binding?.roleRef) ? binding.roleRef : {};
  const name = str(roleRef.name);
  if (!name) return [];
  if (roleRef.kind === 'ClusterRole') return clusterRoleRules(objects, name);
  if (roleRef.kind === 'Role' && binding.kind === 'RoleBinding') {
    const namespace = namespaceOf(binding);
    const role = objects.find((o) => isObject(o) && o.kind === 'Role' && o.metadata?.name === name && namespaceOf(o) === namespace);
    return role ? sourced(role) : [];
  }
  return [];
}

/** The roleRef of a binding as a reference. */
export function roleRefOf(binding: any): RbacRef {
  const roleRef = isObject(binding?.roleRef) ? binding.roleRef : {};
  const kind = str(roleRef.kind) ?? '';
  const name = str(roleRef.name) ?? '';
  return kind === 'Role' ? { kind, name, namespace: namespaceOf(binding) } : { kind, name };
}

/** Whether a binding is in effect for a request in the namespace (undefined: cluster scope). */
function bindingApplies(binding: any, namespace: string | undefined, allNamespaces = false): boolean {
  if (binding.kind === 'ClusterRoleBinding') return true;
  if (allNamespaces) return true;
  return namespace !== undefined && namespace !== '' && namespaceOf(binding) === namespace;
}

function requestAllowed(rule: NormalizedRule, request: AccessRequest): boolean {
  if (request.nonResourceURL !== undefined) {
    // Non-resource URLs are cluster-wide: only ClusterRoleBindings grant them (checked by the caller).
    return ruleAllowsNonResource(rule, request.verb, request.nonResourceURL);
  }
  let resource = request.resource ?? '';
  let subresource = request.subresource;
  const slash = resource.indexOf('/');
  if (slash >= 0 && subresource === undefined) {
    subresource = resource.slice(slash + 1);
    resource = resource.slice(0, slash);
  }
  return ruleAllows(rule, { verb: request.verb, resource, subresource, apiGroup: request.apiGroup ?? '', name: request.name });
}

function grantsOf(objects: readonly any[], binding: any, subject: RbacRef, request: AccessRequest): Grant[] {
  if (request.nonResourceURL !== undefined && binding.kind !== 'ClusterRoleBinding') return [];
  const roleRef = roleRefOf(binding);
  const out: Grant[] = [];
  for (const s of bindingRules(objects, binding)) {
    if (!requestAllowed(s.rule, request)) continue;
    const sameRole = s.role.kind === roleRef.kind && s.role.name === roleRef.name;
    out.push({
      binding: refOf(binding),
      role: s.role,
      ...(sameRole ? {} : { roleRef }),
      ruleIndex: s.ruleIndex,
      rule: s.rule,
      subject,
      ...(s.builtIn ? { builtIn: true } : {}),
    });
  }
  return out;
}

function describe(ref: RbacRef): string {
  return ref.namespace ? `${ref.name}/${ref.namespace}` : ref.name;
}

/** The apiserver's reason text for a grant. */
export function grantReason(grant: Grant): string {
  const role = grant.roleRef ?? grant.role;
  return `RBAC: allowed by ${grant.binding.kind} "${describe(grant.binding)}" of ${role.kind} "${role.name}" to ${grant.subject.kind} "${describe(grant.subject)}"`;
}

/**
 * Answers `kubectl auth can-i <verb> <resource> --as <user> [-n namespace] [name]` over the manifests.
 *
 * Never throws: malformed bindings, roles and rules grant nothing.
 */
export function authorize(objects: readonly any[], request: AuthorizeRequest): AuthorizeResult {
  const groups = effectiveGroups(request);
  const grants: Grant[] = [];
  for (const binding of bindingsOf(objects)) {
    if (!bindingApplies(binding, request.namespace)) continue;
    const subject = subjectsOf(binding).find((s) => subjectMatches(s, request.user, groups));
    if (!subject) continue;
    grants.push(...grantsOf(objects, binding, subject, request));
  }
  return { allowed: grants.length > 0, grants, reason: grants.length > 0 ? grantReason(grants[0]) : '' };
}

/**
 * Every rule the user holds in the namespace (cluster-wide rules included), like
 * `kubectl auth can-i --list --as <user> [-n namespace]`.
 */
export function listPermissions(objects: readonly any[], subject: UserInfo, namespace?: string): Permission[] {
  const groups = effectiveGroups(subject);
  const out: Permission[] = [];
  for (const binding of bindingsOf(objects)) {
    if (!bindingApplies(binding, namespace)) continue;
    const matched = subjectsOf(binding).find((s) => subjectMatches(s, subject.user, groups));
    if (!matched) continue;
    const roleRef = roleRefOf(binding);
    for (const s of bindingRules(objects, binding)) {
      // A RoleBinding cannot grant non-resource URLs.
      if (binding.kind === 'RoleBinding' && s.rule.resources.length === 0) continue;
      const sameRole = s.role.kind === roleRef.kind && s.role.name === roleRef.name;
      const grant: Grant = {
        binding: refOf(binding),
        role: s.role,
        ...(sameRole ? {} : { roleRef }),
        ruleIndex: s.ruleIndex,
        rule: s.rule,
        subject: matched,
        ...(s.builtIn ? { builtIn: true } : {}),
      };
      out.push({ ...s.rule, grant });
    }
  }
  return out;
}

/**
 * The subjects that may make the request, with the rules that let them (like `kubectl who-can`).
 *
 * Group subjects are listed as groups, not expanded. Subjects appear once, in order of first grant.
 */
export function whoCan(objects: readonly any[], request: WhoCanRequest): SubjectAccess[] {
  const bySubject = new Map<string, { subject: RbacRef; grants: Grant[] }>();
  for (const binding of bindingsOf(objects)) {
    if (!bindingApplies(binding, request.namespace, request.allNamespaces)) continue;
    for (const subject of subjectsOf(binding)) {
      const grants = grantsOf(objects, binding, subject, request);
      if (grants.length === 0) continue;
      const key = `${subject.kind}\u0000${subject.namespace ?? ''}\u0000${subject.name}`;
      const entry = bySubject.get(key) ?? { subject, grants: [] };
      entry.grants.push(...grants);
      bySubject.set(key, entry);
    }
  }
  return [...bySubject.values()];
}
