import { authorize, clusterRoleRules, whoCan } from '../../../src/compliance/rbac/authorizer';
import {
  BOOTSTRAP_ROLES_BY_VERSION, BOOTSTRAP_VERSIONS, bootstrapClusterRoles, bootstrapVersionFor, LATEST_BOOTSTRAP_VERSION,
} from '../../../src/compliance/rbac/bootstrap-policy';
import { subjectPermissions } from '../../../src/compliance/rbac/subjects';

const rbac = 'rbac.authorization.k8s.io/v1';
const binding = (name: string, namespace: string, role: string, user: string): any => ({
  apiVersion: rbac,
  kind: 'RoleBinding',
  metadata: { name, namespace },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
});
/** Bindings to the built-in roles only: the roles themselves are not in the input. */
const BINDINGS = [
  binding('jane-edits', 'team-a', 'edit', 'jane'),
  binding('amy-admins', 'team-a', 'admin', 'amy'),
  binding('vic-views', 'team-a', 'view', 'vic'),
];
/** The bootstrap roles of a version as `kubectl get clusterroles -o yaml` would print them before the controller ran. */
const dump = (version: string): any[] => BOOTSTRAP_ROLES_BY_VERSION[version].map((r) => ({
  apiVersion: rbac,
  kind: 'ClusterRole',
  metadata: { name: r.name, labels: { ...r.labels } },
  ...(r.aggregateFrom ? { aggregationRule: { clusterRoleSelectors: r.aggregateFrom.map((m) => ({ matchLabels: { ...m } })) } } : {}),
  rules: r.aggregateFrom ? null : r.rules,
}));

const can = (objects: any[], user: string, verb: string, resource: string, options: { apiGroup?: string; version?: string } = {}) =>
  authorize(objects, { user, verb, resource, apiGroup: options.apiGroup, namespace: 'team-a' }, { kubernetesVersion: options.version }).allowed;

describe.each(BOOTSTRAP_VERSIONS.map((v) => [v]))('Kubernetes %s built-in roles (kubectl auth can-i answers)', (version) => {
  describe.each([['absent from the input', BINDINGS], ['present as a bootstrap dump', [...dump(version), ...BINDINGS]]])('roles %s', (_, objects) => {
    test.each([
      // [user, verb, resource, apiGroup, expected]
      ['jane', 'list', 'pods', '', true],
      ['jane', 'get', 'pods', '', true],
      ['jane', 'get', 'pods/log', '', true],
      ['jane', 'create', 'pods/exec', '', true],
      ['jane', 'get', 'secrets', '', true],
      ['jane', 'create', 'deployments', 'apps', true],
      ['jane', 'impersonate', 'serviceaccounts', '', true],
      ['jane', 'get', 'rolebindings', 'rbac.authorization.k8s.io', false],
      ['jane', 'create', 'roles', 'rbac.authorization.k8s.io', false],
      ['jane', 'create', 'localsubjectaccessreviews', 'authorization.k8s.io', false],
      ['jane', 'update', 'resourcequotas', '', false],
      ['amy', 'get', 'secrets', '', true],
      ['amy', 'create', 'deployments', 'apps', true],
      ['amy', 'create', 'rolebindings', 'rbac.authorization.k8s.io', true],
      ['amy', 'delete', 'namespaces', '', false],
      ['amy', 'escalate', 'roles', 'rbac.authorization.k8s.io', false],
      ['vic', 'list', 'pods', '', true],
      ['vic', 'get', 'deployments', 'apps', true],
      ['vic', 'get', 'secrets', '', false],
      ['vic', 'create', 'pods/exec', '', false],
      ['vic', 'update', 'configmaps', '', false],
    ])('%s %s %s (group %j): %s', (user, verb, resource, apiGroup, expected) => {
      expect(can(objects as any[], user as string, verb as string, resource as string, { apiGroup: apiGroup as string, version })).toBe(expected);
    });
  });
});

describe('built-in roles per version', () => {
  test('1.35 edit grants resourceclaims and events.k8s.io events; 1.28 edit does not', () => {
    expect(can(BINDINGS, 'jane', 'create', 'resourceclaims', { apiGroup: 'resource.k8s.io', version: '1.35' })).toBe(true);
    expect(can(BINDINGS, 'jane', 'create', 'resourceclaims', { apiGroup: 'resource.k8s.io', version: '1.28' })).toBe(false);
    expect(can(BINDINGS, 'jane', 'create', 'events', { apiGroup: 'events.k8s.io', version: '1.35' })).toBe(true);
    expect(can(BINDINGS, 'jane', 'create', 'events', { apiGroup: 'events.k8s.io', version: '1.28' })).toBe(false);
  });

  test('defaults to the latest stored version', () => {
    expect(LATEST_BOOTSTRAP_VERSION).toBe('1.35');
    expect(can(BINDINGS, 'jane', 'create', 'resourceclaims', { apiGroup: 'resource.k8s.io' })).toBe(true);
  });

  test('maps a release to the newest stored version not newer than it', () => {
    expect(bootstrapVersionFor('latest')).toBe('1.35');
    expect(bootstrapVersionFor(undefined)).toBe('1.35');
    expect(bootstrapVersionFor('v1.28')).toBe('1.28');
    expect(bootstrapVersionFor('1.31.4')).toBe('1.28');
    expect(bootstrapVersionFor('v1.34')).toBe('1.28');
    expect(bootstrapVersionFor('v1.35')).toBe('1.35');
    expect(bootstrapVersionFor('v1.36')).toBe('1.35');
  });

  test('fails to map a malformed version or one older than every stored version', () => {
    expect(bootstrapVersionFor('v1.27')).toBeUndefined();
    expect(bootstrapVersionFor('2.0')).toBeUndefined();
    expect(bootstrapVersionFor('v1.x')).toBeUndefined();
    expect(bootstrapClusterRoles('v1.20')).toEqual([]);
  });

  test('every stored version holds the same seven roles, labelled as the bootstrap policy labels them', () => {
    for (const v of BOOTSTRAP_VERSIONS) {
      expect(bootstrapClusterRoles(v).map((r) => r.name).sort()).toEqual([
        'admin', 'cluster-admin', 'edit', 'system:aggregate-to-admin', 'system:aggregate-to-edit', 'system:aggregate-to-view', 'view',
      ]);
      for (const r of bootstrapClusterRoles(v)) expect(r.labels['kubernetes.io/bootstrapping']).toBe('rbac-defaults');
    }
  });

  test('marks a rule from a role absent from the input as built-in', () => {
    const rules = clusterRoleRules(BINDINGS, 'view');
    expect(rules.length).toBeGreaterThan(5);
    expect(rules.every((r) => r.builtIn === true && r.role.name === 'system:aggregate-to-view')).toBe(true);
  });

  test('an input role of a built-in name replaces the built-in one', () => {
    const own = { apiVersion: rbac, kind: 'ClusterRole', metadata: { name: 'edit' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] };
    expect(can([own, ...BINDINGS], 'jane', 'list', 'pods')).toBe(false);
    expect(can([own, ...BINDINGS], 'jane', 'get', 'configmaps')).toBe(true);
  });
});

