import * as fc from 'fast-check';
import { EvaluationContext } from '../../src/compliance/context';
import { imageCoverage } from '../../src/compliance/image-policies';
import { imageVerificationCovers, imageVerificationPatterns } from '../../src/supply-chain/image-match';

const kyverno = (name: string, patterns: string[], options: { namespace?: string; skip?: string[]; action?: string } = {}): any => ({
  apiVersion: 'kyverno.io/v1',
  kind: options.namespace ? 'Policy' : 'ClusterPolicy',
  metadata: { name, ...(options.namespace ? { namespace: options.namespace } : {}) },
  spec: {
    rules: [{
      name: 'verify',
      verifyImages: [{
        imageReferences: patterns,
        ...(options.skip ? { skipImageReferences: options.skip } : {}),
        failureAction: options.action ?? 'Enforce',
        attestors: [{ entries: [{ keyless: { subject: 'x', issuer: 'y' } }] }],
      }],
    }],
  },
});
const sigstore = (name: string, globs: string[]): any => ({
  apiVersion: 'policy.sigstore.dev/v1beta1',
  kind: 'ClusterImagePolicy',
  metadata: { name },
  spec: { images: globs.map((glob) => ({ glob })), authorities: [{ keyless: { url: 'https://fulcio.sigstore.dev' } }] },
});
const namespaces = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'policy.sigstore.dev/include': 'true' } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } },
];
const coverageOf = (objects: any[]) => imageCoverage(new EvaluationContext(objects, { pssVersion: 'latest', now: new Date(0) }));

/** What the unindexed matcher answers: any enforcing policy acting in the namespace covers the image. */
function bruteForce(objects: any[], namespace: string, image: string): boolean {
  return objects.some((o) => {
    const info = imageVerificationPatterns(o);
    if (!info || !info.enforcing) return false;
    if (info.namespace !== undefined && info.namespace !== namespace) return false;
    if (info.namespaceOptInLabel && namespace !== 'shop') return false;
    return imageVerificationCovers(info, image, true);
  });
}

describe('imageCoverage', () => {
  const objects = [
    ...namespaces,
    kyverno('registry', ['registry.example.com/shop/*'], { skip: ['registry.example.com/shop/debug*'] }),
    kyverno('team', ['ghcr.io/team/*'], { namespace: 'other' }),
    kyverno('audit-only', ['quay.io/*'], { action: 'Audit' }),
    sigstore('hub', ['*']),
    sigstore('ecr', ['*.dkr.ecr.*.amazonaws.com/**']),
  ];
  const coverage = coverageOf(objects);

  test.each([
    ['shop', 'registry.example.com/shop/cart:1.0', true],
    ['shop', 'registry.example.com/shop/debug-tools:1.0', false],
    ['shop', 'ghcr.io/team/app:1', false],
    ['other', 'ghcr.io/team/app:1', true],
    ['shop', 'quay.io/x/y:1', false],
    ['shop', 'nginx:1.27', true],
    ['other', 'nginx:1.27', false],
    ['shop', '123.dkr.ecr.eu-west-1.amazonaws.com/a/b:1', true],
    ['shop', 'not a reference', false],
  ])('in %s, %s covered: %s', (namespace, image, expected) => {
    expect(coverage.covers(namespace, image)).toBe(expected);
    expect(bruteForce(objects, namespace, image)).toBe(expected);
  });

  test('knows whether any enforcing policy acts in a namespace', () => {
    expect(coverage.anyAppliesIn('other')).toBe(true);
    expect(coverageOf([kyverno('team', ['ghcr.io/*'], { namespace: 'other' })]).anyAppliesIn('shop')).toBe(false);
  });

  test('answers exactly as the unindexed matcher on random patterns and images', () => {
    const segment = fc.constantFrom('registry.example.com', 'ghcr.io', 'docker.io', 'index.docker.io', 'r1.io', 'r1.io:5000');
    const path = fc.constantFrom('shop/cart', 'shop/cart-v2', 'team/app', 'library/nginx', 'nginx', 'a/b/c');
    const tail = fc.constantFrom(':1.0', ':latest', '', '@sha256:' + 'a'.repeat(64));
    const image = fc.tuple(segment, path, tail).map(([r, p, t]) => `${r}/${p}${t}`);
    const kyvernoPattern = fc.tuple(segment, fc.constantFrom('*', 'shop/*', 'shop/cart*', 'team/?pp*', '*/*', 'nginx:*', '**')).map(([r, p]) => `${r}/${p}`);
    const glob = fc.tuple(fc.constantFrom('index.docker.io', 'ghcr.io', 'r1.io:5000', '*.io'), fc.constantFrom('*', '**', 'shop/*', 'library/*', '*/*')).map(([r, p]) => `${r}/${p}`);
    fc.assert(fc.property(
      fc.array(fc.tuple(kyvernoPattern, fc.boolean(), fc.boolean()), { maxLength: 6 }),
      fc.array(glob, { maxLength: 3 }),
      fc.array(image, { minLength: 1, maxLength: 6 }),
      (kPatterns, globs, images) => {
        const set = [
          ...namespaces,
          ...kPatterns.map(([p, namespaced, skip], i) => kyverno(`k${i}`, [p], { ...(namespaced ? { namespace: 'other' } : {}), ...(skip ? { skip: ['*debug*'] } : {}) })),
          ...(globs.length > 0 ? [sigstore('s', globs)] : []),
        ];
        const indexed = coverageOf(set);
        for (const namespace of ['shop', 'other']) {
          for (const i of images) expect(indexed.covers(namespace, i)).toBe(bruteForce(set, namespace, i));
        }
      },
    ), { numRuns: 200 });
  });
});
