/**
 * RBAC per subject: what each User, Group and ServiceAccount can effectively do.
 *
 * Where the checks judge roles one by one, an audit asks the other way round: this ServiceAccount,
 * through every binding that names it or one of its groups, holds which rules, and where? A User
 * or ServiceAccount inherits the bindings of the groups the authenticator gives it
 * (`system:authenticated`, `system:serviceaccounts`, `system:serviceaccounts:<ns>`); a Group gets
 * only the bindings that name it. Aggregation and the built-in roles are resolved as the authorizer
 * resolves them (./authorizer.ts), so a binding to `edit` shows what `edit` grants.
 *
 * Each subject also lists its notable capabilities (reading Secrets, exec into pods, creating
 * pods, escalation through RBAC or impersonation, minting tokens, everything): the permissions the
 * Kubernetes RBAC good practices single out.
 *
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/
 */
import {
  bindingRules, bindingsOf, effectiveGroups, grantOf, namespaceOf, Permission, RbacOptions, RbacRef, serviceAccountUser, subjectMatches, subjectsOf,
} from './authorizer';
import { NormalizedRule, ruleGrants } from './rules';

/** One rule a subject holds, with where it applies. */
export interface ScopedPermission extends Permission {
  /** The namespace the rule applies in (a RoleBinding's); undefined: every namespace and cluster-scoped objects. */
  readonly namespace?: string;
}

/** A notable capability a subject holds, with where. */
export interface SubjectCapability {
  /** Stable id, e.g. `read-secrets`. */
  readonly id: string;
  /** What it lets the subject do. */
  readonly description: string;
  /** Namespaces where it holds; `*` when cluster-wide. */
  readonly namespaces: string[];
}

/** What one subject can do. */
export interface SubjectPermissions {
  /** The subject (ServiceAccount namespace filled in). */
  readonly subject: RbacRef;
  /** Every rule it holds, in binding order. */
  readonly permissions: ScopedPermission[];
  /** The notable capabilities among them, in {@link SUBJECT_CAPABILITIES} order. */
  readonly capabilities: SubjectCapability[];
}

/** Options of {@link subjectPermissions}. */
export interface SubjectPermissionsOptions extends RbacOptions {
  /** Only rules that apply in this namespace (ClusterRoleBindings and its RoleBindings). @default - every namespace */
  readonly namespace?: string;
  /** Only this subject (`kind` and `name`, `namespace` for a ServiceAccount). @default - every subject */
  readonly subject?: RbacRef;
}

interface CapabilityDef {
  readonly id: string;
  readonly description: string;
  /** Any of these (verb, apiGroup, resource) triples. */
  readonly any: ReadonlyArray<readonly [string, string, string]>;
}

/** The capabilities reported per subject, as data. */
export const SUBJECT_CAPABILITIES: readonly CapabilityDef[] = [
  { id: 'everything', description: 'every verb on every resource (cluster-admin equivalent where cluster-wide)', any: [['*', '*', '*']] },
  {
    id: 'escalate',
    description: 'escalate or bind RBAC roles, or impersonate users, groups or service accounts',
    any: [
      ['escalate', 'rbac.authorization.k8s.io', 'roles'], ['escalate', 'rbac.authorization.k8s.io', 'clusterroles'],
      ['bind', 'rbac.authorization.k8s.io', 'roles'], ['bind', 'rbac.authorization.k8s.io', 'clusterroles'],
      ['impersonate', '', 'users'], ['impersonate', '', 'groups'], ['impersonate', '', 'serviceaccounts'],
    ],
  },
  {
    id: 'write-rbac',
    description: 'create or change Roles and RoleBindings',
    any: [
      ['create', 'rbac.authorization.k8s.io', 'rolebindings'], ['update', 'rbac.authorization.k8s.io', 'rolebindings'],
      ['create', 'rbac.authorization.k8s.io', 'clusterrolebindings'], ['update', 'rbac.authorization.k8s.io', 'roles'],
    ],
  },
  { id: 'read-secrets', description: 'read Secrets', any: [['get', '', 'secrets'], ['list', '', 'secrets'], ['watch', '', 'secrets']] },
  { id: 'exec-pods', description: 'run commands in or attach to containers', any: [['create', '', 'pods/exec'], ['create', '', 'pods/attach'], ['get', '', 'pods/exec']] },
  {
    id: 'create-pods',
    description: 'create pods, directly or through workload controllers (and so run as any ServiceAccount of the namespace)',
    any: [
      ['create', '', 'pods'], ['create', 'apps', 'deployments'], ['create', 'apps', 'daemonsets'], ['create', 'apps', 'statefulsets'],
      ['create', 'apps', 'replicasets'], ['create', 'batch', 'jobs'], ['create', 'batch', 'cronjobs'],
    ],
  },
  { id: 'create-tokens', description: 'mint ServiceAccount tokens', any: [['create', '', 'serviceaccounts/token']] },
  { id: 'node-proxy', description: 'reach the kubelet API through nodes/proxy', any: [['get', '', 'nodes/proxy'], ['create', '', 'nodes/proxy']] },
];

