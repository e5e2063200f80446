import { buildCases } from '../../conformance/cases';
import { Compliance } from '../../src/compliance/compliance';
import { PACKS } from '../../src/compliance/packs';

const WORKLOAD_CASE = /^Hardened(StatefulSet|Job|CronJob|DaemonSet) |^HardenedDeployment autoscaled/;
const NOW = new Date('2026-01-01T00:00:00Z');

describe('workload conformance cases', () => {
  const set = buildCases();
  const cases = set.cases.filter((c) => WORKLOAD_CASE.test(c.name));

  test('every workload case builds, and they cover every new kind and the HPA', () => {
    expect(set.broken.filter((b) => WORKLOAD_CASE.test(b))).toEqual([]);
    const kinds = new Set(cases.flatMap((c) => c.objects.map((o: any) => o.kind)));
    for (const kind of ['StatefulSet', 'Job', 'CronJob', 'DaemonSet', 'HorizontalPodAutoscaler', 'Deployment']) expect(kinds).toContain(kind);
  });

  test.each(PACKS.map((p) => [p.id]))('every workload case is clean on pack %s at v1.28 and latest', (pack) => {
    const open = cases.flatMap((c) => ['v1.28', 'latest'].flatMap((pssVersion) => {
      const report = Compliance.evaluate(c.objects as any[], { pack, pssVersion, now: NOW });
      // Opt-outs are recorded as suppressions with their reason: deliberate, never silent.
      return report.findings.filter((f) => f.suppressedReason === undefined).map((f) => `${c.name} @${pssVersion}: ${f.checkId} ${f.detail}`);
    }));
    expect(open).toEqual([]);
  });
});
