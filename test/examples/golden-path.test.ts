import * as fs from 'fs';
import * as path from 'path';
import { Compliance, Hardening } from 'cdk8s-hardened';
import { buildGoldenPathApp } from '../../examples/golden-path/app';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
/** What a user's project has installed: the library, its peers and Node.js. */
const PACKAGES = new Set(['cdk8s-hardened', 'cdk8s', 'cdk8s-plus-28', 'constructs', 'path', 'fs']);

function sourcesOf(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'dist' ? [] : sourcesOf(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*import\b[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

/** The golden path's manifests, synthesized in memory. */
function objects(): any[] {
  return buildGoldenPathApp().charts.flatMap((chart) => chart.toJson());
}

function find(all: any[], kind: string, name: string): any {
  const found = all.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the golden path`);
  return found;
}

describe('the golden-path example', () => {
  test.each(Compliance.packIds())('has zero findings on the %s pack at PSS v1.28 and latest', (pack) => {
    for (const pssVersion of ['v1.28', 'latest']) {
      const report = Compliance.check(buildGoldenPathApp(), { pack, pssVersion });
      expect(report.findings.filter((f) => f.suppressedReason === undefined)
        .map((f) => `${f.checkId} ${f.object.constructPath}: ${f.detail ?? f.reason}`)).toEqual([]);
      expect(report.summary.errors).toBe(0);
    }
  });

  test("reports the API's projected token as its one deliberate exception, with the ApiAccess reason", () => {
    const report = Compliance.check(buildGoldenPathApp(), { pack: 'hardened', pssVersion: 'v1.28' });
    expect(report.findings.map((f) => [f.checkId, f.object.kind, f.object.name, f.suppressedReason?.startsWith('calls the Kubernetes API on purpose: ')]))
      .toEqual([['workload-no-token-automount', 'Deployment', 'api', true]]);
  });

  test('leaves no unacknowledged hardening opt-out', () => {
    expect(Hardening.of(buildGoldenPathApp()).unacknowledgedWarnings).toEqual([]);
  });

  test('imports only the library by its package name, its peers and files of its own folder', () => {
    const files = sourcesOf(EXAMPLES);
    expect(files.length).toBeGreaterThan(0);
    const offending = files.flatMap((file) => importsOf(file)
      .filter((spec) => spec.startsWith('.')
        ? !path.resolve(path.dirname(file), spec).startsWith(path.dirname(file) + path.sep)
        : !PACKAGES.has(spec))
      .map((spec) => `${path.relative(EXAMPLES, file)}: '${spec}'`));
    expect(offending).toEqual([]);
  });

  test('builds from the library alone: no JSON patch, no raw ApiObject, no plain cdk8s-plus workload', () => {
    const app = fs.readFileSync(path.join(EXAMPLES, 'golden-path', 'app.ts'), 'utf8');
    expect(app).not.toMatch(/addJsonPatch|JsonPatch|ApiObject|cdk8s-plus|kplus|app\.kubernetes\.io/);
  });

  test('puts every namespaced object in the production namespace, enforced at Pod Security restricted', () => {
    const all = objects();
    const stray = all.filter((o) => o.metadata?.namespace !== undefined && o.metadata.namespace !== 'production');
    expect(stray.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    expect(find(all, 'Namespace', 'production').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('runs the API behind a Service, a TLS Ingress (cert-manager, nginx) and an autoscaler of at least 2 pods', () => {
    const all = objects();
    expect(find(all, 'Deployment', 'api').spec.replicas).toBeUndefined();
    expect(find(all, 'HorizontalPodAutoscaler', 'api').spec).toMatchObject({ minReplicas: 2, scaleTargetRef: { kind: 'Deployment', name: 'api' } });
    expect(find(all, 'Service', 'api').spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 80, targetPort: 8080 }] });
    const ingress = find(all, 'Ingress', 'api');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-production');
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'api-tls' }]);
  });

  test('lets the worker call the API by its Service name, with both sides\' rules written by allowFrom', () => {
    const all = objects();
    expect(find(all, 'Deployment', 'worker').spec.template.spec.containers[0].env).toEqual([{ name: 'API_URL', value: 'http://api.production.svc' }]);
    expect(find(all, 'NetworkPolicy', 'worker').spec.egress).toContainEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'api' } } }], ports: [{ port: 8080, protocol: 'TCP' }],
    });
    expect(find(all, 'NetworkPolicy', 'api').spec.ingress).toContainEqual({
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'worker' } } }], ports: [{ port: 8080, protocol: 'TCP' }],
    });
  });

  test('runs the migration as an Argo CD Sync hook in wave 0 and rolls the API and the worker out in wave 1', () => {
    const all = objects();
    expect(find(all, 'Job', 'migrate').metadata.annotations).toMatchObject({
      'argocd.argoproj.io/hook': 'Sync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation', 'argocd.argoproj.io/sync-wave': '0',
    });
    for (const name of ['api', 'worker']) expect(find(all, 'Deployment', name).metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('1');
  });

  test('runs a nightly CronJob that never overlaps', () => {
    expect(find(objects(), 'CronJob', 'purge-carts').spec).toMatchObject({ schedule: '0 3 * * *', timeZone: 'Europe/Paris', concurrencyPolicy: 'Forbid' });
  });

  test('runs a Redis cache as a StatefulSet with a volume claim, reachable from the API on 6379', () => {
    const all = objects();
    const cache = find(all, 'StatefulSet', 'cache');
    expect(cache.spec.volumeClaimTemplates.map((t: any) => t.metadata.name)).toEqual(['data']);
    expect(find(all, 'Deployment', 'api').spec.template.spec.containers[0].env).toContainEqual({ name: 'REDIS_ADDR', value: 'cache.production.svc:6379' });
    expect(find(all, 'NetworkPolicy', 'cache').spec.ingress).toContainEqual({
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'api' } } }], ports: [{ port: 6379, protocol: 'TCP' }],
    });
  });

  test('mounts the immutable api-config ConfigMap and the database password file into the API', () => {
    const all = objects();
    expect(find(all, 'ConfigMap', 'api-config').immutable).toBe(true);
    expect(find(all, 'ExternalSecret', 'database-credentials').spec.target.name).toBe('db-credentials');
    const pod = find(all, 'Deployment', 'api').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'config-api-config', configMap: { name: 'api-config', defaultMode: 0o444, optional: false } });
    expect(pod.volumes).toContainEqual({ name: 'secret-db-credentials', secret: { secretName: 'db-credentials', defaultMode: 0o400, optional: false } });
    expect(pod.containers[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(expect.arrayContaining(['/etc/shop', '/var/run/secrets/db']));
  });

  test('gives the API a projected token it can use for exactly its grant: get configmaps api-config', () => {
    const all = objects();
    const pod = find(all, 'Deployment', 'api').spec.template.spec;
    expect(pod.serviceAccountName).toBe('api-server');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.volumes.find((v: any) => v.name === 'kube-api-access').projected.sources[0].serviceAccountToken.expirationSeconds).toBe(600);
    expect(find(all, 'Role', 'api-server-role').rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['api-config'], verbs: ['get', 'list', 'watch'] }]);
    expect(find(all, 'RoleBinding', 'api-server-binding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'api-server', namespace: 'production' }]);
  });

  test('verifies image signatures and enforces Pod Security at admission', () => {
    const all = objects();
    expect(find(all, 'ClusterPolicy', 'verify-image-signature').spec.rules[0].verifyImages[0].imageReferences).toEqual(['myregistry.io/*']);
    expect(all.filter((o) => o.kind === 'ValidatingAdmissionPolicy').length).toBeGreaterThan(0);
  });
});
