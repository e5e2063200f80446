import { buildCases } from '../../conformance/cases';
import { Compliance } from '../../src/compliance/compliance';
import { PACKS } from '../../src/compliance/packs';

const EXPOSURE_CASE = /^(HardenedService|ExternalNameService|HardenedIngress) /;
const NOW = new Date('2026-01-01T00:00:00Z');

describe('exposure conformance cases', () => {
  const set = buildCases();
  const cases = set.cases.filter((c) => EXPOSURE_CASE.test(c.name));

  test('every exposure case builds, and they cover Service, ExternalName and Ingress output', () => {
    expect(set.broken.filter((b) => EXPOSURE_CASE.test(b))).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(8);
    const kinds = new Set(cases.flatMap((c) => c.objects.map((o: any) => `${o.kind} ${o.spec?.type ?? ''}`.trim())));
    for (const kind of ['Service ClusterIP', 'Service NodePort', 'Service LoadBalancer', 'Service ExternalName', 'Ingress']) expect(kinds).toContain(kind);
    const optedOut = cases.flatMap((c) => c.objects).filter((o: any) => o.kind === 'Service' && (o.spec.type !== 'ClusterIP' || o.spec.externalIPs));
    expect(optedOut).toHaveLength(4);
    for (const o of optedOut as any[]) expect(JSON.parse(o.metadata.annotations['cdk8s-hardened.io/suppressions'])[0].reason.length).toBeGreaterThanOrEqual(10);
  });

  test.each(PACKS.map((p) => [p.id]))('every exposure case is clean on pack %s', (pack) => {
    for (const c of cases) {
      for (const pssVersion of ['v1.28', 'latest']) {
        const report = Compliance.evaluate(c.objects as any[], { pack, pssVersion, now: NOW });
        // Opt-outs are recorded as suppressions with their reason: deliberate, never silent.
        const open = report.findings.filter((f) => f.suppressedReason === undefined);
        expect(open.map((f) => `${c.name} @${pssVersion}: ${f.checkId} ${f.detail}`)).toEqual([]);
      }
    }
  });
});
