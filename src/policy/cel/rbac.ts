/**
 * The RBAC checks admission can judge from the object alone, in CEL: the Role/ClusterRole rule
 * checks (`rbac-no-wildcards`, `rbac-no-escalate-bind-impersonate`, ...) and the binding checks
 * (`rbac-no-cluster-admin-binding`, `rbac-no-system-masters-binding`, ...).
 *
 * Semantics are the engine's (`src/compliance/rbac/rules.ts`, `checks/support.ts`): a rule grants
 * a verb on a resource when its verbs hold the verb or `*`, its apiGroups the group or `*`, and its
 * resources `*`, the exact `resource[/subresource]` or `*\/subresource`; verbs a check allows on
 * named objects (`get secrets` with `resourceNames`) are not forbidden then. The forbidden
 * permissions below restate each check's data; a property test proves each rule agrees with the
 * engine check on generated roles.
 */
import { ICheck, Severity } from '../../compliance/check';
import { RBAC_BINDING_CHECKS, RBAC_ROLE_CHECKS } from '../../compliance/checks';
import { PolicyRule, resourcesOf, RuleSubject } from '../model';
import { or, str, strList } from './expr';

/** Verbs on one resource that a rule must not grant. */
export interface CelForbiddenPermission {
  readonly verbs: readonly string[];
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly allowedWhenNamed?: readonly string[];
}

const RBAC = 'rbac.authorization.k8s.io';
const ANY_VERB = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const CONTROLLER = ['create', 'update', 'patch'];
const ADMISSION = 'admissionregistration.k8s.io';
const CERTIFICATES = 'certificates.k8s.io';

/** The forbidden permissions of each role-rule check. */
export const FORBIDDEN_PERMISSIONS: { readonly [checkId: string]: readonly CelForbiddenPermission[] } = {
  'rbac-no-secret-read': [{ verbs: ['get', 'list', 'watch'], apiGroup: '', resource: 'secrets', allowedWhenNamed: ['get'] }],
  'rbac-no-pod-create': [
    { verbs: ['create'], apiGroup: '', resource: 'pods' },
    { verbs: CONTROLLER, apiGroup: '', resource: 'replicationcontrollers' },
    ...['deployments', 'statefulsets', 'daemonsets', 'replicasets'].map((resource) => ({ verbs: CONTROLLER, apiGroup: 'apps', resource })),
    ...['jobs', 'cronjobs'].map((resource) => ({ verbs: CONTROLLER, apiGroup: 'batch', resource })),
  ],
  'rbac-no-escalate-bind-impersonate': [
    { verbs: ['escalate', 'bind'], apiGroup: RBAC, resource: 'roles' },
    { verbs: ['escalate', 'bind'], apiGroup: RBAC, resource: 'clusterroles' },
    { verbs: ['impersonate'], apiGroup: '', resource: 'users' },
    { verbs: ['impersonate'], apiGroup: '', resource: 'groups' },
    { verbs: ['impersonate'], apiGroup: '', resource: 'serviceaccounts' },
    { verbs: ['impersonate'], apiGroup: 'authentication.k8s.io', resource: 'uids' },
  ],
  'rbac-no-persistentvolume-create': [{ verbs: ['create'], apiGroup: '', resource: 'persistentvolumes' }],
  'rbac-no-node-proxy': [{ verbs: ANY_VERB, apiGroup: '', resource: 'nodes', subresource: 'proxy' }],
  'rbac-no-csr-approval': [
    { verbs: ['update', 'patch'], apiGroup: CERTIFICATES, resource: 'certificatesigningrequests', subresource: 'approval' },
    { verbs: ['approve'], apiGroup: CERTIFICATES, resource: 'signers' },
  ],
  'rbac-no-admission-config-write': [
    'validatingwebhookconfigurations', 'mutatingwebhookconfigurations', 'validatingadmissionpolicies',
    'validatingadmissionpolicybindings', 'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings',
  ].map((resource) => ({ verbs: WRITE_VERBS, apiGroup: ADMISSION, resource })),
  'rbac-no-token-create': [{ verbs: ['create'], apiGroup: '', resource: 'serviceaccounts', subresource: 'token' }],
  'rbac-no-pod-exec-attach': [
    { verbs: ['create', 'get'], apiGroup: '', resource: 'pods', subresource: 'exec' },
    { verbs: ['create', 'get'], apiGroup: '', resource: 'pods', subresource: 'attach' },
  ],
};

function listHas(field: string, test: string): string {
  return `has(r.${field}) && r.${field}.exists(x, ${test})`;
}

