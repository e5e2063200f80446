import * as path from 'path';
import { runCli, tmpDir } from '../helpers';

/** Users bound to Kubernetes' built-in roles, which the file does not define. */
const BINDINGS = ['edit', 'admin', 'view'].map((role, i) => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${role}-binding
  namespace: team-a
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${role}
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: User
  name: ${['jane', 'amy', 'vic'][i]}
`).join('---\n') + `---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ci
  namespace: team-a
`;

describe('can-i, who-can and rbac subjects over the built-in roles', () => {
  const dir = tmpDir({ 'bindings.yaml': BINDINGS });
  const file = path.join(dir, 'bindings.yaml');
  const canI = (...args: string[]) => runCli(['can-i', ...args, '-n', 'team-a', file]);

  test.each([
    ['jane', 'list', 'pods', 0],
    ['jane', 'get', 'secrets', 0],
    ['jane', 'get', 'rolebindings', 1],
    ['amy', 'get', 'secrets', 0],
    ['amy', 'create', 'deployments', 0],
    ['amy', 'create', 'rolebindings', 0],
    ['vic', 'list', 'pods', 0],
    ['vic', 'get', 'secrets', 1],
  ])('can-i --as %s %s %s exits %d, as kubectl auth can-i answers', (user, verb, resource, code) => {
    expect(canI(verb, resource, '--as', user).code).toBe(code);
  });

  test('names the built-in role and the aggregated part that grant a request', () => {
    const r = canI('list', 'pods', '--as', 'jane');
    expect(r.out).toBe('yes\n'
      + '  RBAC: allowed by RoleBinding "edit-binding/team-a" of ClusterRole "edit" to User "jane"\n'
      + '  granted by RoleBinding "edit-binding" in "team-a" -> ClusterRole "system:aggregate-to-view" (built-in) (aggregated into ClusterRole "edit") rule #0 '
      + '(verbs: get, list, watch; apiGroups: ""; resources: configmaps, endpoints, persistentvolumeclaims, persistentvolumeclaims/status, pods, '
      + 'replicationcontrollers, replicationcontrollers/scale, serviceaccounts, services, services/status)\n');
  });

  test('--kubernetes-version picks the built-in roles of that release', () => {
    expect(canI('create', 'resourceclaims.resource.k8s.io', '--as', 'jane').code).toBe(0);
    expect(canI('create', 'resourceclaims.resource.k8s.io', '--as', 'jane', '--kubernetes-version', 'v1.28').code).toBe(1);
    expect(runCli(['who-can', 'create', 'resourceclaims.resource.k8s.io', '-n', 'team-a', '--kubernetes-version', 'v1.28', file]).out)
      .toBe('no subject can do this\n');
  });

  test('fails on a --kubernetes-version it has no roles for, exit 2', () => {
    const r = canI('get', 'pods', '--as', 'jane', '--kubernetes-version', 'v1.20');
    expect(r.err).toBe("cdk8s-hardened: invalid --kubernetes-version 'v1.20'; use 'v1.N' (1.28 or later) or 'latest'\n");
    expect(r.code).toBe(2);
  });

  test('who-can get secrets lists the edit and admin users, not the view user', () => {
    const r = runCli(['who-can', 'get', 'secrets', '-n', 'team-a', '--format', 'json', file]);
    expect(JSON.parse(r.out).map((s: any) => s.subject)).toEqual([{ kind: 'User', name: 'jane' }, { kind: 'User', name: 'amy' }]);
    expect(r.code).toBe(0);
  });

  test('rbac subjects shows what a subject can effectively do, capabilities first', () => {
    const r = runCli(['rbac', 'subjects', '--subject', 'User:vic', file]);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^User vic: \d+ rules$/);
    expect(lines[1]).toBe('  in team-a: get,list,watch configmaps endpoints persistentvolumeclaims persistentvolumeclaims/status pods replicationcontrollers '
      + 'replicationcontrollers/scale serviceaccounts services services/status  <- RoleBinding "view-binding" in "team-a" -> ClusterRole "system:aggregate-to-view" '
      + '(built-in) (aggregated into ClusterRole "view") rule #0 (verbs: get, list, watch; apiGroups: ""; resources: configmaps, endpoints, persistentvolumeclaims, '
      + 'persistentvolumeclaims/status, pods, replicationcontrollers, replicationcontrollers/scale, serviceaccounts, services, services/status)');
    expect(r.code).toBe(0);
    const jane = runCli(['rbac', 'subjects', '--subject', 'User:jane', file]).out;
    expect(jane).toContain('  ! read-secrets: read Secrets (in team-a)\n');
    expect(jane).toContain('  ! exec-pods: run commands in or attach to containers (in team-a)\n');
  });

  test('rbac subjects --format json lists every subject, ServiceAccounts without bindings included', () => {
    const r = runCli(['rbac', 'subjects', '--format', 'json', file]);
    const subjects = JSON.parse(r.out);
    expect(subjects.map((s: any) => `${s.subject.kind}:${s.subject.name}`)).toEqual(['User:jane', 'User:amy', 'User:vic', 'ServiceAccount:ci']);
    expect(subjects[3].permissions).toEqual([]);
    expect(subjects[1].capabilities.map((c: any) => c.id)).toContain('write-rbac');
    expect(subjects[0].permissions[0]).toMatchObject({ namespace: 'team-a', grant: { builtIn: true, roleRef: { kind: 'ClusterRole', name: 'edit' } } });
  });

  test('fails on a malformed --subject, exit 2', () => {
    const r = runCli(['rbac', 'subjects', '--subject', 'ServiceAccount:ci', file]);
    expect(r.err).toBe("cdk8s-hardened: invalid --subject 'ServiceAccount:ci'; a ServiceAccount is 'ServiceAccount:NAMESPACE/NAME'\n");
    expect(r.code).toBe(2);
  });
});
