import {
  Attestor, DEFAULT_GITHUB_BRANCH, DEFAULT_GITHUB_RELEASE_TAGS, DEFAULT_GITHUB_TRIGGERS, GitHubActionsAttestorOptions,
} from '../../src/supply-chain/attestor';
import { AttestationConditionOperator, ImageAttestation } from '../../src/supply-chain/image-attestation';
import { OptOut } from '../../src/warnings';

const RELEASE = '^https://github\\.com/org/repo/\\.github/workflows/release\\.yml@';
const release = (options: Partial<GitHubActionsAttestorOptions> = {}) =>
  Attestor.githubActions({ repository: 'org/repo', workflow: '.github/workflows/release.yml', ...options });

describe('Attestor.githubActions', () => {
  test('uses the GitHub Actions OIDC issuer', () => {
    expect(Attestor.githubActions({ repository: 'org/repo' }).issuer).toBe('https://token.actions.githubusercontent.com');
  });

  test('defaults to pushes to the main branch and to v* tags, pinning repository, ref and trigger extensions', () => {
    expect(release().identities).toEqual([
      {
        subjectRegExp: `${RELEASE}refs/heads/main$`,
        additionalExtensions: { githubWorkflowRepository: 'org/repo', githubWorkflowRef: 'refs/heads/main', githubWorkflowTrigger: 'push' },
      },
      {
        subjectRegExp: `${RELEASE}refs/tags/v.*$`,
        additionalExtensions: { githubWorkflowRepository: 'org/repo', githubWorkflowRef: 'refs/tags/v*', githubWorkflowTrigger: 'push' },
      },
    ]);
  });

  test('the default constants are main, v* and push', () => {
    expect([DEFAULT_GITHUB_BRANCH, DEFAULT_GITHUB_RELEASE_TAGS, DEFAULT_GITHUB_TRIGGERS]).toEqual(['main', 'v*', ['push']]);
  });

  test('names the default branch and release tags from props', () => {
    expect(release({ defaultBranch: 'trunk', releaseTags: 'release-*' }).identities.map((i) => i.additionalExtensions!.githubWorkflowRef))
      .toEqual(['refs/heads/trunk', 'refs/tags/release-*']);
  });

  test('has one identity per ref and trigger', () => {
    const ids = release({ refs: ['refs/heads/main'], triggers: ['push', 'workflow_dispatch'] }).identities;
    expect(ids.map((i) => [i.subjectRegExp, i.additionalExtensions!.githubWorkflowTrigger])).toEqual([
      [`${RELEASE}refs/heads/main$`, 'push'], [`${RELEASE}refs/heads/main$`, 'workflow_dispatch'],
    ]);
  });

  test('a single identity is also exposed as subjectRegExp', () => {
    expect(release({ refs: ['refs/heads/main'] }).subjectRegExp).toBe(`${RELEASE}refs/heads/main$`);
    expect(release().subjectRegExp).toBeUndefined();
  });

  test.each([
    [{ repository: 'my-org/my.app', workflow: '.github/workflows/build-and-sign.yaml', refs: ['refs/heads/main'] }, '^https://github\\.com/my-org/my\\.app/\\.github/workflows/build-and-sign\\.yaml@refs/heads/main$'],
    [{ repository: 'org/repo', refs: ['refs/tags/v*'] }, '^https://github\\.com/org/repo/\\.github/workflows/[^/@]+@refs/tags/v.*$'],
  ])('builds an anchored, escaped subject regexp from %j', (options, expected) => {
    expect(Attestor.githubActions(options).subjectRegExp).toBe(expected);
  });

  test.each([
    ['https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main', true],
    ['https://github.com/org/repo/.github/workflows/release.yml@refs/tags/v1.0.0', true],
    ['https://github.com/org/repo/.github/workflows/release.yml@refs/heads/feature', false],
    ['https://github.com/org/repo/.github/workflows/release.yml@refs/pull/7/merge', false],
    ['https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main-evil', false],
    ['https://github.com/org/repo/.github/workflows/releaseXyml@refs/heads/main', false],
    ['https://github.com/org/repo-fork/.github/workflows/release.yml@refs/heads/main', false],
    ['https://github.com/evil/org/repo/.github/workflows/release.yml@refs/heads/main', false],
  ])('the default identities of org/repo release.yml judge %j: %s', (subject, expected) => {
    expect(release().identities.some((i) => new RegExp(i.subjectRegExp!).test(subject))).toBe(expected);
  });

  test('records no warning by default', () => {
    expect(release()._weakenings()).toEqual([]);
  });

  test.each([
    [{ refs: ['refs/*'] }, 'Attestor.githubActions: ref "refs/*" matches every branch or tag (and with \'refs/*\' every pull request): anyone who can push one could sign an admitted image; name the refs releases come from (e.g. \'refs/heads/main\', \'refs/tags/v*\') or pass untrustedRefs: OptOut.because(\'<why>\')'],
    [{ refs: ['refs/heads/*'] }, 'Attestor.githubActions: ref "refs/heads/*" matches every branch or tag (and with \'refs/*\' every pull request): anyone who can push one could sign an admitted image; name the refs releases come from (e.g. \'refs/heads/main\', \'refs/tags/v*\') or pass untrustedRefs: OptOut.because(\'<why>\')'],
    [{ releaseTags: '*' }, 'Attestor.githubActions: ref "refs/tags/*" matches every branch or tag'],
    [{ refs: ['refs/pull/*/merge'] }, 'Attestor.githubActions: ref "refs/pull/*/merge" is a pull-request ref: anyone who can open a pull request that runs the workflow could sign an admitted image; name the refs releases come from (e.g. \'refs/heads/main\', \'refs/tags/v*\') or pass untrustedRefs: OptOut.because(\'<why>\')'],
    [{ refs: ['refs/pull/12/merge'] }, 'Attestor.githubActions: ref "refs/pull/12/merge" is a pull-request ref'],
  ])('fails on the untrusted ref of %j without an OptOut', (options, message) => {
    expect(() => release(options)).toThrow(message);
  });

  test('accepts an untrusted ref with an OptOut and records SignedImagePolicy.UntrustedRef', () => {
    const a = release({ refs: ['refs/heads/main', 'refs/heads/*'], untrustedRefs: OptOut.because('every branch is protected, SEC-7') });
    expect(a._weakenings()).toEqual([{
      id: 'SignedImagePolicy.UntrustedRef',
      message: "GitHub Actions attestor for 'org/repo' accepts signatures from 'refs/heads/*': every branch is protected, SEC-7",
    }]);
  });

  test.each(['pull_request', 'pull_request_target', 'issue_comment', 'workflow_run'])('fails on the untrusted trigger %s without an OptOut', (trigger) => {
    expect(() => release({ triggers: ['push', trigger] })).toThrow(
      `Attestor.githubActions: trigger "${trigger}" can be caused by people without write access to the repository, and such runs get the repository's OIDC token; use 'push', 'release' or 'workflow_dispatch', or pass untrustedTriggers: OptOut.because('<why>')`);
  });

  test('fails on the any-event trigger without an OptOut', () => {
    expect(() => release({ triggers: ['*'] })).toThrow(
      'Attestor.githubActions: trigger "*" accepts every event, including pull requests and comments, and such runs get the repository\'s OIDC token; use \'push\', \'release\' or \'workflow_dispatch\', or pass untrustedTriggers: OptOut.because(\'<why>\')');
  });

  test('accepts an untrusted trigger with an OptOut and records SignedImagePolicy.UntrustedTrigger', () => {
    const a = release({ triggers: ['workflow_run'], untrustedTriggers: OptOut.because('the triggering workflow only runs on main') });
    expect(a._weakenings()).toEqual([{
      id: 'SignedImagePolicy.UntrustedTrigger',
      message: "GitHub Actions attestor for 'org/repo' accepts runs started by 'workflow_run': the triggering workflow only runs on main",
    }]);
  });

  test.each([
    [{ repository: 'repo' }, 'Attestor.githubActions: repository "repo" is not \'owner/name\'; use e.g. \'my-org/my-app\''],
    [{ repository: 'org/repo/extra' }, 'Attestor.githubActions: repository "org/repo/extra" is not \'owner/name\'; use e.g. \'my-org/my-app\''],
    [{ repository: 'org/repo', workflow: 'release.yml' }, 'Attestor.githubActions: workflow "release.yml" is not a workflow path; use \'.github/workflows/<file>.yml\''],
    [{ repository: 'org/repo', refs: ['main'] }, 'Attestor.githubActions: ref "main" is not a branch or tag ref; use e.g. \'refs/heads/main\' or \'refs/tags/v*\''],
    [{ repository: 'org/repo', refs: ['refs/notes/x'] }, 'Attestor.githubActions: ref "refs/notes/x" is not a branch or tag ref; use e.g. \'refs/heads/main\' or \'refs/tags/v*\''],
    [{ repository: 'org/repo', refs: [] }, 'Attestor.githubActions: refs [] is empty; name the refs releases come from, e.g. [\'refs/heads/main\', \'refs/tags/v*\']'],
    [{ repository: 'org/repo', refs: ['refs/heads/main', 'refs/heads/main'] }, 'Attestor.githubActions: refs lists "refs/heads/main" twice; remove the duplicate'],
    [{ repository: 'org/repo', refs: ['refs/heads/main'], defaultBranch: 'main' }, 'Attestor.githubActions: defaultBranch has no effect when refs is given; name the branch or tags in refs instead'],
    [{ repository: 'org/repo', refs: ['refs/heads/main'], releaseTags: 'v*' }, 'Attestor.githubActions: releaseTags has no effect when refs is given; name the branch or tags in refs instead'],
    [{ repository: 'org/repo', defaultBranch: 'refs/heads/main' }, 'Attestor.githubActions: defaultBranch "refs/heads/main" is not a branch name; use e.g. \'main\' (no \'refs/heads/\' prefix, no wildcard)'],
    [{ repository: 'org/repo', defaultBranch: 'release-*' }, 'Attestor.githubActions: defaultBranch "release-*" is not a branch name; use e.g. \'main\' (no \'refs/heads/\' prefix, no wildcard)'],
    [{ repository: 'org/repo', releaseTags: 'v 1' }, 'Attestor.githubActions: releaseTags "v 1" is not a tag pattern; use e.g. \'v*\' (no \'refs/tags/\' prefix)'],
    [{ repository: 'org/repo', triggers: [] }, 'Attestor.githubActions: triggers [] is empty; name the events releases run on, e.g. [\'push\']'],
    [{ repository: 'org/repo', triggers: ['Push'] }, 'Attestor.githubActions: trigger "Push" is not a GitHub Actions event name; use e.g. \'push\', \'release\' or \'workflow_dispatch\''],
    [{ repository: 'org/repo', triggers: ['push', 'push'] }, 'Attestor.githubActions: triggers lists "push" twice; remove the duplicate'],
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
