/**
 * The synthesized inputs of the conformance suite: the golden-path example app and a matrix of
 * construct configurations covering every construct and its important options.
 *
 * Constructs are loaded by module path at run time, so a construct that does not exist yet is
 * reported as missing (a note) instead of breaking the suite's compilation; a case whose construct
 * exists but fails to build is a failure.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';

/** One synthesized input: a name and the manifest objects it produced. */
export interface SynthesizedCase {
  readonly name: string;
  readonly objects: unknown[];
}

/** The result of building every case. */
export interface CaseSet {
  readonly cases: SynthesizedCase[];
  /** Cases that could not be built because a module or export does not exist yet. */
  readonly missing: string[];
  /** Cases whose constructs exist but threw while building or synthesizing. */
  readonly broken: string[];
}

const SRC = path.resolve(__dirname, '..', 'src');
const GOLDEN_PATH = path.resolve(__dirname, '..', 'examples', 'golden-path', 'app.ts');

/** Pinned images used across the matrix (the digest is syntactically valid, never pulled). */
const DIGEST = `sha256:${'a'.repeat(64)}`;
const API_IMAGE = `registry.example.com/team/api:1.4.2@${DIGEST}`;
const SIDECAR_IMAGE = `registry.example.com/team/proxy:2.0.0@${DIGEST}`;

class MissingModule extends Error {}

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
/** Loads `exportName` from `src/<modulePath>`; throws MissingModule when either is absent. */
function load(modulePath: string, exportName: string): any {
  const file = path.join(SRC, modulePath);
  if (!fs.existsSync(`${file}.ts`)) throw new MissingModule(`src/${modulePath}.ts`);
  const mod = require(file);
  if (!(exportName in mod)) throw new MissingModule(`${exportName} in src/${modulePath}.ts`);
  return mod[exportName];
}

type Builder = (chart: Chart) => void;

function ns(chart: Construct, id: string, props: Record<string, unknown> = {}): any {
  const SecureNamespace = load('namespace/secure-namespace', 'SecureNamespace');
  return new SecureNamespace(chart, id, props);
}

function optOut(reason: string): any {
  return load('warnings', 'OptOut').because(reason);
}

