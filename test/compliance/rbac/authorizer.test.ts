import { authorize, effectiveGroups, listPermissions, whoCan } from '../../../src/compliance/rbac/authorizer';

/** The brief's RBAC example (section 1), as manifests. */
const BRIEF: any[] = [
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api-server', namespace: 'production' }, automountServiceAccountToken: false },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'api-server-role', namespace: 'production' },
    rules: [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'], resourceNames: ['api-config'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['api-secrets'] },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'api-server-binding', namespace: 'production' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'api-server-role' },
    subjects: [{ kind: 'ServiceAccount', name: 'api-server', namespace: 'production' }],
  },
];
const SA = 'system:serviceaccount:production:api-server';

describe('authorize (kubectl auth can-i semantics)', () => {
  test('the brief\'s api-server ServiceAccount can get configmap api-config in production', () => {
    const result = authorize(BRIEF, { user: SA, verb: 'get', resource: 'configmaps', namespace: 'production', name: 'api-config' });
    expect(result.allowed).toBe(true);
    expect(result.grants).toHaveLength(1);
    expect(result.grants[0]).toMatchObject({
      binding: { kind: 'RoleBinding', name: 'api-server-binding', namespace: 'production' },
      role: { kind: 'Role', name: 'api-server-role', namespace: 'production' },
      ruleIndex: 0,
      subject: { kind: 'ServiceAccount', name: 'api-server', namespace: 'production' },
    });
    expect(result.reason).toBe('RBAC: allowed by RoleBinding "api-server-binding/production" of Role "api-server-role" to ServiceAccount "api-server/production"');
  });

  test('the api-server ServiceAccount can get secret api-secrets but no other secret', () => {
    expect(authorize(BRIEF, { user: SA, verb: 'get', resource: 'secrets', namespace: 'production', name: 'api-secrets' }).allowed).toBe(true);
    expect(authorize(BRIEF, { user: SA, verb: 'get', resource: 'secrets', namespace: 'production', name: 'db' }).allowed).toBe(false);
  });

  test.each([
    ['list secrets', { verb: 'list', resource: 'secrets', namespace: 'production' }],
    ['get secrets without a name (resourceNames restrict it)', { verb: 'get', resource: 'secrets', namespace: 'production' }],
    ['list configmaps without a name', { verb: 'list', resource: 'configmaps', namespace: 'production' }],
    ['get configmap api-config in another namespace', { verb: 'get', resource: 'configmaps', namespace: 'staging', name: 'api-config' }],
    ['get configmap api-config cluster-wide', { verb: 'get', resource: 'configmaps', name: 'api-config' }],
    ['update configmap api-config', { verb: 'update', resource: 'configmaps', namespace: 'production', name: 'api-config' }],
    ['get configmaps in the apps group', { verb: 'get', resource: 'configmaps', apiGroup: 'apps', namespace: 'production', name: 'api-config' }],
    ['create pods/exec', { verb: 'create', resource: 'pods/exec', namespace: 'production' }],
  ])('the api-server ServiceAccount cannot %s', (_name, request) => {
    const result = authorize(BRIEF, { user: SA, ...request });
    expect(result.allowed).toBe(false);
    expect(result.grants).toEqual([]);
    expect(result.reason).toBe('');
  });

  test('another ServiceAccount of the namespace cannot read the configmap', () => {
    expect(authorize(BRIEF, { user: 'system:serviceaccount:production:default', verb: 'get', resource: 'configmaps', namespace: 'production', name: 'api-config' }).allowed).toBe(false);
  });

  test('a ServiceAccount subject without a namespace means the RoleBinding\'s namespace', () => {
    const objects = [BRIEF[1], { ...BRIEF[2], subjects: [{ kind: 'ServiceAccount', name: 'api-server' }] }];
    expect(authorize(objects, { user: SA, verb: 'get', resource: 'configmaps', namespace: 'production', name: 'api-config' }).allowed).toBe(true);
  });

  test('ServiceAccount users belong to system:serviceaccounts, system:serviceaccounts:NS and system:authenticated', () => {
    expect(effectiveGroups({ user: SA })).toEqual(['system:serviceaccounts', 'system:serviceaccounts:production', 'system:authenticated']);
    expect(effectiveGroups({ user: 'jane', groups: ['dev'] })).toEqual(['dev', 'system:authenticated']);
    expect(effectiveGroups({ user: 'system:anonymous' })).toEqual(['system:unauthenticated']);
  });

  test('a ClusterRoleBinding to a group grants in every namespace and cluster-wide', () => {
    const objects = [
      { kind: 'ClusterRole', metadata: { name: 'ns-reader' }, rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list'] }] },
      { kind: 'ClusterRoleBinding', metadata: { name: 'all-sa-read' }, roleRef: { kind: 'ClusterRole', name: 'ns-reader' }, subjects: [{ kind: 'Group', name: 'system:serviceaccounts:production' }] },
    ];
    expect(authorize(objects, { user: SA, verb: 'list', resource: 'namespaces' }).allowed).toBe(true);
    expect(authorize(objects, { user: SA, verb: 'list', resource: 'namespaces', namespace: 'x' }).allowed).toBe(true);
    expect(authorize(objects, { user: 'system:serviceaccount:staging:api', verb: 'list', resource: 'namespaces' }).allowed).toBe(false);
  });

  test('a RoleBinding to a ClusterRole grants only in the binding\'s namespace', () => {
    const objects = [
      { kind: 'ClusterRole', metadata: { name: 'pod-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
      { kind: 'RoleBinding', metadata: { name: 'b', namespace: 'team' }, roleRef: { kind: 'ClusterRole', name: 'pod-reader' }, subjects: [{ kind: 'User', name: 'jane' }] },
    ];
    expect(authorize(objects, { user: 'jane', verb: 'get', resource: 'pods', namespace: 'team' }).allowed).toBe(true);
    expect(authorize(objects, { user: 'jane', verb: 'get', resource: 'pods', namespace: 'other' }).allowed).toBe(false);
    expect(authorize(objects, { user: 'jane', verb: 'get', resource: 'pods' }).allowed).toBe(false);
  });

  test('wildcards and */subresource match as the RBAC authorizer does', () => {
    const objects = [
      { kind: 'ClusterRole', metadata: { name: 'r' }, rules: [{ apiGroups: ['*'], resources: ['*/status'], verbs: ['*'] }] },
      { kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef: { kind: 'ClusterRole', name: 'r' }, subjects: [{ kind: 'User', name: 'jane' }] },
    ];
    expect(authorize(objects, { user: 'jane', verb: 'patch', resource: 'deployments', subresource: 'status', apiGroup: 'apps', namespace: 'x' }).allowed).toBe(true);
    expect(authorize(objects, { user: 'jane', verb: 'patch', resource: 'deployments', apiGroup: 'apps', namespace: 'x' }).allowed).toBe(false);
  });

  test('the built-in cluster-admin role grants everything even when it is not in the set', () => {
    const objects = [{ kind: 'ClusterRoleBinding', metadata: { name: 'admins' }, roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'Group', name: 'ops' }] }];
    const result = authorize(objects, { user: 'ann', groups: ['ops'], verb: 'delete', resource: 'nodes' });
    expect(result.allowed).toBe(true);
    expect(result.grants[0].builtIn).toBe(true);
    expect(authorize(objects, { user: 'ann', groups: ['ops'], verb: 'get', nonResourceURL: '/metrics' }).allowed).toBe(true);
  });

  test('an aggregated ClusterRole carries the rules of the ClusterRoles its selector matches', () => {
    const objects = [
      { kind: 'ClusterRole', metadata: { name: 'monitoring' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }] }, rules: [] },
      { kind: 'ClusterRole', metadata: { name: 'monitoring-endpoints', labels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }, rules: [{ apiGroups: [''], resources: ['endpoints'], verbs: ['get'] }] },
      { kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef: { kind: 'ClusterRole', name: 'monitoring' }, subjects: [{ kind: 'User', name: 'jane' }] },
    ];
    const result = authorize(objects, { user: 'jane', verb: 'get', resource: 'endpoints', namespace: 'x' });
    expect(result.allowed).toBe(true);
    expect(result.grants[0].role).toEqual({ kind: 'ClusterRole', name: 'monitoring-endpoints' });
    expect(result.grants[0].roleRef).toEqual({ kind: 'ClusterRole', name: 'monitoring' });
  });

  test('non-resource URLs are granted only through ClusterRoleBindings, with trailing * as a prefix', () => {
    const objects = [
      { kind: 'ClusterRole', metadata: { name: 'health' }, rules: [{ nonResourceURLs: ['/healthz', '/api/*'], verbs: ['get'] }] },
      { kind: 'ClusterRoleBinding', metadata: { name: 'c' }, roleRef: { kind: 'ClusterRole', name: 'health' }, subjects: [{ kind: 'User', name: 'jane' }] },
      { kind: 'RoleBinding', metadata: { name: 'r', namespace: 'x' }, roleRef: { kind: 'ClusterRole', name: 'health' }, subjects: [{ kind: 'User', name: 'bob' }] },
    ];
    expect(authorize(objects, { user: 'jane', verb: 'get', nonResourceURL: '/api/v1' }).allowed).toBe(true);
    expect(authorize(objects, { user: 'jane', verb: 'get', nonResourceURL: '/metrics' }).allowed).toBe(false);
    expect(authorize(objects, { user: 'bob', verb: 'get', nonResourceURL: '/healthz', namespace: 'x' }).allowed).toBe(false);
  });

  test('never throws on malformed RBAC objects', () => {
    const objects: any[] = [
      { kind: 'RoleBinding' }, { kind: 'RoleBinding', roleRef: 'x', subjects: 'y' },
      { kind: 'ClusterRoleBinding', roleRef: { kind: 'ClusterRole', name: 'r' }, subjects: [null, 1, { kind: 'User' }, { kind: 'User', name: 'jane' }] },
      { kind: 'ClusterRole', metadata: { name: 'r' }, rules: [null, { verbs: 'get' }, { verbs: ['get', 3], apiGroups: [''], resources: ['pods'] }] },
      null, 'text',
    ];
    expect(authorize(objects, { user: 'jane', verb: 'get', resource: 'pods', namespace: 'a' }).allowed).toBe(true);
    expect(() => listPermissions(objects, { user: 'x' })).not.toThrow();
    expect(() => whoCan(objects, { verb: 'get', resource: 'pods' })).not.toThrow();
  });
});

