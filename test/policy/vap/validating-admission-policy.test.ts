import { ApiObject, Chart, Testing } from 'cdk8s';
import { PolicyAction } from '../../../src/policy/model';
import { PolicyEngine, PolicyPack } from '../../../src/policy/policy-pack';
import { vapApiVersion, validationActions } from '../../../src/policy/vap/validating-admission-policy';

function synth(props: ConstructorParameters<typeof PolicyPack>[2] = {}): any[] {
  const chart = new Chart(Testing.app(), 'test');
  new PolicyPack(chart, 'pss', { engine: PolicyEngine.validatingAdmissionPolicy(), ...props });
  return Testing.synth(chart);
}

const byName = (objects: any[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

describe('ValidatingAdmissionPolicy backend', () => {
  test('matches the defaults snapshot (pss-restricted v1.28, Kubernetes 1.28)', () => {
    expect(synth({ pssVersion: 'v1.28' })).toMatchSnapshot();
  });

  test('emits one policy and one binding per rule, v1beta1 for Kubernetes 1.28', () => {
    const objects = synth({ pssVersion: 'v1.28' });
    const policies = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy');
    expect(policies.length).toBe(objects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding').length);
    expect(new Set(objects.map((o) => o.apiVersion))).toEqual(new Set(['admissionregistration.k8s.io/v1beta1']));
    expect(policies.map((p) => p.metadata.name)).toContain('hardened-pss-restricted-run-as-non-root');
  });

  test('emits v1 from Kubernetes 1.30', () => {
    expect(new Set(synth({ kubernetesVersion: '1.30' }).map((o) => o.apiVersion))).toEqual(new Set(['admissionregistration.k8s.io/v1']));
    expect(vapApiVersion('1.29')).toBe('admissionregistration.k8s.io/v1beta1');
  });

  test('fails policy on error, matches pods and controllers on CREATE and UPDATE', () => {
    const policy = byName(synth(), 'ValidatingAdmissionPolicy', 'hardened-pss-restricted-privileged');
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(policy.spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods', 'replicationcontrollers'] },
      { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'] },
      { apiGroups: ['batch'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['jobs', 'cronjobs'] },
    ]);
    expect(policy.spec.variables.map((v: any) => v.name)).toEqual(['podSpec', 'podMeta', 'containers']);
    expect(policy.spec.validations[0]).toEqual(expect.objectContaining({ reason: 'Forbidden', messageExpression: expect.any(String) }));
  });

  test('denies by default and skips exempt namespaces by label and name', () => {
    const binding = byName(synth({ exemptNamespaces: ['kube-system'] }), 'ValidatingAdmissionPolicyBinding', 'hardened-pss-restricted-privileged');
    expect(binding.spec.policyName).toBe('hardened-pss-restricted-privileged');
    expect(binding.spec.validationActions).toEqual(['Deny']);
    expect(binding.spec.matchResources.namespaceSelector.matchExpressions).toEqual([
      { key: 'cdk8s-hardened.io/policy-exempt', operator: 'DoesNotExist' },
      { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] },
    ]);
  });

  test('maps audit and warn to validationActions Audit and Warn', () => {
    expect(validationActions(PolicyAction.AUDIT)).toEqual(['Audit']);
    expect(validationActions(PolicyAction.WARN)).toEqual(['Warn']);
    const binding = synth({ action: PolicyAction.AUDIT }).find((o) => o.kind === 'ValidatingAdmissionPolicyBinding');
    expect(binding.spec.validationActions).toEqual(['Audit']);
  });

  test('renders exceptions as match conditions on the rules they name, with the expiry annotated', () => {
    const objects = synth({
      exceptions: [{ id: 'batch-root', reason: 'legacy batch image runs as root (team-batch)', expires: '2099-01-31', namespaces: ['batch'], rules: ['pss-restricted-run-as-non-root'] }],
    });
    const covered = byName(objects, 'ValidatingAdmissionPolicy', 'hardened-pss-restricted-run-as-non-root');
    expect(covered.spec.matchConditions).toEqual([{ name: 'exception-batch-root', expression: "!(request.namespace in ['batch'])" }]);
    expect(covered.metadata.annotations['cdk8s-hardened.io/expires']).toBe('2099-01-31');
    const other = byName(objects, 'ValidatingAdmissionPolicy', 'hardened-pss-restricted-privileged');
    expect(other.spec.matchConditions).toBeUndefined();
    expect(other.metadata.annotations['cdk8s-hardened.io/expires']).toBeUndefined();
  });

  test('supports escape hatches on the emitted objects', () => {
    const chart = new Chart(Testing.app(), 'test');
    const pack = new PolicyPack(chart, 'pss');
    const policy = pack.node.findChild('pss-restricted-privileged') as ApiObject;
    policy.metadata.addLabel('team', 'platform');
    expect(byName(Testing.synth(chart), 'ValidatingAdmissionPolicy', 'hardened-pss-restricted-privileged').metadata.labels).toEqual({ team: 'platform' });
  });

  test('fails for Kubernetes older than 1.28', () => {
    expect(() => synth({ kubernetesVersion: '1.27' })).toThrow(
      "PolicyPack 'test/pss': ValidatingAdmissionPolicy: ValidatingAdmissionPolicy needs Kubernetes 1.28 or newer (v1beta1), got \"1.27\"",
    );
  });
});
