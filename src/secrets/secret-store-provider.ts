import { isDns1123Label, isDns1123Subdomain, DNS1123_LABEL_RULE, DNS1123_SUBDOMAIN_RULE } from '../private/validation';
import { OptOut } from '../warnings';

const AWS_REGION_RE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$/;
const AWS_ROLE_ARN_RE = /^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role\/[\w+=,.@/-]{1,512}$/;
const GCP_PROJECT_RE = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
const AZURE_VAULT_URL_RE = /^https:\/\/[a-zA-Z0-9-]{3,24}\.vault\.(azure\.net|azure\.cn|usgovcloudapi\.net|microsoftazure\.de)\/?$/;
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * The Kubernetes ServiceAccount whose token a store exchanges for provider credentials.
 */
export interface SecretStoreServiceAccount {
  /**
   * ServiceAccount name.
   */
  readonly name: string;

  /**
   * ServiceAccount namespace.
   *
   * In a namespaced SecretStore it must be empty or the store's namespace. In a ClusterSecretStore,
   * leaving it empty makes ESO use the namespace of each ExternalSecret (a per-namespace identity).
   *
   * @default - the store's namespace (SecretStore) or the ExternalSecret's namespace (ClusterSecretStore)
   */
  readonly namespace?: string;

  /**
   * Audiences of the requested token.
   *
   * @default - the provider's default audience
   */
  readonly audiences?: string[];
}

/**
 * AWS Secrets Manager or Parameter Store, authenticated with a ServiceAccount token (IRSA / JWT).
 */
export interface AwsSecretStoreProviderOptions {
  /**
   * AWS region, e.g. `us-east-1`.
   */
  readonly region: string;

  /**
   * The ServiceAccount whose projected token is exchanged for AWS credentials (`auth.jwt`).
   */
  readonly serviceAccount: SecretStoreServiceAccount;

  /**
   * IAM role to assume after authenticating, e.g. `arn:aws:iam::123456789012:role/app-secrets`.
   *
   * @default - the ServiceAccount's own role (IRSA annotation)
   */
  readonly role?: string;
}

/**
 * GCP Secret Manager, authenticated with GKE Workload Identity.
 */
export interface GcpSecretStoreProviderOptions {
  /**
   * GCP project that holds the secrets.
   */
  readonly projectId: string;

  /**
   * The Kubernetes ServiceAccount bound to a Google service account (Workload Identity).
   */
  readonly serviceAccount: SecretStoreServiceAccount;

  /**
   * Location of the GKE cluster (`auth.workloadIdentity.clusterLocation`).
   *
   * @default - read from the GKE metadata server
   */
  readonly clusterLocation?: string;

  /**
   * Name of the GKE cluster (`auth.workloadIdentity.clusterName`).
   *
   * @default - read from the GKE metadata server
   */
  readonly clusterName?: string;

  /**
   * Project of the GKE cluster, when it differs from `projectId`.
   *
   * @default - projectId
   */
  readonly clusterProjectId?: string;
}

/**
 * Azure Key Vault, authenticated with Azure Workload Identity.
 */
export interface AzureKeyVaultProviderOptions {
  /**
   * The vault URL, e.g. `https://my-vault.vault.azure.net`.
   */
  readonly vaultUrl: string;

  /**
   * The Kubernetes ServiceAccount federated with a managed identity (Workload Identity).
   */
  readonly serviceAccount: SecretStoreServiceAccount;

  /**
   * Azure AD tenant id.
   *
   * @default - read from the ServiceAccount's `azure.workload.identity/tenant-id` annotation
   */
  readonly tenantId?: string;
}

/**
 * HashiCorp Vault, authenticated with the Kubernetes auth method.
 */
export interface VaultProviderOptions {
  /**
   * Vault server URL, e.g. `https://vault.example.com:8200`.
   */
  readonly server: string;

  /**
   * Mount path of the KV secrets engine, e.g. `secret`.
   */
  readonly path: string;

  /**
   * KV secrets engine version, `v1` or `v2`.
   *
   * @default 'v2'
   */
  readonly version?: string;

  /**
   * Vault role bound to the ServiceAccount (Kubernetes auth method).
   */
  readonly role: string;

  /**
   * Mount path of the Kubernetes auth method.
   *
   * @default 'kubernetes'
   */
  readonly mountPath?: string;

  /**
   * ServiceAccount whose token is presented to Vault.
   *
   * @default - the External Secrets Operator's own ServiceAccount
   */
  readonly serviceAccount?: SecretStoreServiceAccount;

  /**
   * Vault Enterprise namespace.
   *
   * @default - none
   */
  readonly vaultNamespace?: string;

  /**
   * PEM CA bundle that signed the Vault server certificate, base64 encoded.
   *
   * @default - the operator's system trust store
   */
  readonly caBundle?: string;

