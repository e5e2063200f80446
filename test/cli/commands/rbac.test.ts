import * as path from 'path';
import { RBAC, runCli, tmpDir } from '../helpers';

describe('cdk8s-hardened can-i and who-can', () => {
  const dir = tmpDir({ 'rbac.yaml': RBAC });
  const file = path.join(dir, 'rbac.yaml');
  const sa = 'system:serviceaccount:team-a:api';

  test('answers yes with the binding and rule that grant it, exit 0', () => {
    const r = runCli(['can-i', 'list', 'pods', '--as', sa, '-n', 'team-a', file]);
    expect(r.out).toBe('yes\n'
      + '  RBAC: allowed by RoleBinding "api-reads-pods/team-a" of Role "pod-reader" to ServiceAccount "api/team-a"\n'
      + '  granted by RoleBinding "api-reads-pods" in "team-a" -> Role "pod-reader" in "team-a" rule #0 (verbs: get, list; apiGroups: ""; resources: pods)\n');
    expect(r.code).toBe(0);
  });

  test('answers no with exit 1', () => {
    const r = runCli(['can-i', 'delete', 'pods', '--as', sa, '-n', 'team-a', file]);
    expect(r.out).toBe('no\n');
    expect(r.code).toBe(1);
  });

  test("defaults a service account's namespace to its own", () => {
    expect(runCli(['can-i', 'get', 'pods', '--as', sa, file]).code).toBe(0);
    expect(runCli(['can-i', 'get', 'pods', '--as', sa, '-n', 'other', file]).code).toBe(1);
  });

  test('resolves built-in resource groups and honours resourceNames via --name', () => {
    expect(runCli(['can-i', 'get', 'deployments', '--as', sa, '--name', 'api', file]).code).toBe(0);
    expect(runCli(['can-i', 'get', 'deploy.apps', '--as', sa, '--name', 'api', file]).code).toBe(0);
    expect(runCli(['can-i', 'get', 'deployments', '--as', sa, '--name', 'web', file]).code).toBe(1);
    expect(runCli(['can-i', 'get', 'deployments', '--as', sa, file]).code).toBe(1);
  });

  test('counts groups given with --as-group, including the built-in cluster-admin', () => {
    const r = runCli(['can-i', 'delete', 'nodes', '--as', 'jane', '--as-group', 'platform-admins', file]);
    expect(r.out).toContain('granted by ClusterRoleBinding "admins" -> ClusterRole "cluster-admin" (built-in) rule #0');
    expect(r.code).toBe(0);
    expect(runCli(['can-i', 'delete', 'nodes', '--as', 'jane', file]).code).toBe(1);
  });

  test('-q answers with the exit code only; --format json prints the grants', () => {
    expect(runCli(['can-i', 'get', 'pods', '--as', sa, '-q', file])).toEqual({ code: 0, out: '', err: '' });
    const json = JSON.parse(runCli(['can-i', 'get', 'pods', '--as', sa, '--format', 'json', file]).out);
    expect(json.allowed).toBe(true);
    expect(json.namespace).toBe('team-a');
    expect(json.grants[0].binding).toEqual({ kind: 'RoleBinding', name: 'api-reads-pods', namespace: 'team-a' });
  });

  test('warns about a bare resource name it does not know', () => {
    const r = runCli(['can-i', 'get', 'widgets', '--as', sa, file]);
    expect(r.err).toBe("warning: resource 'widgets' is not a built-in resource; assuming the core API group (write 'widgets.<group>' for a custom resource)\n");
    expect(r.code).toBe(1);
  });

  test('--list prints every rule the user holds, like kubectl auth can-i --list', () => {
    const r = runCli(['can-i', '--list', '--as', sa, file]);
    expect(r.out.split('\n')[0]).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\s+Granted by$/);
    expect(r.out).toMatch(/\npods\s+\[\]\s+\[\]\s+\[get list\]\s+RoleBinding "api-reads-pods" -> Role "pod-reader" rule #0\n/);
    expect(r.out).toMatch(/\ndeployments\.apps\s+\[\]\s+\[api\]\s+\[get\]\s+RoleBinding "api-reads-pods" -> Role "pod-reader" rule #1\n/);
    expect(r.code).toBe(0);
  });

  test('who-can lists the subjects with their grants', () => {
    const r = runCli(['who-can', 'get', 'pods', '-n', 'team-a', file]);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^KIND\s+NAMESPACE\s+NAME\s+GRANTED BY$/);
    expect(lines[1]).toMatch(/^ServiceAccount\s+team-a\s+api\s+RoleBinding "api-reads-pods" in "team-a" -> Role "pod-reader"/);
    expect(lines[2]).toMatch(/^Group\s+platform-admins\s+ClusterRoleBinding "admins" -> ClusterRole "cluster-admin" \(built-in\)/);
    expect(lines.length).toBe(3);
    expect(r.code).toBe(0);
    const json = JSON.parse(runCli(['who-can', 'create', 'pods/exec', '-n', 'team-a', '--format', 'json', file]).out);
    expect(json.map((s: any) => s.subject)).toEqual([{ kind: 'Group', name: 'platform-admins' }]);
  });

  test('fails with exit 2 without --as or without verb and resource', () => {
    expect(runCli(['can-i', 'get', 'pods', file]).err).toBe("cdk8s-hardened: can-i needs --as <user> (a user name or 'system:serviceaccount:NAMESPACE:NAME')\n");
    expect(runCli(['can-i', 'get', '--as', sa]).err).toBe('cdk8s-hardened: can-i needs <verb> <resource> (e.g. `can-i get pods --as jane`), or --list\n');
    expect(runCli(['who-can', 'get']).code).toBe(2);
  });
});
