import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { Attestor } from '../../src/supply-chain/attestor';
import { ImageAttestation } from '../../src/supply-chain/image-attestation';
import { ImagePolicyBackend, SignedImagePolicy, SignedImagePolicyProps } from '../../src/supply-chain/signed-image-policy';
import { Hardening, OptOut } from '../../src/warnings';

const DIGEST = `sha256:${'b'.repeat(64)}`;
const PEM = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEexample==\n-----END PUBLIC KEY-----\n';
const github = () => Attestor.githubActions({ repository: 'org/repo', workflow: '.github/workflows/release.yml' });

function synth(props: Partial<SignedImagePolicyProps> = {}, chartNamespace?: string) {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: chartNamespace });
  const policy = new SignedImagePolicy(chart, 'policy', { imageReferences: ['myregistry.io/*'], attestors: [github()], ...props });
  return { policy, chart, objects: Testing.synth(chart) };
}

function expectError(props: Partial<SignedImagePolicyProps>, message: string) {
  expect(() => synth(props)).toThrow(message);
}

describe('SignedImagePolicy (Kyverno)', () => {
  test('defaults snapshot', () => {
    expect(synth().objects).toMatchSnapshot();
  });

  test('emits one kyverno.io/v1 ClusterPolicy named from the construct path', () => {
    const { objects, policy } = synth();
    expect(objects).toHaveLength(1);
    expect(objects[0].apiVersion).toBe('kyverno.io/v1');
    expect(objects[0].kind).toBe('ClusterPolicy');
    expect(objects[0].metadata.name).toBe(policy.name);
    expect(objects[0].metadata.namespace).toBeUndefined();
  });

  test('enforces per rule and never sets the deprecated spec-level validationFailureAction', () => {
    const { objects, policy } = synth();
    expect(objects[0].spec.rules[0].verifyImages[0].failureAction).toBe('Enforce');
    expect(objects[0].spec.validationFailureAction).toBeUndefined();
    expect(objects[0].spec.failurePolicy).toBeUndefined();
    expect(policy.enforcing).toBe(true);
  });

  test('fails closed when Kyverno is unavailable (failurePolicy Fail)', () => {
    expect(synth().objects[0].spec.webhookConfiguration.failurePolicy).toBe('Fail');
  });

  test('defaults the webhook timeout to 30 seconds, under webhookConfiguration', () => {
    const { objects, policy } = synth();
    expect(objects[0].spec.webhookConfiguration.timeoutSeconds).toBe(30);
    expect(objects[0].spec.webhookTimeoutSeconds).toBeUndefined();
    expect(policy.webhookTimeoutSeconds).toBe(30);
  });

  test('matches Pods through match.any', () => {
    expect(synth().objects[0].spec.rules[0].match).toEqual({ any: [{ resources: { kinds: ['Pod'] } }] });
  });

  test('defaults mutateDigest, verifyDigest and required to true', () => {
    const vi = synth().objects[0].spec.rules[0].verifyImages[0];
    expect(vi.mutateDigest).toBe(true);
    expect(vi.verifyDigest).toBe(true);
    expect(vi.required).toBe(true);
  });

  test('renders a GitHub Actions keyless attestor as one entry per trusted ref, pinning the Fulcio extensions, with the Rekor log', () => {
    const vi = synth().objects[0].spec.rules[0].verifyImages[0];
    expect(vi.imageReferences).toEqual(['myregistry.io/*']);
    const entry = (ref: string, refRegExp: string) => ({
      keyless: {
        issuer: 'https://token.actions.githubusercontent.com',
        subjectRegExp: `^https://github\\.com/org/repo/\\.github/workflows/release\\.yml@${refRegExp}$`,
        additionalExtensions: { githubWorkflowRepository: 'org/repo', githubWorkflowRef: ref, githubWorkflowTrigger: 'push' },
        rekor: { url: 'https://rekor.sigstore.dev' },
      },
    });
    expect(vi.attestors).toEqual([{ count: 1, entries: [entry('refs/heads/main', 'refs/heads/main'), entry('refs/tags/v*', 'refs/tags/v.*')] }]);
  });

  test('records the untrusted-ref and untrusted-trigger warnings of its attestors', () => {
    const attestor = Attestor.githubActions({
      repository: 'org/repo',
      refs: ['refs/pull/*/merge'],
      untrustedRefs: OptOut.because('preview environments only, SEC-9'),
      triggers: ['pull_request'],
      untrustedTriggers: OptOut.because('preview environments only, SEC-9'),
    });
    const { policy } = synth({ attestors: [attestor] });
    expect(Hardening.of(policy).warnings.map((w) => w.id)).toEqual(['SignedImagePolicy.UntrustedRef', 'SignedImagePolicy.UntrustedTrigger']);
  });

  test('expresses the brief\'s example (myregistry.io/*, keyless GitHub issuer, enforced)', () => {
    const { objects } = synth({
      name: 'verify-image-signature',
      attestors: [Attestor.keyless({ issuer: 'https://token.actions.githubusercontent.com', anySubject: OptOut.because('brief example: any GitHub workflow may sign') })],
    });
    const policy = objects[0];
    expect(policy.metadata.name).toBe('verify-image-signature');
    expect(policy.spec.rules[0].verifyImages).toEqual([expect.objectContaining({
      imageReferences: ['myregistry.io/*'],
      failureAction: 'Enforce',
      attestors: [{ entries: [{ keyless: { issuer: 'https://token.actions.githubusercontent.com', rekor: { url: 'https://rekor.sigstore.dev' } } }] }],
    })]);
  });

  test('requires any one of several attestors (count 1)', () => {
    const vi = synth({ attestors: [github(), Attestor.publicKey(PEM), Attestor.kms('gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k/versions/1')] }).objects[0].spec.rules[0].verifyImages[0];
    expect(vi.attestors[0].count).toBe(1);
    expect(vi.attestors[0].entries).toHaveLength(4);
    expect(vi.attestors[0].entries[2]).toEqual({ keys: { publicKeys: PEM, rekor: { url: 'https://rekor.sigstore.dev' } } });
    expect(vi.attestors[0].entries[3]).toEqual({ keys: { kms: 'gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k/versions/1', rekor: { url: 'https://rekor.sigstore.dev' } } });
  });

  test('renders keyless CT log keys and custom Rekor URLs', () => {
    const attestor = Attestor.keyless({ issuer: 'https://accounts.google.com', subject: 'release@example.com', rekorUrl: 'https://rekor.example.com', ctLogPublicKey: PEM });
    expect(synth({ attestors: [attestor] }).objects[0].spec.rules[0].verifyImages[0].attestors[0].entries[0]).toEqual({
      keyless: { issuer: 'https://accounts.google.com', subject: 'release@example.com', rekor: { url: 'https://rekor.example.com' }, ctlog: { pubkey: PEM } },
    });
  });

  test('requires SLSA provenance signed by the same attestors', () => {
    const vi = synth({ attestations: [ImageAttestation.slsaProvenance('https://github.com/slsa-framework/slsa-github-generator/*')] }).objects[0].spec.rules[0].verifyImages[0];
    expect(vi.attestations).toEqual([{
      type: 'https://slsa.dev/provenance/v1',
      attestors: vi.attestors,
      conditions: [{
        all: [{
          key: '{{ runDetails.builder.id }}',
          operator: 'Equals',
          value: 'https://github.com/slsa-framework/slsa-github-generator/*',
          message: 'SLSA provenance must be produced by https://github.com/slsa-framework/slsa-github-generator/*',
        }],
      }],
    }]);
  });

  test('drops a chart namespace from the cluster-scoped policy', () => {
    expect(synth({}, 'production').objects[0].metadata.namespace).toBeUndefined();
  });

  test('allows the webhook timeout from 1 to 30 seconds', () => {
    expect(synth({ webhookTimeoutSeconds: 1 }).objects[0].spec.webhookConfiguration.timeoutSeconds).toBe(1);
    expect(synth({ webhookTimeoutSeconds: 30 }).objects[0].spec.webhookConfiguration.timeoutSeconds).toBe(30);
  });

  test('audit-only mode reports instead of denying, with a recorded warning', () => {
    const { objects, policy } = synth({ auditOnly: OptOut.because('rollout week, SEC-7 tracks enforcement') });
    expect(objects[0].spec.rules[0].verifyImages[0].failureAction).toBe('Audit');
    expect(policy.enforcing).toBe(false);
    expect(Hardening.of(policy).warnings.map((w) => w.id)).toEqual(['SignedImagePolicy.AuditOnly']);
  });

  test('records warnings for every weakening', () => {
    const { policy } = synth({
      verifyDigest: false,
      required: false,
      skipImageReferences: ['myregistry.io/debug/*'],
      skipReason: OptOut.because('debug images are built locally'),
      attestors: [
        Attestor.keyless({ issuer: 'https://token.actions.githubusercontent.com', anySubject: OptOut.because('any workflow of the org') }),
        Attestor.publicKey(PEM, { ignoreTransparencyLog: OptOut.because('air-gapped signing, no Rekor') }),
      ],
    });
    expect(Hardening.of(policy).warnings.map((w) => w.id).sort()).toEqual([
      'SignedImagePolicy.AnySubject', 'SignedImagePolicy.DigestNotVerified', 'SignedImagePolicy.NoTransparencyLog',
      'SignedImagePolicy.SkippedImages', 'SignedImagePolicy.VerificationNotRequired',
    ]);
    const vi = Testing.synth(Chart.of(policy))[0].spec.rules[0].verifyImages[0];
    expect(vi.skipImageReferences).toEqual(['myregistry.io/debug/*']);
    expect(vi.attestors[0].entries[1].keys.rekor).toEqual({ url: 'https://rekor.sigstore.dev', ignoreTlog: true });
  });

  test('has no warnings by default', () => {
    expect(Hardening.of(synth().policy).warnings).toEqual([]);
  });

  test('supports the escape hatch on the Resource child', () => {
    const { policy, chart } = synth();
    ApiObject.of(policy.resource).addJsonPatch(JsonPatch.add('/spec/background', false));
    expect(Testing.synth(chart)[0].spec.background).toBe(false);
    expect(policy.node.findChild('Resource')).toBe(policy.resource);
  });

  describe('covers()', () => {
    test.each([
      ['myregistry.io/app:v1.0.0', true],
      [`myregistry.io/team/app:v1@${DIGEST}`, true],
      ['nginx:1.27', false],
      ['otherregistry.io/app:v1', false],
    ])('%j: %s', (image, expected) => {
      expect(synth().policy.covers(image)).toBe(expected);
    });

    test('excludes skipped images', () => {
      const { policy } = synth({ skipImageReferences: ['myregistry.io/debug/*'], skipReason: OptOut.because('debug images are local only') });
      expect(policy.covers('myregistry.io/debug/shell:1')).toBe(false);
      expect(policy.covers('myregistry.io/app:1')).toBe(true);
    });

    test('normalizes Docker Hub names the way Kyverno does', () => {
      const { policy } = synth({ imageReferences: ['docker.io/nginx*'] });
      expect(policy.covers('nginx:1.27')).toBe(true);
      expect(policy.covers('docker.io/library/nginx:1.27')).toBe(false);
    });
  });

  describe('fails', () => {
    test('fails on namespaces, which Kyverno does not need', () => {
      expectError({ namespaces: ['prod'] },
        "SignedImagePolicy 'test/policy': namespaces is a policy-controller setting; a Kyverno ClusterPolicy applies in every namespace, so remove it or use ImagePolicyBackend.SIGSTORE_POLICY_CONTROLLER");
    });

    test('fails without image references', () => {
      expectError({ imageReferences: [] }, "SignedImagePolicy 'test/policy': imageReferences is empty; list the images that must be signed, e.g. ['myregistry.io/*']");
    });

    test('fails on a blank image reference', () => {
      expectError({ imageReferences: [' '] }, "SignedImagePolicy 'test/policy': imageReferences entry ' ' is not an image pattern; use e.g. 'myregistry.io/*'");
    });

    test('fails on a duplicate image reference', () => {
      expectError({ imageReferences: ['a/*', 'a/*'] }, "SignedImagePolicy 'test/policy': imageReferences lists 'a/*' twice; remove the duplicate");
    });

    test('fails without attestors', () => {
      expectError({ attestors: [] }, "SignedImagePolicy 'test/policy': attestors is empty; add at least one, e.g. Attestor.githubActions({ repository: 'org/repo' }) or Attestor.publicKey(pem)");
    });

    test.each([0, 31, 2.5])('fails on webhookTimeoutSeconds %s', (timeout) => {
      expectError({ webhookTimeoutSeconds: timeout }, `SignedImagePolicy 'test/policy': webhookTimeoutSeconds ${timeout} is out of range; use a whole number from 1 to 30 (admission webhooks time out after at most 30 seconds)`);
    });

    test('fails on an invalid name', () => {
      expectError({ name: 'Verify_Images' }, "SignedImagePolicy 'test/policy': name 'Verify_Images' is not a valid object name; use a DNS-1123 subdomain such as 'verify-image-signatures'");
    });

    test('fails on skipImageReferences without a reason', () => {
      expectError({ skipImageReferences: ['a/*'] }, "SignedImagePolicy 'test/policy': skipImageReferences [\"a/*\"] lets images run unsigned; pass skipReason: OptOut.because('<why>') to accept it");
    });

    test('fails on empty matchKinds', () => {
      expectError({ matchKinds: [] }, "SignedImagePolicy 'test/policy': matchKinds [] is not a list of kinds; use e.g. ['Pod']");
    });
  });
});