/** The configuration matrix: name -> builder. */
function matrix(): Array<[string, Builder]> {
  const cases: Array<[string, Builder]> = [];
  const add = (name: string, build: Builder) => cases.push([name, build]);

  // SecureNamespace: levels, opt-outs, DNS, quota and limits.
  add('SecureNamespace defaults', (c) => ns(c, 'ns', { name: 'team-a', environment: 'production' }));
  add('SecureNamespace baseline opt-out', (c) => {
    const PodSecurityLevel = load('compliance/pss/level', 'PodSecurityLevel');
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
  const sa = (c: Chart, props: Record<string, unknown>): any => {
    ns(c, 'ns', { name: 'team-a' });
    const LeastPrivilegeServiceAccount = load('rbac/least-privilege-service-account', 'LeastPrivilegeServiceAccount');
    return new LeastPrivilegeServiceAccount(c, 'sa', { namespace: 'team-a', ...props });
  };
  add('LeastPrivilegeServiceAccount read one ConfigMap and one Secret', (c) => {
    const account = sa(c, { name: 'reader' });
    account.grantReadConfigMap('app-config');
    account.grantReadSecret('db-password');
  });
  add('LeastPrivilegeServiceAccount AWS IRSA', (c) => {
    const WorkloadIdentity = load('rbac/workload-identity', 'WorkloadIdentity');
    sa(c, { name: 'irsa', workloadIdentity: WorkloadIdentity.awsIrsa('arn:aws:iam::123456789012:role/api') });
  });
  add('LeastPrivilegeServiceAccount GKE', (c) => {
    const WorkloadIdentity = load('rbac/workload-identity', 'WorkloadIdentity');
    sa(c, { name: 'gke', workloadIdentity: WorkloadIdentity.gke('api-runtime@my-project.iam.gserviceaccount.com') });
  });
  add('LeastPrivilegeServiceAccount Azure', (c) => {
    const WorkloadIdentity = load('rbac/workload-identity', 'WorkloadIdentity');
    sa(c, { name: 'azure', workloadIdentity: WorkloadIdentity.azure('00000000-0000-0000-0000-000000000000') });
  });

  // HardenedDeployment: defaults, ports, sidecars, ingress, egress, secrets.
  const deployment = (c: Chart, props: Record<string, unknown>): any => {
    ns(c, 'ns', { name: 'team-a', environment: 'production' });
    const HardenedDeployment = load('workloads/hardened-deployment', 'HardenedDeployment');
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
    const HardenedDeployment = load('workloads/hardened-deployment', 'HardenedDeployment');
    const d = new HardenedDeployment(c, 'api', { namespace: 'team-a', image: API_IMAGE, port: 8080, serviceAccount: account });
    d.mountSecret('db-password', '/var/run/secrets/db');
  });

  // Secret stores and ExternalSecretBinding, v1 and v1beta1, each provider.
  const providers: Array<[string, () => any]> = [
    ['AWS Secrets Manager', () => load('secrets/secret-store-provider', 'SecretStoreProvider').awsSecretsManager({ region: 'eu-west-1', serviceAccount: { name: 'eso' } })],
    ['AWS Parameter Store', () => load('secrets/secret-store-provider', 'SecretStoreProvider').awsParameterStore({ region: 'eu-west-1', serviceAccount: { name: 'eso' } })],
    ['GCP Secret Manager', () => load('secrets/secret-store-provider', 'SecretStoreProvider').gcpSecretManager({ projectId: 'my-project', serviceAccount: { name: 'eso' } })],
    ['Azure Key Vault', () => load('secrets/secret-store-provider', 'SecretStoreProvider').azureKeyVault({ vaultUrl: 'https://vault.vault.azure.net', serviceAccount: { name: 'eso' } })],
    ['Vault', () => load('secrets/secret-store-provider', 'SecretStoreProvider').vault({ server: 'https://vault.example.com', path: 'secret', role: 'api', serviceAccount: { name: 'eso' } })],
  ];
  for (const version of ['V1', 'V1BETA1']) {
    for (const [provider, make] of providers) {
      add(`HardenedSecretStore ${provider} ${version}`, (c) => {
        ns(c, 'ns', { name: 'team-a' });
        const HardenedSecretStore = load('secrets/secret-store', 'HardenedSecretStore');
        const ExternalSecretsApiVersion = load('secrets/secret-store-ref', 'ExternalSecretsApiVersion');
        new HardenedSecretStore(c, 'store', { provider: make(), namespace: 'team-a', apiVersion: ExternalSecretsApiVersion[version] });
      });
      add(`ExternalSecretBinding ${provider} ${version}`, (c) => {
        ns(c, 'ns', { name: 'team-a' });
        const ExternalSecretBinding = load('secrets/external-secret-binding', 'ExternalSecretBinding');
        const ExternalSecretsApiVersion = load('secrets/secret-store-ref', 'ExternalSecretsApiVersion');
        const HardenedSecretStore = load('secrets/secret-store', 'HardenedSecretStore');
        const store = new HardenedSecretStore(c, 'store', { provider: make(), namespace: 'team-a', apiVersion: ExternalSecretsApiVersion[version] });
        new ExternalSecretBinding(c, 'binding', {
          namespace: 'team-a',
          store,
          apiVersion: ExternalSecretsApiVersion[version],
          data: [{ secretKey: 'password', remoteRef: { key: 'prod/db', property: 'password' } }],
        });
      });
    }
  }
  add('ExternalSecretBinding dataFrom extract and find', (c) => {
    ns(c, 'ns', { name: 'team-a' });
    const ExternalSecretBinding = load('secrets/external-secret-binding', 'ExternalSecretBinding');
    const ExternalSecretDataFrom = load('secrets/external-secret-binding', 'ExternalSecretDataFrom');
    const SecretStoreRef = load('secrets/secret-store-ref', 'SecretStoreRef');
    new ExternalSecretBinding(c, 'binding', {
      namespace: 'team-a',
      store: SecretStoreRef.secretStore('existing-store', 'team-a'),
      dataFrom: [ExternalSecretDataFrom.extract({ key: 'prod/app' }), ExternalSecretDataFrom.find({ nameRegExp: '^prod-' })],
    });
  });
  add('HardenedSecretStore ClusterSecretStore restricted to namespaces', (c) => {
    const HardenedSecretStore = load('secrets/secret-store', 'HardenedSecretStore');
    const SecretStoreKind = load('secrets/secret-store-ref', 'SecretStoreKind');
    const SecretStoreProvider = load('secrets/secret-store-provider', 'SecretStoreProvider');
    new HardenedSecretStore(c, 'store', {
      kind: SecretStoreKind.CLUSTER_SECRET_STORE,
      allowedNamespaces: ['team-a', 'team-b'],
      provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', serviceAccount: { name: 'eso', namespace: 'external-secrets' } }),
    });
  });

  // SignedImagePolicy: kyverno and sigstore backends, keyless / key / KMS attestors, attestations.
  const policy = (c: Chart, props: Record<string, unknown>) => {
    const SignedImagePolicy = load('supply-chain/signed-image-policy', 'SignedImagePolicy');
    return new SignedImagePolicy(c, 'policy', { imageReferences: ['registry.example.com/team/*'], ...props });
  };
  const attestor = (): any => load('supply-chain/attestor', 'Attestor');
  add('SignedImagePolicy kyverno GitHub Actions keyless', (c) => policy(c, { attestors: [attestor().githubActions({ repository: 'example/api', workflow: '.github/workflows/release.yml' })] }));
  add('SignedImagePolicy kyverno keyless with SLSA provenance', (c) => policy(c, {
    attestors: [attestor().keyless({ issuer: 'https://accounts.google.com', subject: 'release@example.com' })],
    attestations: [load('supply-chain/image-attestation', 'ImageAttestation').predicate('https://slsa.dev/provenance/v1')],
  }));
  add('SignedImagePolicy kyverno KMS key', (c) => policy(c, { attestors: [attestor().kms('awskms:///arn:aws:kms:eu-west-1:123456789012:key/abc')] }));
  for (const backend of ['KYVERNO', 'SIGSTORE_POLICY_CONTROLLER']) {
    add(`SignedImagePolicy ${backend.toLowerCase().replace(/_/g, '-')} backend`, (c) => {
      const ImagePolicyBackend = load('supply-chain/signed-image-policy', 'ImagePolicyBackend');
      if (!(backend in ImagePolicyBackend)) throw new MissingModule(`ImagePolicyBackend.${backend}`);
      policy(c, {
        backend: ImagePolicyBackend[backend],
        attestors: [attestor().githubActions({ repository: 'example/api' })],
      });
    });
  }
  return cases;
}
/* eslint-enable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */

function synthApp(app: App): unknown[] {
  return app.charts.flatMap((chart) => chart.toJson());
}

/** Builds the golden-path app and every matrix case. */
export function buildCases(): CaseSet {
  const cases: SynthesizedCase[] = [];
  const missing: string[] = [];
  const broken: string[] = [];
  if (fs.existsSync(GOLDEN_PATH)) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { buildGoldenPathApp } = require(GOLDEN_PATH.replace(/\.ts$/, ''));
      cases.push({ name: 'golden path', objects: synthApp(buildGoldenPathApp()) });
    } catch (e) {
      broken.push(`golden path: ${(e as Error).message.split('\n')[0]}`);
    }
  } else {
    missing.push('golden path (examples/golden-path/app.ts exporting buildGoldenPathApp)');
  }
  for (const [name, build] of matrix()) {
    try {
      const chart = new Chart(Testing.app(), 'conformance');
      build(chart);
      cases.push({ name, objects: Testing.synth(chart) });
    } catch (e) {
      if (e instanceof MissingModule) missing.push(`${name} (needs ${e.message})`);
      else broken.push(`${name}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return { cases, missing, broken };
}
