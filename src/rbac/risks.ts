/**
 * The permissions a least-privilege Role must not grant without a reasoned opt-out.
 *
 * Module-internal. Each risk has a stable id (the hardening warning is
 * `LeastPrivilegeServiceAccount.<id>`) and says what the permission lets an attacker do. A rule is
 * matched as RBAC matches it: `'*'` in verbs or resources matches everything, `pods/*` matches every
 * pod subresource, and core-group risks apply when apiGroups holds `''` or `'*'`.
 *
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/
 */
import { RbacRule } from './rule';

/** A risky permission found in a rule. */
export interface RbacRisk {
  /** Stable id, the suffix of the warning id. */
  readonly id: string;
  /** What the rule grants and why it matters. */
  readonly description: string;
}

function matchesVerb(rule: RbacRule, verb: string): boolean {
  return rule.verbs.some((v) => v === verb || v === '*');
}

function matchesResource(rule: RbacRule, resource: string): boolean {
  const [type] = resource.split('/');
  return rule.resources.some((r) => r === resource || r === '*' || (resource.includes('/') && r === `${type}/*`));
}

function inGroup(rule: RbacRule, group: string): boolean {
  return rule.apiGroups.some((g) => g === group || g === '*');
}

function inCoreGroup(rule: RbacRule): boolean {
  return inGroup(rule, '');
}

/** Resources the impersonate verb applies to (users, groups, serviceaccounts, uids; plus userextras/<key>). */
const IMPERSONATION_RESOURCES = ['users', 'groups', 'serviceaccounts', 'uids'];

/** The risks a rule carries, in a fixed order. */
export function risksOf(rule: RbacRule): RbacRisk[] {
  const risks: RbacRisk[] = [];
  const wildcardFields = (['apiGroups', 'resources', 'verbs'] as const).filter((f) => rule[f].some((x) => x.includes('*')));
  if (wildcardFields.length > 0) {
    risks.push({ id: 'Wildcard', description: `a wildcard in ${wildcardFields.join(', ')} (matches everything, including resources and verbs added later)` });
  }
  // Named explicitly, these verbs are always flagged; through '*' only where RBAC gives them meaning.
  const onRoles = inGroup(rule, 'rbac.authorization.k8s.io') && (matchesResource(rule, 'roles') || matchesResource(rule, 'clusterroles'));
  const onIdentities = IMPERSONATION_RESOURCES.some((r) => matchesResource(rule, r)) || rule.resources.some((r) => r.startsWith('userextras/'));
  if (rule.verbs.includes('escalate') || (rule.verbs.includes('*') && onRoles)) {
    risks.push({ id: 'EscalateVerb', description: "the 'escalate' verb (creates or updates roles with permissions the account does not hold)" });
  }
  if (rule.verbs.includes('bind') || (rule.verbs.includes('*') && onRoles)) {
    risks.push({ id: 'BindVerb', description: "the 'bind' verb (binds roles with permissions the account does not hold)" });
  }
  if (rule.verbs.includes('impersonate') || (rule.verbs.includes('*') && onIdentities)) {
    risks.push({ id: 'ImpersonateVerb', description: "the 'impersonate' verb (acts as other users, groups or service accounts)" });
  }
  if (inCoreGroup(rule)) {
    if (matchesResource(rule, 'pods/exec')) risks.push({ id: 'PodExec', description: 'access to pods/exec (runs commands in any pod of the namespace)' });
    if (matchesResource(rule, 'pods/attach')) risks.push({ id: 'PodAttach', description: "access to pods/attach (attaches to running containers' stdin and stdout)" });
    if (matchesResource(rule, 'nodes/proxy')) risks.push({ id: 'NodeProxy', description: 'access to nodes/proxy (calls the kubelet API directly, bypassing admission and audit)' });
    if (matchesResource(rule, 'serviceaccounts/token') && matchesVerb(rule, 'create')) {
      risks.push({ id: 'ServiceAccountTokenCreate', description: "'create' on serviceaccounts/token (mints tokens for other service accounts)" });
    }
    if (matchesResource(rule, 'secrets') && (matchesVerb(rule, 'list') || matchesVerb(rule, 'watch')) && rule.resourceNames === undefined) {
      risks.push({ id: 'ListSecrets', description: 'list or watch on secrets without resourceNames (reads every Secret value in the namespace)' });
    }
    if (matchesResource(rule, 'secrets') && matchesVerb(rule, 'get') && rule.resourceNames === undefined) {
      risks.push({ id: 'SecretGetWithoutNames', description: 'get on secrets without resourceNames (reads any Secret whose name is known or guessed)' });
    }
  }
  return risks;
}
