import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Compliance } from '../../src';
import { evaluate } from '../../src/compliance/engine';
import { exceptionSelects, ExceptionsMatcher, parseExceptionsFile } from '../../src/compliance/exceptions-file';

const NOW = new Date('2026-03-01T12:00:00Z');
const FILE = `exceptions:
  - id: rbac-no-secret-read
    kind: ClusterRole
    name: "prometheus-*"
    reason: reads secrets for scrape credentials, RISK-142
    expires: "2026-06-30"
  - id: rbac-*
    namespace: monitoring
    labels: { app: grafana }
    reason: dashboards need broad reads, RISK-150
  - id: rbac-no-wildcards
    kind: ClusterRole
    reason: expired on purpose for the test
    expires: "2026-01-31"
  - id: "*"
    kind: Role
    reason: everything everywhere for ever
  - id: rbac-no-wildcards
    reason: no selector at all in this entry
  - id: rbac-no-wildcards
    kind: Role
    nmae: typo
    reason: a typo in a field name here
  - id: rbac-no-wildcards
    kind: Role
    reason: short
`;

describe('parseExceptionsFile', () => {
  const parsed = parseExceptionsFile(FILE, 'exceptions.yaml');

  test('reads every entry with its line, valid ones as rules', () => {
    expect(parsed.entries.map((e) => e.line)).toEqual([2, 7, 11, 15, 18, 20, 24]);
    expect(parsed.entries[0].rule).toEqual({
      id: 'rbac-no-secret-read', kind: 'ClusterRole', name: 'prometheus-*', reason: 'reads secrets for scrape credentials, RISK-142', expires: '2026-06-30',
    });
    expect(parsed.entries[1].rule?.labels).toEqual({ app: 'grafana' });
  });

  test.each([
    [3, "id '*' is not a check id (kebab-case, e.g. 'pss-restricted-run-as-user') or a prefix wildcard ending in '-*' (e.g. 'pss-restricted-*')"],
    [4, 'entry selects no object; give at least one of kind, namespace, name, labels'],
    [5, "unknown field 'nmae'; use id, kind, namespace, name, labels, reason, expires"],
    [6, "reason 'short' is shorter than 10 characters; say why the exception is acceptable (a ticket or risk acceptance)"],
  ])('fails entry %d: %s', (index, problem) => {
    expect(parsed.entries[index].problem).toBe(problem);
    expect(parsed.entries[index].rule).toBeUndefined();
  });

  test('fails a file that is not YAML, naming the place', () => {
    expect(() => parseExceptionsFile('exceptions: [\n', 'x.yaml')).toThrow(/^x\.yaml:2:1: /);
  });

  test('fails a file whose top level is not exceptions: [...]', () => {
    const message = "x.yaml: an exceptions file is a mapping with one key, 'exceptions', holding a list of {id, kind, namespace, name, labels, reason, expires}";
    expect(() => parseExceptionsFile('- id: a\n', 'x.yaml')).toThrow(message);
    expect(() => parseExceptionsFile('exceptions: {}\n', 'x.yaml')).toThrow(message);
    expect(() => parseExceptionsFile('exceptions: []\nother: 1\n', 'x.yaml')).toThrow(message);
  });
});

describe('matching', () => {
  const parsed = parseExceptionsFile(FILE, 'exceptions.yaml');
  const role = (kind: string, name: string, namespace?: string, labels?: any) => ({ kind, metadata: { name, namespace, labels } });

  test.each([
    [0, role('ClusterRole', 'prometheus-k8s'), true],
    [0, role('ClusterRole', 'grafana'), false],
    [0, role('Role', 'prometheus-k8s', 'monitoring'), false],
    [1, role('Role', 'x', 'monitoring', { app: 'grafana', tier: 'ui' }), true],
    [1, role('Role', 'x', 'monitoring', { app: 'loki' }), false],
    [1, role('Role', 'x', 'other', { app: 'grafana' }), false],
    [1, role('ClusterRole', 'x', undefined, { app: 'grafana' }), false],
  ])('entry %d selects %j: %s', (index, object, expected) => {
    expect(exceptionSelects(parsed.entries[index].rule!, object)).toBe(expected);
  });

  test('an active entry gives its reason and place; an expired one suppresses nothing', () => {
    const matcher = new ExceptionsMatcher(parsed, NOW);
    expect(matcher.reasonFor(role('ClusterRole', 'prometheus-k8s'), 'rbac-no-secret-read'))
      .toBe('reads secrets for scrape credentials, RISK-142 (exceptions file exceptions.yaml, entry 0)');
    expect(matcher.reasonFor(role('ClusterRole', 'prometheus-k8s'), 'rbac-no-wildcards')).toBeUndefined();
    expect(matcher.reasonFor(role('Role', 'x', 'monitoring', { app: 'grafana' }), 'rbac-no-pod-exec-attach')).toMatch(/^dashboards need broad reads/);
    expect(new ExceptionsMatcher(parsed, new Date('2026-07-01T00:00:00Z')).reasonFor(role('ClusterRole', 'prometheus-k8s'), 'rbac-no-secret-read')).toBeUndefined();
  });

  test('expired and malformed entries are findings on the file, with their line', () => {
    const findings = new ExceptionsMatcher(parsed, NOW).findings();
    expect(findings.map((f) => [f.checkId, f.status, f.object.name, f.object.line])).toEqual([
      ['suppression-expired', 'fail', 'exceptions.yaml#2', 11],
      ['suppression-invalid', 'error', 'exceptions.yaml#3', 15],
      ['suppression-invalid', 'error', 'exceptions.yaml#4', 18],
      ['suppression-invalid', 'error', 'exceptions.yaml#5', 20],
      ['suppression-invalid', 'error', 'exceptions.yaml#6', 24],
    ]);
    expect(findings[0].detail).toBe('exception of "rbac-no-wildcards" (entry 2) expired on 2026-01-31 (reason: expired on purpose for the test)');
  });
});

