import { Chart, Testing } from 'cdk8s';
import { PolicyAction } from '../../../src/policy/model';
import { celSyntaxError, CustomValidatingAdmissionPolicy, CustomValidatingAdmissionPolicyProps } from '../../../src/policy/vap/custom-policy';

const PROPS: CustomValidatingAdmissionPolicyProps = {
  name: 'no-host-network',
  validations: [{ expression: '!variables.spec.?hostNetwork.orValue(false)', message: 'hostNetwork is forbidden' }],
  variables: [{ name: 'spec', expression: "object.kind == 'Pod' ? object.spec : object.spec.template.spec" }],
};

function synth(props: Partial<CustomValidatingAdmissionPolicyProps> = {}): any[] {
  const chart = new Chart(Testing.app(), 'test');
  new CustomValidatingAdmissionPolicy(chart, 'vap', { ...PROPS, ...props });
  return Testing.synth(chart);
}

function fails(props: Partial<CustomValidatingAdmissionPolicyProps>, message: string): void {
  const chart = new Chart(Testing.app(), 'test');
  expect(() => new CustomValidatingAdmissionPolicy(chart, 'vap', { ...PROPS, ...props })).toThrow(`CustomValidatingAdmissionPolicy 'test/vap': ${message}`);
}

describe('CustomValidatingAdmissionPolicy', () => {
  test('renders a policy and its binding (snapshot)', () => {
    expect(synth()).toMatchSnapshot();
  });

  test('defaults to v1beta1 for Kubernetes 1.28, v1 from 1.30', () => {
    expect(synth()[0].apiVersion).toBe('admissionregistration.k8s.io/v1beta1');
    expect(synth({ kubernetesVersion: '1.30' }).map((o) => o.apiVersion)).toEqual(['admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1']);
  });

  test('fails closed and denies by default', () => {
    const [policy, binding] = synth();
    expect(policy.spec.failurePolicy).toBe('Fail');
    expect(binding.spec.validationActions).toEqual(['Deny']);
    expect(policy.spec.validations[0].reason).toBe('Forbidden');
  });

  test('defaults to Pods and every pod controller on CREATE and UPDATE', () => {
    expect(synth()[0].spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods', 'replicationcontrollers'] },
      { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'] },
      { apiGroups: ['batch'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['jobs', 'cronjobs'] },
    ]);
  });

  test('maps audit and warn to validationActions', () => {
    expect(synth({ action: PolicyAction.AUDIT })[1].spec.validationActions).toEqual(['Audit']);
    expect(synth({ action: PolicyAction.WARN })[1].spec.validationActions).toEqual(['Warn']);
  });

  test('exempts namespaces and namespace-only exceptions in the binding namespaceSelector', () => {
    const [policy, binding] = synth({
      exemptNamespaces: ['kube-system'],
      exceptions: [{ id: 'batch', reason: 'batch team migration (BATCH-3)', expires: '2099-01-01', namespaces: ['batch'] }],
    });
    expect(binding.spec.matchResources.namespaceSelector).toEqual({
      matchExpressions: [
        { key: 'cdk8s-hardened.io/policy-exempt', operator: 'DoesNotExist' },
        { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'batch'] },
      ],
    });
    expect(policy.spec.matchConditions).toBeUndefined();
    expect(binding.metadata.annotations).toMatchObject({ 'cdk8s-hardened.io/exception': 'batch', 'cdk8s-hardened.io/expires': '2099-01-01' });
  });

  test('exempts labelled objects with a match condition', () => {
    const [policy] = synth({ exceptions: [{ id: 'agent', reason: 'vendor agent (SEC-42)', expires: '2099-01-01', matchLabels: { app: 'agent' } }] });
    expect(policy.spec.matchConditions).toEqual([{
      name: 'exception-agent',
      expression: "!(has(object.metadata.labels) && 'app' in object.metadata.labels && object.metadata.labels['app'] == 'agent')",
    }]);
  });

  test('fails on an exception whose expiry has passed', () => {
    fails({ exceptions: [{ id: 'old', reason: 'a reason long enough', expires: '2021-06-30', namespaces: ['x'] }] },
      "exception \"old\" expired on 2021-06-30; renew it with a new reason and a future 'expires' date, or remove it");
  });

  test('fails on a CEL syntax error with its position', () => {
    fails({ validations: [{ expression: 'object.spec.containers.all(c, has(c.image)' }] },
      "validations[0].expression 'object.spec.containers.all(c, has(c.image)' is not valid CEL: parsing stops at line 1, column 23 (found . but expecting end of input)");
  });

  test('fails on an empty expression', () => {
    fails({ validations: [{ expression: ' ' }] }, "validations[0].expression ' ' is empty; write a CEL expression");
  });

  test('fails on a variable read before it is declared', () => {
    fails({ variables: [], validations: [{ expression: 'variables.spec.hostNetwork != true' }] },
      'validations[0].expression reads variables.spec, which is not declared before it; declare it in variables (in order)');
  });

  test('fails on a variable name that is not a CEL identifier', () => {
    fails({ variables: [{ name: 'pod-spec', expression: 'object.spec' }] }, "variable name 'pod-spec' is not a CEL identifier; use letters, digits and '_', e.g. 'containers'");
  });

  test('fails on an unknown denial reason', () => {
    fails({ validations: [{ expression: 'true', reason: 'Nope' }] }, "validations[0].reason 'Nope' is not one of 'Unauthorized', 'Forbidden', 'Invalid', 'RequestEntityTooLarge'");
  });

  test('fails without validations', () => {
    fails({ validations: [] }, 'has no validations; give at least one { expression, message }');
  });

  test('fails for Kubernetes before 1.28', () => {
    fails({ kubernetesVersion: '1.27' }, "kubernetesVersion '1.27' is not supported; ValidatingAdmissionPolicy needs '1.28' or newer (v1 from '1.30')");
  });
});

describe('celSyntaxError', () => {
  test.each([
    ['object.spec.?securityContext.?runAsNonRoot.orValue(false) == true'],
    ["[?object.metadata.?name, 'x'].size() > 0"],
    ["object.metadata.name.startsWith('a?') ? true : false"],
  ])('accepts %s', (expression) => {
    expect(celSyntaxError(expression)).toBeUndefined();
  });

  test('reports the line of an error in a multi-line expression', () => {
    expect(celSyntaxError('a &&\nb +')).toMatch(/^is not valid CEL: parsing stops at line \d+, column \d+ \(/);
  });
});
