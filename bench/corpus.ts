/**
 * Generates a realistic manifest corpus for the check benchmarks: what `helm template`, kustomize and
 * `kubectl get -o yaml` leave in a platform repository.
 *
 * Each application is one multi-document file (a workload, its Service, ServiceAccount, Role and
 * RoleBinding, NetworkPolicy, PodDisruptionBudget, ConfigMap); each namespace has a file with the
 * Namespace, a default-deny NetworkPolicy, a ResourceQuota and a LimitRange; cluster RBAC lives in its
 * own files. About one workload in five violates something (privileged, hostPath, root, mutable tag,
 * no resources, wildcard RBAC, cluster-admin bindings, ...). Some files are `kind: List` dumps.
 *
 * Deterministic (seeded), and cached under `.bench/` with a stamp so reruns reuse it.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as jsyaml from 'js-yaml';

/** Bump when the generated content changes, so cached corpora are rebuilt. */
const GENERATOR_VERSION = 5;

/** In a `many-policies` corpus, one object in this many is an image verification policy (2,500 of 50,000). */
export const OBJECTS_PER_IMAGE_POLICY = 20;

const DIGEST = '@sha256:9f1e3c5a7d9b1f3e5c7a9d1b3f5e7c9a1d3b5f7e9c1a3d5b7f9e1c3a5d7b9f1e';
const APPS_PER_NAMESPACE = 40;

/** What the generator wrote. */
export interface Corpus {
  readonly dir: string;
  readonly objects: number;
  readonly files: number;
  readonly bytes: number;
  /** Objects per kind. */
  readonly kinds: { [kind: string]: number };
}

/** A small deterministic PRNG (mulberry32): the same corpus on every machine. */
/* eslint-disable no-bitwise */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/* eslint-enable no-bitwise */

/**
 * Generates (or reuses) a corpus of exactly `objects` objects under `dir`.
 *
 * @param shape `mixed`: applications with all their objects; `pods`: only Pods, ten per file (the
 *   shape of the reference numbers, where a checker's per-pod cost shows most);
 *   `many-policies`: `mixed` where one object in {@link OBJECTS_PER_IMAGE_POLICY} is an image
 *   verification policy (Kyverno ClusterPolicies and namespaced Policies, Sigstore
 *   ClusterImagePolicies), the shape where matching every image against every policy shows
 */
export function ensureCorpus(dir: string, objects: number, shape: CorpusShape = 'mixed'): Corpus {
  const stampFile = path.join(dir, '.stamp.json');
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    if (stamp.version === GENERATOR_VERSION && stamp.objects === objects && (stamp.shape ?? 'mixed') === shape) return { dir, ...stamp.corpus };
  } catch {
    // no usable stamp: generate
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const corpus = shape === 'pods' ? generatePods(dir, objects)
    : shape === 'many-policies' ? generateWithPolicies(dir, objects) : generate(dir, objects);
  fs.writeFileSync(stampFile, JSON.stringify({ version: GENERATOR_VERSION, objects, shape, corpus: { ...corpus, dir: undefined } }));
  return corpus;
}

function generatePods(dir: string, total: number): Corpus {
  const random = rng(0x90d5 + total);
  let bytes = 0;
  let files = 0;
  for (let i = 0; i < total; i += 10) {
    const docs: any[] = [];
    for (let j = i; j < Math.min(total, i + 10); j++) {
      const namespace = `team-${Math.floor(j / 400)}`;
      const name = `pod-${j}`;
      const violations = new Set<Violation>();
      if (random() < 0.2) violations.add(VIOLATIONS[Math.floor(random() * VIOLATIONS.length)]);
      const labels = { 'app.kubernetes.io/name': 'pod', 'app.kubernetes.io/instance': name };
      docs.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: podSpec(name, labels, violations, false) });
    }
    const file = path.join(dir, `pods-${String(files).padStart(5, '0')}.yaml`);
    fs.mkdirSync(dir, { recursive: true });
    const text = docs.map((d) => '---\n' + jsyaml.dump(d, { lineWidth: -1, noRefs: true })).join('');
    fs.writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
    files++;
  }
  return { dir, objects: total, files, bytes, kinds: { Pod: total } };
}

