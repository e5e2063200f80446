/**
 * Options of `ISecretMountTarget.mountSecret()` (e.g. `HardenedDeployment.mountSecret()`).
 */
export interface SecretMountOptions {
  /**
   * Only these keys of the Secret become files (named after the key).
   *
   * @default - every key of the Secret
   */
  readonly keys?: string[];

  /**
   * The container that gets the files.
   *
   * @default - the main container
   */
  readonly containerName?: string;
}

/**
 * A workload that can mount a Secret as read-only files (every Hardened* workload).
 */
export interface ISecretMountTarget {
  /**
   * Namespace of the workload's pods, the only namespace whose Secrets a pod can mount.
   */
  readonly namespace: string;

  /**
   * Mounts the Secret `secretName` read-only at `mountPath` in the workload's containers.
   */
  mountSecret(secretName: string, mountPath: string, options?: SecretMountOptions): void;
}

/**
 * Options of `mountConfigMap()` on a hardened workload.
 */
export interface ConfigMapMountOptions {
  /**
   * Only these keys of the ConfigMap become files (named after the key).
   *
   * @default - every key of the ConfigMap
   */
  readonly keys?: string[];

  /**
   * The container that gets the files.
   *
   * @default - the main container
   */
  readonly containerName?: string;
}
