import { CheckStatus, ICheck, Severity } from '../../src/compliance/check';
import { ALL_CHECKS } from '../../src/compliance/checks';
import { EvaluationContext } from '../../src/compliance/context';
import { computeScorecard, SCORECARD_CHECKS, SCORECARD_EQUIVALENTS } from '../../src/compliance/scorecard';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const IMAGE = `registry.example.com/api:1.0@${DIGEST}`;

/** A wildcard-verbs check standing in for the RBAC least-privilege pack. */
const NO_WILDCARDS: ICheck = {
  id: 'test-no-wildcards',
  title: 't',
  description: 'd',
  severity: Severity.ERROR,
  controls: [],
  kinds: ['Role', 'ClusterRole'],
  evaluate: (o: any) => ((o.rules ?? []).some((r: any) => (r.verbs ?? []).includes('*'))
    ? { status: CheckStatus.FAIL, reason: 'wildcard' } : { status: CheckStatus.PASS }),
};

function namespace(name: string, labels: Record<string, string> = { 'environment': 'production', 'pod-security.kubernetes.io/enforce': 'restricted' }) {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}
function denyAll(ns: string) {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: ns }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
}
function deployment(name: string, ns: string, image = IMAGE) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: { template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } } },
  };
}
const verifyPolicy = {
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: { name: 'verify-images' },
  spec: {
    rules: [{
      name: 'verify',
      match: { any: [{ resources: { kinds: ['Pod'] } }] },
      verifyImages: [{ imageReferences: ['registry.example.com/*'], failureAction: 'Enforce', attestors: [{ entries: [{ keyless: { issuer: 'https://token.actions.githubusercontent.com', subject: 'x' } }] }] }],
    }],
  },
};
const role = (name: string, verbs: string[]) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: 'prod' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs }],
});
const sa = (name: string, automount?: boolean) => ({
  apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'prod' }, ...(automount !== undefined ? { automountServiceAccountToken: automount } : {}),
});

function runAs(d: any, account: string, podSpec: Record<string, unknown> = {}, annotations?: Record<string, string>): any {
  Object.assign(d.spec.template.spec, { serviceAccountName: account, ...podSpec });
  if (annotations) d.spec.template.metadata.annotations = annotations;
  return d;
}

function golden(): any[] {
  return [namespace('prod'), denyAll('prod'), runAs(deployment('api', 'prod'), 'api'), verifyPolicy, role('api', ['get']), sa('api', false)];
}
const ctx = (objects: any[]) => new EvaluationContext(objects, { pssVersion: 'latest', now: new Date('2026-01-01T00:00:00Z') });
const byId = (objects: any[], targets = {}) => {
  const result = computeScorecard(ctx(objects), { rbacChecks: [NO_WILDCARDS], targets });
  return Object.fromEntries(result.metrics.map((m) => [m.id, m]));
};

