import { isDns1123Label, isDns1123Subdomain, DNS1123_LABEL_RULE, DNS1123_SUBDOMAIN_RULE } from '../private/validation';

/**
 * The External Secrets Operator API version to emit.
 *
 * @see https://external-secrets.io/latest/introduction/stability-support/
 */
export enum ExternalSecretsApiVersion {
  /** `external-secrets.io/v1`, served by ESO 0.17.0 and later. */
  V1 = 'external-secrets.io/v1',
  /** `external-secrets.io/v1beta1`, for operators older than 0.17.0 (no longer served since). */
  V1BETA1 = 'external-secrets.io/v1beta1',
}

/**
 * Kind of an External Secrets Operator store.
 */
export enum SecretStoreKind {
  /** A namespaced `SecretStore`: usable only by ExternalSecrets in its own namespace. */
  SECRET_STORE = 'SecretStore',
  /** A cluster-scoped `ClusterSecretStore`: usable from any namespace its conditions allow. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/**
 * A SecretStore or ClusterSecretStore that ExternalSecretBindings read from.
 */
export interface ISecretStore {
  /** Name of the store. */
  readonly storeName: string;

  /** Kind of the store. */
  readonly storeKind: SecretStoreKind;

  /** Namespace of a namespaced SecretStore if known, undefined for a ClusterSecretStore. */
  readonly storeNamespace?: string;

  /**
   * Allows ExternalSecrets in a namespace to read from this store.
   *
   * A ClusterSecretStore created by HardenedSecretStore adds the namespace to its `conditions`;
   * references to existing stores ignore it.
   */
  allowNamespace(namespace: string): void;
}

/**
 * A reference to a SecretStore or ClusterSecretStore that already exists in the cluster.
 */
export class SecretStoreRef implements ISecretStore {
  /**
   * A namespaced SecretStore.
   *
   * @param name the store name
   * @param namespace the store namespace, checked against the binding's namespace when given
   */
  public static secretStore(name: string, namespace?: string): SecretStoreRef {
    checkName('SecretStoreRef.secretStore', name);
    if (namespace !== undefined && !isDns1123Label(namespace)) {
      throw new Error(`SecretStoreRef.secretStore: namespace ${JSON.stringify(namespace)} is not ${DNS1123_LABEL_RULE}`);
    }
    return new SecretStoreRef(name, SecretStoreKind.SECRET_STORE, namespace);
  }

  /**
   * A ClusterSecretStore.
   *
   * @param name the store name
   */
  public static clusterSecretStore(name: string): SecretStoreRef {
    checkName('SecretStoreRef.clusterSecretStore', name);
    return new SecretStoreRef(name, SecretStoreKind.CLUSTER_SECRET_STORE, undefined);
  }

  /** Name of the store. */
  public readonly storeName: string;

  /** Kind of the store. */
  public readonly storeKind: SecretStoreKind;

  /** Namespace of a namespaced SecretStore, if given. */
  public readonly storeNamespace?: string;

  private constructor(name: string, kind: SecretStoreKind, namespace: string | undefined) {
    this.storeName = name;
    this.storeKind = kind;
    this.storeNamespace = namespace;
  }

  /** Does nothing: an existing store's conditions are managed where it is defined. */
  public allowNamespace(namespace: string): void {
    // The store is not ours to change; its own definition decides who may use it.
    void namespace;
  }
}

function checkName(where: string, name: string): void {
  if (!isDns1123Subdomain(name)) {
    throw new Error(`${where}: name ${JSON.stringify(name)} is not ${DNS1123_SUBDOMAIN_RULE}`);
  }
}
