import { MANAGED_REASON, managedReason } from '../../../src/compliance/rbac/managed';

const LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const crb = (name: string, role: string, subjects: any[], labels: any = LABELS) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name, labels },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects,
});
const group = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name });
const sa = (name: string, namespace = 'kube-system') => ({ kind: 'ServiceAccount', name, namespace });
const cr = (name: string, labels: any = LABELS) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, labels }, rules: [] });
const rb = (namespace: string, name: string, role: string, subjects: any[]) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name, namespace, labels: LABELS },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role },
  subjects,
});

describe('managedReason', () => {
  test.each([
    ['cluster-admin bound to system:masters', crb('cluster-admin', 'cluster-admin', [group('system:masters')])],
    ['system:public-info-viewer', crb('system:public-info-viewer', 'system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')])],
    ['system:node with no subjects', crb('system:node', 'system:node', [])],
    ['a controller binding', crb('system:controller:deployment-controller', 'system:controller:deployment-controller', [sa('deployment-controller')])],
    ['a bootstrap ClusterRole', cr('system:node')],
    ['a controller ClusterRole', cr('system:controller:namespace-controller')],
    ['the built-in edit role', cr('edit')],
    ['a kube-system bootstrap Role', { kind: 'Role', metadata: { name: 'extension-apiserver-authentication-reader', namespace: 'kube-system', labels: LABELS } }],
    ['a kube-system bootstrap RoleBinding', rb('kube-system', 'system::leader-locking-kube-scheduler', 'system::leader-locking-kube-scheduler', [{ kind: 'User', name: 'system:kube-scheduler' }, sa('kube-scheduler')])],
  ])('recognizes %s', (_, object) => {
    expect(managedReason(object)).toMatch(new RegExp(`^${MANAGED_REASON} \\(bootstrap (Cluster)?Role(Binding)? "`));
  });

  test('names the object in the reason', () => {
    expect(managedReason(crb('cluster-admin', 'cluster-admin', [group('system:masters')])))
      .toBe('managed by Kubernetes, recreated by the API server (bootstrap ClusterRoleBinding "cluster-admin")');
  });

  test.each([
    ['a bootstrap name without the label', crb('cluster-admin', 'cluster-admin', [group('system:masters')], {})],
    ['the label on a name outside the bootstrap policy', cr('my-operator')],
    ['the label with another value', cr('system:node', { 'kubernetes.io/bootstrapping': 'other' })],
    ['cluster-admin bound to an added subject', crb('cluster-admin', 'cluster-admin', [group('system:masters'), group('developers')])],
    ['a bootstrap binding name pointing at another role', crb('system:discovery', 'cluster-admin', [group('system:authenticated')])],
    ['a controller binding to another ServiceAccount', crb('system:controller:job-controller', 'system:controller:job-controller', [sa('job-controller', 'default')])],
    ['an unknown controller name', cr('system:controller:my-controller')],
    ['a bootstrap Role name in another namespace', { kind: 'Role', metadata: { name: 'extension-apiserver-authentication-reader', namespace: 'team-a', labels: LABELS } }],
    ['a bootstrap RoleBinding with an added subject', rb('kube-system', 'system:controller:token-cleaner', 'system:controller:token-cleaner', [sa('token-cleaner'), sa('attacker')])],
    ['a Deployment', { kind: 'Deployment', metadata: { name: 'system:node', labels: LABELS } }],
    ['a name like an inherited property', crb('constructor', 'constructor', [])],
    ['garbage', 'not an object'],
  ])('fails to recognize %s', (_, object) => {
    expect(managedReason(object)).toBeUndefined();
  });
});
