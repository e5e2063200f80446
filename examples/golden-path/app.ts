/**
 * The golden path: the whole "shop" service, built from the library alone.
 *
 * One production namespace locked to Pod Security "restricted" with default-deny networking, and in it:
 * an API behind a ClusterIP Service, a TLS Ingress (cert-manager) and an autoscaler; a worker that calls
 * the API by its Service name; a schema migration that finishes before the rollout; a nightly job; a
 * Redis cache with a volume per replica; the API's configuration as an immutable ConfigMap; the database
 * password from AWS Secrets Manager through External Secrets, mounted as a read-only file; RBAC that lets
 * the API read its ConfigMap through a short-lived token; a Kyverno policy that admits only images signed
 * by the release workflow; and the Pod Security rules enforced by the API server itself.
 *
 * Every pod is the library's hardened pod; every traffic rule is written by a relationship
 * (`connectTo`, `allowFrom`, the Ingress), never as a label string.
 */
import { App, Chart, Size } from 'cdk8s';
import {
  ApiAccess,
  ArgoCdSync,
  Attestor,
  ExternalSecretBinding,
  HardenedConfigMap,
  HardenedCronJob,
  HardenedDeployment,
  HardenedIngress,
  HardenedJob,
  HardenedSecretStore,
  HardenedService,
  HardenedStatefulSet,
  Hardening,
  HealthCheck,
  IngressTls,
  LeastPrivilegeServiceAccount,
  OptOut,
  PolicyAction,
  PolicyEngine,
  PolicyPack,
  SecretStoreKind,
  SecretStoreProvider,
  SecureNamespace,
  SignedImagePolicy,
} from 'cdk8s-hardened';
import { Construct } from 'constructs';

/** The registry every image comes from; the image policy covers exactly it. */
export const REGISTRY = 'myregistry.io';
const API_IMAGE = `${REGISTRY}/shop/api:v1.0.0@sha256:4b8a3f0c7f1d1c6b8e2a9d3f5e7c9b1a3d5f7e9c1b3a5d7f9e1c3b5a7d9f1e3c`;
const WORKER_IMAGE = `${REGISTRY}/shop/worker:v1.0.0@sha256:9f1e3c5a7d9b1f3e5c7a9d1b3f5e7c9a1d3b5f7e9c1a3d5b7f9e1c3a5d7b9f1e`;
/** Redis, mirrored into the registry and signed there like the shop's own images. */
const REDIS_IMAGE = `${REGISTRY}/mirror/redis:7.2.4@sha256:1c3e5a7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c`;
/** Where the PostgreSQL database (outside the cluster) listens. */
const DATABASE = { peers: [{ cidr: '10.20.0.0/16' }], ports: [5432] };
/** The control plane's endpoint addresses, the only API server egress the API's pods get. */
const API_SERVER_CIDRS = ['10.0.0.0/28'];

/** The golden-path chart: one production namespace and everything in it. */
export class GoldenPathChart extends Chart {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const namespace = new SecureNamespace(this, 'production', { name: 'production', environment: 'production' });
    const ns = namespace.name;

    // 6. Configuration as an immutable ConfigMap; a credential-like key or value would throw.
    const config = new HardenedConfigMap(this, 'api-config', {
      namespace: ns,
      name: 'api-config',
      data: { LOG_LEVEL: 'info', DB_HOST: 'db.internal', DB_NAME: 'shop' },
    });

    // 10. The API's framework reads api-config through the Kubernetes API: it may read that one
    // ConfigMap and nothing else, with a 10-minute token that only the API server accepts.
    const apiIdentity = new LeastPrivilegeServiceAccount(this, 'api-identity', { namespace: ns, name: 'api-server' });
    apiIdentity.grantRead(config.configMap);

    // 7. The database password lives in AWS Secrets Manager; External Secrets syncs it into a Secret
    // of the production namespace, which pods see only as a read-only file.
    const store = new HardenedSecretStore(this, 'aws-secrets-manager', {
      name: 'aws-secrets-manager',
      kind: SecretStoreKind.CLUSTER_SECRET_STORE,
      provider: SecretStoreProvider.awsSecretsManager({
        region: 'us-east-1',
        serviceAccount: { name: 'external-secrets-sa', namespace: 'external-secrets' },
      }),
    });
    const db = new ExternalSecretBinding(this, 'database-credentials', {
      name: 'database-credentials',
      namespace: ns,
      store,
      secretName: 'db-credentials',
      data: [{ secretKey: 'password', remoteRef: { key: 'production/database', property: 'password' } }],
    });