/** What a corpus holds. */
export type CorpusShape = 'mixed' | 'pods' | 'many-policies';

/**
 * A mixed corpus plus image verification policies, 100 to a file: 50% namespaced Kyverno Policies,
 * 35% ClusterPolicies, 15% ClusterImagePolicies, each for its own registries; one in a hundred also
 * verifies two of the corpus's applications (`registry.example.com/shop/a*`), so some images are
 * covered and most are looked up against every policy in vain (the worst case for a linear scan).
 */
function generateWithPolicies(dir: string, total: number): Corpus {
  const policies = Math.floor(total / OBJECTS_PER_IMAGE_POLICY);
  const base = generate(dir, total - policies);
  const namespaces = Math.max(1, base.kinds.Namespace ?? 1);
  const attestors = [{ entries: [{ keyless: { subject: 'https://github.com/example/*', issuer: 'https://token.actions.githubusercontent.com' } }] }];
  const kinds = { ...base.kinds };
  let bytes = base.bytes;
  let files = base.files;
  for (let start = 0; start < policies; start += 100) {
    const docs: any[] = [];
    for (let i = start; i < Math.min(policies, start + 100); i++) {
      // Late in the input and for two of the eight applications only: most images are tried against every policy.
      const own = i % 100 === 99 ? ['registry.example.com/shop/a*'] : [];
      const roll = i % 20;
      if (roll < 10) {
        docs.push({
          apiVersion: 'kyverno.io/v1',
          kind: 'Policy',
          metadata: { name: `verify-images-${i}`, namespace: `team-${i % namespaces}` },
          spec: { rules: [{ name: 'verify', match: { any: [{ resources: { kinds: ['Pod'] } }] }, verifyImages: [{ imageReferences: [`registry-${i}.example.com/*`, `ghcr.io/org-${i}/*`, ...own], failureAction: 'Enforce', attestors }] }] },
        });
      } else if (roll < 17) {
        docs.push({
          apiVersion: 'kyverno.io/v1',
          kind: 'ClusterPolicy',
          metadata: { name: `verify-images-${i}` },
          spec: { rules: [{ name: 'verify', match: { any: [{ resources: { kinds: ['Pod'] } }] }, verifyImages: [{ imageReferences: [`registry-${i}.example.com/*`, ...own], skipImageReferences: [`registry-${i}.example.com/debug/*`], failureAction: 'Enforce', attestors }] }] },
        });
      } else {
        docs.push({
          apiVersion: 'policy.sigstore.dev/v1beta1',
          kind: 'ClusterImagePolicy',
          metadata: { name: `verify-images-${i}` },
          spec: { images: [{ glob: `registry-${i}.example.com/**` }, ...own.map((g) => ({ glob: g }))], authorities: [{ keyless: { url: 'https://fulcio.sigstore.dev' } }] },
        });
      }
      kinds[docs[docs.length - 1].kind] = (kinds[docs[docs.length - 1].kind] ?? 0) + 1;
    }
    const file = path.join(dir, 'policies', `image-policies-${String(start / 100).padStart(3, '0')}.yaml`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const text = docs.map((d) => '---\n' + jsyaml.dump(d, { lineWidth: -1, noRefs: true })).join('');
    fs.writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
    files++;
  }
  return { dir, objects: base.objects + policies, files, bytes, kinds };
}

interface PendingFile {
  readonly file: string;
  readonly docs: any[];
  readonly asList: boolean;
  readonly header?: string;
}

function generate(dir: string, total: number): Corpus {
  const random = rng(0x5eed + total);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const files: PendingFile[] = [];
  let count = 0;
  let app = 0;
  let namespaceIndex = -1;
  let namespace = '';
  while (count < total) {
    if (app % APPS_PER_NAMESPACE === 0) {
      namespaceIndex++;
      namespace = `team-${namespaceIndex}`;
      const docs = namespaceObjects(namespace, random);
      files.push({ file: path.join(dir, namespace, '_namespace.yaml'), docs, asList: false });
      count += docs.length;
    }
    if (app % 500 === 499) {
      const docs = clusterRbac(app, random);
      files.push({ file: path.join(dir, 'cluster', `rbac-${app}.yaml`), docs, asList: false });
      count += docs.length;
    }
    const name = `${pick(['api', 'web', 'worker', 'cache', 'auth', 'billing', 'search', 'ingest'])}-${app}`;
    const docs = appObjects(namespace, name, random);
    const asList = random() < 0.05;
    files.push({
      file: path.join(dir, namespace, `${name}.yaml`),
      docs,
      asList,
      header: asList ? undefined : `# Source: ${name}/templates/all.yaml\n`,
    });
    count += docs.length;
    app++;
  }
  // Trim to exactly `total` objects.
  let excess = count - total;
  while (excess > 0) {
    const last = files[files.length - 1];
    const drop = Math.min(excess, last.docs.length);
    last.docs.splice(last.docs.length - drop, drop);
    if (last.docs.length === 0) files.pop();
    excess -= drop;
  }

  const kinds: { [kind: string]: number } = {};
  let bytes = 0;
  let objects = 0;
  for (const f of files) {
    fs.mkdirSync(path.dirname(f.file), { recursive: true });
    let text: string;
    if (f.asList) {
      text = jsyaml.dump({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: f.docs }, { lineWidth: -1, noRefs: true });
    } else {
      text = (f.header ?? '') + f.docs.map((d) => '---\n' + jsyaml.dump(d, { lineWidth: -1, noRefs: true })).join('');
    }
    fs.writeFileSync(f.file, text);
    bytes += Buffer.byteLength(text);
    for (const d of f.docs) {
      kinds[d.kind] = (kinds[d.kind] ?? 0) + 1;
      objects++;
    }
  }
  return { dir, objects, files: files.length, bytes, kinds };
}

function namespaceObjects(namespace: string, random: () => number): any[] {
  const labelled = random() < 0.8;
  const docs: any[] = [{
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: namespace,
      labels: {
        environment: random() < 0.7 ? 'production' : 'staging',
        ...(labelled ? {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'v1.28',
        } : {}),
      },
    },
  }];
  if (random() < 0.8) {
    docs.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
  }
  docs.push({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'quota', namespace },
    spec: { hard: { 'requests.cpu': '20', 'requests.memory': '40Gi', 'limits.cpu': '40', 'limits.memory': '80Gi', 'pods': '200' } },
  });
  if (random() < 0.9) {
    docs.push({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'limits', namespace },
      spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }] },
    });
  }
  return docs;
}

