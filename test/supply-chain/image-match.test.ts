import {
  imageVerificationCovers, imageVerificationPatterns, isValidSigstoreGlob, kyvernoImageInfo, kyvernoImageReferenceMatches,
  kyvernoWildcardMatch, sigstoreGlobMatches, sigstoreGlobToRegExp, sigstoreImageName,
} from '../../src/supply-chain/image-match';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('kyvernoWildcardMatch', () => {
  // Cases from Kyverno's pkg/utils/wildcard semantics: '*' spans '/', '?' is exactly one character.
  test.each([
    ['*', 's3:GetObject', true],
    ['', 's3:GetObject', false],
    ['', '', true],
    ['s3:*', 's3:ListMultipartUploadParts', true],
    ['s3:ListBucketMultipartUploads', 's3:ListBucket', false],
    ['my-bucket/oo*', 'my-bucket/oo', true],
    ['my-bucket/In*', 'my-bucket/India/Karnataka/', true],
    ['my-bucket/In*', 'my-bucket/Karnataka/India/', false],
    ['my-bucket/In*/Ka*/Ban', 'my-bucket/India/State1/State2/Karnataka/Area1/Area2/Area3/Ban', true],
    ['my-bucket/In*/Ka*/Ban', 'my-bucket/India/Karnataka/Bangalore', false],
    ['my-bucket?/abc*', 'mybucket/abc', false],
    ['my-bucket?/abc*', 'my-bucket1/abc', true],
    ['my??bucket/abc*', 'my4abucket/abc', true],
    ['my-bucket/abc?efg', 'my-bucket/abc/efg', true],
    ['my-bucket/abc????', 'my-bucket/abcde', false],
    ['my-bucket/abc?', 'my-bucket/abcde', false],
    ['my-bucket/mnop*?', 'my-bucket/mnop', false],
    ['my-bucket/mnop*?and', 'my-bucket/mnopqand', true],
    ['my-bucket/mnop*?and', 'my-bucket/mnopqanda', false],
    ['a*a*a*a*b', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', false],
    ['?', 'é', true],
  ])('pattern %j against %j is %s', (pattern, name, expected) => {
    expect(kyvernoWildcardMatch(pattern, name)).toBe(expected);
  });
});

describe('kyvernoImageInfo', () => {
  test.each([
    ['nginx', 'docker.io/nginx:latest'],
    ['nginx:v10.3', 'docker.io/nginx:v10.3'],
    ['test/nginx', 'docker.io/test/nginx:latest'],
    ['docker.io/test/nginx:v10.3', 'docker.io/test/nginx:v10.3'],
    ['docker.io/library/nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['localhost:4443/test/nginx', 'localhost:4443/test/nginx:latest'],
    ['localhost/netd:v0.4.4-gke.0', 'localhost/netd:v0.4.4-gke.0'],
    [`myregistry.io/app:v1.0.0@${DIGEST}`, `myregistry.io/app@${DIGEST}`],
    [`test/centos@${DIGEST}`, `docker.io/test/centos@${DIGEST}`],
  ])('normalizes %j to %j', (image, reference) => {
    expect(kyvernoImageInfo(image)?.reference).toBe(reference);
  });

  test.each([['++'], [''], ['UPPER'], ['docker.io/Nginx'], ['nginx:'], ['nginx@sha256:abc']])('rejects %j', (image) => {
    expect(kyvernoImageInfo(image)).toBeUndefined();
  });

  test('keeps tag and digest apart', () => {
    expect(kyvernoImageInfo(`ghcr.io/org/app:v1@${DIGEST}`)).toEqual({
      registry: 'ghcr.io', path: 'org/app', tag: 'v1', digest: DIGEST, reference: `ghcr.io/org/app@${DIGEST}`,
    });
  });
});

describe('kyvernoImageReferenceMatches', () => {
  test.each([
    // the brief's policy
    ['myregistry.io/app:v1.0.0', 'myregistry.io/*', true],
    [`myregistry.io/team/app:v1@${DIGEST}`, 'myregistry.io/*', true],
    ['otherregistry.io/app:v1', 'myregistry.io/*', false],
    ['myregistry.io.evil.com/app:v1', 'myregistry.io/*', false],
    // Docker Hub normalization: Kyverno prepends docker.io/ but no library/
    ['nginx:1.27', 'docker.io/*', true],
    ['nginx:1.27', 'docker.io/nginx:*', true],
    ['nginx:1.27', 'docker.io/library/nginx:*', false],
    ['docker.io/library/nginx:1.27', 'docker.io/library/nginx:*', true],
    ['nginx', 'docker.io/nginx:latest', true],
    ['nginx', 'nginx*', false],
    // a digest drops the tag from the matched string
    [`ghcr.io/org/app:v1@${DIGEST}`, 'ghcr.io/org/app:v1*', false],
    [`ghcr.io/org/app:v1@${DIGEST}`, 'ghcr.io/org/app@*', true],
    ['ghcr.io/org/app:v1', 'ghcr.io/org/app:v?', true],
    ['ghcr.io/org/app:v10', 'ghcr.io/org/app:v?', false],
    ['not a valid image', '*', false],
  ])('%j matches %j: %s', (image, pattern, expected) => {
    expect(kyvernoImageReferenceMatches(image, pattern)).toBe(expected);
  });
});

describe('sigstoreImageName', () => {
  test.each([
    ['nginx', 'index.docker.io/library/nginx:latest'],
    ['nginx:1.27', 'index.docker.io/library/nginx:1.27'],
    ['docker.io/library/nginx:1.27', 'index.docker.io/library/nginx:1.27'],
    ['docker.io/nginx', 'index.docker.io/library/nginx:latest'],
    ['myuser/myapp', 'index.docker.io/myuser/myapp:latest'],
    ['ghcr.io/foo/bar', 'ghcr.io/foo/bar:latest'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['localhost/app', 'index.docker.io/localhost/app:latest'],
    [`ghcr.io/org/app:v1@${DIGEST}`, `ghcr.io/org/app@${DIGEST}`],
    [`nginx@${DIGEST}`, `index.docker.io/library/nginx@${DIGEST}`],
  ])('normalizes %j to %j', (image, name) => {
    expect(sigstoreImageName(image)).toBe(name);
  });

  test.each([['invalid&name'], [''], ['a'], ['ghcr.io/Foo/bar'], ['nginx:'], ['nginx@sha256:abc']])('rejects %j', (image) => {
    expect(sigstoreImageName(image)).toBeUndefined();
  });
});

describe('sigstoreGlobMatches', () => {
  // Cases from policy-controller's pkg/apis/glob tests, plus digests as the webhook sees them.
  test.each([
    ['foo', 'index.docker.io/library/foo:latest', true],
    ['foo', 'index.docker.io/library/foo:*', true],
    ['foo', 'index.docker.io/library/*', true],
    ['foo', 'index.docker.io/*/*', true],
    ['foo', 'index.docker.io/**', true],
    ['foo', '**', true],
    ['foo', '*', true],
    ['myuser/myapp', '*/*', true],
    ['myuser/myapp', 'index.docker.io/myuser/*', true],
    ['ghcr.io/foo/bar', 'ghcr.io/*/*', true],
    ['ghcr.io/foo', 'ghcr.io/*/*', false],
    ['ghcr.io/foo', 'ghcr.io/**', true],
    ['ghcr.io/foo', '*/**', true],
    ['prefix-ghcr.io/foo', 'ghcr.io/foo', false],
    ['ghcr.io/foo-suffix', 'ghcr.io/foo', false],
    ['ghcrxio/foo', 'ghcr.io/**', false],
    ['invalid&name', '**', false],
    ['invalid-glob', '.+', false],
    ['invalid-glob', '[a-z]*', false],
    // nginx == docker.io/library/nginx
    ['nginx:1.27', 'index.docker.io/library/nginx:*', true],
    ['docker.io/library/nginx:1.27', 'index.docker.io/library/nginx:*', true],
    ['nginx:1.27', 'docker.io/library/nginx:*', false],
    // '*' stays within one path segment; digests are matched as repo@digest
    [`myregistry.io/app:v1@${DIGEST}`, 'myregistry.io/*', true],
    [`myregistry.io/team/app:v1@${DIGEST}`, 'myregistry.io/*', false],
    [`myregistry.io/team/app:v1@${DIGEST}`, 'myregistry.io/**', true],
    [`myregistry.io/app:v1@${DIGEST}`, 'myregistry.io/app:*', false],
  ])('%j matches %j: %s', (image, glob, expected) => {
    expect(sigstoreGlobMatches(image, glob)).toBe(expected);
  });

  test('compiles globs the way policy-controller does', () => {
    expect(sigstoreGlobToRegExp('ghcr.io/*/app**')?.source).toBe('^ghcr\\.io\\/[^/]*\\/app.*$');
    expect(isValidSigstoreGlob('ghcr.io/org/app@sha256:*')).toBe(false);
    expect(isValidSigstoreGlob('ghcr.io/org/app?')).toBe(false);
  });
});

const kyvernoPolicy = (spec: any, kind = 'ClusterPolicy', metadata: any = { name: 'p' }) => ({ apiVersion: 'kyverno.io/v1', kind, metadata, spec });
const attestors = [{ entries: [{ keyless: { issuer: 'https://token.actions.githubusercontent.com' } }] }];

describe('imageVerificationPatterns', () => {
  test.each<[string, unknown, unknown]>([
    ['a Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', spec: {} }, undefined],
    ['a validate-only ClusterPolicy', kyvernoPolicy({ rules: [{ name: 'r', validate: { pattern: {} } }] }), undefined],
    ['a verifyImages entry without attestors (digest only)', kyvernoPolicy({ rules: [{ name: 'r', verifyImages: [{ imageReferences: ['*'], verifyDigest: true }] }] }), undefined],
    ['per-entry failureAction Enforce',
      kyvernoPolicy({ rules: [{ name: 'r', verifyImages: [{ imageReferences: ['myregistry.io/*'], failureAction: 'Enforce', attestors }] }] }),
      { engine: 'kyverno', enforcing: true, patterns: ['myregistry.io/*'] }],
    ['the brief\'s legacy spec-level validationFailureAction: Enforce',
      kyvernoPolicy({ validationFailureAction: 'Enforce', rules: [{ name: 'r', match: { resources: { kinds: ['Pod'] } }, verifyImages: [{ imageReferences: ['myregistry.io/*'], attestors }] }] }),
      { engine: 'kyverno', enforcing: true, patterns: ['myregistry.io/*'] }],
    ['legacy lower-case enforce',
      kyvernoPolicy({ validationFailureAction: 'enforce', rules: [{ name: 'r', verifyImages: [{ imageReferences: ['a/*'], attestors }] }] }),
      { engine: 'kyverno', enforcing: true, patterns: ['a/*'] }],
    ['Audit',
      kyvernoPolicy({ validationFailureAction: 'Audit', rules: [{ name: 'r', verifyImages: [{ imageReferences: ['a/*'], attestors }] }] }),
      { engine: 'kyverno', enforcing: false, patterns: ['a/*'] }],
    ['no failure action at all (Kyverno defaults to Audit)',
      kyvernoPolicy({ rules: [{ name: 'r', verifyImages: [{ imageReferences: ['a/*'], attestors }] }] }),
      { engine: 'kyverno', enforcing: false, patterns: ['a/*'] }],
    ['a per-entry Audit overriding a spec-level Enforce',
      kyvernoPolicy({ validationFailureAction: 'Enforce', rules: [{ name: 'r', verifyImages: [{ imageReferences: ['a/*'], failureAction: 'Audit', attestors }] }] }),
      { engine: 'kyverno', enforcing: false, patterns: ['a/*'] }],
    ['admission: false',
      kyvernoPolicy({ admission: false, rules: [{ name: 'r', verifyImages: [{ imageReferences: ['a/*'], failureAction: 'Enforce', attestors }] }] }),
      { engine: 'kyverno', enforcing: false, patterns: ['a/*'] }],
    ['the deprecated image field',
      kyvernoPolicy({ rules: [{ name: 'r', verifyImages: [{ image: 'ghcr.io/org/*', failureAction: 'Enforce', key: 'k', attestors }] }] }),
      { engine: 'kyverno', enforcing: true, patterns: ['ghcr.io/org/*'] }],
    ['mixed entries: only the enforced patterns',
      kyvernoPolicy({
        rules: [{
          name: 'r',
          verifyImages: [
            { imageReferences: ['a/*'], failureAction: 'Enforce', attestors },
            { imageReferences: ['b/*'], failureAction: 'Audit', attestors },
          ],
        }],
      }),
      { engine: 'kyverno', enforcing: true, patterns: ['a/*'] }],
    ['attestations without attestors',
      kyvernoPolicy({ rules: [{ name: 'r', verifyImages: [{ imageReferences: ['a/*'], failureAction: 'Enforce', attestations: [{ type: 'x' }] }] }] }),
      { engine: 'kyverno', enforcing: true, patterns: ['a/*'] }],
    ['a ClusterImagePolicy without mode (enforce)',
      { apiVersion: 'policy.sigstore.dev/v1beta1', kind: 'ClusterImagePolicy', metadata: { name: 'c' }, spec: { images: [{ glob: 'ghcr.io/**' }], authorities: [{ keyless: {} }] } },
      { engine: 'sigstore', enforcing: true, patterns: ['ghcr.io/**'] }],
    ['a ClusterImagePolicy in warn mode',
      { apiVersion: 'policy.sigstore.dev/v1alpha1', kind: 'ClusterImagePolicy', metadata: { name: 'c' }, spec: { mode: 'warn', images: [{ glob: 'ghcr.io/**' }], authorities: [{ keyless: {} }] } },
      { engine: 'sigstore', enforcing: false, patterns: ['ghcr.io/**'] }],
    ['a ClusterImagePolicy with a static pass authority',
      { apiVersion: 'policy.sigstore.dev/v1beta1', kind: 'ClusterImagePolicy', metadata: { name: 'c' }, spec: { images: [{ glob: '**' }], authorities: [{ static: { action: 'pass' } }] } },
      { engine: 'sigstore', enforcing: false, patterns: ['**'] }],
  ])('reads %s', (_name, object, expected) => {
    const info = imageVerificationPatterns(object);
    if (expected === undefined) {
      expect(info).toBeUndefined();
    } else {
      expect(info).toMatchObject(expected as object);
    }
  });

  test('records the namespace of a Kyverno Policy and the opt-in label of policy-controller', () => {
    const policy = imageVerificationPatterns(kyvernoPolicy({ rules: [{ name: 'r', verifyImages: [{ imageReferences: ['a/*'], failureAction: 'Enforce', attestors }] }] }, 'Policy', { name: 'p', namespace: 'team-a' }));
    expect(policy?.namespace).toBe('team-a');
    const cip = imageVerificationPatterns({ apiVersion: 'policy.sigstore.dev/v1beta1', kind: 'ClusterImagePolicy', metadata: { name: 'c' }, spec: { images: [{ glob: '**' }], authorities: [{ key: {} }] } });
    expect(cip?.namespaceOptInLabel).toEqual({ key: 'policy.sigstore.dev/include', value: 'true' });
  });
});

describe('imageVerificationCovers', () => {
  const info = imageVerificationPatterns(kyvernoPolicy({
    rules: [{
      name: 'r',
      verifyImages: [
        { imageReferences: ['myregistry.io/*'], skipImageReferences: ['myregistry.io/debug/*'], failureAction: 'Enforce', attestors },
        { imageReferences: ['ghcr.io/*'], failureAction: 'Audit', attestors },
      ],
    }],
  }))!;

  test.each([
    [`myregistry.io/app@${DIGEST}`, true, true],
    [`myregistry.io/debug/shell@${DIGEST}`, true, false],
    ['ghcr.io/org/app:v1', true, false],
    ['ghcr.io/org/app:v1', false, true],
    ['nginx:1.27', false, false],
  ])('%j (only enforcing: %s) is covered: %s', (image, onlyEnforcing, expected) => {
    expect(imageVerificationCovers(info, image, onlyEnforcing)).toBe(expected);
  });

  test('uses policy-controller globs for a ClusterImagePolicy', () => {
    const cip = imageVerificationPatterns({ apiVersion: 'policy.sigstore.dev/v1beta1', kind: 'ClusterImagePolicy', metadata: { name: 'c' }, spec: { images: [{ glob: '*' }], authorities: [{ key: {} }] } })!;
    expect(imageVerificationCovers(cip, 'nginx:1.27')).toBe(true);
    expect(imageVerificationCovers(cip, 'ghcr.io/org/app')).toBe(false);
  });
});
