import { Chart, Testing } from 'cdk8s';
import { gatekeeperEnforcementAction } from '../../../src/policy/gatekeeper/native-validation';
import { PolicyAction } from '../../../src/policy/model';
import { PolicyEngine, PolicyPack } from '../../../src/policy/policy-pack';

function synth(props: ConstructorParameters<typeof PolicyPack>[2] = {}): any[] {
  const chart = new Chart(Testing.app(), 'test');
  new PolicyPack(chart, 'pss', { engine: PolicyEngine.gatekeeper(), ...props });
  return Testing.synth(chart);
}

describe('Gatekeeper K8sNativeValidation backend', () => {
  test('matches the defaults snapshot (pss-baseline v1.28)', () => {
    expect(synth({ pack: 'pss-baseline', pssVersion: 'v1.28' })).toMatchSnapshot();
  });

  test('emits a ConstraintTemplate with the CEL engine and a constraint of its kind per rule', () => {
    const objects = synth();
    const template = objects.find((o) => o.kind === 'ConstraintTemplate' && o.metadata.name === 'hardenedpssrestrictedprivileged');
    expect(template.apiVersion).toBe('templates.gatekeeper.sh/v1');
    expect(template.spec.crd.spec.names.kind).toBe('HardenedPssRestrictedPrivileged');
    expect(template.spec.crd.spec.validation.openAPIV3Schema).toEqual({ type: 'object', description: 'pss-restricted-privileged takes no parameters.', properties: {} });
    const target = template.spec.targets[0];
    expect(target.target).toBe('admission.k8s.gatekeeper.sh');
    expect(target.operations).toEqual(['CREATE', 'UPDATE']);
    expect(target.code[0].engine).toBe('K8sNativeValidation');
    expect(target.code[0].source.variables[0].expression).toContain('variables.anyObject.kind');
    const constraint = objects.find((o) => o.kind === 'HardenedPssRestrictedPrivileged');
    expect(constraint.apiVersion).toBe('constraints.gatekeeper.sh/v1beta1');
    expect(constraint.metadata.name).toBe('hardened-pss-restricted-privileged');
  });

  test('denies by default and matches every pod-bearing kind, skipping exempt namespaces', () => {
    const constraint = synth({ exemptNamespaces: ['kube-system'] }).find((o) => o.kind === 'HardenedPssRestrictedPrivileged');
    expect(constraint.spec.enforcementAction).toBe('deny');
    expect(constraint.spec.match).toEqual({
      kinds: [
        { apiGroups: [''], kinds: ['Pod', 'ReplicationController'] },
        { apiGroups: ['apps'], kinds: ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'] },
        { apiGroups: ['batch'], kinds: ['Job', 'CronJob'] },
      ],
      excludedNamespaces: ['kube-system'],
      namespaceSelector: { matchExpressions: [{ key: 'cdk8s-hardened.io/policy-exempt', operator: 'DoesNotExist' }] },
    });
  });

  test('maps actions to deny, dryrun and warn', () => {
    expect(gatekeeperEnforcementAction(PolicyAction.ENFORCE)).toBe('deny');
    expect(gatekeeperEnforcementAction(PolicyAction.AUDIT)).toBe('dryrun');
    expect(gatekeeperEnforcementAction(PolicyAction.WARN)).toBe('warn');
  });

  test('renders exceptions as match conditions of the CEL source and annotates the constraint', () => {
    const objects = synth({ exceptions: [{ id: 'vendor', reason: 'vendor agent needs host PID (SEC-7)', expires: '2099-01-01', matchLabels: { app: 'agent' } }] });
    const template = objects.find((o) => o.metadata.name === 'hardenedpssrestrictedprivileged');
    expect(template.spec.targets[0].code[0].source.matchConditions).toEqual([
      { name: 'exception-vendor', expression: "!(has(object.metadata.labels) && 'app' in object.metadata.labels && object.metadata.labels['app'] == 'agent')" },
    ]);
    expect(objects.find((o) => o.kind === 'HardenedPssRestrictedPrivileged').metadata.annotations['cdk8s-hardened.io/expires']).toBe('2099-01-01');
  });
});
