import { Chart, Testing } from 'cdk8s';
import { KyvernoFailureAction } from '../../../src/policy/kyverno/custom-rule';
import { GatekeeperPresets, K8S_REQUIRED_LABELS_REGO } from '../../../src/policy/presets/gatekeeper-presets';
import { KyvernoPresets } from '../../../src/policy/presets/kyverno-presets';

describe('KyvernoPresets.requireRunAsNonRoot', () => {
  function synth(options = {}): any {
    const chart = new Chart(Testing.app(), 'test');
    KyvernoPresets.requireRunAsNonRoot(chart, 'nonroot', options);
    return Testing.synth(chart)[0];
  }

  test('is the brief policy with a per-rule failureAction (snapshot)', () => {
    expect(synth()).toMatchSnapshot();
  });

  test('enforces runAsNonRoot: true on every container with a per-rule Enforce', () => {
    const policy = synth();
    expect(policy.metadata.name).toBe('require-run-as-nonroot');
    expect(policy.spec.validationFailureAction).toBeUndefined();
    expect(policy.spec.rules).toHaveLength(1);
    expect(policy.spec.rules[0].name).toBe('run-as-non-root');
    expect(policy.spec.rules[0].validate).toEqual({
      failureAction: 'Enforce',
      message: 'Containers must run as non-root',
      pattern: { spec: { containers: [{ securityContext: { runAsNonRoot: true } }] } },
    });
  });

  test('is auto-generated for every pod controller and scans existing resources', () => {
    const policy = synth();
    expect(policy.metadata.annotations['pod-policies.kyverno.io/autogen-controllers']).toBe('DaemonSet,Deployment,Job,StatefulSet,ReplicaSet,ReplicationController,CronJob');
    expect(policy.spec.background).toBe(true);
  });

  test('can audit instead', () => {
    expect(synth({ failureAction: KyvernoFailureAction.AUDIT }).spec.rules[0].validate.failureAction).toBe('Audit');
  });
});

describe('GatekeeperPresets.k8sRequiredLabels', () => {
  test('is the brief template in Rego v1 with a labels parameter (snapshot)', () => {
    const chart = new Chart(Testing.app(), 'test');
    const template = GatekeeperPresets.k8sRequiredLabels(chart, 'labels');
    template.addConstraint('ns-owner', { name: 'ns-must-have-owner', kinds: [{ apiGroups: [''], kinds: ['Namespace'] }], parameters: { labels: ['owner'] } });
    const [tpl, constraint] = Testing.synth(chart);
    expect(tpl.metadata.name).toBe('k8srequiredlabels');
    expect(tpl.spec.crd.spec.names.kind).toBe('K8sRequiredLabels');
    expect(tpl.spec.targets[0].code).toEqual([{ engine: 'Rego', source: { version: 'v1', rego: K8S_REQUIRED_LABELS_REGO } }]);
    expect(K8S_REQUIRED_LABELS_REGO).toContain('violation contains {"msg": msg, "details": {"missing_labels": missing}} if {');
    expect(tpl.spec.crd.spec.validation.openAPIV3Schema.properties.labels).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(constraint).toMatchObject({
      apiVersion: 'constraints.gatekeeper.sh/v1beta1',
      kind: 'K8sRequiredLabels',
      spec: { enforcementAction: 'deny', match: { kinds: [{ apiGroups: [''], kinds: ['Namespace'] }] }, parameters: { labels: ['owner'] } },
    });
    expect([tpl, constraint]).toMatchSnapshot();
  });

  test('fails on a constraint without the required labels parameter', () => {
    const chart = new Chart(Testing.app(), 'test');
    const template = GatekeeperPresets.k8sRequiredLabels(chart, 'labels');
    expect(() => template.addConstraint('c', { parameters: {} })).toThrow("GatekeeperConstraint 'test/labels/c': parameters.labels is required");
  });
});
