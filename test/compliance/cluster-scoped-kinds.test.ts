import { CheckStatus } from '../../src/compliance/check';
import { namespaceExplicit } from '../../src/compliance/checks/namespace/namespace-explicit';
import { CLUSTER_SCOPED_KINDS, isClusterScoped, isKindDeclaration } from '../../src/compliance/cluster-scoped-kinds';
import { EvaluationContext } from '../../src/compliance/context';
import { evaluate } from '../../src/compliance/engine';

const NOW = new Date('2026-01-01T00:00:00Z');

function context(objects: any[] = [], clusterScopedKinds?: string[]): EvaluationContext {
  return new EvaluationContext(objects, { pssVersion: 'latest', now: NOW, clusterScopedKinds });
}

function object(apiVersion: string, kind: string, namespace?: string): any {
  return { apiVersion, kind, metadata: { name: 'x', ...(namespace ? { namespace } : {}) } };
}

describe('cluster-scoped kinds', () => {
  test.each([
    ['security.openshift.io/v1', 'SecurityContextConstraints'],
    ['cert-manager.io/v1', 'ClusterIssuer'],
    ['kyverno.io/v1', 'ClusterPolicy'],
    ['nvidia.com/v1', 'ClusterPolicy'],
    ['external-secrets.io/v1beta1', 'ClusterSecretStore'],
    ['templates.gatekeeper.sh/v1', 'ConstraintTemplate'],
    ['constraints.gatekeeper.sh/v1beta1', 'K8sRequiredLabels'],
    ['policy.sigstore.dev/v1beta1', 'ClusterImagePolicy'],
    ['crd.projectcalico.org/v1', 'GlobalNetworkPolicy'],
    ['cilium.io/v2', 'CiliumClusterwideNetworkPolicy'],
    ['karpenter.sh/v1', 'NodePool'],
    ['gateway.networking.k8s.io/v1', 'GatewayClass'],
    ['v1', 'Namespace'],
    ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
  ])('namespace-explicit does not apply to %s %s', (apiVersion, kind) => {
    const outcome = namespaceExplicit.evaluate(object(apiVersion, kind), context());
    expect(outcome).toEqual({ status: CheckStatus.NOT_APPLICABLE, reason: `${kind} is cluster-scoped` });
  });

  test('fails a namespaced kind that shares its name with a cluster-scoped kind of another group', () => {
    // Gatekeeper's Config lives in the gatekeeper-system namespace; OpenShift's Network is cluster-scoped.
    expect(namespaceExplicit.evaluate(object('config.gatekeeper.sh/v1alpha1', 'Config'), context()).status).toBe(CheckStatus.FAIL);
    expect(namespaceExplicit.evaluate(object('example.com/v1', 'Network'), context()).status).toBe(CheckStatus.FAIL);
  });

  test('a CustomResourceDefinition of the set overrides the data', () => {
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'clusterpolicies.kyverno.io' }, spec: { group: 'kyverno.io', scope: 'Namespaced', names: { kind: 'ClusterPolicy' } } };
    expect(isClusterScoped(object('kyverno.io/v1', 'ClusterPolicy'), context([crd]))).toBe(false);
  });

  test('declared kinds count, by kind alone or with their group', () => {
    const widget = object('example.com/v1', 'Widget');
    expect(isClusterScoped(widget, context())).toBe(false);
    expect(isClusterScoped(widget, context([], ['Widget']))).toBe(true);
    expect(isClusterScoped(widget, context([], ['Widget.example.com']))).toBe(true);
    expect(isClusterScoped(widget, context([], ['Widget.other.io']))).toBe(false);
  });

  test('a kind without apiVersion is matched by kind alone', () => {
    expect(isClusterScoped({ kind: 'SecurityContextConstraints', metadata: { name: 'x' } }, context())).toBe(true);
    expect(isClusterScoped({ kind: 'Deployment', metadata: { name: 'x' } }, context())).toBe(false);
  });


  test('one context answers each apiVersion and kind on its own (answers are remembered per pair)', () => {
    const crds = ['Widget', 'Gadget'].map((kind) => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${kind.toLowerCase()}s.example.com` },
      spec: { group: 'example.com', scope: kind === 'Widget' ? 'Cluster' : 'Namespaced', names: { kind } },
    }));
    const ctx = context(crds);
    const asked: Array<[string | undefined, string, boolean]> = [
      ['example.com/v1', 'Widget', true],
      ['example.com/v1', 'Gadget', false],
      ['other.io/v1', 'Widget', false],
      ['example.com/v1', 'Widget', true],
      [undefined, 'Widget', false],
      [undefined, 'SecurityContextConstraints', true],
      ['v1', 'Namespace', true],
      ['v1', 'ConfigMap', false],
    ];
    for (const [apiVersion, kind, expected] of asked) {
      const o = apiVersion === undefined ? { kind, metadata: { name: 'x' } } : object(apiVersion, kind);
      expect([apiVersion, kind, isClusterScoped(o, ctx)]).toEqual([apiVersion, kind, expected]);
    }
  });
  test('the data names each kind once per group, in PascalCase', () => {
    for (const [group, kinds] of Object.entries(CLUSTER_SCOPED_KINDS)) {
      expect([group, new Set(kinds).size]).toEqual([group, kinds.length]);
      for (const k of kinds) expect(isKindDeclaration(k)).toBe(true);
    }
  });

  test('the engine passes declared kinds to the checks', () => {
    const widget = object('example.com/v1', 'Widget');
    const ids = (kinds?: string[]) => evaluate([widget], { pack: 'cis-k8s', now: NOW, clusterScopedKinds: kinds }).findings.map((f) => f.checkId);
    expect(ids()).toEqual(['namespace-explicit']);
    expect(ids(['Widget.example.com'])).toEqual([]);
  });

  test('fails on a malformed declaration', () => {
    expect(() => evaluate([], { clusterScopedKinds: ['widgets'] })).toThrow(
      'invalid cluster-scoped kind "widgets"; use \'Kind\' or \'Kind.group\' (e.g. \'Widget\' or \'Widget.example.com\')');
  });

  test.each([['Widget', true], ['Widget.example.com', true], ['widget', false], ['Widget.', false], ['Widget.Example.com', false], ['', false]])(
    'isKindDeclaration(%j) is %s', (value, expected) => {
      expect(isKindDeclaration(value as string)).toBe(expected);
    });
});
