import { runCli, tmpDir } from '../helpers';

const DIGEST = '@sha256:' + 'a'.repeat(64);
const deployment = (name: string, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: shop }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
      - { name: app, image: "${image}" }
`;
const policy = (i: number, patterns: string[]) => `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: verify-${i} }
spec:
  rules:
  - name: verify
    match: { any: [{ resources: { kinds: [Pod] } }] }
    verifyImages:
    - imageReferences: ${JSON.stringify(patterns)}
      failureAction: Enforce
      attestors: [{ entries: [{ keyless: { subject: x, issuer: y } }] }]
`;

describe('check with many image verification policies', () => {
  // 1,000 policies for other registries, and the one that covers `registry.example.com/shop/api*` last.
  const policies = [...Array.from({ length: 1000 }, (_, i) => policy(i, [`registry-${i}.example.com/*`, `ghcr.io/org-${i}/*`])),
    policy(1000, ['registry.example.com/shop/api*'])];
  const dir = tmpDir({
    'policies.yaml': policies.join('---\n'),
    'apps.yaml': [deployment('api', `registry.example.com/shop/api:1.0${DIGEST}`), deployment('web', `registry.example.com/shop/web:1.0${DIGEST}`)].join('---\n'),
  });

  test('judges each image against the policy that covers it, wherever it sits among the others', () => {
    const r = runCli(['check', '--format', 'json', dir]);
    const failing = JSON.parse(r.out).findings.filter((f: any) => f.checkId === 'image-signature-verified').map((f: any) => [f.object.name, f.detail]);
    expect(failing).toEqual([['web', `image "registry.example.com/shop/web:1.0${DIGEST}" of container "app" is covered by no enforcing image verification policy`]]);
  });
});
