/**
 * The synthesized inputs of the conformance suite: the golden-path example app and a matrix of
 * construct configurations covering every construct and its important options.
 *
 * A case that throws while building or synthesizing is a failure.
 */
import { App, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { buildGoldenPathApp } from '../examples/golden-path/app';
import { Compliance } from '../src/compliance/compliance';
import { PodSecurityLevel } from '../src/compliance/pss/level';
import { ExternalNameService } from '../src/exposure/external-name-service';
import { HardenedIngress, IngressPathType } from '../src/exposure/hardened-ingress';
import { HardenedService } from '../src/exposure/hardened-service';
import { IngressTls } from '../src/exposure/ingress-tls';
import { SecureNamespace, SecureNamespaceProps } from '../src/namespace/secure-namespace';
import { LeastPrivilegeServiceAccount, LeastPrivilegeServiceAccountProps } from '../src/rbac/least-privilege-service-account';
import { WorkloadIdentity } from '../src/rbac/workload-identity';
import { ExternalSecretBinding, ExternalSecretDataFrom } from '../src/secrets/external-secret-binding';
import { HardenedSecretStore } from '../src/secrets/secret-store';
import { SecretStoreProvider } from '../src/secrets/secret-store-provider';
import { ExternalSecretsApiVersion, SecretStoreKind, SecretStoreRef } from '../src/secrets/secret-store-ref';
import { Attestor } from '../src/supply-chain/attestor';
import { ImageAttestation } from '../src/supply-chain/image-attestation';
import { ImagePolicyBackend, SignedImagePolicy, SignedImagePolicyProps } from '../src/supply-chain/signed-image-policy';
import { OptOut } from '../src/warnings';
import { HardenedCronJob } from '../src/workloads/hardened-cron-job';
import { HardenedDaemonSet } from '../src/workloads/hardened-daemon-set';
import { HardenedDeployment, HardenedDeploymentProps } from '../src/workloads/hardened-deployment';
import { HardenedJob } from '../src/workloads/hardened-job';
import { HardenedStatefulSet } from '../src/workloads/hardened-stateful-set';
import { HostAccess } from '../src/workloads/host-access';
import { ApiAccess } from '../src/workloads/pod/api-access';

/** One synthesized input: a name and the manifest objects it produced. */
export interface SynthesizedCase {
  readonly name: string;
  readonly objects: unknown[];
}

/** The result of building every case. */
export interface CaseSet {
  readonly cases: SynthesizedCase[];
  /** Cases whose constructs exist but threw while building or synthesizing. */
  readonly broken: string[];
}


/** Pinned images used across the matrix (the digest is syntactically valid, never pulled). */
const DIGEST = `sha256:${'a'.repeat(64)}`;
const API_IMAGE = `registry.example.com/team/api:1.4.2@${DIGEST}`;
const SIDECAR_IMAGE = `registry.example.com/team/proxy:2.0.0@${DIGEST}`;

type Builder = (chart: Chart) => void;

function ns(chart: Construct, id: string, props: SecureNamespaceProps = {}): SecureNamespace {
  return new SecureNamespace(chart, id, props);
}

function optOut(reason: string): OptOut {
  return OptOut.because(reason);
}

/** The configuration matrix: name -> builder. */
function matrix(): Array<[string, Builder]> {
  const cases: Array<[string, Builder]> = [];
  const add = (name: string, build: Builder) => cases.push([name, build]);

  // SecureNamespace: levels, opt-outs, DNS, quota and limits.
  add('SecureNamespace defaults', (c) => ns(c, 'ns', { name: 'team-a', environment: 'production' }));
  add('SecureNamespace baseline opt-out', (c) => {
    ns(c, 'ns', {
      name: 'legacy',
      podSecurityLevel: PodSecurityLevel.BASELINE,
      podSecurityOptOut: optOut('legacy workloads need NET_BIND_SERVICE until migrated'),
    });
    // The opt-out is deliberate: recorded for the checker too, so `check` reports it suppressed with its reason.
    for (const id of ['namespace-pss-restricted', 'scorecard-pss-restricted-production']) {
      Compliance.of(c.node.findChild('ns')).suppress({ id, reason: 'legacy workloads need NET_BIND_SERVICE until migrated' });
    }
  });
  add('SecureNamespace latest version, no DNS egress, custom quota', (c) => ns(c, 'ns', {
    name: 'batch',
    podSecurityVersion: 'latest',
    allowDnsEgress: false,
    quota: { requestsCpu: '4', requestsMemory: '8Gi', limitsCpu: '8', limitsMemory: '16Gi', pods: 50 },
    containerLimits: { max: { cpu: '2', memory: '4Gi' }, defaultLimit: { cpu: '500m', memory: '512Mi' } },
  }));

  // LeastPrivilegeServiceAccount: grants and workload identities.
  const sa = (c: Chart, props: Omit<LeastPrivilegeServiceAccountProps, 'namespace'>): LeastPrivilegeServiceAccount => {
    ns(c, 'ns', { name: 'team-a' });
    return new LeastPrivilegeServiceAccount(c, 'sa', { namespace: 'team-a', ...props });
  };
  add('LeastPrivilegeServiceAccount read one ConfigMap and one Secret', (c) => {
    const account = sa(c, { name: 'reader' });
    account.grantReadConfigMap('app-config');
    account.grantReadSecret('db-password');
  });
  add('LeastPrivilegeServiceAccount AWS IRSA', (c) => {
    sa(c, { name: 'irsa', workloadIdentity: WorkloadIdentity.awsIrsa('arn:aws:iam::123456789012:role/api') });
  });
  add('LeastPrivilegeServiceAccount GKE', (c) => {
    sa(c, { name: 'gke', workloadIdentity: WorkloadIdentity.gke('api-runtime@my-project.iam.gserviceaccount.com') });
  });
  add('LeastPrivilegeServiceAccount Azure', (c) => {
    sa(c, { name: 'azure', workloadIdentity: WorkloadIdentity.azure('00000000-0000-0000-0000-000000000000') });
  });

  // HardenedDeployment: defaults, ports, sidecars, ingress, egress, secrets.
  const deployment = (c: Chart, props: Partial<HardenedDeploymentProps>): HardenedDeployment => {
    ns(c, 'ns', { name: 'team-a', environment: 'production' });
    return new HardenedDeployment(c, 'api', { namespace: 'team-a', image: API_IMAGE, port: 8080, ...props });
  };
  // Every workload case also verifies its images' signatures, so it is clean on every pack, `hardened`
  // included (the conformance section `packs` holds every case to that).
  const addWorkload = (name: string, build: Builder) => add(name, (c) => {
    build(c);
    new SignedImagePolicy(c, 'signed-workload-images', { imageReferences: ['registry.example.com/*'], attestors: [Attestor.githubActions({ repository: 'team/api' })] });
  });
  // What the workloads mount exists in the case: a ConfigMap, and Secrets written by External Secrets.
  const configMap = (c: Construct, name: string) => new kplus.ConfigMap(c, `config-${name}`, { metadata: { name, namespace: 'team-a' }, data: { 'settings.yaml': 'log: info' } });
  const externalSecret = (c: Construct, name: string) => new ExternalSecretBinding(c, `secret-${name}`, {
    namespace: 'team-a',
    secretName: name,
    store: SecretStoreRef.secretStore('team-store', 'team-a'),
    data: [{ secretKey: 'password', remoteRef: { key: `prod/${name}`, property: 'password' } }],
  });
  addWorkload('HardenedDeployment defaults', (c) => deployment(c, {}));
  addWorkload('HardenedDeployment with sidecar, ingress and egress', (c) => deployment(c, {
    replicas: 3,
    sidecars: [{ name: 'proxy', image: SIDECAR_IMAGE, port: 9090 }],
    ingress: [{ peers: [{ namespaces: ['ingress'], podLabels: { 'app.kubernetes.io/name': 'gateway' } }], ports: [8080] }],
    egress: [{ peers: [{ podLabels: { 'app.kubernetes.io/name': 'postgres' } }], ports: [5432] }, { peers: [{ cidr: '10.0.0.0/16' }], ports: [443] }],
  }));
  addWorkload('HardenedDeployment with a mounted secret and a given ServiceAccount', (c) => {
    const account = sa(c, { name: 'api-sa' });
    const d = new HardenedDeployment(c, 'api', { namespace: 'team-a', image: API_IMAGE, port: 8080, serviceAccount: account });
    externalSecret(c, 'db-password').mountInto(d, '/var/run/secrets/db');
  });

  addWorkload('HardenedDeployment autoscaled, with API access, a ConfigMap, an init container and scratch paths', (c) => {
    const d = deployment(c, {
      apiAccess: ApiAccess.of({ optOut: optOut('reads its feature flags ConfigMap through the API'), apiServerCidrs: ['10.0.0.1/32'], ports: [443] }),
      initContainers: [{ name: 'migrate', image: API_IMAGE, args: ['migrate'] }],
      scratchPaths: ['/var/cache/app'],
      env: { LOG_LEVEL: 'info' },
    });
    d.mountConfigMap(configMap(c, 'api-config').name, '/etc/api');
    d.autoscale({ maxReplicas: 6, cpuUtilizationPercent: 60, memoryUtilizationPercent: 80 });
  });
  addWorkload('HardenedStatefulSet defaults', (c) => {
    ns(c, 'ns', { name: 'team-a', environment: 'production' });
    new HardenedStatefulSet(c, 'cache', { namespace: 'team-a', name: 'cache', image: API_IMAGE, port: 6379 });
  });
  addWorkload('HardenedStatefulSet with volume claims, Parallel, autoscaled, a mounted secret', (c) => {
    ns(c, 'ns', { name: 'team-a', environment: 'production' });
    const s = new HardenedStatefulSet(c, 'cache', {
      namespace: 'team-a',
      name: 'cache',
      image: API_IMAGE,
      port: 6379,
      replicas: 3,
      podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
      sidecars: [{ name: 'exporter', image: SIDECAR_IMAGE, port: 9121 }],
      volumeClaimTemplates: [
        { name: 'data', mountPath: '/data', size: Size.gibibytes(10), storageClassName: 'fast-ssd' },
        { name: 'wal', mountPath: '/wal', size: Size.gibibytes(2), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD] },
      ],
    });
    externalSecret(c, 'cache-password').mountInto(s, '/etc/cache');
    s.autoscale({ maxReplicas: 5 });
  });
  addWorkload('HardenedJob defaults', (c) => {
    ns(c, 'ns', { name: 'team-a', environment: 'production' });
    new HardenedJob(c, 'migrate', { namespace: 'team-a', name: 'migrate', image: API_IMAGE });
  });
  addWorkload('HardenedJob with run settings, a secret, a ConfigMap, API access and egress to a database', (c) => {
    ns(c, 'ns', { name: 'team-a', environment: 'production' });
    const db = new HardenedStatefulSet(c, 'db', { namespace: 'team-a', name: 'db', image: API_IMAGE, port: 5432 });
    const j = new HardenedJob(c, 'migrate', {
      namespace: 'team-a',
      name: 'migrate',
      image: API_IMAGE,
      backoffLimit: 1,
      activeDeadlineSeconds: 900,
      ttlSecondsAfterFinished: 600,
      restartPolicy: kplus.RestartPolicy.ON_FAILURE,
      apiAccess: ApiAccess.of({ optOut: optOut('records the migration in a ConfigMap') }),
    });
    externalSecret(c, 'db-credentials').mountInto(j, '/etc/db');
    j.mountConfigMap(configMap(c, 'migrations').name, '/etc/migrations');
    j.connectTo(db);
  });
  addWorkload('HardenedCronJob defaults', (c) => {
    ns(c, 'ns', { name: 'team-a', environment: 'production' });
    new HardenedCronJob(c, 'nightly', { namespace: 'team-a', name: 'nightly', image: API_IMAGE, schedule: '0 3 * * *' });
  });
  addWorkload('HardenedCronJob with time zone, Replace, deadline, TTL, suspended', (c) => {
    ns(c, 'ns', { name: 'team-a', environment: 'production' });
    new HardenedCronJob(c, 'report', {
      namespace: 'team-a',
      name: 'report',
      image: API_IMAGE,
      schedule: '@daily',
      timeZone: 'Europe/Paris',
      concurrencyPolicy: kplus.ConcurrencyPolicy.REPLACE,
      startingDeadlineSeconds: 120,
      ttlSecondsAfterFinished: 3600,
      suspend: true,
      initContainers: [{ name: 'fetch', image: SIDECAR_IMAGE }],
    });
  });
  addWorkload('HardenedDaemonSet defaults', (c) => {
    ns(c, 'ns', { name: 'team-a', environment: 'production' });
    new HardenedDaemonSet(c, 'agent', { namespace: 'team-a', name: 'agent', image: API_IMAGE, scratchPaths: ['/var/lib/agent'] });
  });
  addWorkload('HardenedDaemonSet with host access in a privileged namespace', (c) => {
    const agents = ns(c, 'ns', { name: 'node-agents', podSecurityLevel: PodSecurityLevel.PRIVILEGED, podSecurityOptOut: optOut('node agents read host logs and metrics') });
    const agent = new HardenedDaemonSet(c, 'agent', {
      namespace: 'node-agents',
      name: 'agent',
      image: API_IMAGE,
      env: { NODE_LOG_DIR: '/host/var/log' },
      hostAccess: [
        HostAccess.hostPath({ path: '/var/log', mountPath: '/host/var/log', optOut: optOut('ships node logs to the SIEM') }),
        HostAccess.hostNetwork(optOut('measures the node network')),
        HostAccess.hostPid(optOut('reads per-process metrics')),
      ],
    });
    // The host access is the point of a node agent: the user records it for the checker too, with the
    // opt-outs' reasons, so `check` reports it as deliberate (suppressed), as a user's app would.
    for (const id of ['pss-baseline-host-namespaces', 'pss-restricted-host-namespaces']) {
      Compliance.of(agent).suppress({ id, reason: 'node agent: measures the node network and reads per-process metrics' });
    }
    for (const id of ['pss-baseline-host-path-volumes', 'pss-restricted-restricted-volumes']) {
      Compliance.of(agent).suppress({ id, reason: 'node agent: ships node logs (/var/log, read-only) to the SIEM' });
    }
    for (const id of ['namespace-pss-restricted', 'scorecard-pss-restricted-production']) {
      Compliance.of(agents).suppress({ id, reason: 'node agents read host logs and metrics (podSecurityOptOut)' });
    }
  });

  // Exposure: HardenedService (ports, allowFrom, opt-outs), ExternalNameService, HardenedIngress (TLS kinds, routes).
  // Each case also verifies its images' signatures, so it is clean on every pack, `hardened` included.
  const addExposure = (name: string, build: Builder) => add(name, (c) => {
    build(c);
    new SignedImagePolicy(c, 'signed-images', { imageReferences: ['registry.example.com/*'], attestors: [Attestor.githubActions({ repository: 'team/api' })] });
  });
  addExposure('HardenedService defaults', (c) => new HardenedService(c, 'svc', { workload: deployment(c, {}) }));
  addExposure('HardenedService mapped ports and allowFrom across namespaces', (c) => {
    const api = deployment(c, { sidecars: [{ name: 'metrics', image: SIDECAR_IMAGE, port: 9090 }] });
    const svc = new HardenedService(c, 'svc', { workload: api, ports: [{ port: 80, targetPort: 8080, name: 'http' }, { port: 9090, name: 'metrics' }] });
    ns(c, 'jobs-ns', { name: 'jobs', environment: 'production' });
    svc.allowFrom(new HardenedDeployment(c, 'worker', { namespace: 'jobs', image: API_IMAGE, port: 8081 }), { port: 80 });
  });
  // An opt-out is a deliberate exception: the user records it for the checker too (check ids of the
  // exposure checks), so `check` reports it as suppressed with its reason, as a user's app would.
  const deliberate = (scope: Construct, checkId: string, reason: string) => Compliance.of(scope).suppress({ id: checkId, reason });
  addExposure('HardenedService NodePort, LoadBalancer with source ranges and externalIPs opt-outs', (c) => {
    const api = deployment(c, {});
    const nodePort = new HardenedService(c, 'node-port', { workload: api, name: 'api-node', nodePort: optOut('bare-metal cluster without a load balancer') });
    deliberate(nodePort, 'service-no-external-type', 'bare-metal cluster without a load balancer');
    const lb = new HardenedService(c, 'lb', {
      workload: api,
      name: 'api-lb',
      loadBalancer: optOut('partner traffic bypasses the ingress, SEC-201'),
      loadBalancerSourceRanges: ['203.0.113.0/24'],
      ports: [{ port: 443, targetPort: 8080, name: 'https' }],
    });
    deliberate(lb, 'service-no-external-type', 'partner traffic bypasses the ingress, SEC-201');
    const ext = new HardenedService(c, 'external-ips', { workload: api, name: 'api-ext', externalIPs: { ips: ['198.51.100.10'], optOut: optOut('legacy VIP until the migration, SEC-202') } });
    deliberate(ext, 'service-no-external-ips', 'legacy VIP until the migration, SEC-202');
  });
  addExposure('ExternalNameService to an external database', (c) => {
    ns(c, 'ns', { name: 'team-a', environment: 'production' });
    const db = new ExternalNameService(c, 'db', { namespace: 'team-a', name: 'db', externalName: 'db.example.com', optOut: optOut('managed database outside the cluster') });
    deliberate(db, 'service-no-external-ips', 'managed database outside the cluster');
  });
  const tlsChoices: Array<[string, () => IngressTls]> = [
    ['Secret', () => IngressTls.fromSecret('shop-tls')],
    ['cert-manager ClusterIssuer', () => IngressTls.certManagerClusterIssuer('letsencrypt-production')],
    ['cert-manager Issuer', () => IngressTls.certManagerIssuer('team-ca', { secretName: 'shop-cert' })],
  ];
  for (const [label, tls] of tlsChoices) {
    addExposure(`HardenedIngress TLS from ${label}`, (c) => {
      const svc = new HardenedService(c, 'svc', { workload: deployment(c, {}), ports: [{ port: 80, targetPort: 8080, name: 'http' }] });
      new HardenedIngress(c, 'web', { ingressClassName: 'nginx', tls: tls(), routes: [{ host: 'shop.example.com', backend: svc }] });
    });
  }
  addExposure('HardenedIngress several hosts, paths and backends, custom controller', (c) => {
    const api = deployment(c, {});
    const web = new HardenedDeployment(c, 'web', { namespace: 'team-a', image: API_IMAGE, port: 3000 });
    const apiSvc = new HardenedService(c, 'api-svc', { workload: api });
    const webSvc = new HardenedService(c, 'web-svc', { workload: web, name: 'web', ports: [{ port: 80, targetPort: 3000, name: 'http' }] });
    const ing = new HardenedIngress(c, 'ingress', {
      ingressClassName: 'traefik',
      tls: IngressTls.certManagerClusterIssuer('letsencrypt-production'),
      controllerNamespace: 'traefik',
      controllerPodLabels: { 'app.kubernetes.io/name': 'traefik' },
      annotations: { 'traefik.ingress.kubernetes.io/router.tls': 'true' },
      routes: [
        { host: 'shop.example.com', backend: webSvc },
        { host: 'shop.example.com', path: '/api', backend: apiSvc },
      ],
    });
    ing.addRoute({ host: '*.shop.example.com', path: '/healthz', pathType: IngressPathType.EXACT, backend: apiSvc });
  });

  // Secret stores and ExternalSecretBinding, v1 and v1beta1, each provider.
  const providers: Array<[string, () => any]> = [
    ['AWS Secrets Manager', () => SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', serviceAccount: { name: 'eso' } })],
    ['AWS Parameter Store', () => SecretStoreProvider.awsParameterStore({ region: 'eu-west-1', serviceAccount: { name: 'eso' } })],
    ['GCP Secret Manager', () => SecretStoreProvider.gcpSecretManager({ projectId: 'my-project', serviceAccount: { name: 'eso' } })],
    ['Azure Key Vault', () => SecretStoreProvider.azureKeyVault({ vaultUrl: 'https://vault.vault.azure.net', serviceAccount: { name: 'eso' } })],
    ['Vault', () => SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', role: 'api', serviceAccount: { name: 'eso' } })],
  ];
  for (const version of [ExternalSecretsApiVersion.V1, ExternalSecretsApiVersion.V1BETA1]) {
    for (const [provider, make] of providers) {
      add(`HardenedSecretStore ${provider} ${version}`, (c) => {
        ns(c, 'ns', { name: 'team-a' });
        new HardenedSecretStore(c, 'store', { provider: make(), namespace: 'team-a', apiVersion: version });
      });
      add(`ExternalSecretBinding ${provider} ${version}`, (c) => {
        ns(c, 'ns', { name: 'team-a' });
        const store = new HardenedSecretStore(c, 'store', { provider: make(), namespace: 'team-a', apiVersion: version });
        new ExternalSecretBinding(c, 'binding', {
          namespace: 'team-a',
          store,
          apiVersion: version,
          data: [{ secretKey: 'password', remoteRef: { key: 'prod/db', property: 'password' } }],
        });
      });
    }
  }
  add('ExternalSecretBinding dataFrom extract and find', (c) => {
    ns(c, 'ns', { name: 'team-a' });
    new ExternalSecretBinding(c, 'binding', {
      namespace: 'team-a',
      store: SecretStoreRef.secretStore('existing-store', 'team-a'),
      dataFrom: [ExternalSecretDataFrom.extract({ key: 'prod/app' }), ExternalSecretDataFrom.find({ nameRegExp: '^prod-' })],
    });
  });
  add('HardenedSecretStore ClusterSecretStore restricted to namespaces', (c) => {
    new HardenedSecretStore(c, 'store', {
      kind: SecretStoreKind.CLUSTER_SECRET_STORE,
      allowedNamespaces: ['team-a', 'team-b'],
      provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', serviceAccount: { name: 'eso', namespace: 'external-secrets' } }),
    });
  });

  // SignedImagePolicy: kyverno and sigstore backends, keyless / key / KMS attestors, attestations.
  const policy = (c: Chart, props: Omit<SignedImagePolicyProps, 'imageReferences'>) => {
    return new SignedImagePolicy(c, 'policy', { ...props, imageReferences: ['registry.example.com/team/*'] });
  };
  add('SignedImagePolicy kyverno GitHub Actions keyless', (c) => policy(c, { attestors: [Attestor.githubActions({ repository: 'example/api', workflow: '.github/workflows/release.yml' })] }));
  add('SignedImagePolicy kyverno keyless with SLSA provenance', (c) => policy(c, {
    attestors: [Attestor.keyless({ issuer: 'https://accounts.google.com', subject: 'release@example.com' })],
    attestations: [ImageAttestation.predicate('https://slsa.dev/provenance/v1')],
  }));
  add('SignedImagePolicy kyverno KMS key', (c) => policy(c, { attestors: [Attestor.kms('awskms:///arn:aws:kms:eu-west-1:123456789012:key/abc')] }));
  // GitHub Actions attestor options: named refs and triggers (one Kyverno entry each, with
  // additionalExtensions), untrusted ones accepted with an OptOut, and a policy-controller policy
  // naming the SecureNamespace that opts in.
  const releaseAttestor = () => Attestor.githubActions({
    repository: 'example/api',
    workflow: '.github/workflows/release.yml',
    refs: ['refs/heads/main', 'refs/tags/release-*'],
    triggers: ['push', 'release', 'workflow_dispatch'],
  });
  add('SignedImagePolicy kyverno GitHub Actions refs and triggers', (c) => policy(c, { attestors: [releaseAttestor()] }));
  add('SignedImagePolicy kyverno GitHub Actions untrusted refs and triggers with OptOuts', (c) => policy(c, {
    attestors: [Attestor.githubActions({
      repository: 'example/api',
      refs: ['refs/*'],
      untrustedRefs: OptOut.because('conformance case for the opt-out'),
      triggers: ['pull_request_target'],
      untrustedTriggers: OptOut.because('conformance case for the opt-out'),
    })],
  }));
  add('SignedImagePolicy sigstore-policy-controller GitHub Actions refs with an opted-in namespace', (c) => {
    ns(c, 'ns', { name: 'team-a', sigstorePolicyController: true });
    policy(c, { backend: ImagePolicyBackend.SIGSTORE_POLICY_CONTROLLER, attestors: [releaseAttestor()], namespaces: ['team-a'] });
  });
  for (const backend of [ImagePolicyBackend.KYVERNO, ImagePolicyBackend.SIGSTORE_POLICY_CONTROLLER]) {
    add(`SignedImagePolicy ${backend} backend`, (c) => {
      policy(c, {
        backend,
        attestors: [Attestor.githubActions({ repository: 'example/api' })],
      });
    });
  }
  return cases;
}

function synthApp(app: App): unknown[] {
  return app.charts.flatMap((chart) => chart.toJson());
}

/** Builds the golden-path app and every matrix case. */
export function buildCases(): CaseSet {
  const cases: SynthesizedCase[] = [];
  const broken: string[] = [];
  try {
    cases.push({ name: 'golden path', objects: synthApp(buildGoldenPathApp()) });
  } catch (e) {
    broken.push(`golden path: ${(e as Error).message.split('\n')[0]}`);
  }
  for (const [name, build] of matrix()) {
    try {
      const chart = new Chart(Testing.app(), 'conformance');
      build(chart);
      cases.push({ name, objects: Testing.synth(chart) });
    } catch (e) {
      broken.push(`${name}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return { cases, broken };
}