  /**
   * Allow a plain `http://` server URL.
   *
   * Security note: the ServiceAccount token and every secret then cross the network unencrypted.
   * Records the warning `HardenedSecretStore.InsecureVault`.
   *
   * @default - https is required
   */
  readonly insecureHttp?: OptOut;
}

/**
 * Where a secret store reads secrets from, and how it authenticates.
 *
 * Every factory authenticates with a Kubernetes ServiceAccount identity (IRSA / JWT, Workload
 * Identity, Vault Kubernetes auth): no static cloud credentials are stored in the cluster.
 */
export class SecretStoreProvider {
  /**
   * AWS Secrets Manager (`service: SecretsManager`) with JWT ServiceAccount auth.
   */
  public static awsSecretsManager(options: AwsSecretStoreProviderOptions): SecretStoreProvider {
    return SecretStoreProvider.aws('SecretStoreProvider.awsSecretsManager', 'SecretsManager', options);
  }

  /**
   * AWS Systems Manager Parameter Store (`service: ParameterStore`) with JWT ServiceAccount auth.
   */
  public static awsParameterStore(options: AwsSecretStoreProviderOptions): SecretStoreProvider {
    return SecretStoreProvider.aws('SecretStoreProvider.awsParameterStore', 'ParameterStore', options);
  }

  /**
   * GCP Secret Manager with GKE Workload Identity.
   */
  public static gcpSecretManager(options: GcpSecretStoreProviderOptions): SecretStoreProvider {
    const where = 'SecretStoreProvider.gcpSecretManager';
    for (const [prop, value] of [['projectId', options.projectId], ['clusterProjectId', options.clusterProjectId]] as const) {
      if (value !== undefined && !GCP_PROJECT_RE.test(value)) {
        throw new Error(`${where}: ${prop} ${JSON.stringify(value)} is not a GCP project id; use 6 to 30 lowercase letters, digits or '-', starting with a letter`);
      }
    }
    const sa = checkServiceAccount(where, options.serviceAccount, true)!;
    return new SecretStoreProvider('gcpsm', options.serviceAccount, {
      projectID: options.projectId,
      auth: {
        workloadIdentity: {
          serviceAccountRef: sa,
          ...(options.clusterLocation !== undefined ? { clusterLocation: options.clusterLocation } : {}),
          ...(options.clusterName !== undefined ? { clusterName: options.clusterName } : {}),
          ...(options.clusterProjectId !== undefined ? { clusterProjectID: options.clusterProjectId } : {}),
        },
      },
    });
  }

  /**
   * Azure Key Vault with Azure Workload Identity (`authType: WorkloadIdentity`).
   */
  public static azureKeyVault(options: AzureKeyVaultProviderOptions): SecretStoreProvider {
    const where = 'SecretStoreProvider.azureKeyVault';
    if (typeof options.vaultUrl !== 'string' || !AZURE_VAULT_URL_RE.test(options.vaultUrl)) {
      throw new Error(`${where}: vaultUrl ${JSON.stringify(options.vaultUrl)} is not a Key Vault URL; use 'https://<vault-name>.vault.azure.net'`);
    }
    if (options.tenantId !== undefined && !UUID_RE.test(options.tenantId)) {
      throw new Error(`${where}: tenantId ${JSON.stringify(options.tenantId)} is not a tenant id; use the directory (tenant) GUID`);
    }
    const sa = checkServiceAccount(where, options.serviceAccount, true)!;
    return new SecretStoreProvider('azurekv', options.serviceAccount, {
      authType: 'WorkloadIdentity',
      vaultUrl: options.vaultUrl,
      ...(options.tenantId !== undefined ? { tenantId: options.tenantId } : {}),
      serviceAccountRef: sa,
    });
  }