    // 5. A Redis cache: two independent replicas (a miss on the other one only costs a recomputation),
    // each with its own volume for snapshots, so a restarted cache starts warm.
    const cache = new HardenedStatefulSet(this, 'cache', {
      namespace: ns,
      name: 'cache',
      image: REDIS_IMAGE,
      port: 6379,
      args: ['redis-server', '--dir', '/data', '--save', '300 1', '--protected-mode', 'no'],
      volumeClaimTemplates: [{ name: 'data', mountPath: '/data', size: Size.gibibytes(5) }],
      readiness: HealthCheck.tcp(),
      liveness: HealthCheck.command(['redis-cli', 'ping']),
    });
    const cacheService = new HardenedService(this, 'cache-service', { workload: cache });

    // 1. The API: a Deployment behind a Service, a TLS Ingress and an autoscaler (2 to 6 pods).
    const api = new HardenedDeployment(this, 'api', {
      namespace: ns,
      name: 'api',
      image: API_IMAGE,
      port: 8080,
      serviceAccount: apiIdentity,
      env: { REDIS_ADDR: `${cacheService.dnsName}:${cacheService.port}` },
      readiness: HealthCheck.http('/readyz'),
      liveness: HealthCheck.http('/livez'),
      egress: [DATABASE],
      apiAccess: ApiAccess.of({ optOut: OptOut.because('reads its ConfigMap api-config through the Kubernetes API'), apiServerCidrs: API_SERVER_CIDRS }),
      argoCdSync: ArgoCdSync.wave(1),
    });
    Hardening.of(api).acknowledge('HardenedDeployment.ApiAccess', 'platform review SEC-142: get on configmaps/api-config only');
    api.mountConfigMap(config.name, '/etc/shop');
    db.mountInto(api, '/var/run/secrets/db');
    api.connectTo(cache, { port: cache.port });
    api.autoscale({ maxReplicas: 6 });
    const apiService = new HardenedService(this, 'api-service', { workload: api, ports: [{ port: 80, targetPort: 8080, name: 'http' }] });
    new HardenedIngress(this, 'ingress', {
      name: 'api',
      ingressClassName: 'nginx',
      tls: IngressTls.certManagerClusterIssuer('letsencrypt-production'),
      routes: [{ host: 'shop.example.com', backend: apiService }],
    });

    // 2. A worker calling the API by its Service name; allowFrom writes both sides' rules.
    const worker = new HardenedDeployment(this, 'worker', {
      namespace: ns,
      name: 'worker',
      image: WORKER_IMAGE,
      port: 9090,
      env: { API_URL: `http://${apiService.dnsName}` },
      readiness: HealthCheck.http('/readyz'),
      liveness: HealthCheck.http('/livez'),
      argoCdSync: ArgoCdSync.wave(1),
    });
    apiService.allowFrom(worker);

    // 3. The schema migration finishes before the rollout: an Argo CD Sync hook in wave 0, recreated
    // at every sync, while the API and the worker wait in wave 1 (docs/workloads.md says why not
    // PreSync, a Helm hook or an init container).
    const migrate = new HardenedJob(this, 'migrate', {
      namespace: ns,
      name: 'migrate',
      image: API_IMAGE,
      args: ['migrate', 'up'],
      egress: [DATABASE],
      argoCdSync: ArgoCdSync.syncHook(),
    });
    db.mountInto(migrate, '/var/run/secrets/db');

    // 4. Every night, expired carts are purged; never two runs at once.
    const nightly = new HardenedCronJob(this, 'purge-carts', {
      namespace: ns,
      name: 'purge-carts',
      image: API_IMAGE,
      args: ['purge-expired-carts'],
      schedule: '0 3 * * *',
      timeZone: 'Europe/Paris',
      egress: [DATABASE],
    });
    db.mountInto(nightly, '/var/run/secrets/db');

    // 8. Only images signed by the shop's release workflow are admitted.
    new SignedImagePolicy(this, 'signed-images', {
      name: 'verify-image-signature',
      imageReferences: [`${REGISTRY}/*`],
      attestors: [Attestor.githubActions({ repository: 'shop/platform', workflow: '.github/workflows/release.yml', defaultBranch: 'main', releaseTags: 'v*' })],
    });

    // 9. The same Pod Security rules, at the same pinned version, enforced in the cluster by the API
    // server (no webhook). kube-system runs the cluster's own privileged agents.
    new PolicyPack(this, 'admission', {
      pack: 'pss-restricted',
      pssVersion: 'v1.28',
      engine: PolicyEngine.validatingAdmissionPolicy(),
      kubernetesVersion: '1.28',
      action: PolicyAction.ENFORCE,
      exemptNamespaces: ['kube-system'],
    });
  }
}

/** Builds the golden-path app; `outdir` is where `app.synth()` writes the manifests. */
export function buildGoldenPathApp(outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  new GoldenPathChart(app, 'golden-path');
  return app;
}
