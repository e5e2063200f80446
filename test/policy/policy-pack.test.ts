import { Chart, Testing, ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { IPolicyBackend, PolicyAction, PolicyRenderOptions, PolicyRule } from '../../src/policy/model';
import { PolicyEngine, PolicyPack, PolicyPackProps } from '../../src/policy/policy-pack';

function pack(props: PolicyPackProps = {}): PolicyPack {
  const chart = new Chart(Testing.app(), 'test');
  return new PolicyPack(chart, 'policies', props);
}

const exception = { id: 'batch-root', reason: 'legacy batch image runs as root (team-batch)', expires: '2099-12-31', namespaces: ['batch'] };

describe('PolicyPack', () => {
  test('defaults to pss-restricted at latest, enforced by ValidatingAdmissionPolicy for Kubernetes 1.28', () => {
    const p = pack();
    expect(p.pack).toBe('pss-restricted');
    expect(p.pssVersion).toBe('latest');
    expect(p.action).toBe(PolicyAction.ENFORCE);
    expect(p.kubernetesVersion).toBe('1.28');
    expect(p.engineName).toBe('ValidatingAdmissionPolicy');
    expect(p.rules.map((r) => r.id)).toContain('pss-restricted-run-as-non-root');
    expect(p.apiObjects.length).toBe(p.rules.length * 2);
  });

  test('exempts nothing by default', () => {
    const binding = Testing.synth(Chart.of(pack())).find((o: any) => o.kind === 'ValidatingAdmissionPolicyBinding');
    expect(binding.spec.matchResources.namespaceSelector.matchExpressions).toEqual([{ key: 'cdk8s-hardened.io/policy-exempt', operator: 'DoesNotExist' }]);
  });

  test('renders the hardened pack with image digests and RBAC rules', () => {
    const ids = pack({ pack: 'hardened' }).rules.map((r) => r.id);
    expect(ids).toContain('image-digest');
    expect(ids).toContain('rbac-no-escalate-bind-impersonate');
  });

  test('renders Kyverno ClusterPolicies and Gatekeeper Rego templates through the engine factories', () => {
    const kinds = (props: PolicyPackProps) => new Set(Testing.synth(Chart.of(pack(props))).map((o: any) => `${o.apiVersion}/${o.kind}`));
    expect(pack({ engine: PolicyEngine.kyvernoClusterPolicy() }).engineName).toBe('Kyverno ClusterPolicy');
    expect(kinds({ engine: PolicyEngine.kyvernoClusterPolicy() })).toEqual(new Set(['kyverno.io/v1/ClusterPolicy']));
    expect(pack({ engine: PolicyEngine.gatekeeperRego() }).engineName).toBe('Gatekeeper Rego');
    expect(kinds({ engine: PolicyEngine.gatekeeperRego() })).toContain('templates.gatekeeper.sh/v1/ConstraintTemplate');
  });

  test('plugs in any backend', () => {
    const seen: Array<{ rules: number; options: PolicyRenderOptions }> = [];
    const backend: IPolicyBackend = {
      engineName: 'Custom',
      render(scope: Construct, rules: PolicyRule[], options: PolicyRenderOptions): ApiObject[] {
        seen.push({ rules: rules.length, options });
        return [new ApiObject(scope, 'one', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })];
      },
    };
    const p = pack({ engine: PolicyEngine.fromBackend(backend), pack: 'pss-baseline', exemptNamespaces: ['kube-system'], exceptions: [exception], namePrefix: 'acme-' });
    expect(p.engineName).toBe('Custom');
    expect(seen[0].options).toEqual({
      pack: 'pss-baseline', action: PolicyAction.ENFORCE, exemptNamespaces: ['kube-system'], exceptions: [exception], kubernetesVersion: '1.28', namePrefix: 'acme-',
    });
  });

  test.each<[string, PolicyPackProps, string]>([
    ['an unknown pack', { pack: 'cis-k8s' }, "pack 'cis-k8s' has no admission rules; use one of 'pss-baseline', 'pss-restricted', 'rbac-least-privilege', 'hardened'"],
    ['an invalid PSS version', { pssVersion: '1.28' }, "pssVersion '1.28' is not a Pod Security Standards version; use 'latest' or 'v1.N', e.g. 'v1.28'"],
    ['an invalid Kubernetes version', { kubernetesVersion: 'latest' }, "kubernetesVersion 'latest' is not a Kubernetes version; use '1.N', e.g. '1.30'"],
    ['an invalid name prefix', { namePrefix: 'Hardened_' }, "namePrefix 'Hardened_' is invalid; use lower-case letters, digits and '-' (at most 40), e.g. 'hardened-'"],
    ['an invalid exempt namespace', { exemptNamespaces: ['Kube System'] }, "exemptNamespaces has 'Kube System', which is not a namespace name (RFC 1123 label, e.g. 'kube-system')"],
    ['an expired exception', { exceptions: [{ ...exception, expires: '2020-01-31' }] }, 'exception "batch-root" expired on 2020-01-31; renew it with a new reason and a future \'expires\' date, or remove it'],
    ['an exception without a reason', { exceptions: [{ ...exception, reason: '' }] }, 'exception "batch-root" has reason ""; give a reason of at least 10 characters (why, and who owns it)'],
    ['an exception naming an unknown rule', { pack: 'pss-baseline', exceptions: [{ ...exception, rules: ['pss-restricted-run-as-non-root'] }] },
      'exception "batch-root" names rule "pss-restricted-run-as-non-root", which matches no rule of the pack; use one of'],
    ['a duplicate exception id', { exceptions: [exception, exception] }, "exception id 'batch-root' is used twice; give each exception its own id"],
  ])('fails with %s', (_what, props, message) => {
    expect(() => pack(props)).toThrow(`PolicyPack 'test/policies': ${message}`);
  });
});