  /**
   * HashiCorp Vault KV with the Kubernetes auth method.
   */
  public static vault(options: VaultProviderOptions): SecretStoreProvider {
    const where = 'SecretStoreProvider.vault';
    const https = typeof options.server === 'string' && /^https:\/\/[^\s/]+(\/\S*)?$/.test(options.server);
    const http = typeof options.server === 'string' && /^http:\/\/[^\s/]+(\/\S*)?$/.test(options.server);
    if (!https && !(http && options.insecureHttp)) {
      throw new Error(http
        ? `${where}: server ${JSON.stringify(options.server)} is plain http, so the ServiceAccount token and every secret cross the network unencrypted; use https:// or pass insecureHttp: OptOut.because('<why>')`
        : `${where}: server ${JSON.stringify(options.server)} is not a URL; use e.g. 'https://vault.example.com:8200'`);
    }
    if (typeof options.path !== 'string' || !/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(options.path)) {
      throw new Error(`${where}: path ${JSON.stringify(options.path)} is not a secrets engine mount path; use e.g. 'secret'`);
    }
    const version = options.version ?? 'v2';
    if (version !== 'v1' && version !== 'v2') {
      throw new Error(`${where}: version ${JSON.stringify(version)} is not a KV version; use 'v1' or 'v2'`);
    }
    if (typeof options.role !== 'string' || options.role.trim() === '') {
      throw new Error(`${where}: role ${JSON.stringify(options.role)} is empty; use the Vault role bound to the ServiceAccount`);
    }
    const mountPath = options.mountPath ?? 'kubernetes';
    if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(mountPath)) {
      throw new Error(`${where}: mountPath ${JSON.stringify(mountPath)} is not an auth mount path; use e.g. 'kubernetes'`);
    }
    const sa = checkServiceAccount(where, options.serviceAccount, false);
    return new SecretStoreProvider('vault', options.serviceAccount, {
      server: options.server,
      path: options.path,
      version,
      ...(options.vaultNamespace !== undefined ? { namespace: options.vaultNamespace } : {}),
      ...(options.caBundle !== undefined ? { caBundle: options.caBundle } : {}),
      auth: { kubernetes: { mountPath, role: options.role, ...(sa ? { serviceAccountRef: sa } : {}) } },
    }, options.insecureHttp && http ? { id: 'HardenedSecretStore.InsecureVault', message: `Vault server ${options.server} is reached over plain http: ${options.insecureHttp.reason}` } : undefined);
  }

  private static aws(where: string, service: string, options: AwsSecretStoreProviderOptions): SecretStoreProvider {
    if (typeof options.region !== 'string' || !AWS_REGION_RE.test(options.region)) {
      throw new Error(`${where}: region ${JSON.stringify(options.region)} is not an AWS region; use e.g. 'us-east-1'`);
    }
    if (options.role !== undefined && !AWS_ROLE_ARN_RE.test(options.role)) {
      throw new Error(`${where}: role ${JSON.stringify(options.role)} is not an IAM role ARN; use 'arn:aws:iam::<account id>:role/<name>'`);
    }
    const sa = checkServiceAccount(where, options.serviceAccount, true)!;
    return new SecretStoreProvider('aws', options.serviceAccount, {
      service,
      region: options.region,
      ...(options.role !== undefined ? { role: options.role } : {}),
      auth: { jwt: { serviceAccountRef: sa } },
    });
  }

  /** ESO provider key (`aws`, `gcpsm`, `azurekv`, `vault`). */
  public readonly providerKey: string;

  /** The ServiceAccount the store authenticates as, if any. */
  public readonly serviceAccount?: SecretStoreServiceAccount;

  private readonly spec: { [key: string]: any };
  private readonly weakening?: { id: string; message: string };

  private constructor(
    key: string, serviceAccount: SecretStoreServiceAccount | undefined, spec: { [key: string]: any }, weakening?: { id: string; message: string },
  ) {
    this.providerKey = key;
    this.serviceAccount = serviceAccount;
    this.spec = spec;
    this.weakening = weakening;
  }

  /** @internal The `spec.provider` object of the store. */
  public _render(): { [key: string]: any } {
    return { [this.providerKey]: JSON.parse(JSON.stringify(this.spec)) };
  }

  /** @internal A weakening to record as a hardening warning, if any. */
  public _weakening(): { id: string; message: string } | undefined {
    return this.weakening;
  }
}

function checkServiceAccount(where: string, sa: SecretStoreServiceAccount | undefined, required: boolean): { [key: string]: any } | undefined {
  if (sa === undefined) {
    if (required) throw new Error(`${where}: serviceAccount is required; name the ServiceAccount whose token the store exchanges for credentials, e.g. { name: 'external-secrets-sa', namespace: 'external-secrets' }`);
    return undefined;
  }
  if (!isDns1123Subdomain(sa.name)) {
    throw new Error(`${where}: serviceAccount.name ${JSON.stringify(sa.name)} is not ${DNS1123_SUBDOMAIN_RULE}`);
  }
  if (sa.namespace !== undefined && !isDns1123Label(sa.namespace)) {
    throw new Error(`${where}: serviceAccount.namespace ${JSON.stringify(sa.namespace)} is not ${DNS1123_LABEL_RULE}`);
  }
  if (sa.audiences !== undefined && (sa.audiences.length === 0 || sa.audiences.some((a) => typeof a !== 'string' || a.trim() === ''))) {
    throw new Error(`${where}: serviceAccount.audiences ${JSON.stringify(sa.audiences)} must be non-empty strings; omit it for the provider's default audience`);
  }
  return {
    name: sa.name,
    ...(sa.namespace !== undefined ? { namespace: sa.namespace } : {}),
    ...(sa.audiences !== undefined ? { audiences: [...sa.audiences] } : {}),
  };
}