function key(ref: RbacRef): string {
  return `${ref.kind}\u0000${ref.namespace ?? ''}\u0000${ref.name}`;
}

function grants(rule: NormalizedRule, verb: string, apiGroup: string, resource: string): boolean {
  const [res, sub] = resource.split('/');
  return ruleGrants(rule, verb, apiGroup, res, sub);
}

/** The identity a subject authenticates as: its user name and groups (none for a Group). */
function matcher(subject: RbacRef): (s: RbacRef) => boolean {
  if (subject.kind === 'Group') return (s) => s.kind === 'Group' && s.name === subject.name;
  const user = subject.kind === 'ServiceAccount' ? serviceAccountUser(subject.namespace ?? 'default', subject.name) : subject.name;
  const groups = effectiveGroups({ user });
  return (s) => subjectMatches(s, user, groups);
}

/**
 * What each subject of the set can effectively do: every subject named by a binding, and every
 * ServiceAccount object (which may hold rules through its groups only).
 *
 * Never throws: malformed bindings and roles grant nothing.
 */
export function subjectPermissions(objects: readonly any[], options: SubjectPermissionsOptions = {}): SubjectPermissions[] {
  const bindings = bindingsOf(objects);
  const subjects = new Map<string, RbacRef>();
  const addSubject = (s: RbacRef) => { if (!subjects.has(key(s))) subjects.set(key(s), s); };
  for (const b of bindings) subjectsOf(b).forEach(addSubject);
  for (const o of objects) {
    if (o?.kind === 'ServiceAccount' && typeof o.metadata?.name === 'string') addSubject({ kind: 'ServiceAccount', name: o.metadata.name, namespace: namespaceOf(o) });
  }
  const wanted = options.subject;
  const out: SubjectPermissions[] = [];
  for (const subject of subjects.values()) {
    if (wanted && !(wanted.kind === subject.kind && wanted.name === subject.name
      && (subject.kind !== 'ServiceAccount' || (wanted.namespace ?? 'default') === subject.namespace))) continue;
    const matches = matcher(subject);
    const permissions: ScopedPermission[] = [];
    for (const binding of bindings) {
      const namespace = binding.kind === 'RoleBinding' ? namespaceOf(binding) : undefined;
      if (options.namespace !== undefined && namespace !== undefined && namespace !== options.namespace) continue;
      const matched = subjectsOf(binding).find(matches);
      if (!matched) continue;
      for (const s of bindingRules(objects, binding, options)) {
        // A RoleBinding cannot grant non-resource URLs.
        if (namespace !== undefined && s.rule.resources.length === 0) continue;
        permissions.push({ ...s.rule, grant: grantOf(binding, s, matched), ...(namespace !== undefined ? { namespace } : {}) });
      }
    }
    out.push({ subject, permissions, capabilities: capabilitiesOf(permissions) });
  }
  return out;
}

function capabilitiesOf(permissions: readonly ScopedPermission[]): SubjectCapability[] {
  const out: SubjectCapability[] = [];
  for (const def of SUBJECT_CAPABILITIES) {
    const where = new Set<string>();
    for (const p of permissions) {
      if (def.any.some(([verb, group, resource]) => grants(p, verb, group, resource))) where.add(p.namespace ?? '*');
    }
    if (where.size === 0) continue;
    const namespaces = where.has('*') ? ['*'] : [...where].sort();
    out.push({ id: def.id, description: def.description, namespaces });
  }
  return out;
}
