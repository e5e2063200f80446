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
import { PodSecurityLevel } from '../src/compliance/pss/level';
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
  add('HardenedDeployment defaults', (c) => deployment(c, {}));
  add('HardenedDeployment with sidecar, ingress and egress', (c) => deployment(c, {
    replicas: 3,
    sidecars: [{ name: 'proxy', image: SIDECAR_IMAGE, port: 9090 }],
    ingress: [{ peers: [{ namespaces: ['ingress'], podLabels: { 'app.kubernetes.io/name': 'gateway' } }], ports: [8080] }],
    egress: [{ peers: [{ podLabels: { 'app.kubernetes.io/name': 'postgres' } }], ports: [5432] }, { peers: [{ cidr: '10.0.0.0/16' }], ports: [443] }],
  }));
  add('HardenedDeployment with a mounted secret and a given ServiceAccount', (c) => {
    const account = sa(c, { name: 'api-sa' });
    const d = new HardenedDeployment(c, 'api', { namespace: 'team-a', image: API_IMAGE, port: 8080, serviceAccount: account });
    d.mountSecret('db-password', '/var/run/secrets/db');
  });

  // The other hardened kinds and the pod options every kind shares.
  const opt = optOut('the value is only read at startup, a restart is fine');
  add('HardenedDeployment autoscaled, with API access, a ConfigMap, an init container and scratch paths', (c) => {
    const d = deployment(c, {
      apiAccess: ApiAccess.of({ optOut: optOut('reads its feature flags ConfigMap through the API'), apiServerCidrs: ['10.0.0.1/32'], ports: [443] }),
      initContainers: [{ name: 'migrate', image: API_IMAGE, args: ['migrate'] }],
      scratchPaths: ['/var/cache/app'],
      env: { LOG_LEVEL: 'info' },
    });
    d.mountConfigMap('api-config', '/etc/api');
    d.autoscale({ maxReplicas: 6, cpuUtilizationPercent: 60, memoryUtilizationPercent: 80 });
  });
  add('HardenedStatefulSet defaults', (c) => {
    ns(c, 'ns', { name: 'team-a', environment: 'production' });
    new HardenedStatefulSet(c, 'cache', { namespace: 'team-a', name: 'cache', image: API_IMAGE, port: 6379 });
  });
  add('HardenedStatefulSet with volume claims, Parallel, autoscaled, a mounted secret', (c) => {
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
    s.mountSecret('cache-password', '/etc/cache');
    s.autoscale({ maxReplicas: 5 });
  });
  add('HardenedJob defaults', (c) => {
    ns(c, 'ns', { name: 'team-a', environment: 'production' });
    new HardenedJob(c, 'migrate', { namespace: 'team-a', name: 'migrate', image: API_IMAGE });
  });
  add('HardenedJob with run settings, a secret, a ConfigMap, API access and egress to a database', (c) => {
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
    j.mountSecret('db-credentials', '/etc/db');
    j.mountConfigMap('migrations', '/etc/migrations');
    j.connectTo(db);
  });
  add('HardenedCronJob defaults', (c) => {
    ns(c, 'ns', { name: 'team-a', environment: 'production' });
    new HardenedCronJob(c, 'nightly', { namespace: 'team-a', name: 'nightly', image: API_IMAGE, schedule: '0 3 * * *' });
  });
  add('HardenedCronJob with time zone, Replace, deadline, TTL, suspended', (c) => {
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
  add('HardenedDaemonSet defaults', (c) => {
    ns(c, 'ns', { name: 'team-a', environment: 'production' });
    new HardenedDaemonSet(c, 'agent', { namespace: 'team-a', name: 'agent', image: API_IMAGE, scratchPaths: ['/var/lib/agent'] });
  });
  add('HardenedDaemonSet with host access in a privileged namespace', (c) => {
    ns(c, 'ns', { name: 'node-agents', podSecurityLevel: PodSecurityLevel.PRIVILEGED, podSecurityOptOut: optOut('node agents read host logs and metrics') });
    new HardenedDaemonSet(c, 'agent', {
      namespace: 'node-agents',
      name: 'agent',
      image: API_IMAGE,
      env: { NODE_LOG_DIR: '/host/var/log' },
      hostAccess: [
        HostAccess.hostPath({ path: '/var/log', mountPath: '/host/var/log', optOut: opt }),
        HostAccess.hostNetwork(optOut('measures the node network')),
        HostAccess.hostPid(optOut('reads per-process metrics')),
      ],
    });
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
