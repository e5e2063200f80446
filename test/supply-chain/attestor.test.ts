import { Attestor } from '../../src/supply-chain/attestor';
import { AttestationConditionOperator, ImageAttestation } from '../../src/supply-chain/image-attestation';
import { OptOut } from '../../src/warnings';

describe('Attestor.githubActions', () => {
  test('uses the GitHub Actions OIDC issuer', () => {
    expect(Attestor.githubActions({ repository: 'org/repo' }).issuer).toBe('https://token.actions.githubusercontent.com');
  });

  test.each([
    [{ repository: 'org/repo', workflow: '.github/workflows/release.yml' }, '^https://github\\.com/org/repo/\\.github/workflows/release\\.yml@refs/.*$'],
    [{ repository: 'org/repo' }, '^https://github\\.com/org/repo/\\.github/workflows/[^/@]+@refs/.*$'],
    [{ repository: 'my-org/my.app', workflow: '.github/workflows/build-and-sign.yaml', ref: 'refs/heads/main' }, '^https://github\\.com/my-org/my\\.app/\\.github/workflows/build-and-sign\\.yaml@refs/heads/main$'],
    [{ repository: 'org/repo', ref: 'refs/tags/v*' }, '^https://github\\.com/org/repo/\\.github/workflows/[^/@]+@refs/tags/v.*$'],
  ])('builds an anchored, escaped subject regexp from %j', (options, expected) => {
    expect(Attestor.githubActions(options).subjectRegExp).toBe(expected);
  });

  test.each([
    ['https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main', true],
    ['https://github.com/org/repo/.github/workflows/release.yml@refs/tags/v1.0.0', true],
    ['https://github.com/org/repo/.github/workflows/releaseXyml@refs/heads/main', false],
    ['https://github.com/org/repo-fork/.github/workflows/release.yml@refs/heads/main', false],
    ['https://github.com/evil/org/repo/.github/workflows/release.yml@refs/heads/main', false],
    ['https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main/extra@x', true],
  ])('the regexp for org/repo release.yml judges %j: %s', (subject, expected) => {
    const re = new RegExp(Attestor.githubActions({ repository: 'org/repo', workflow: '.github/workflows/release.yml' }).subjectRegExp!);
    expect(re.test(subject)).toBe(expected);
  });

  test.each([
    [{ repository: 'repo' }, 'Attestor.githubActions: repository "repo" is not \'owner/name\'; use e.g. \'my-org/my-app\''],
    [{ repository: 'org/repo/extra' }, 'Attestor.githubActions: repository "org/repo/extra" is not \'owner/name\'; use e.g. \'my-org/my-app\''],
    [{ repository: 'org/repo', workflow: 'release.yml' }, 'Attestor.githubActions: workflow "release.yml" is not a workflow path; use \'.github/workflows/<file>.yml\''],
    [{ repository: 'org/repo', ref: 'main' }, 'Attestor.githubActions: ref "main" is not a git ref; use e.g. \'refs/heads/main\' or \'refs/tags/v*\''],
  ])('fails on %j', (options, message) => {
    expect(() => Attestor.githubActions(options)).toThrow(message);
  });
});

describe('Attestor.keyless', () => {
  test('keeps the exact subject', () => {
    const a = Attestor.keyless({ issuer: 'https://accounts.google.com', subject: 'release@example.com' });
    expect([a.issuer, a.subject, a.subjectRegExp]).toEqual(['https://accounts.google.com', 'release@example.com', undefined]);
  });

  test('fails without a subject', () => {
    expect(() => Attestor.keyless({ issuer: 'https://token.actions.githubusercontent.com' })).toThrow(
      "Attestor.keyless: set exactly one of subject, subjectRegExp or anySubject (got 0); without a subject every identity of 'https://token.actions.githubusercontent.com' could sign");
  });

  test('fails with both subject and subjectRegExp', () => {
    expect(() => Attestor.keyless({ issuer: 'https://a.example', subject: 'x', subjectRegExp: '^x$' })).toThrow('set exactly one of subject, subjectRegExp or anySubject (got 2)');
  });

  test('fails on a match-all subjectRegExp', () => {
    expect(() => Attestor.keyless({ issuer: 'https://a.example', subjectRegExp: '.*' })).toThrow(
      "Attestor.keyless: subjectRegExp \".*\" matches every subject; anchor a specific identity (e.g. '^https://github\\.com/org/repo/') or use anySubject with a reason");
  });

  test('fails on an invalid subjectRegExp', () => {
    expect(() => Attestor.keyless({ issuer: 'https://a.example', subjectRegExp: '^(x' })).toThrow('Attestor.keyless: subjectRegExp "^(x" is not a valid regular expression');
  });

  test('fails on a non-https issuer', () => {
    expect(() => Attestor.keyless({ issuer: 'http://issuer.example', subject: 'x' })).toThrow(
      "Attestor.keyless: issuer \"http://issuer.example\" is not an https URL; use the OIDC issuer of the signer, e.g. 'https://token.actions.githubusercontent.com'");
  });

  test('fails on a non-https Rekor URL', () => {
    expect(() => Attestor.keyless({ issuer: 'https://a.example', subject: 'x', rekorUrl: 'http://rekor' })).toThrow(
      "Attestor.keyless: rekorUrl \"http://rekor\" is not an https URL; use e.g. 'https://rekor.sigstore.dev'");
  });

  test('accepts any subject only with a reason', () => {
    expect(Attestor.keyless({ issuer: 'https://a.example', anySubject: OptOut.because('single-tenant issuer') }).subjectRegExp).toBeUndefined();
  });
});

describe('Attestor.publicKey and Attestor.kms', () => {
  test('fails on something that is not a PEM public key', () => {
    expect(() => Attestor.publicKey('ssh-ed25519 AAAA')).toThrow(
      "Attestor.publicKey: the key is not a PEM public key; use '-----BEGIN PUBLIC KEY-----\\n...\\n-----END PUBLIC KEY-----' (cosign.pub)");
  });

  test('fails on a URI that is not a KMS key', () => {
    expect(() => Attestor.kms('https://kms.example/key')).toThrow(
      'Attestor.kms: "https://kms.example/key" is not a KMS key URI; use awskms://, gcpkms://, azurekms:// or hashivault://');
  });
});

describe('ImageAttestation', () => {
  test('SLSA provenance without a builder has no conditions', () => {
    const a = ImageAttestation.slsaProvenance();
    expect([a.predicateType, a.conditions]).toEqual(['https://slsa.dev/provenance/v1', []]);
  });

  test('fails on a predicate type that is not a URI', () => {
    expect(() => ImageAttestation.predicate('slsa')).toThrow(
      "ImageAttestation.predicate: predicateType \"slsa\" is not a predicate type URI; use e.g. 'https://slsa.dev/provenance/v1'");
  });

  test('fails on a condition key that is not a Kyverno variable', () => {
    expect(() => ImageAttestation.predicate('https://cyclonedx.org/bom', [{ key: 'metadata.component', operator: AttestationConditionOperator.EQUALS, value: 'x' }])).toThrow(
      "ImageAttestation.predicate: condition key \"metadata.component\" is not a Kyverno variable; use e.g. '{{ runDetails.builder.id }}'");
  });
});
