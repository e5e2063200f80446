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
  });

  test.each(PACKS.map((p) => [p.id]))('every exposure case is clean on pack %s', (pack) => {
    for (const c of cases) {
      for (const pssVersion of ['v1.28', 'latest']) {
        const report = Compliance.evaluate(c.objects as any[], { pack, pssVersion, now: NOW });
        expect(report.findings.map((f) => `${c.name} @${pssVersion}: ${f.checkId} ${f.detail}`)).toEqual([]);
      }
    }
  });
});