function clusterRbac(app: number, random: () => number): any[] {
  const wildcard = random() < 0.5;
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: `operator-${app}` },
      rules: wildcard
        ? [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]
        : [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'patch'] }, { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `operator-${app}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: random() < 0.3 ? 'cluster-admin' : `operator-${app}` },
      subjects: [{ kind: 'ServiceAccount', name: `operator-${app}`, namespace: 'operators' }],
    },
  ];
}

const VIOLATIONS = ['privileged', 'hostPath', 'root', 'noSecurityContext', 'capAdd', 'hostNetwork', 'tag', 'noResources', 'noProbes', 'secretEnv', 'hostPort'] as const;
type Violation = typeof VIOLATIONS[number];

function appObjects(namespace: string, name: string, random: () => number): any[] {
  const roll = random();
  const kind = roll < 0.7 ? 'Deployment' : roll < 0.8 ? 'StatefulSet' : roll < 0.85 ? 'DaemonSet' : roll < 0.92 ? 'CronJob' : roll < 0.95 ? 'Job' : 'Pod';
  const violations = new Set<Violation>();
  if (random() < 0.2) {
    violations.add(VIOLATIONS[Math.floor(random() * VIOLATIONS.length)]);
    if (random() < 0.3) violations.add(VIOLATIONS[Math.floor(random() * VIOLATIONS.length)]);
  }
  const labels = { 'app.kubernetes.io/name': name.replace(/-\d+$/, ''), 'app.kubernetes.io/instance': name, 'app.kubernetes.io/managed-by': 'Helm' };
  const meta = { name, namespace, labels };
  const pod = podSpec(name, labels, violations, kind === 'CronJob' || kind === 'Job');
  const docs: any[] = [];
  const serving = kind !== 'CronJob' && kind !== 'Job';
  if (serving) {
    docs.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta,
      spec: { type: 'ClusterIP', selector: { 'app.kubernetes.io/instance': name }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
    });
  }
  docs.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta, automountServiceAccountToken: random() < 0.85 ? false : undefined });
  if (random() < 0.6) {
    const risky = random() < 0.1;
    docs.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta,
      rules: risky
        ? [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }, { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }]
        : [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'], resourceNames: [`${name}-config`] }],
    });
    docs.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    });
  }
  if (random() < 0.5) {
    docs.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...meta, name: `${name}-config` }, data: { 'LOG_LEVEL': 'info', 'app.properties': 'feature.flags=a,b,c\ncache.ttl=300\n' } });
  }
  switch (kind) {
    case 'Deployment':
      docs.push({ apiVersion: 'apps/v1', kind, metadata: meta, spec: { replicas: 2, selector: { matchLabels: { 'app.kubernetes.io/instance': name } }, template: { metadata: { labels }, spec: pod } } });
      break;
    case 'StatefulSet':
      docs.push({ apiVersion: 'apps/v1', kind, metadata: meta, spec: { replicas: 3, serviceName: name, selector: { matchLabels: { 'app.kubernetes.io/instance': name } }, template: { metadata: { labels }, spec: pod } } });
      break;
    case 'DaemonSet':
      docs.push({ apiVersion: 'apps/v1', kind, metadata: meta, spec: { selector: { matchLabels: { 'app.kubernetes.io/instance': name } }, template: { metadata: { labels }, spec: pod } } });
      break;
    case 'CronJob':
      docs.push({ apiVersion: 'batch/v1', kind, metadata: meta, spec: { schedule: '*/15 * * * *', jobTemplate: { spec: { template: { metadata: { labels }, spec: pod } } } } });
      break;
    case 'Job':
      docs.push({ apiVersion: 'batch/v1', kind, metadata: meta, spec: { backoffLimit: 2, template: { metadata: { labels }, spec: pod } } });
      break;
    default:
      docs.push({ apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: pod });
  }
  if (random() < 0.8) {
    docs.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta,
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/instance': name } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
        egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
      },
    });
  }
  if ((kind === 'Deployment' || kind === 'StatefulSet') && random() < 0.7) {
    docs.push({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta, spec: { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/instance': name } } } });
  }
  return docs;
}

function podSpec(name: string, _labels: object, v: Set<Violation>, batch: boolean): any {
  const image = `registry.example.com/shop/${name.replace(/-\d+$/, '')}:1.4.2${v.has('tag') ? '' : DIGEST}`;
  const securityContext = v.has('noSecurityContext') ? undefined : {
    allowPrivilegeEscalation: false,
    privileged: v.has('privileged') ? true : false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: v.has('root') ? false : true,
    runAsUser: v.has('root') ? 0 : 65532,
    runAsGroup: 65532,
    capabilities: { drop: ['ALL'], ...(v.has('capAdd') ? { add: ['SYS_ADMIN'] } : {}) },
    seccompProfile: { type: 'RuntimeDefault' },
  };
  const container: any = {
    name: 'app',
    image,
    imagePullPolicy: 'Always',
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP', ...(v.has('hostPort') ? { hostPort: 8080 } : {}) }],
    env: [
      { name: 'LOG_LEVEL', value: 'info' },
      v.has('secretEnv')
        ? { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `${name}-db`, key: 'password' } } }
        : { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ],
    securityContext,
    resources: v.has('noResources') ? undefined : {
      requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '256Mi' },
    },
    readinessProbe: v.has('noProbes') || batch ? undefined : { httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 5 },
    livenessProbe: v.has('noProbes') || batch ? undefined : { httpGet: { path: '/livez', port: 'http' }, periodSeconds: 10 },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...(v.has('hostPath') ? [{ name: 'host', mountPath: '/host' }] : [])],
  };
  return {
    serviceAccountName: name,
    automountServiceAccountToken: false,
    ...(v.has('hostNetwork') ? { hostNetwork: true } : {}),
    ...(batch ? { restartPolicy: 'OnFailure' } : {}),
    securityContext: v.has('noSecurityContext') ? undefined : { runAsNonRoot: !v.has('root'), fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [stripUndefined(container)],
    volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }, ...(v.has('hostPath') ? [{ name: 'host', hostPath: { path: '/var/log', type: 'Directory' } }] : [])],
  };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
