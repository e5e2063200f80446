import * as path from 'path';
import { runCli, tmpDir } from '../helpers';

/** A chart's ClusterRole nobody can annotate, and an annotated Role. */
const MANIFESTS = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: prometheus-k8s
  labels: { app.kubernetes.io/part-of: kube-prometheus }
rules:
- apiGroups: [""]
  resources: [secrets]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: team-a
  annotations:
    cdk8s-hardened.io/suppressions: '[{"id":"rbac-no-secret-read","reason":"reads its own TLS secret, SEC-9","expires":"2099-12-31"},{"id":"rbac-no-wildcards","reason":"legacy role until migration, SEC-10"}]'
rules:
- apiGroups: [""]
  resources: [secrets]
  verbs: [get]
`;

const EXCEPTIONS = `exceptions:
  - id: rbac-no-secret-read
    kind: ClusterRole
    name: "prometheus-*"
    labels: { app.kubernetes.io/part-of: kube-prometheus }
    reason: scrapes with credentials from secrets, RISK-142
    expires: "2099-12-31"
`;

describe('check --exceptions', () => {
  const dir = tmpDir({
    'm.yaml': MANIFESTS,
    'exceptions.yaml': EXCEPTIONS,
    'expired.yaml': EXCEPTIONS.replace('2099-12-31', '2020-01-31'),
    'malformed.yaml': EXCEPTIONS.replace('reason: scrapes with credentials from secrets, RISK-142', 'reason: later'),
    'broken.yaml': 'exceptions:\n  - id: [\n',
  });
  const m = path.join(dir, 'm.yaml');
  const check = (file: string, format = 'json') => runCli(['check', '--pack', 'rbac-least-privilege', '--format', format, '--exceptions', path.join(dir, file), m]);
  const secretFinding = (report: any) => report.findings.find((f: any) => f.checkId === 'rbac-no-secret-read' && f.object.name === 'prometheus-k8s');

  test('fails without the file: the chart role reads secrets, exit 1', () => {
    const r = runCli(['check', '--pack', 'rbac-least-privilege', '--format', 'json', m]);
    expect(secretFinding(JSON.parse(r.out)).suppressedReason).toBeUndefined();
    expect(r.code).toBe(1);
  });

  test('suppresses what an entry selects, with its reason and place, exit 0', () => {
    const r = check('exceptions.yaml');
    expect(secretFinding(JSON.parse(r.out)).suppressedReason)
      .toBe(`scrapes with credentials from secrets, RISK-142 (exceptions file ${path.join(dir, 'exceptions.yaml')}, entry 0)`);
    expect(r.code).toBe(0);
  });

  test('fails on an expired entry: it suppresses nothing and is itself a finding, exit 1', () => {
    const r = check('expired.yaml');
    const report = JSON.parse(r.out);
    expect(secretFinding(report).suppressedReason).toBeUndefined();
    const expired = report.findings.find((f: any) => f.checkId === 'suppression-expired');
    expect(expired.object).toMatchObject({ kind: 'ExceptionsFile', name: `${path.join(dir, 'expired.yaml')}#0`, line: 2 });
    expect(expired.detail).toBe('exception of "rbac-no-secret-read" (entry 0) expired on 2020-01-31 (reason: scrapes with credentials from secrets, RISK-142)');
    expect(r.code).toBe(1);
  });

  test('fails on a malformed entry: suppression-invalid names the entry, exit 1', () => {
    const r = check('malformed.yaml', 'text');
    expect(r.out).toContain("entry 0: reason 'later' is shorter than 10 characters; say why the exception is acceptable (a ticket or risk acceptance)");
    expect(r.code).toBe(1);
  });

  test('fails on a file that is not YAML, exit 2', () => {
    const r = check('broken.yaml');
    expect(r.err).toMatch(new RegExp(`^cdk8s-hardened: ${path.join(dir, 'broken.yaml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: `));
    expect(r.code).toBe(2);
  });

  test('fails on a missing file, exit 2', () => {
    const r = check('absent.yaml');
    expect(r.err).toBe(`cdk8s-hardened: cannot read exceptions file '${path.join(dir, 'absent.yaml')}': ENOENT\n`);
    expect(r.code).toBe(2);
  });
});

describe('exceptions lists annotation suppressions, file entries and admission exceptions together', () => {
  const dir = tmpDir({
    'm.yaml': MANIFESTS + `---
apiVersion: kyverno.io/v2
kind: PolicyException
metadata:
  name: legacy
  namespace: kyverno
  annotations: { cdk8s-hardened.io/expires: '2099-06-30', cdk8s-hardened.io/exception: legacy }
spec: {}
`,
    'exceptions.yaml': EXCEPTIONS + `  - id: rbac-no-wildcards
    kind: Role
    reason: short
`,
  });

  test('with their expiries, in JSON', () => {
    const r = runCli(['exceptions', '--format', 'json', '--exceptions', path.join(dir, 'exceptions.yaml'), path.join(dir, 'm.yaml')]);
    const entries = JSON.parse(r.out);
    expect(entries.map((e: any) => [e.source, e.kind, e.name, e.id, e.expires, e.status])).toEqual([
      ['exceptions-file', 'Role', '*', 'rbac-no-wildcards', undefined, 'invalid'],
      ['annotation', 'Role', 'reader', 'rbac-no-wildcards', undefined, 'no-expiry'],
      ['admission', 'PolicyException', 'legacy', 'legacy', '2099-06-30', 'ok'],
      ['annotation', 'Role', 'reader', 'rbac-no-secret-read', '2099-12-31', 'ok'],
      ['exceptions-file', 'ClusterRole', 'prometheus-*', 'rbac-no-secret-read', '2099-12-31', 'ok'],
    ]);
    expect(entries[0].problem).toBe("reason 'short' is shorter than 10 characters; say why the exception is acceptable (a ticket or risk acceptance)");
    expect(r.code).toBe(1);
  });

  test('as text, one line each, the file entry with its line', () => {
    const r = runCli(['exceptions', '--exceptions', path.join(dir, 'exceptions.yaml'), path.join(dir, 'm.yaml')]);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[1]).toMatch(/^NO EXPIRY no expires date {2}suppression on Role team-a\/reader {2}\(.*m\.yaml#1\) {2}id rbac-no-wildcards; reason: legacy role until migration, SEC-10$/);
    expect(lines[4]).toMatch(/^ok {8}expires 2099-12-31 \(in \d+ days\) {2}exceptions file entry for ClusterRole prometheus-\* labels app\.kubernetes\.io\/part-of=kube-prometheus {2}\(.*exceptions\.yaml:2#0\) {2}id rbac-no-secret-read; reason: scrapes with credentials from secrets, RISK-142$/);
    expect(lines[5]).toBe('5 exceptions: 0 expired, 0 expiring within 30 days, 1 without an expiry, 3 ok, 1 invalid');
  });

  test('an exceptions file alone needs no manifests', () => {
    const r = runCli(['exceptions', '--format', 'json', '--exceptions', path.join(dir, 'exceptions.yaml')]);
    expect(JSON.parse(r.out)).toHaveLength(2);
  });
});
