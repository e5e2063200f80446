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
 *   ClusterRole whose labels match, as the aggregation controller fills them in, followed to a
 *   fixpoint (`admin` selects `edit`, which selects `view`, each filled in by the controller);
 * - Kubernetes' built-in ClusterRoles (`cluster-admin`, `admin`, `edit`, `view` and their
 *   `system:aggregate-to-*` parts, per version: ./bootstrap-policy.ts) stand in for those the set
 *   does not define, and take part in aggregation; other roles that are not in the set grant nothing.
 * A namespaced RBAC object without metadata.namespace is read as being in `default`, where
 * `kubectl apply` would put it.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
 */
import { bootstrapClusterRoles } from './bootstrap-policy';
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
  /** True when the role is a built-in one not present in the set (e.g. `edit`, `system:aggregate-to-edit`). */
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

/** Options of the RBAC questions. */
export interface RbacOptions {
  /**
   * Kubernetes version whose built-in ClusterRoles (`cluster-admin`, `admin`, `edit`, `view` and
   * their `system:aggregate-to-*` parts) stand in for those the input does not define: `1.N`,
   * `v1.N` or `latest` (see src/compliance/rbac/bootstrap-policy.ts for the stored versions).
   * @default 'latest'
   */
  readonly kubernetesVersion?: string;
}

interface ClusterRoleEntry {
  readonly name: string;
  readonly labels: unknown;
  readonly selectors: unknown[];
  readonly own: SourcedRule[];
}

/** The ClusterRoles of a set (built-ins filled in) with their effective rules, aggregation resolved. */
class RbacIndex {
  private readonly clusterRoles = new Map<string, ClusterRoleEntry>();
  private readonly roles = new Map<string, any>();
  private readonly effective = new Map<string, SourcedRule[]>();

  constructor(objects: readonly any[], version: string | undefined) {
    for (const o of objects) {
      if (!isObject(o) || typeof o.metadata?.name !== 'string') continue;
      if (o.kind === 'ClusterRole' && !this.clusterRoles.has(o.metadata.name)) {
        const rule = o.aggregationRule;
        const selectors = isObject(rule) && Array.isArray(rule.clusterRoleSelectors) ? rule.clusterRoleSelectors : [];
        this.clusterRoles.set(o.metadata.name, { name: o.metadata.name, labels: o.metadata.labels, selectors, own: sourced(o) });
      } else if (o.kind === 'Role') {
        const key = `${namespaceOf(o)}\u0000${o.metadata.name}`;
        if (!this.roles.has(key)) this.roles.set(key, o);
      }
    }
    for (const b of bootstrapClusterRoles(version)) {
      if (this.clusterRoles.has(b.name)) continue;
      const role: RbacRef = { kind: 'ClusterRole', name: b.name };
      this.clusterRoles.set(b.name, {
        name: b.name,
        labels: b.labels,
        selectors: (b.aggregateFrom ?? []).map((matchLabels) => ({ matchLabels })),
        own: b.rules.map((rule, ruleIndex) => ({ role, ruleIndex, rule: normalizeRule(rule), builtIn: true })),
      });
    }
    this.resolveAggregation();
  }

  public clusterRoleRules(name: string): SourcedRule[] {
    return this.effective.get(name) ?? [];
  }

  public role(namespace: string, name: string): any {
    return this.roles.get(`${namespace}\u0000${name}`);
  }

  /**
   * Fills in aggregated ClusterRoles as the aggregation controller does, repeatedly, until nothing
   * changes: an aggregated role may select another aggregated role (`admin` selects `edit`, which
   * selects `view`), whose rules are themselves filled in by the controller.
   */
  private resolveAggregation(): void {
    const entries = [...this.clusterRoles.values()];
    for (const e of entries) this.effective.set(e.name, e.own);
    const aggregated = entries.filter((e) => e.selectors.length > 0);
    const members = new Map(aggregated.map((a) => [a.name, entries.filter((o) => o !== a
      && a.selectors.some((s) => matchesLabelSelector(s, isObject(o.labels) ? o.labels : undefined)))]));
    for (let round = 0; round <= aggregated.length; round++) {
      let changed = false;
      for (const a of aggregated) {
        const seen = new Set<string>();
        const out: SourcedRule[] = [];
        const add = (s: SourcedRule): void => {
          const key = ruleKey(s.rule);
          if (seen.has(key)) return;
          seen.add(key);
          out.push(s);
        };
        // The controller writes the union of the selected roles' rules; the role's own rules (a live
        // dump already holds that union) are kept too, so a partial dump loses nothing.
        for (const m of members.get(a.name)!) for (const s of this.effective.get(m.name)!) add(s);
        for (const s of a.own) add(s);
        if (out.length !== this.effective.get(a.name)!.length) changed = true;
        this.effective.set(a.name, out);
      }
      if (!changed) break;
    }
  }
}

function ruleKey(rule: NormalizedRule): string {
  return JSON.stringify([rule.verbs, rule.apiGroups, rule.resources, rule.resourceNames, rule.nonResourceURLs]);
}

const indexes = new WeakMap<readonly any[], Map<string, RbacIndex>>();

