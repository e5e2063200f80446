import { App, Chart } from 'cdk8s';
import { Attestor, Compliance, HardenedDeployment, SecureNamespace, SignedImagePolicy } from '../src';

// The README's example, verbatim but for the import path: it must keep compiling and keep its promise.
test('the README example has zero findings on the hardened pack and 100% on the scorecard', () => {
  const app = new App();
  const chart = new Chart(app, 'shop');
  const ns = new SecureNamespace(chart, 'production', { name: 'production', environment: 'production' });
  new HardenedDeployment(chart, 'api', {
    namespace: ns.name,
    image: 'myregistry.io/shop/api:v1.0.0@sha256:4b8a3f0c7f1d1c6b8e2a9d3f5e7c9b1a3d5f7e9c1b3a5d7f9e1c3b5a7d9f1e3c',
    port: 8080,
  });
  new SignedImagePolicy(chart, 'signed', {
    imageReferences: ['myregistry.io/*'],
    attestors: [Attestor.githubActions({ repository: 'shop/platform', workflow: '.github/workflows/release.yml' })],
  });

  const report = Compliance.check(app, { pack: 'hardened' });
  expect(report.findings).toEqual([]);
  expect(report.scorecard.map((m) => [m.id, m.met])).toEqual([
    ['rbac-least-privilege', true],
    ['pss-restricted-production', true],
    ['network-policy-coverage', true],
    ['image-signing', true],
  ]);
});
