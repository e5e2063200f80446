import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { Compliance } from '../../src/compliance/compliance';
import { PACKS } from '../../src/compliance/packs';
import { SecureNamespace } from '../../src/namespace/secure-namespace';
import { Attestor } from '../../src/supply-chain/attestor';
import { SignedImagePolicy } from '../../src/supply-chain/signed-image-policy';
import { HardenedDeployment, HardenedDeploymentProps } from '../../src/workloads/hardened-deployment';

const DIGEST = `sha256:${'a'.repeat(64)}`;

function goldenChart(deployment: Partial<HardenedDeploymentProps> = {}): Chart {
  const chart = new Chart(Testing.app(), 'golden');
  new SecureNamespace(chart, 'ns', { name: 'production', environment: 'production' });
  new HardenedDeployment(chart, 'api', { namespace: 'production', image: `registry.example.com/api:1.0@${DIGEST}`, port: 8080, ...deployment });
  new SignedImagePolicy(chart, 'signed', { imageReferences: ['registry.example.com/*'], attestors: [Attestor.githubActions({ repository: 'org/api' })] });
  return chart;
}

describe('the golden path', () => {
  test.each(PACKS.map((p) => p.id))('has zero findings on the %s pack at PSS v1.28 and latest', (pack) => {
    for (const pssVersion of ['v1.28', 'latest']) {
      const report = Compliance.check(goldenChart(), { pack, pssVersion });
      expect(report.findings).toEqual([]);
      expect(report.skipped).toEqual([]);
      expect(report.summary.errors).toBe(0);
    }
  });

  test('scores 100% on all four scorecard metrics', () => {
    const report = Compliance.check(goldenChart());
    expect(report.scorecard.map((m) => [m.id, m.percent, m.met])).toEqual([
      ['rbac-least-privilege', 100, true],
      ['pss-restricted-production', 100, true],
      ['network-policy-coverage', 100, true],
      ['image-signing', 100, true],
    ]);
    // Every metric measured something: 100% of nothing would prove nothing.
    for (const m of report.scorecard) expect(m.total).toBeGreaterThan(0);
  });

  test('any valid HardenedDeployment configuration passes pss-restricted and hardened', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
    const props = fc.record({
      image: fc.tuple(fc.constantFrom('registry.example.com', 'registry.example.com/team'), name, fc.option(fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,8}$/), { nil: undefined }))
        .map(([registry, repo, tag]) => `${registry}/${repo}${tag ? `:${tag}` : ''}@${DIGEST}`),
      port: fc.integer({ min: 1024, max: 65535 }),
      replicas: fc.integer({ min: 2, max: 6 }),
      env: fc.dictionary(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/), fc.string({ maxLength: 12 }), { maxKeys: 3 }),
      command: fc.option(fc.array(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
    });
    fc.assert(fc.property(props, (p) => {
      const chart = goldenChart(p);
      for (const pack of ['pss-restricted', 'hardened']) {
        const report = Compliance.check(chart, { pack });
        expect(report.findings.map((f) => `${f.checkId}: ${f.detail ?? f.reason}`)).toEqual([]);
      }
    }), { numRuns: 20 });
  });
});
