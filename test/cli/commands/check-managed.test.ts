import * as fs from 'fs';
import * as path from 'path';
import { runCli, tmpDir } from '../helpers';

const BOOTSTRAP = fs.readFileSync(path.join(__dirname, '..', '..', 'compliance', 'rbac', 'fixtures', 'bootstrap.yaml'), 'utf8');

describe('check: objects managed by Kubernetes', () => {
  const dir = tmpDir({ 'dump.yaml': BOOTSTRAP });
  const file = path.join(dir, 'dump.yaml');
  const json = (...args: string[]) => JSON.parse(runCli(['check', '--pack', 'rbac-least-privilege', '--format', 'json', ...args, file]).out);

  test('reports findings on bootstrap RBAC as suppressed with the reason, counted apart, never dropped', () => {
    const report = json();
    const managed = report.findings.filter((f: any) => f.suppressedReason?.startsWith('managed by Kubernetes, recreated by the API server'));
    expect(managed.map((f: any) => f.object.name)).toEqual(expect.arrayContaining(['cluster-admin', 'system:controller:generic-garbage-collector']));
    expect(managed.find((f: any) => f.object.name === 'cluster-admin').suppressedReason)
      .toBe('managed by Kubernetes, recreated by the API server (bootstrap ClusterRoleBinding "cluster-admin")');
    expect(report.summary.managed).toBe(managed.length);
    expect(report.summary.suppressed).toBeGreaterThanOrEqual(managed.length);
  });

  test('judges a labelled object that is not part of the bootstrap policy, and a bootstrap binding with an added subject', () => {
    const active = json().findings.filter((f: any) => f.suppressedReason === undefined && f.status === 'fail').map((f: any) => f.object.name);
    expect(active).toContain('sneaky');
    expect(active).toContain('system:basic-user');
  });

  test('the text summary counts managed objects apart; exit 0 when only managed objects fail', () => {
    const dirOnly = tmpDir({ 'boot.yaml': BOOTSTRAP.split('---\n').slice(0, 2).join('---\n') });
    const r = runCli(['check', '--pack', 'rbac-least-privilege', path.join(dirOnly, 'boot.yaml')]);
    expect(r.out).toMatch(/\d+ suppressed \(\d+ on objects managed by Kubernetes\)/);
    expect(r.code).toBe(0);
  });

  test('--include-managed judges them like any other object, exit 1', () => {
    const report = json('--include-managed');
    expect(report.summary.managed).toBeUndefined();
    expect(report.findings.some((f: any) => f.object.name === 'cluster-admin' && f.suppressedReason === undefined)).toBe(true);
    expect(runCli(['check', '--pack', 'rbac-least-privilege', '--include-managed', file]).code).toBe(1);
  });
});

const NAMESPACES = ['kube-system', 'kube-flannel', 'platform'].map((n) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${n}
`).join('---\n');

describe('check: system namespaces are an explicit list', () => {
  const dir = tmpDir({ 'ns.yaml': NAMESPACES });
  const file = path.join(dir, 'ns.yaml');
  const judged = (...args: string[]) => {
    const report = JSON.parse(runCli(['check', '--format', 'json', ...args, file]).out);
    return [...new Set(report.findings.filter((f: any) => f.checkId === 'namespace-pss-restricted').map((f: any) => f.object.name))];
  };

  test('judges kube-flannel: a kube- prefix makes no namespace a system one', () => {
    expect(judged()).toEqual(['kube-flannel', 'platform']);
  });

  test('--system-namespaces replaces the list', () => {
    expect(judged('--system-namespaces', 'kube-system,platform')).toEqual(['kube-flannel']);
    expect(judged('--system-namespaces', '')).toEqual(['kube-system', 'kube-flannel', 'platform']);
  });

  test('fails on a --system-namespaces entry that is not a namespace name, exit 2', () => {
    const r = runCli(['check', '--system-namespaces', 'kube-system,Bad_Name', file]);
    expect(r.err).toBe("cdk8s-hardened: invalid --system-namespaces entry 'Bad_Name'; give namespace names separated by commas, e.g. 'kube-system,kube-public,kube-node-lease'\n");
    expect(r.code).toBe(2);
  });
});