/** The index of a set, built once per set and version. */
function indexOf(objects: readonly any[], options: RbacOptions = {}): RbacIndex {
  const version = options.kubernetesVersion ?? 'latest';
  let byVersion = indexes.get(objects);
  if (!byVersion) {
    byVersion = new Map();
    indexes.set(objects, byVersion);
  }
  let index = byVersion.get(version);
  if (!index) {
    index = new RbacIndex(objects, version);
    byVersion.set(version, index);
  }
  return index;
}

/**
 * The effective rules of a ClusterRole: its own rules, plus those of the ClusterRoles its
 * aggregationRule selects, followed to a fixpoint.
 *
 * A role the set does not define is Kubernetes' built-in one of that name when there is one
 * (`cluster-admin`, `admin`, `edit`, `view`, `system:aggregate-to-*`), else it grants nothing.
 */
export function clusterRoleRules(objects: readonly any[], name: string, options?: RbacOptions): SourcedRule[] {
  return indexOf(objects, options).clusterRoleRules(name);
}

function sourced(role: any): SourcedRule[] {
  const ref = refOf(role);
  return rulesOf(role).map((rule, ruleIndex) => ({ role: ref, ruleIndex, rule }));
}

/** The effective rules a binding's roleRef points to. */
export function bindingRules(objects: readonly any[], binding: any, options?: RbacOptions): SourcedRule[] {
  const roleRef = isObject(binding?.roleRef) ? binding.roleRef : {};
  const name = str(roleRef.name);
  if (!name) return [];
  if (roleRef.kind === 'ClusterRole') return clusterRoleRules(objects, name, options);
  if (roleRef.kind === 'Role' && binding.kind === 'RoleBinding') {
    const role = indexOf(objects, options).role(namespaceOf(binding), name);
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

/** The grant of a binding rule to a subject. */
export function grantOf(binding: any, s: SourcedRule, subject: RbacRef): Grant {
  const roleRef = roleRefOf(binding);
  const sameRole = s.role.kind === roleRef.kind && s.role.name === roleRef.name;
  return {
    binding: refOf(binding),
    role: s.role,
    ...(sameRole ? {} : { roleRef }),
    ruleIndex: s.ruleIndex,
    rule: s.rule,
    subject,
    ...(s.builtIn ? { builtIn: true } : {}),
  };
}

function grantsOf(objects: readonly any[], binding: any, subject: RbacRef, request: AccessRequest, options?: RbacOptions): Grant[] {
  if (request.nonResourceURL !== undefined && binding.kind !== 'ClusterRoleBinding') return [];
  return bindingRules(objects, binding, options).filter((s) => requestAllowed(s.rule, request)).map((s) => grantOf(binding, s, subject));
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
export function authorize(objects: readonly any[], request: AuthorizeRequest, options?: RbacOptions): AuthorizeResult {
  const groups = effectiveGroups(request);
  const grants: Grant[] = [];
  for (const binding of bindingsOf(objects)) {
    if (!bindingApplies(binding, request.namespace)) continue;
    const subject = subjectsOf(binding).find((s) => subjectMatches(s, request.user, groups));
    if (!subject) continue;
    grants.push(...grantsOf(objects, binding, subject, request, options));
  }
  return { allowed: grants.length > 0, grants, reason: grants.length > 0 ? grantReason(grants[0]) : '' };
}

/**
 * Every rule the user holds in the namespace (cluster-wide rules included), like
 * `kubectl auth can-i --list --as <user> [-n namespace]`.
 */
export function listPermissions(objects: readonly any[], subject: UserInfo, namespace?: string, options?: RbacOptions): Permission[] {
  const groups = effectiveGroups(subject);
  const out: Permission[] = [];
  for (const binding of bindingsOf(objects)) {
    if (!bindingApplies(binding, namespace)) continue;
    const matched = subjectsOf(binding).find((s) => subjectMatches(s, subject.user, groups));
    if (!matched) continue;
    for (const s of bindingRules(objects, binding, options)) {
      // A RoleBinding cannot grant non-resource URLs.
      if (binding.kind === 'RoleBinding' && s.rule.resources.length === 0) continue;
      out.push({ ...s.rule, grant: grantOf(binding, s, matched) });
    }
  }
  return out;
}

/**
 * The subjects that may make the request, with the rules that let them (like `kubectl who-can`).
 *
 * Group subjects are listed as groups, not expanded. Subjects appear once, in order of first grant.
 */
export function whoCan(objects: readonly any[], request: WhoCanRequest, options?: RbacOptions): SubjectAccess[] {
  const bySubject = new Map<string, { subject: RbacRef; grants: Grant[] }>();
  for (const binding of bindingsOf(objects)) {
    if (!bindingApplies(binding, request.namespace, request.allNamespaces)) continue;
    for (const subject of subjectsOf(binding)) {
      const grants = grantsOf(objects, binding, subject, request, options);
      if (grants.length === 0) continue;
      const key = `${subject.kind}\u0000${subject.namespace ?? ''}\u0000${subject.name}`;
      const entry = bySubject.get(key) ?? { subject, grants: [] };
      entry.grants.push(...grants);
      bySubject.set(key, entry);
    }
  }
  return [...bySubject.values()];
}