describe('listPermissions (kubectl auth can-i --list)', () => {
  test('lists the rules the api-server ServiceAccount holds in production with their origin', () => {
    const permissions = listPermissions(BRIEF, { user: SA }, 'production');
    expect(permissions.map((p) => [p.resources, p.resourceNames, p.verbs])).toEqual([
      [['configmaps'], ['api-config'], ['get', 'list', 'watch']],
      [['secrets'], ['api-secrets'], ['get']],
    ]);
    expect(permissions[1].grant.ruleIndex).toBe(1);
  });

  test('lists nothing in another namespace', () => {
    expect(listPermissions(BRIEF, { user: SA }, 'staging')).toEqual([]);
  });
});

describe('whoCan', () => {
  test('the api-server ServiceAccount is the only subject that can get secret api-secrets in production', () => {
    const subjects = whoCan(BRIEF, { verb: 'get', resource: 'secrets', namespace: 'production', name: 'api-secrets' });
    expect(subjects.map((s) => s.subject)).toEqual([{ kind: 'ServiceAccount', name: 'api-server', namespace: 'production' }]);
    expect(subjects[0].grants[0].ruleIndex).toBe(1);
  });

  test('nobody can list secrets in production', () => {
    expect(whoCan(BRIEF, { verb: 'list', resource: 'secrets', namespace: 'production' })).toEqual([]);
  });

  test('allNamespaces also counts RoleBindings of every namespace', () => {
    expect(whoCan(BRIEF, { verb: 'get', resource: 'configmaps', name: 'api-config' })).toEqual([]);
    expect(whoCan(BRIEF, { verb: 'get', resource: 'configmaps', name: 'api-config', allNamespaces: true })).toHaveLength(1);
  });
});