describe('evaluate with exceptions, managed objects and system namespaces', () => {
  const objects = [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'prometheus-k8s' },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'cluster-admin', labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' }],
    },
  ];
  const exceptions = parseExceptionsFile(FILE, 'exceptions.yaml');

  test('suppresses by the exceptions file and counts managed objects apart', () => {
    const report = evaluate(objects, { pack: 'rbac-least-privilege', now: NOW, exceptions });
    const secret = report.findings.find((f) => f.checkId === 'rbac-no-secret-read' && f.object.name === 'prometheus-k8s')!;
    expect(secret.suppressedReason).toBe('reads secrets for scrape credentials, RISK-142 (exceptions file exceptions.yaml, entry 0)');
    const managed = report.findings.filter((f) => f.object.name === 'cluster-admin');
    expect(managed.length).toBeGreaterThan(0);
    expect(managed.every((f) => f.suppressedReason?.startsWith('managed by Kubernetes'))).toBe(true);
    expect(report.summary.managed).toBe(managed.length);
    expect(report.findings.filter((f) => f.object.kind === 'ExceptionsFile')).toHaveLength(5);
    expect(report.summary.errors).toBeGreaterThanOrEqual(4);
  });

  test('includeManaged judges managed objects and leaves managed out of the summary', () => {
    const report = evaluate(objects, { pack: 'rbac-least-privilege', now: NOW, includeManaged: true });
    expect(report.summary.managed).toBeUndefined();
    expect(report.findings.filter((f) => f.object.name === 'cluster-admin').every((f) => f.suppressedReason === undefined)).toBe(true);
  });

  test('leaves managed objects out of the RBAC scorecard unless included', () => {
    const only = [objects[1], { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:node', labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] }];
    const metric = (includeManaged: boolean) => evaluate(only, { pack: 'rbac-least-privilege', now: NOW, includeManaged }).scorecard.find((m) => m.id === 'rbac-least-privilege')!;
    expect(metric(false).total).toBe(0);
    expect(metric(true).total).toBe(1);
  });

  test('systemNamespaces replaces the default list', () => {
    const ns = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-flannel' } }];
    const failing = (systemNamespaces?: string[]) => evaluate(ns, { now: NOW, systemNamespaces }).findings
      .filter((f) => f.checkId === 'namespace-pss-restricted').length;
    expect(failing()).toBe(1);
    expect(failing(['kube-flannel'])).toBe(0);
  });
});

describe('Compliance.evaluate (library front door)', () => {
  test('reads an exceptions file, judges managed objects on request and takes system namespaces', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'exceptions-')), 'exceptions.yaml');
    fs.writeFileSync(file, FILE);
    const objects = [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'prometheus-k8s' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'platform' } },
    ];
    const report = Compliance.evaluate(objects, { pack: 'hardened', now: NOW, exceptionsFile: file, includeManaged: true, systemNamespaces: ['platform'] });
    expect(report.findings.find((f) => f.checkId === 'rbac-no-secret-read')!.suppressedReason).toMatch(/^reads secrets for scrape credentials, RISK-142 \(exceptions file /);
    expect(report.findings.some((f) => f.object.name === 'platform' && f.checkId === 'namespace-pss-restricted')).toBe(false);
  });

  test('fails on an exceptions file that does not exist', () => {
    expect(() => Compliance.evaluate([], { exceptionsFile: '/nonexistent/exceptions.yaml' })).toThrow("cannot read exceptions file '/nonexistent/exceptions.yaml': ENOENT");
  });
});