describe('scorecard', () => {
  test('scores 100% on all four metrics for a hardened set', () => {
    const m = byId(golden());
    expect(Object.keys(m)).toEqual(['rbac-least-privilege', 'pss-restricted-production', 'network-policy-coverage', 'image-signing']);
    for (const metric of Object.values(m)) {
      expect(metric.percent).toBe(100);
      expect(metric.target).toBe(100);
      expect(metric.met).toBe(true);
    }
    expect(m['rbac-least-privilege']).toMatchObject({ compliant: 2, total: 2 });
    expect(m['rbac-least-privilege'].parts!.map((p) => [p.id, p.compliant, p.total])).toEqual([
      ['rbac-least-privilege-roles', 1, 1], ['rbac-least-privilege-api-tokens', 1, 1],
    ]);
    expect(m['network-policy-coverage'].parts!.map((p) => [p.id, p.compliant, p.total])).toEqual([
      ['network-policy-coverage-workloads', 1, 1], ['network-policy-coverage-namespaces', 1, 1],
    ]);
    expect(m['image-signing']).toMatchObject({ compliant: 1, total: 1 });
  });

  test('reports 100% of nothing as met', () => {
    const m = byId([]);
    expect(m['image-signing']).toEqual({ id: 'image-signing', title: 'Production images pinned by digest and signature-verified', compliant: 0, total: 0, percent: 100, target: 100, met: true });
  });

  test('fails RBAC least privilege on a wildcard role and a workload whose ServiceAccount automounts', () => {
    const m = byId([...golden(), role('admin', ['*']), sa('legacy'), runAs(deployment('legacy', 'prod'), 'legacy')]);
    expect(m['rbac-least-privilege']).toMatchObject({ compliant: 2, total: 4, percent: 50, met: false });
  });

  describe('the API token part', () => {
    const tokens = (...extra: any[]) => byId([...golden(), ...extra])['rbac-least-privilege'].parts![1];

    test.each([
      ['the pod sets automountServiceAccountToken: false', runAs(deployment('w', 'prod'), 'legacy', { automountServiceAccountToken: false }), sa('legacy')],
      ['the ServiceAccount sets it to false and the pod leaves it unset', runAs(deployment('w', 'prod'), 'api')],
      ['a ServiceAccount that automounts is not used by any pod', sa('unused')],
    ])('counts no token when %s', (_name, ...extra) => {
      const part = tokens(...extra);
      expect(part).toMatchObject({ percent: 100, met: true });
      expect(part.total).toBe(extra.filter((o: any) => o.kind === 'Deployment').length + 1);
    });

    test.each([
      ['the pod sets automountServiceAccountToken: true over its ServiceAccount\'s false', runAs(deployment('w', 'prod'), 'api', { automountServiceAccountToken: true })],
      ['the pod leaves it unset and its ServiceAccount automounts', runAs(deployment('w', 'prod'), 'legacy'), sa('legacy')],
      ['the pod runs as a ServiceAccount missing from the set (the API default automounts)', deployment('w', 'prod')],
      ['the pod mounts a projected serviceAccountToken volume', runAs(deployment('w', 'prod'), 'api', {
        automountServiceAccountToken: false,
        volumes: [{ name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', audience: 'vault' } }] } }],
      })],
    ])('fails when %s', (_name, ...extra) => {
      expect(tokens(...extra)).toMatchObject({ compliant: 1, total: 2, percent: 50, met: false });
    });

    test('counts a pod annotated for API access as a deliberate exception, listed with its reason', () => {
      const operator = runAs(deployment('operator', 'prod'), 'api', { automountServiceAccountToken: true }, { 'cdk8s-hardened.io/api-access': 'watches ConfigMaps to reload' });
      expect(tokens(operator)).toEqual({
        id: 'rbac-least-privilege-api-tokens',
        title: 'Workloads whose pods mount no API token, or do so deliberately',
        compliant: 2,
        total: 2,
        percent: 100,
        target: 100,
        met: true,
        exceptions: [{ object: 'Deployment/prod/operator', reason: 'watches ConfigMaps to reload' }],
      });
    });

    test('fails a pod whose API-access annotation gives no reason', () => {
      const operator = runAs(deployment('operator', 'prod'), 'api', { automountServiceAccountToken: true }, { 'cdk8s-hardened.io/api-access': ' ' });
      expect(tokens(operator)).toMatchObject({ compliant: 1, total: 2, met: false });
      expect(tokens(operator).exceptions).toBeUndefined();
    });

    test('lists no exception for an annotated pod that mounts no token', () => {
      const d = runAs(deployment('quiet', 'prod'), 'api', {}, { 'cdk8s-hardened.io/api-access': 'not really needed' });
      expect(tokens(d).exceptions).toBeUndefined();
    });
  });

  test('fails PSS on a production namespace without enforce=restricted', () => {
    const m = byId([...golden(), namespace('prod2', { 'environment': 'production', 'pod-security.kubernetes.io/enforce': 'baseline' })]);
    expect(m['pss-restricted-production']).toMatchObject({ compliant: 1, total: 2, percent: 50, met: false });
  });

  test('measures only production namespaces when some are labelled', () => {
    const m = byId([...golden(), namespace('dev', { environment: 'dev' })]);
    expect(m['pss-restricted-production']).toMatchObject({ compliant: 1, total: 1 });
  });

  test('fails network coverage for a workload and namespace without policies', () => {
    const m = byId([...golden(), namespace('other'), deployment('web', 'other')]);
    expect(m['network-policy-coverage'].parts!.map((p) => [p.compliant, p.total])).toEqual([[1, 2], [1, 2]]);
    expect(m['network-policy-coverage']).toMatchObject({ compliant: 2, total: 4, percent: 50, met: false });
  });

  test('fails image signing for an unpinned image and for an image no enforcing policy covers', () => {
    const m = byId([...golden(), deployment('tag', 'prod', 'registry.example.com/api:1.0'), deployment('other', 'prod', `docker.io/library/nginx@${DIGEST}`)]);
    expect(m['image-signing']).toMatchObject({ compliant: 1, total: 3, percent: 33.33, met: false });
  });

  test('does not count an Audit-mode policy as coverage', () => {
    const audit = JSON.parse(JSON.stringify(verifyPolicy));
    audit.spec.rules[0].verifyImages[0].failureAction = 'Audit';
    const objects = golden().filter((o) => o.kind !== 'ClusterPolicy');
    expect(byId([...objects, audit])['image-signing']).toMatchObject({ compliant: 0, total: 1, met: false });
  });

  test('ignores workloads outside production for image signing and kube-* namespaces everywhere', () => {
    const m = byId([...golden(), namespace('dev', { environment: 'dev' }), deployment('dev-app', 'dev', 'nginx'),
      deployment('dns', 'kube-system', 'nginx')]);
    expect(m['image-signing']).toMatchObject({ compliant: 1, total: 1 });
    expect(m['network-policy-coverage'].parts![0]).toMatchObject({ total: 2 });
  });

  describe('narrowed to namespaces', () => {
    const clusterAdmin = {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'too-wide' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
    };
    const set = () => [...golden(), clusterAdmin, namespace('other', { 'environment': 'production', 'pod-security.kubernetes.io/enforce': 'baseline' }),
      deployment('web', 'other', 'nginx'), { ...role('wide', ['*']), metadata: { name: 'wide', namespace: 'other' } }];
    const narrowed = (namespaces: string[]) => Object.fromEntries(computeScorecard(ctx(set()), { rbacChecks: [NO_WILDCARDS], namespaces }).metrics
      .map((m) => [m.id, [m.compliant, m.total]]));

    test('measures only the objects and Namespaces of those namespaces, and no cluster-scoped object', () => {
      expect(narrowed(['prod'])).toEqual({
        'rbac-least-privilege': [2, 2], 'pss-restricted-production': [1, 1], 'network-policy-coverage': [2, 2], 'image-signing': [1, 1],
      });
      expect(narrowed(['other'])).toEqual({
        'rbac-least-privilege': [0, 2], 'pss-restricted-production': [0, 1], 'network-policy-coverage': [0, 2], 'image-signing': [0, 1],
      });
    });

    test('measures everything without a namespace, or with an empty list', () => {
      const all = {
        'rbac-least-privilege': [2, 5], 'pss-restricted-production': [1, 2], 'network-policy-coverage': [2, 4], 'image-signing': [1, 2],
      };
      expect(narrowed([])).toEqual(all);
      expect(Object.fromEntries(Object.values(byId(set())).map((m) => [m.id, [m.compliant, m.total]]))).toEqual(all);
    });
  });

  test('uses configurable targets', () => {
    const m = byId([...golden(), role('admin', ['*'])], { rbacLeastPrivilege: 50 });
    expect(m['rbac-least-privilege']).toMatchObject({ percent: 66.66, target: 50, met: true });
  });
});

describe('scorecard checks', () => {
  const check = (id: string) => SCORECARD_CHECKS.find((c) => c.id === id)!;

  test('fail the object responsible for a shortfall, naming it', () => {
    const web = deployment('web', 'other');
    const objects = [...golden(), namespace('other'), web];
    const context = ctx(objects);
    computeScorecard(context, { rbacChecks: [NO_WILDCARDS] });
    expect(check('scorecard-network-policy-coverage').evaluate(web, context)).toEqual({
      status: CheckStatus.FAIL,
      reason: 'pods not isolated by NetworkPolicies (Network policy coverage 50% < 100%)',
      detail: 'Deployment "web" pods in namespace "other" are selected by no NetworkPolicy covering ingress and egress',
      location: '/spec/template/metadata',
    });
    expect(check('scorecard-network-policy-coverage').evaluate(objects[2], context).status).toBe(CheckStatus.PASS);
    expect(check('scorecard-network-policy-coverage').evaluate(objects[6], context)).toMatchObject({
      status: CheckStatus.FAIL,
      detail: 'namespace "other" has no default-deny NetworkPolicy for ingress and egress (a policy with an empty podSelector, policyTypes [Ingress, Egress] and no rules)',
    });
  });

  test('fail an unpinned, unverified image naming the container', () => {
    const bad = deployment('tag', 'prod', 'nginx:1.27');
    const context = ctx([...golden(), bad]);
    expect(check('scorecard-image-signing').evaluate(bad, context)).toEqual({
      status: CheckStatus.FAIL,
      reason: 'image not pinned and verified (Production images pinned by digest and signature-verified 50% < 100%)',
      detail: 'image "nginx:1.27" of container "app" is not pinned by digest and is covered by no enforcing image verification policy',
      location: '/spec/template/spec/containers/0/image',
    });
  });

  test('fail a workload mounting an API token, naming how', () => {
    const legacy = runAs(deployment('legacy', 'prod'), 'legacy');
    const context = ctx([...golden(), sa('legacy'), legacy]);
    expect(check('scorecard-rbac-least-privilege').evaluate(legacy, context)).toEqual({
      status: CheckStatus.FAIL,
      reason: 'pods mount an API token (RBAC least privilege 66.66% < 100%)',
      detail: 'Deployment "legacy" pods automount a token: automountServiceAccountToken is unset and ServiceAccount "legacy" does not set it to false; '
        + 'set automountServiceAccountToken: false, or annotate the pod template cdk8s-hardened.io/api-access with the reason it calls the API',
      location: '/spec/template/spec/automountServiceAccountToken',
    });
  });

  test('fail an image a ClusterImagePolicy matches in a namespace that does not opt in to policy-controller', () => {
    const cip = {
      apiVersion: 'policy.sigstore.dev/v1beta1',
      kind: 'ClusterImagePolicy',
      metadata: { name: 'p' },
      spec: { images: [{ glob: 'registry.example.com/**' }], authorities: [{ keyless: { url: 'https://fulcio.sigstore.dev' } }] },
    };
    const api = runAs(deployment('api', 'prod'), 'api');
    const context = ctx([...golden().filter((o) => o.kind !== 'ClusterPolicy' && o.kind !== 'Deployment'), cip, api]);
    expect(check('scorecard-image-signing').evaluate(api, context)).toMatchObject({
      status: CheckStatus.FAIL,
      detail: `image "${IMAGE}" of container "app" is covered by no enforcing image verification policy (a policy-controller ClusterImagePolicy matches it, `
        + 'but namespace "prod" is not labelled policy.sigstore.dev/include=true, so policy-controller does not verify it there)',
    });
    const optedIn = [namespace('prod', { 'environment': 'production', 'pod-security.kubernetes.io/enforce': 'restricted', 'policy.sigstore.dev/include': 'true' })];
    expect(check('scorecard-image-signing').evaluate(api, ctx([...optedIn, ...context.objects.filter((o: any) => o.kind !== 'Namespace')])).status).toBe(CheckStatus.PASS);
  });

  test('pass shortfalls while the metric meets its target', () => {
    const admin = role('admin', ['*']);
    const context = ctx([...golden(), admin]);
    computeScorecard(context, { rbacChecks: [NO_WILDCARDS], targets: { rbacLeastPrivilege: 50 } });
    expect(check('scorecard-rbac-least-privilege').evaluate(admin, context).status).toBe(CheckStatus.PASS);
  });

  test('are not applicable to objects the metric does not measure', () => {
    const context = ctx(golden());
    expect(check('scorecard-image-signing').evaluate({ apiVersion: 'v1', kind: 'Pod', metadata: {} }, context).status).toBe(CheckStatus.NOT_APPLICABLE);
  });
});

describe('scorecard equivalents', () => {
  test('name registered checks only, for every scorecard check', () => {
    const ids = new Set(ALL_CHECKS.map((c) => c.id));
    expect(Object.keys(SCORECARD_EQUIVALENTS).sort()).toEqual(SCORECARD_CHECKS.map((c) => c.id).sort());
    for (const sets of Object.values(SCORECARD_EQUIVALENTS)) {
      for (const id of sets.flat()) expect([id, ids.has(id)]).toEqual([id, true]);
    }
  });
});
