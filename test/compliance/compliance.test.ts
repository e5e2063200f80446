import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { CheckStatus } from '../../src/compliance/check';
import { Compliance } from '../../src/compliance/compliance';
import { PodSecurityLevel } from '../../src/compliance/pss/level';

const NOW = new Date('2026-03-15T00:00:00Z');

function pod(scope: Construct, id: string, securityContext: any = {}) {
  return new ApiObject(scope, id, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: id, namespace: 'app' },
    spec: { containers: [{ name: 'app', image: 'nginx', securityContext }] },
  } as any);
}

describe('Compliance.check', () => {
  test('synthesizes a chart and maps each finding to its construct path', () => {
    const chart = new Chart(Testing.app(), 'test');
    const group = new Construct(chart, 'group');
    pod(group, 'web', { privileged: true });
    const report = Compliance.check(chart, { pack: 'pss-baseline', now: NOW });
    const privileged = report.findings.find((f) => f.checkId === 'pss-baseline-privileged')!;
    expect(privileged.object).toEqual({ apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'app', constructPath: 'test/group/web' });
    expect(privileged.reason).toBe('privileged');
  });

  test('judges the rendered manifest after JSON patches', () => {
    const chart = new Chart(Testing.app(), 'test');
    const p = pod(chart, 'web');
    expect(Compliance.check(chart, { pack: 'pss-baseline', now: NOW }).findings.filter((f) => f.checkId.startsWith('pss-'))).toEqual([]);
    p.addJsonPatch(JsonPatch.add('/spec/hostNetwork', true));
    const findings = Compliance.check(chart, { pack: 'pss-baseline', now: NOW }).findings.filter((f) => f.checkId.startsWith('pss-'));
    expect(findings.map((f) => f.checkId)).toEqual(['pss-baseline-host-namespaces']);
  });

  test('synthesizes every chart of an app, and nested charts of a chart', () => {
    const app = Testing.app();
    const one = new Chart(app, 'one');
    const two = new Chart(app, 'two');
    const nested = new Chart(one, 'nested');
    pod(one, 'a', { privileged: true });
    pod(two, 'b', { privileged: true });
    pod(nested, 'c', { privileged: true });
    const paths = (scope: Construct) => Compliance.check(scope, { pack: 'pss-baseline', now: NOW }).findings
      .filter((f) => f.checkId === 'pss-baseline-privileged').map((f) => f.object.constructPath).sort();
    expect(paths(app)).toEqual(['one/a', 'one/nested/c', 'two/b']);
    expect(paths(one)).toEqual(['one/a', 'one/nested/c']);
  });

  test('fails when the scope is neither an App nor a Chart', () => {
    const chart = new Chart(Testing.app(), 'test');
    const group = new Construct(chart, 'group');
    expect(() => Compliance.check(group)).toThrow(
      "Construct 'test/group': Compliance.check() needs an App or a Chart; pass the chart that contains this construct (Chart.of(construct))");
  });

  test('fails on an unknown pack', () => {
    expect(() => Compliance.check(new App(), { pack: 'pci' })).toThrow(/^unknown pack 'pci'; use one of 'pss-baseline'/);
  });
});

describe('Compliance.of(...).suppress', () => {
  test('suppresses a finding on every object of a construct, with the reason in the report', () => {
    const chart = new Chart(Testing.app(), 'test');
    const legacy = new Construct(chart, 'legacy');
    pod(legacy, 'root', { privileged: true });
    Compliance.of(legacy).suppress({ id: 'pss-baseline-privileged', reason: 'vendor agent needs the host, SEC-142', expires: '2026-06-30' });
    const report = Compliance.check(chart, { pack: 'pss-baseline', now: NOW });
    const f = report.findings.find((x) => x.checkId === 'pss-baseline-privileged')!;
    expect(f.suppressedReason).toBe('vendor agent needs the host, SEC-142');
    expect(f.status).toBe(CheckStatus.FAIL);
    expect(report.summary.suppressed).toBe(1);
  });

  test('fails once the suppression has expired', () => {
    const chart = new Chart(Testing.app(), 'test');
    const p = pod(chart, 'root', { privileged: true });
    Compliance.of(p).suppress({ id: 'pss-baseline-privileged', reason: 'vendor agent needs the host, SEC-142', expires: '2026-01-31' });
    const report = Compliance.check(chart, { pack: 'pss-baseline', now: NOW });
    expect(report.findings.filter((f) => f.checkId.startsWith('pss-') || f.checkId.startsWith('suppression-'))
      .map((f) => [f.checkId, f.suppressedReason, f.reason])).toEqual([
      ['pss-baseline-privileged', undefined, 'privileged'],
      ['suppression-expired', undefined, 'suppression expired on 2026-01-31'],
    ]);
  });

  test('fails at the call on a short reason', () => {
    const chart = new Chart(Testing.app(), 'test');
    const p = pod(chart, 'root');
    expect(() => Compliance.of(p).suppress({ id: 'pss-baseline-privileged', reason: 'needed' })).toThrow(
      "ApiObject 'test/root': suppression reason 'needed' is shorter than 10 characters; say why the exception is acceptable (a ticket or risk acceptance)");
  });
});