describe('SignedImagePolicy (Sigstore policy-controller)', () => {
  const sigstore = (props: Partial<SignedImagePolicyProps> = {}) => synth({ backend: ImagePolicyBackend.SIGSTORE_POLICY_CONTROLLER, imageReferences: ['myregistry.io/**'], ...props });

  test('defaults snapshot', () => {
    expect(sigstore().objects).toMatchSnapshot();
  });

  test('emits a policy.sigstore.dev/v1beta1 ClusterImagePolicy in enforce mode', () => {
    const { objects, policy } = sigstore();
    expect(objects[0].apiVersion).toBe('policy.sigstore.dev/v1beta1');
    expect(objects[0].kind).toBe('ClusterImagePolicy');
    expect(objects[0].spec.mode).toBe('enforce');
    expect(objects[0].spec.images).toEqual([{ glob: 'myregistry.io/**' }]);
    expect(policy.namespaceOptInLabel).toBe('policy.sigstore.dev/include');
  });

  test('renders one keyless identity per trusted ref (issuer and subject), with Fulcio and Rekor', () => {
    expect(sigstore().objects[0].spec.authorities).toEqual([{
      name: 'authority-0',
      keyless: {
        url: 'https://fulcio.sigstore.dev',
        identities: [
          { issuer: 'https://token.actions.githubusercontent.com', subjectRegExp: '^https://github\\.com/org/repo/\\.github/workflows/release\\.yml@refs/heads/main$' },
          { issuer: 'https://token.actions.githubusercontent.com', subjectRegExp: '^https://github\\.com/org/repo/\\.github/workflows/release\\.yml@refs/tags/v.*$' },
        ],
      },
      ctlog: { url: 'https://rekor.sigstore.dev' },
    }]);
  });

  test('warns that the GitHub Actions extensions are not verified by policy-controller', () => {
    expect(Hardening.of(sigstore().policy).warnings.map((w) => [w.id, w.message])).toEqual([[
      'SignedImagePolicy.ExtensionsNotVerified',
      'policy-controller matches keyless identities by issuer and subject only, so the certificate extensions githubWorkflowRef, githubWorkflowRepository, '
        + 'githubWorkflowTrigger are not verified: a run of the signing workflow started by another event (e.g. pull_request_target on the default branch), '
        + 'or another repository calling it as a reusable workflow, could sign; use ImagePolicyBackend.KYVERNO or acknowledge this warning',
    ]]);
  });

  test('records no extension warning for attestors without extensions, nor with Kyverno', () => {
    const keyless = Attestor.keyless({ issuer: 'https://accounts.google.com', subject: 'release@example.com' });
    expect(Hardening.of(sigstore({ attestors: [keyless] }).policy).warnings).toEqual([]);
    expect(Hardening.of(synth().policy).warnings).toEqual([]);
  });

  test('collapses the per-trigger identities, which policy-controller cannot tell apart', () => {
    const attestor = Attestor.githubActions({ repository: 'org/repo', refs: ['refs/heads/main'], triggers: ['push', 'workflow_dispatch'] });
    expect(sigstore({ attestors: [attestor] }).objects[0].spec.authorities[0].keyless.identities).toHaveLength(1);
  });

  test('names no namespaces by default', () => {
    expect(sigstore().policy.namespaces).toEqual([]);
  });

  test('accepts named namespaces that carry the opt-in label', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels: { 'policy.sigstore.dev/include': 'true' } } });
    const policy = new SignedImagePolicy(chart, 'policy', {
      backend: ImagePolicyBackend.SIGSTORE_POLICY_CONTROLLER, imageReferences: ['myregistry.io/**'], attestors: [github()], namespaces: ['prod', 'elsewhere'],
    });
    expect(policy.namespaces).toEqual(['prod', 'elsewhere']);
    expect(policy.node.validate()).toEqual([]);
  });

  test('fails validation when a named namespace of the app lacks the opt-in label', () => {
    const app = Testing.app();
    const infra = new Chart(app, 'infra');
    new ApiObject(infra, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } });
    const chart = new Chart(app, 'test');
    new SignedImagePolicy(chart, 'policy', {
      backend: ImagePolicyBackend.SIGSTORE_POLICY_CONTROLLER, imageReferences: ['myregistry.io/**'], attestors: [github()], namespaces: ['prod'],
    });
    expect(() => app.synthYaml()).toThrow(
      "[test/policy] namespace 'prod' (infra/ns) is governed by this policy-controller policy but is not labelled policy.sigstore.dev/include=true, "
      + 'so policy-controller admits unsigned images there; create it with SecureNamespace({ sigstorePolicyController: true }) or add the label');
  });

  test('renders keys, KMS keys and attestations per authority', () => {
    const authorities = sigstore({
      attestors: [Attestor.publicKey(PEM), Attestor.kms('awskms:///arn:aws:kms:us-east-1:123456789012:key/k')],
      attestations: [ImageAttestation.predicate('https://slsa.dev/provenance/v1')],
    }).objects[0].spec.authorities;
    expect(authorities[0]).toEqual({ name: 'authority-0', key: { data: PEM }, ctlog: { url: 'https://rekor.sigstore.dev' }, attestations: [{ name: 'attestation-0', predicateType: 'https://slsa.dev/provenance/v1' }] });
    expect(authorities[1].key).toEqual({ kms: 'awskms:///arn:aws:kms:us-east-1:123456789012:key/k' });
  });

  test('any subject becomes an explicit match-all subject regexp', () => {
    const authorities = sigstore({ attestors: [Attestor.keyless({ issuer: 'https://token.actions.githubusercontent.com', anySubject: OptOut.because('every org workflow signs') })] }).objects[0].spec.authorities;
    expect(authorities[0].keyless.identities).toEqual([{ issuer: 'https://token.actions.githubusercontent.com', subjectRegExp: '.*' }]);
  });

  test('audit-only mode is warn', () => {
    expect(sigstore({ auditOnly: OptOut.because('rollout week, SEC-7') }).objects[0].spec.mode).toBe('warn');
  });

  describe('covers()', () => {
    test.each([
      [`myregistry.io/team/app@${DIGEST}`, ['myregistry.io/**'], true],
      [`myregistry.io/team/app@${DIGEST}`, ['myregistry.io/*'], false],
      ['nginx:1.27', ['index.docker.io/library/*'], true],
      ['docker.io/library/nginx:1.27', ['*'], true],
      ['ghcr.io/org/app:v1', ['*'], false],
    ])('%j with %j: %s', (image, imageReferences, expected) => {
      expect(sigstore({ imageReferences }).policy.covers(image)).toBe(expected);
    });
  });

  describe('fails', () => {
    test('fails on a glob policy-controller rejects', () => {
      expect(() => sigstore({ imageReferences: ['myregistry.io/app?'] })).toThrow(
        "SignedImagePolicy 'test/policy': imageReferences entry 'myregistry.io/app?' is not a policy-controller glob; use letters, digits, '-', '_', ':', '/', '.', '*' (one path segment) and '**' (any depth), e.g. 'myregistry.io/**'");
    });

    test('fails on a Kyverno-only setting', () => {
      expect(() => sigstore({ mutateDigest: false })).toThrow(
        "SignedImagePolicy 'test/policy': mutateDigest is a Kyverno setting and has no effect with ImagePolicyBackend.SIGSTORE_POLICY_CONTROLLER (it always resolves tags to digests and requires a passed verification); remove it or use ImagePolicyBackend.KYVERNO");
      expect(() => sigstore({ webhookTimeoutSeconds: 10 })).toThrow('webhookTimeoutSeconds is a Kyverno setting');
    });

    test('fails on skipImageReferences', () => {
      expect(() => sigstore({ skipImageReferences: ['a/**'], skipReason: OptOut.because('local debug images') })).toThrow(
        "SignedImagePolicy 'test/policy': skipImageReferences is a Kyverno setting; with ImagePolicyBackend.SIGSTORE_POLICY_CONTROLLER narrow imageReferences instead");
    });

    test('fails on attestation conditions', () => {
      expect(() => sigstore({ attestations: [ImageAttestation.slsaProvenance('https://github.com/slsa-framework/*')] })).toThrow(
        "SignedImagePolicy 'test/policy': attestation 'https://slsa.dev/provenance/v1' has conditions, which the policy-controller backend cannot express; drop the conditions or use ImagePolicyBackend.KYVERNO");
    });

    test('fails on a namespace name that is not a DNS-1123 label', () => {
      expect(() => sigstore({ namespaces: ['Prod'] })).toThrow(
        "SignedImagePolicy 'test/policy': namespaces entry 'Prod' is not a namespace name; use a DNS-1123 label: at most 63 characters, lowercase alphanumerics or '-', starting and ending with an alphanumeric (e.g. 'production')");
    });

    test('fails on a namespace named twice', () => {
      expect(() => sigstore({ namespaces: ['prod', 'prod'] })).toThrow("SignedImagePolicy 'test/policy': namespaces lists 'prod' twice; remove the duplicate");
    });

    test('fails on a key without transparency log', () => {
      expect(() => sigstore({ attestors: [Attestor.publicKey(PEM, { ignoreTransparencyLog: OptOut.because('air-gapped signing') })] })).toThrow(
        "SignedImagePolicy 'test/policy': Attestor: ignoreTransparencyLog is not supported by the Sigstore policy-controller backend; use the Kyverno backend");
    });
  });
});
