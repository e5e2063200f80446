/**
 * The golden path: what a platform team's template gives a product team.
 *
 * A production namespace locked to Pod Security "restricted" with default-deny networking, an API
 * reading its database password from AWS Secrets Manager through External Secrets (mounted as a
 * read-only file, never an env var), a worker that may only call the API, a Kyverno policy that
 * admits only images signed by the team's GitHub Actions release workflow, and the Pod Security
 * "restricted" rules enforced at admission by the API server itself (ValidatingAdmissionPolicy),
 * so manifests that never went through cdk8s are held to the same rules.
 */
import { App, Chart } from 'cdk8s';
import {
  Attestor,
  ExternalSecretBinding,
  HardenedDeployment,
  HardenedSecretStore,
  HealthCheck,
  LeastPrivilegeServiceAccount,
  SecretStoreKind,
  SecretStoreProvider,
  PolicyAction,
  PolicyEngine,
  PolicyPack,
  SecureNamespace,
  SignedImagePolicy,
} from 'cdk8s-hardened';
import { Construct } from 'constructs';

/** The registry every image comes from; the image policy covers exactly it. */
export const REGISTRY = 'myregistry.io';
const API_IMAGE = `${REGISTRY}/shop/api:v1.0.0@sha256:4b8a3f0c7f1d1c6b8e2a9d3f5e7c9b1a3d5f7e9c1b3a5d7f9e1c3b5a7d9f1e3c`;
const WORKER_IMAGE = `${REGISTRY}/shop/worker:v1.0.0@sha256:9f1e3c5a7d9b1f3e5c7a9d1b3f5e7c9a1d3b5f7e9c1a3d5b7f9e1c3a5d7b9f1e`;

/** The golden-path chart: one production namespace and everything in it. */
export class GoldenPathChart extends Chart {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const namespace = new SecureNamespace(this, 'production', { name: 'production', environment: 'production' });

    // The API reads one named ConfigMap (the brief's RBAC example) and nothing else.
    const apiIdentity = new LeastPrivilegeServiceAccount(this, 'api-identity', { namespace: namespace.name, name: 'api-server' });
    apiIdentity.grantReadConfigMap('api-config');

    const api = new HardenedDeployment(this, 'api', {
      namespace: namespace.name,
      name: 'api',
      image: API_IMAGE,
      port: 8080,
      replicas: 3,
      serviceAccount: apiIdentity,
      readiness: HealthCheck.http('/readyz'),
      liveness: HealthCheck.http('/livez'),
      ingress: [{ peers: [{ namespaces: ['ingress-nginx'], podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } }], ports: [8080] }],
      egress: [{ peers: [{ cidr: '10.20.0.0/16' }], ports: [5432] }],
    });

    // The database password lives in AWS Secrets Manager; External Secrets syncs it into a Secret
    // that only the production namespace may use, and the API sees it as a read-only file.
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
      namespace: namespace.name,
      store,
      secretName: 'db-credentials',
      data: [{ secretKey: 'password', remoteRef: { key: 'production/database', property: 'password' } }],
    });
    db.mountInto(api, '/var/run/secrets/db');

    new HardenedDeployment(this, 'worker', {
      namespace: namespace.name,
      name: 'worker',
      image: WORKER_IMAGE,
      port: 9090,
      readiness: HealthCheck.http('/readyz'),
      liveness: HealthCheck.http('/livez'),
      egress: [{ peers: [{ podLabels: { 'app.kubernetes.io/instance': api.name } }], ports: [api.port!] }],
    });
    api.allowIngress({ peers: [{ podLabels: { 'app.kubernetes.io/instance': 'worker' } }], ports: [api.port!] });

    // Only images signed by the shop's release workflow are admitted.
    new SignedImagePolicy(this, 'signed-images', {
      name: 'verify-image-signature',
      imageReferences: [`${REGISTRY}/*`],
      attestors: [Attestor.githubActions({ repository: 'shop/platform', workflow: '.github/workflows/release.yml', defaultBranch: 'main', releaseTags: 'v*' })],
    });

    // The same Pod Security rules, at the same pinned version, enforced in the cluster by the API
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