describe('Compliance.evaluate', () => {
  test('evaluates parsed manifests with their sources', () => {
    const report = Compliance.evaluate([
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { hostPID: true, containers: [{ name: 'a', image: 'a' }] } },
    ], { pack: 'pss-baseline', now: NOW, refs: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', file: 'pods.yaml', index: 0, line: 1 }] });
    const f = report.findings.find((x) => x.checkId === 'pss-baseline-host-namespaces')!;
    expect(f.object).toEqual({ apiVersion: 'v1', kind: 'Pod', name: 'p', file: 'pods.yaml', index: 0, line: 1 });
  });
});

describe('Compliance.loadManifests', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-manifests-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reads every document of a directory, sorted by path, with file, document index and line', () => {
    fs.mkdirSync(path.join(dir, 'nested'));
    fs.writeFileSync(path.join(dir, 'b.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n');
    fs.writeFileSync(path.join(dir, 'nested', 'a.yml'), '# pods\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\n---\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not yaml');
    const loaded = Compliance.loadManifests([dir]);
    const b = path.join(dir, 'b.yaml');
    const a = path.join(dir, 'nested', 'a.yml');
    expect(loaded.files).toEqual([b, a]);
    expect(loaded.objects.map((o) => o.kind)).toEqual(['Namespace', 'Pod']);
    expect(loaded.refs).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', name: 'shop', file: b, index: 0, line: 1 },
      { apiVersion: 'v1', kind: 'Pod', name: 'p', namespace: 'shop', file: a, index: 0, line: 3 },
    ]);
    expect(loaded.skipped).toEqual([{ object: { apiVersion: '', kind: '', name: '', file: a, index: 1, line: 8 }, reason: 'empty document' }]);
  });

  test('gives Compliance.evaluate the positions a finding reports', () => {
    const file = path.join(dir, 'pod.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true\n  containers:\n    - name: a\n      image: a\n');
    const loaded = Compliance.loadManifests([file]);
    const report = Compliance.evaluate(loaded.objects, { pack: 'pss-baseline', now: NOW, refs: loaded.refs });
    expect(report.findings.find((f) => f.checkId === 'pss-baseline-host-namespaces')!.object)
      .toEqual({ apiVersion: 'v1', kind: 'Pod', name: 'p', file, index: 0, line: 1 });
  });

  test('fails without a path', () => {
    expect(() => Compliance.loadManifests([])).toThrow(
      "Compliance.loadManifests() received no path; pass YAML files, directories or '-' for standard input");
  });

  test('fails on a missing path', () => {
    const missing = path.join(dir, 'missing.yaml');
    expect(() => Compliance.loadManifests([missing])).toThrow(
      `path '${missing}' does not exist; pass YAML files, directories or '-' for stdin`);
  });

  test('fails on malformed YAML with its file, line and column', () => {
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'kind: Pod\nmetadata: [\n');
    expect(() => Compliance.loadManifests([file])).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:1: `));
  });
});

describe('Compliance.packIds', () => {
  test('lists every pack, in the order the CLI lists them', () => {
    expect(Compliance.packIds()).toEqual(['pss-baseline', 'pss-restricted', 'rbac-least-privilege', 'cis-k8s', 'hardened']);
  });

  test('names only packs the engine accepts', () => {
    for (const pack of Compliance.packIds()) expect(Compliance.evaluate([], { pack }).pack).toBe(pack);
  });
});

describe('Compliance.podSecurity', () => {
  const deployment = (securityContext: any) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api' },
    spec: { template: { spec: { containers: [{ name: 'app', image: 'a', securityContext }] } } },
  });
  const restricted = {
    allowPrivilegeEscalation: false,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };

  test('allows a restricted pod template, with no message', () => {
    expect(Compliance.podSecurity(PodSecurityLevel.RESTRICTED, 'v1.28', deployment(restricted))).toEqual({ allowed: true, results: [] });
  });

  test('denies with the failed checks and Pod Security Admission\'s message', () => {
    const verdict = Compliance.podSecurity(PodSecurityLevel.RESTRICTED, 'v1.28', deployment({ ...restricted, allowPrivilegeEscalation: true }));
    expect(verdict).toEqual({
      allowed: false,
      results: [{
        checkId: 'allowPrivilegeEscalation',
        reason: 'allowPrivilegeEscalation != false',
        detail: 'container "app" must set securityContext.allowPrivilegeEscalation=false',
        location: '/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation',
      }],
      message: 'violates PodSecurity "restricted:v1.28": allowPrivilegeEscalation != false '
        + '(container "app" must set securityContext.allowPrivilegeEscalation=false)',
    });
  });

  test('judges at the level asked for', () => {
    expect(Compliance.podSecurity(PodSecurityLevel.BASELINE, 'latest', deployment({}))).toEqual({ allowed: true, results: [] });
  });

  test('returns nothing for an object without a pod', () => {
    expect(Compliance.podSecurity(PodSecurityLevel.RESTRICTED, 'v1.28', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } })).toBeUndefined();
  });

  test('fails on an invalid version', () => {
    expect(() => Compliance.podSecurity(PodSecurityLevel.RESTRICTED, '1.28', deployment(restricted))).toThrow(
      'invalid Pod Security Standards version "1.28": use "latest" or "v1.N", e.g. "v1.28"');
  });
});
