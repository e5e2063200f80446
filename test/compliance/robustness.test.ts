import * as fc from 'fast-check';
import { Report } from '../../src/compliance/check';
import { evaluate } from '../../src/compliance/engine';
import { PACKS } from '../../src/compliance/packs';
import { SUPPRESSIONS_ANNOTATION } from '../../src/compliance/suppressions';

const NOW = new Date('2026-03-15T00:00:00Z');
const PACK_IDS = PACKS.map((p) => p.id);
const RUNS = 150;

const DIGEST = `sha256:${'b'.repeat(64)}`;
const BASE_OBJECTS: any[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app', labels: { 'environment': 'production', 'pod-security.kubernetes.io/enforce': 'restricted' } } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'app', labels: { app: 'api' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' }, annotations: {} },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          initContainers: [{ name: 'init', image: `registry.example.com/init@${DIGEST}` }],
          containers: [{
            name: 'app',
            image: `registry.example.com/api:1@${DIGEST}`,
            ports: [{ containerPort: 8080 }],
            env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
            resources: { requests: { cpu: '100m' }, limits: { memory: '128Mi' } },
            readinessProbe: { httpGet: { port: 8080 } },
          }],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: 'app' },
    spec: { schedule: '0 0 * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } } },
  },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'app' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'app' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['c'] }] },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'rb', namespace: 'app' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
    subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'app' }],
  },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'app' }, automountServiceAccountToken: false },
  {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'verify' },
    spec: { rules: [{ name: 'v', verifyImages: [{ imageReferences: ['registry.example.com/*'], failureAction: 'Enforce', attestors: [{ entries: [{ keys: { publicKeys: 'k' } }] }] }] }] },
  },
];

function checkReport(report: Report, inputLength: number): void {
  expect(report.summary.objects + report.skipped.length).toBe(inputLength);
  for (const f of report.findings) {
    expect(typeof f.checkId).toBe('string');
    expect(['fail', 'error']).toContain(f.status);
  }
  expect(report.scorecard).toHaveLength(4);
}

/** Sets `value` at a path of keys/indices inside a deep copy, creating nothing that is not there. */
function mutate(object: any, path: Array<string | number>, value: unknown): any {
  const copy = JSON.parse(JSON.stringify(object));
  let node = copy;
  for (let i = 0; i < path.length - 1; i++) {
    if (node === null || typeof node !== 'object') return copy;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = typeof path[i] === 'number' ? keys[(path[i] as number) % keys.length] : path[i];
    if (!(key in node)) break;
    node = node[key as any];
  }
  if (node !== null && typeof node === 'object') {
    const keys = Object.keys(node);
    const last = path[path.length - 1];
    const key = typeof last === 'number' && keys.length > 0 ? keys[last % keys.length] : String(last);
    node[key] = value;
  }
  return copy;
}

const anyValue = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom(null, undefined, '', 0, -1, 1e309, true, [], {}, 'ALL', '*', 'RuntimeDefault', 'Unconfined', 'Localhost', 'Unmasked', 'windows'),
);
const pathArb = fc.array(fc.oneof(fc.nat(50), fc.constantFrom('spec', 'template', 'metadata', 'containers', 'securityContext', 'rules', 'annotations', 'labels', 'podSelector', 'verifyImages')), { minLength: 1, maxLength: 9 });

describe('robustness', () => {
  test('never throws on arbitrary JSON documents, for every pack', () => {
    fc.assert(fc.property(fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 6 }), fc.constantFrom(...PACK_IDS), (docs, pack) => {
      checkReport(evaluate(docs, { pack, now: NOW }), docs.length);
    }), { numRuns: RUNS });
  });

  test('never throws on arbitrary documents that look like Kubernetes objects', () => {
    const kinds = ['Pod', 'Deployment', 'CronJob', 'Namespace', 'NetworkPolicy', 'Role', 'ClusterRole', 'RoleBinding', 'ServiceAccount',
      'ClusterPolicy', 'Policy', 'ClusterImagePolicy', 'PodDisruptionBudget', 'Job', 'StatefulSet'];
    const k8sish = fc.record({
      apiVersion: fc.constantFrom('v1', 'apps/v1', 'batch/v1', 'kyverno.io/v1', 'policy.sigstore.dev/v1beta1', 'rbac.authorization.k8s.io/v1', 'networking.k8s.io/v1'),
      kind: fc.constantFrom(...kinds),
      metadata: fc.anything({ maxDepth: 2 }),
      spec: fc.anything({ maxDepth: 4 }),
      rules: fc.anything({ maxDepth: 3 }),
    }, { requiredKeys: ['apiVersion', 'kind'] });
    fc.assert(fc.property(fc.array(k8sish, { maxLength: 8 }), fc.constantFrom(...PACK_IDS), (docs, pack) => {
      checkReport(evaluate(docs, { pack, now: NOW }), docs.length);
    }), { numRuns: RUNS });
  });

  test('never throws on mutated pods, workloads, policies and roles', () => {
    fc.assert(fc.property(fc.nat(BASE_OBJECTS.length - 1), pathArb, anyValue, fc.constantFrom(...PACK_IDS), (index, path, value, pack) => {
      const objects = BASE_OBJECTS.map((o, i) => (i === index ? mutate(o, path, value) : o));
      checkReport(evaluate(objects, { pack, now: NOW }), objects.length);
    }), { numRuns: RUNS * 2 });
  });

  test('never throws on arbitrary suppression annotations', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json(), fc.anything()), (value) => {
      const objects = [{ ...BASE_OBJECTS[1], metadata: { ...BASE_OBJECTS[1].metadata, annotations: { [SUPPRESSIONS_ANNOTATION]: value } } }];
      checkReport(evaluate(objects, { pack: 'hardened', now: NOW }), 1);
    }), { numRuns: RUNS });
  });

  test('never throws on objects with hostile prototypes or cycles of shared references', () => {
    const shared = { name: 'c', image: 'x' };
    const weird = [
      JSON.parse('{"apiVersion":"v1","kind":"Pod","metadata":{"__proto__":{"polluted":true}},"spec":{"containers":[]}}'),
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [shared, shared], initContainers: [shared] } },
      Object.create(null),
      { apiVersion: 'v1', kind: 'constructor', metadata: { name: 'toString' } },
    ];
    checkReport(evaluate(weird, { pack: 'hardened', now: NOW }), weird.length);
    expect(({} as any).polluted).toBeUndefined();
  });
});
