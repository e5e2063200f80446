import { Chart, Testing } from 'cdk8s';
import { KYVERNO_VALIDATING_POLICY_API_VERSION } from '../../../src/policy/kyverno/validating-policy';
import { PolicyAction } from '../../../src/policy/model';
import { PolicyEngine, PolicyPack } from '../../../src/policy/policy-pack';

function synth(props: ConstructorParameters<typeof PolicyPack>[2] = {}): any[] {
  const chart = new Chart(Testing.app(), 'test');
  new PolicyPack(chart, 'pss', { engine: PolicyEngine.kyvernoValidatingPolicy(), ...props });
  return Testing.synth(chart);
}

describe('Kyverno ValidatingPolicy backend', () => {
  test('matches the defaults snapshot (pss-baseline v1.28)', () => {
    expect(synth({ pack: 'pss-baseline', pssVersion: 'v1.28' })).toMatchSnapshot();
  });

  test('emits one policies.kyverno.io/v1 ValidatingPolicy per rule', () => {
    const objects = synth();
    expect(KYVERNO_VALIDATING_POLICY_API_VERSION).toBe('policies.kyverno.io/v1');
    expect(objects.every((o) => o.apiVersion === 'policies.kyverno.io/v1' && o.kind === 'ValidatingPolicy')).toBe(true);
    expect(objects.map((o) => o.metadata.name)).toContain('hardened-pss-restricted-run-as-non-root');
  });

  test('denies, fails closed, scans in the background and matches controllers explicitly (no autogen)', () => {
    const policy = synth().find((o) => o.metadata.name === 'hardened-pss-restricted-privileged');
    expect(policy.spec.validationActions).toEqual(['Deny']);
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(policy.spec.evaluation).toEqual({ background: { enabled: true } });
    expect(policy.spec.autogen).toBeUndefined();
    expect(policy.spec.matchConstraints.resourceRules.flatMap((r: any) => r.resources)).toEqual(
      ['pods', 'replicationcontrollers', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs'],
    );
    expect(policy.spec.matchConstraints.namespaceSelector).toEqual({ matchExpressions: [{ key: 'cdk8s-hardened.io/policy-exempt', operator: 'DoesNotExist' }] });
    expect(policy.metadata.annotations['policies.kyverno.io/severity']).toBe('error');
  });

  test('audits when asked', () => {
    expect(synth({ action: PolicyAction.AUDIT })[0].spec.validationActions).toEqual(['Audit']);
  });

  test('renders Role rules for the rbac pack', () => {
    const policy = synth({ pack: 'rbac-least-privilege' }).find((o) => o.metadata.name === 'hardened-rbac-no-wildcards');
    expect(policy.spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: ['rbac.authorization.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['roles', 'clusterroles'] },
    ]);
    expect(policy.spec.variables).toEqual([{ name: 'rules', expression: 'has(object.rules) ? object.rules : []' }]);
  });
});
