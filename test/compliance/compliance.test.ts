import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { CheckStatus } from '../../src/compliance/check';
import { Compliance } from '../../src/compliance/compliance';

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
