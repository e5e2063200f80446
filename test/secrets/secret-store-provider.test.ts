import { Chart, Testing } from 'cdk8s';
import { HardenedSecretStore } from '../../src/secrets/secret-store';
import { SecretStoreProvider } from '../../src/secrets/secret-store-provider';
import { OptOut } from '../../src/warnings';

function provider(p: SecretStoreProvider) {
  const chart = new Chart(Testing.app(), 'test');
  new HardenedSecretStore(chart, 'store', { namespace: 'team-a', provider: p });
  return Testing.synth(chart)[0].spec.provider;
}

describe('SecretStoreProvider', () => {
  test('AWS Secrets Manager with JWT ServiceAccount auth and a role', () => {
    expect(provider(SecretStoreProvider.awsSecretsManager({
      region: 'eu-west-1', role: 'arn:aws:iam::123456789012:role/team-a-secrets', serviceAccount: { name: 'eso', audiences: ['sts.amazonaws.com'] },
    }))).toEqual({
      aws: {
        service: 'SecretsManager',
        region: 'eu-west-1',
        role: 'arn:aws:iam::123456789012:role/team-a-secrets',
        auth: { jwt: { serviceAccountRef: { name: 'eso', audiences: ['sts.amazonaws.com'] } } },
      },
    });
  });

  test('AWS Parameter Store', () => {
    expect(provider(SecretStoreProvider.awsParameterStore({ region: 'us-gov-west-1', serviceAccount: { name: 'eso', namespace: 'team-a' } }))).toEqual({
      aws: { service: 'ParameterStore', region: 'us-gov-west-1', auth: { jwt: { serviceAccountRef: { name: 'eso', namespace: 'team-a' } } } },
    });
  });

  test('GCP Secret Manager with Workload Identity', () => {
    expect(provider(SecretStoreProvider.gcpSecretManager({
      projectId: 'my-project-123', serviceAccount: { name: 'eso' }, clusterLocation: 'europe-west1', clusterName: 'prod', clusterProjectId: 'cluster-project',
    }))).toEqual({
      gcpsm: {
        projectID: 'my-project-123',
        auth: { workloadIdentity: { serviceAccountRef: { name: 'eso' }, clusterLocation: 'europe-west1', clusterName: 'prod', clusterProjectID: 'cluster-project' } },
      },
    });
  });

  test('Azure Key Vault with Workload Identity', () => {
    expect(provider(SecretStoreProvider.azureKeyVault({
      vaultUrl: 'https://team-a-vault.vault.azure.net', tenantId: '11111111-2222-3333-4444-555555555555', serviceAccount: { name: 'eso' },
    }))).toEqual({
      azurekv: {
        authType: 'WorkloadIdentity', vaultUrl: 'https://team-a-vault.vault.azure.net', tenantId: '11111111-2222-3333-4444-555555555555', serviceAccountRef: { name: 'eso' },
      },
    });
  });

  test('HashiCorp Vault with Kubernetes auth, KV v2 and mount path kubernetes by default', () => {
    expect(provider(SecretStoreProvider.vault({ server: 'https://vault.example.com:8200', path: 'secret', role: 'team-a', serviceAccount: { name: 'eso' } }))).toEqual({
      vault: {
        server: 'https://vault.example.com:8200',
        path: 'secret',
        version: 'v2',
        auth: { kubernetes: { mountPath: 'kubernetes', role: 'team-a', serviceAccountRef: { name: 'eso' } } },
      },
    });
  });

  test('HashiCorp Vault with KV v1, a custom mount, a Vault namespace and a CA bundle', () => {
    expect(provider(SecretStoreProvider.vault({
      server: 'https://vault:8200', path: 'kv', version: 'v1', role: 'r', mountPath: 'k8s/prod', vaultNamespace: 'team-a', caBundle: 'LS0tLS1CRUdJTg==',
    })).vault).toEqual({
      server: 'https://vault:8200',
      path: 'kv',
      version: 'v1',
      namespace: 'team-a',
      caBundle: 'LS0tLS1CRUdJTg==',
      auth: { kubernetes: { mountPath: 'k8s/prod', role: 'r' } },
    });
  });

  describe('fails', () => {
    test.each<[string, () => SecretStoreProvider, string]>([
      ['a bad AWS region', () => SecretStoreProvider.awsSecretsManager({ region: 'US-EAST-1', serviceAccount: { name: 'eso' } }),
        "SecretStoreProvider.awsSecretsManager: region \"US-EAST-1\" is not an AWS region; use e.g. 'us-east-1'"],
      ['a bad role ARN', () => SecretStoreProvider.awsParameterStore({ region: 'us-east-1', role: 'admin', serviceAccount: { name: 'eso' } }),
        "SecretStoreProvider.awsParameterStore: role \"admin\" is not an IAM role ARN; use 'arn:aws:iam::<account id>:role/<name>'"],
      ['a missing ServiceAccount', () => SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' } as any),
        "SecretStoreProvider.awsSecretsManager: serviceAccount is required; name the ServiceAccount whose token the store exchanges for credentials, e.g. { name: 'external-secrets-sa', namespace: 'external-secrets' }"],
      ['a bad ServiceAccount name', () => SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: { name: 'ESO' } }),
        'SecretStoreProvider.awsSecretsManager: serviceAccount.name "ESO" is not a DNS-1123 subdomain'],
      ['empty audiences', () => SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: { name: 'eso', audiences: [] } }),
        "SecretStoreProvider.awsSecretsManager: serviceAccount.audiences [] must be non-empty strings; omit it for the provider's default audience"],
      ['a bad GCP project', () => SecretStoreProvider.gcpSecretManager({ projectId: 'P', serviceAccount: { name: 'eso' } }),
        "SecretStoreProvider.gcpSecretManager: projectId \"P\" is not a GCP project id; use 6 to 30 lowercase letters, digits or '-', starting with a letter"],
      ['a bad vault URL', () => SecretStoreProvider.azureKeyVault({ vaultUrl: 'https://example.com', serviceAccount: { name: 'eso' } }),
        "SecretStoreProvider.azureKeyVault: vaultUrl \"https://example.com\" is not a Key Vault URL; use 'https://<vault-name>.vault.azure.net'"],
      ['a bad tenant id', () => SecretStoreProvider.azureKeyVault({ vaultUrl: 'https://kv-one.vault.azure.net', tenantId: 'contoso', serviceAccount: { name: 'eso' } }),
        'SecretStoreProvider.azureKeyVault: tenantId "contoso" is not a tenant id; use the directory (tenant) GUID'],
      ['a plain-http Vault', () => SecretStoreProvider.vault({ server: 'http://vault:8200', path: 'secret', role: 'r' }),
        "SecretStoreProvider.vault: server \"http://vault:8200\" is plain http, so the ServiceAccount token and every secret cross the network unencrypted; use https:// or pass insecureHttp: OptOut.because('<why>')"],
      ['a Vault server that is not a URL', () => SecretStoreProvider.vault({ server: 'vault:8200', path: 'secret', role: 'r' }),
        "SecretStoreProvider.vault: server \"vault:8200\" is not a URL; use e.g. 'https://vault.example.com:8200'"],
      ['a bad KV version', () => SecretStoreProvider.vault({ server: 'https://vault', path: 'secret', role: 'r', version: 'v3' }),
        "SecretStoreProvider.vault: version \"v3\" is not a KV version; use 'v1' or 'v2'"],
      ['an empty Vault role', () => SecretStoreProvider.vault({ server: 'https://vault', path: 'secret', role: '' }),
        'SecretStoreProvider.vault: role "" is empty; use the Vault role bound to the ServiceAccount'],
      ['a bad Vault path', () => SecretStoreProvider.vault({ server: 'https://vault', path: '/secret/', role: 'r' }),
        "SecretStoreProvider.vault: path \"/secret/\" is not a secrets engine mount path; use e.g. 'secret'"],
    ])('fails on %s', (_name, make, message) => {
      expect(make).toThrow(message);
    });

    test('accepts plain http only with a reason', () => {
      expect(() => SecretStoreProvider.vault({ server: 'http://vault:8200', path: 'secret', role: 'r', insecureHttp: OptOut.because('mesh mTLS, SEC-9') })).not.toThrow();
    });
  });
});