describe('aggregation to a fixpoint', () => {
  const crdView = {
    apiVersion: rbac,
    kind: 'ClusterRole',
    metadata: { name: 'widgets-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
    rules: [{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get', 'list'] }],
  };

  test('a role aggregated into view reaches edit and admin through them', () => {
    for (const user of ['vic', 'jane', 'amy']) {
      expect(can([crdView, ...BINDINGS], user, 'list', 'widgets', { apiGroup: 'example.com' })).toBe(true);
    }
    const grant = authorize([crdView, ...BINDINGS], { user: 'amy', verb: 'list', resource: 'widgets', apiGroup: 'example.com', namespace: 'team-a' }).grants[0];
    expect(grant.role).toEqual({ kind: 'ClusterRole', name: 'widgets-view' });
    expect(grant.roleRef).toEqual({ kind: 'ClusterRole', name: 'admin' });
  });

  test('terminates on an aggregation cycle, each role holding the union', () => {
    const role = (name: string, label: string, selects: string, verb: string): any => ({
      apiVersion: rbac,
      kind: 'ClusterRole',
      metadata: { name, labels: { [label]: 'true' } },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [selects]: 'true' } }] },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: [verb] }],
    });
    const objects = [role('a', 'x', 'y', 'get'), role('b', 'y', 'x', 'list')];
    expect(clusterRoleRules(objects, 'a').map((r) => r.rule.verbs[0]).sort()).toEqual(['get', 'list']);
    expect(clusterRoleRules(objects, 'b').map((r) => r.rule.verbs[0]).sort()).toEqual(['get', 'list']);
  });

  test('keeps the rules a live dump already filled into an aggregated role whose parts are absent', () => {
    const live = {
      apiVersion: rbac,
      kind: 'ClusterRole',
      metadata: { name: 'team-view' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-team-view': 'true' } }] },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
    };
    expect(clusterRoleRules([live], 'team-view').map((r) => r.rule.resources)).toEqual([['pods']]);
  });
});

describe('who-can and subjects over built-in roles', () => {
  test('who-can get secrets names the edit and admin users, not the view user', () => {
    const names = whoCan(BINDINGS, { verb: 'get', resource: 'secrets', namespace: 'team-a' }).map((s) => s.subject.name);
    expect(names).toEqual(['jane', 'amy']);
  });

  test('subjectPermissions lists what each subject can do, with notable capabilities and where', () => {
    const byName = new Map(subjectPermissions(BINDINGS).map((s) => [s.subject.name, s]));
    expect(byName.get('jane')!.capabilities.map((c) => c.id)).toEqual(['escalate', 'read-secrets', 'exec-pods', 'create-pods', 'create-tokens']);
    expect(byName.get('amy')!.capabilities.map((c) => c.id)).toEqual(['escalate', 'write-rbac', 'read-secrets', 'exec-pods', 'create-pods', 'create-tokens']);
    expect(byName.get('vic')!.capabilities).toEqual([]);
    expect(byName.get('jane')!.capabilities[1].namespaces).toEqual(['team-a']);
    expect(byName.get('vic')!.permissions.every((p) => p.namespace === 'team-a')).toBe(true);
  });

  test("a ServiceAccount inherits its groups' bindings, and a Group only its own", () => {
    const objects = [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'ci', namespace: 'build' } },
      {
        apiVersion: rbac,
        kind: 'ClusterRoleBinding',
        metadata: { name: 'all-sa-view' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:serviceaccounts' }],
      },
    ];
    const subjects = subjectPermissions(objects);
    expect(subjects.map((s) => `${s.subject.kind}:${s.subject.name}`)).toEqual(['Group:system:serviceaccounts', 'ServiceAccount:ci']);
    const ci = subjectPermissions(objects, { subject: { kind: 'ServiceAccount', name: 'ci', namespace: 'build' } });
    expect(ci).toHaveLength(1);
    expect(ci[0].permissions[0].grant.subject).toEqual({ kind: 'Group', name: 'system:serviceaccounts' });
    expect(ci[0].permissions[0].namespace).toBeUndefined();
  });

  test('a namespace filter keeps cluster-wide rules and that namespace only', () => {
    expect(subjectPermissions(BINDINGS, { namespace: 'other' }).every((s) => s.permissions.length === 0)).toBe(true);
  });
});