/** CEL over a rule `r`: true when it grants any of the forbidden permission's verbs. */
export function grantsExpression(p: CelForbiddenPermission): string {
  const named = '(has(r.resourceNames) && size(r.resourceNames) > 0)';
  const whenNamed = p.verbs.filter((v) => (p.allowedWhenNamed ?? []).includes(v));
  const always = p.verbs.filter((v) => !whenNamed.includes(v));
  const combined = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
  const resourceTests = ['x == \'*\'', `x == ${str(combined)}`, ...(p.subresource ? [`x == ${str(`*/${p.subresource}`)}`] : [])];
  let verbTest: string;
  if (always.length > 0) {
    verbTest = or('x == \'*\'', `x in ${strList(always)}`, ...(whenNamed.length > 0 ? [`x in ${strList(whenNamed)} && !${named}`] : []));
  } else {
    verbTest = `(x == '*' || x in ${strList(whenNamed)}) && !${named}`;
  }
  return `(${listHas('apiGroups', `x == '*' || x == ${str(p.apiGroup)}`)}) && (${listHas('resources', resourceTests.join(' || '))}) && (${listHas('verbs', verbTest)})`;
}

const WILDCARD_RULE = `${listHas('verbs', "x == '*'")} || ${listHas('apiGroups', "x == '*'")} || ${listHas('resources', "x == '*' || x.startsWith('*/')")} || ${listHas('nonResourceURLs', "x == '*'")}`;

/** Forbidden binding subjects per binding check, as CEL over a subject `s` (roleRef checks are separate). */
const SUBJECT_TESTS: { readonly [checkId: string]: string } = {
  'rbac-no-system-masters-binding': "s.kind == 'Group' && s.name == 'system:masters'",
  'rbac-no-anonymous-binding': "(s.kind == 'User' && s.name == 'system:anonymous') || (s.kind == 'Group' && s.name == 'system:unauthenticated')",
  'rbac-no-all-authenticated-binding': "s.kind == 'Group' && (s.name == 'system:authenticated' || s.name == 'system:serviceaccounts')",
  'rbac-no-default-serviceaccount-binding': "s.kind == 'ServiceAccount' && s.name == 'default'",
};

function ruleOf(check: ICheck, subject: RuleSubject, expression: string, fieldPaths: string[]): PolicyRule {
  const message = `${check.id}: ${check.title}`;
  return {
    id: check.id,
    title: check.title,
    message,
    severity: check.severity,
    subject,
    resources: resourcesOf(subject),
    variables: [],
    validations: [{ expression, message, reason: 'Forbidden' }],
    fieldPaths,
  };
}

/** The CEL expression of a role or binding check id, or undefined when admission cannot judge it. */
export function rbacExpression(checkId: string): { subject: RuleSubject; expression: string; fieldPaths: string[] } | undefined {
  const ruleFields = ['rules[*].verbs', 'rules[*].apiGroups', 'rules[*].resources'];
  if (checkId === 'rbac-no-wildcards') {
    return { subject: RuleSubject.ROLES, expression: `variables.rules.all(r, !(${WILDCARD_RULE}))`, fieldPaths: [...ruleFields, 'rules[*].nonResourceURLs'] };
  }
  const forbidden = FORBIDDEN_PERMISSIONS[checkId];
  if (forbidden) {
    const named = forbidden.some((p) => (p.allowedWhenNamed ?? []).length > 0);
    return {
      subject: RuleSubject.ROLES,
      expression: `variables.rules.all(r, ${forbidden.map((p) => `!(${grantsExpression(p)})`).join(' && ')})`,
      fieldPaths: [...ruleFields, ...(named ? ['rules[*].resourceNames'] : [])],
    };
  }
  if (checkId === 'rbac-no-cluster-admin-binding') {
    return {
      subject: RuleSubject.BINDINGS,
      expression: "!(has(variables.roleRef.kind) && variables.roleRef.kind == 'ClusterRole' && has(variables.roleRef.name) && variables.roleRef.name == 'cluster-admin')",
      fieldPaths: ['roleRef.kind', 'roleRef.name'],
    };
  }
  const subjectTest = SUBJECT_TESTS[checkId];
  if (subjectTest) {
    return { subject: RuleSubject.BINDINGS, expression: `variables.subjects.all(s, !(${subjectTest}))`, fieldPaths: ['subjects[*].kind', 'subjects[*].name'] };
  }
  return undefined;
}

/** The admission rules of the RBAC role and binding checks, in registry order. */
export function rbacRules(): PolicyRule[] {
  return [...RBAC_ROLE_CHECKS, ...RBAC_BINDING_CHECKS].map((check) => {
    const cel = rbacExpression(check.id);
    if (!cel) throw new Error(`no CEL translation for RBAC check ${check.id}; add it to src/policy/cel/rbac.ts`);
    return ruleOf(check, cel.subject, cel.expression, cel.fieldPaths);
  });
}

/** Severity re-exported for rule builders. */
export { Severity };
