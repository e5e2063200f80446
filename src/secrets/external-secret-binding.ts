import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ExternalSecretsApiVersion, ISecretStore, SecretStoreKind } from './secret-store-ref';
import { constructError, quote } from '../private/errors';
import { DNS1123_LABEL_RULE, DNS1123_SUBDOMAIN_RULE, isDns1123Label, isDns1123Subdomain } from '../private/validation';
import { ISecretMountTarget, SecretMountOptions } from '../workloads/secret-mount';

/** Default refresh interval: rotated secrets reach pods within the hour. */
export const DEFAULT_REFRESH_INTERVAL = '1h';

/** A Go duration as ESO parses it (time.ParseDuration), e.g. `1h`, `30m`, `1h30m`, `90s`. */
const DURATION_RE = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h)(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))*$/;
/** Secret data keys (Kubernetes IsConfigMapKey; ESO secretKey pattern). */
const SECRET_KEY_RE = /^[-._a-zA-Z0-9]+$/;

/**
 * A secret (or one property of it) in the external provider.
 */
export interface RemoteSecretReference {
  /**
   * Key (name or path) of the secret in the provider, e.g. `production/database`.
   */
  readonly key: string;

  /**
   * Property of a structured (JSON) secret, e.g. `password`.
   *
   * @default - the whole secret value
   */
  readonly property?: string;

  /**
   * Version of the secret.
   *
   * @default - the latest version
   */
  readonly version?: string;
}

/**
 * One key of the resulting Kubernetes Secret, filled from one remote secret.
 */
export interface ExternalSecretData {
  /**
   * Key in the Kubernetes Secret, e.g. `password` (letters, digits, `-`, `_`, `.`).
   */
  readonly secretKey: string;

  /**
   * The remote secret.
   */
  readonly remoteRef: RemoteSecretReference;
}

/**
 * Remote secrets found by name, path or tags (ESO `dataFrom.find`).
 */
export interface FindRemoteSecretsOptions {
  /**
   * Regular expression the secret names must match.
   *
   * @default - any name (then `tags` is required)
   */
  readonly nameRegExp?: string;

  /**
   * Tags the secrets must carry.
   *
   * @default - any tags (then `nameRegExp` is required)
   */
  readonly tags?: { [key: string]: string };

  /**
   * Path prefix to search under.
   *
   * @default - the whole provider
   */
  readonly path?: string;
}

/**
 * Whole remote secrets expanded into keys of the resulting Secret (ESO `dataFrom`).
 */
export class ExternalSecretDataFrom {
  /**
   * Every property of one structured remote secret becomes a key.
   */
  public static extract(remoteRef: RemoteSecretReference): ExternalSecretDataFrom {
    checkRemoteRef('ExternalSecretDataFrom.extract', remoteRef);
    return new ExternalSecretDataFrom({ extract: renderRemoteRef(remoteRef) }, `extract ${remoteRef.key}`);
  }

  /**
   * Every remote secret whose name or tags match becomes a key.
   *
   * Security note: a broad search copies more secrets into the cluster than the workload needs;
   * prefer `data` or `extract` with exact keys.
   */
  public static find(options: FindRemoteSecretsOptions): ExternalSecretDataFrom {
    const where = 'ExternalSecretDataFrom.find';
    if (options.nameRegExp === undefined && (options.tags === undefined || Object.keys(options.tags).length === 0)) {
      throw new Error(`${where}: set nameRegExp or tags; a search without either would copy every secret the store can read`);
    }
    if (options.nameRegExp !== undefined) {
      try {
        new RegExp(options.nameRegExp);
      } catch {
        throw new Error(`${where}: nameRegExp ${JSON.stringify(options.nameRegExp)} is not a valid regular expression`);
      }
      if (/^\^?\.\*\$?$/.test(options.nameRegExp)) {
        throw new Error(`${where}: nameRegExp ${JSON.stringify(options.nameRegExp)} matches every secret; narrow it, e.g. '^app/.*'`);
      }
    }
    if (options.path !== undefined && options.path.trim() === '') {
      throw new Error(`${where}: path is empty; omit it or give a prefix such as 'app/'`);
    }
    return new ExternalSecretDataFrom({
      find: {
        ...(options.path !== undefined ? { path: options.path } : {}),
        ...(options.nameRegExp !== undefined ? { name: { regexp: options.nameRegExp } } : {}),
        ...(options.tags !== undefined ? { tags: { ...options.tags } } : {}),
      },
    }, `find ${options.nameRegExp ?? JSON.stringify(options.tags)}`);
  }

  /** A short description, for messages. */
  public readonly description: string;

  private readonly spec: { [key: string]: any };

  private constructor(spec: { [key: string]: any }, description: string) {
    this.spec = spec;
    this.description = description;
  }

  /** @internal The `spec.dataFrom[]` entry. */
  public _render(): { [key: string]: any } {
    return JSON.parse(JSON.stringify(this.spec));
  }
}

/**
 * Properties of an ExternalSecretBinding.
 */
export interface ExternalSecretBindingProps {
  /**
   * The store to read from: `SecretStoreRef.clusterSecretStore('aws-secrets-manager')`, or a
   * HardenedSecretStore.
   */
  readonly store: ISecretStore;

  /**
   * Keys of the resulting Secret, each from one remote secret.
   *
   * @default - none; `data`, `dataFrom` or `addData()` must provide at least one entry
   */
  readonly data?: ExternalSecretData[];

  /**
   * Whole remote secrets expanded into keys.
   *
   * @default - none
   */
  readonly dataFrom?: ExternalSecretDataFrom[];

  /**
   * Name of the ExternalSecret.
   *
   * @default - a name generated by cdk8s from the construct path
   */
  readonly name?: string;

  /**
   * Namespace of the ExternalSecret and of the Secret it creates.
   *
   * @default - the chart's namespace; one of the two is required and must not be `default`
   */
  readonly namespace?: string;

  /**
   * Name of the Kubernetes Secret ESO creates (`spec.target.name`).
   *
   * @default - the ExternalSecret's name
   */
  readonly secretName?: string;

  /**
   * How often ESO re-reads the provider, as a Go duration (`1h`, `15m`, `1h30m`).
   *
   * Rotation in the provider reaches the cluster within this interval.
   *
   * @default '1h'
   */
  readonly refreshInterval?: string;

  /**
   * External Secrets Operator API version, V1BETA1 for operators older than 0.17.0.
   *
   * @default ExternalSecretsApiVersion.V1
   */
  readonly apiVersion?: ExternalSecretsApiVersion;
}

/**
 * An External Secrets Operator ExternalSecret: a Kubernetes Secret kept in sync with a secret manager.
 *
 * Closes the "secret in Git" and "secret never rotated" threats: the value lives in the provider,
 * only a reference is committed, and ESO refreshes it every hour by default. The Secret is owned by
 * the ExternalSecret (`creationPolicy: Owner`, so it is garbage-collected with it and nobody else
 * can claim it) and retained if the provider entry disappears (`deletionPolicy: Retain`, so a
 * provider outage or a deleted key does not take the application down). Mount it with `mountInto()`:
 * secrets are offered as read-only files, never environment variables (which leak into crash dumps,
 * `/proc` and child processes).
 *
 * Emits the ExternalSecret as child `Resource`; a binding with no data fails synthesis.
 */
export class ExternalSecretBinding extends Construct {
  /** The emitted ExternalSecret (child id `Resource`). */
  public readonly resource: ApiObject;

  /** Name of the ExternalSecret. */
  public readonly name: string;

  /** Namespace of the ExternalSecret and its Secret. */
  public readonly namespace: string;

  /** Name of the Kubernetes Secret ESO creates. */
  public readonly secretName: string;

  /** The refresh interval. */
  public readonly refreshInterval: string;

  /** The API version emitted. */
  public readonly apiVersion: ExternalSecretsApiVersion;

  /** The store read from. */
  public readonly store: ISecretStore;

  private readonly data: ExternalSecretData[] = [];
  private readonly dataFrom: ExternalSecretDataFrom[] = [];

  public constructor(scope: Construct, id: string, props: ExternalSecretBindingProps) {
    super(scope, id);
    this.apiVersion = props.apiVersion ?? ExternalSecretsApiVersion.V1;
    if (!Object.values(ExternalSecretsApiVersion).includes(this.apiVersion)) {
      throw constructError(this, `apiVersion ${quote(this.apiVersion)} is not supported; use ExternalSecretsApiVersion.V1 or ExternalSecretsApiVersion.V1BETA1`);
    }
    this.refreshInterval = props.refreshInterval ?? DEFAULT_REFRESH_INTERVAL;
    const zero = this.refreshInterval === '0' || (DURATION_RE.test(this.refreshInterval) && durationIsZero(this.refreshInterval));
    if (!zero && (typeof this.refreshInterval !== 'string' || !DURATION_RE.test(this.refreshInterval))) {
      throw constructError(this, `refreshInterval ${quote(this.refreshInterval)} is not a duration; use a Go duration such as '1h', '15m' or '1h30m'`);
    }
    if (zero) {
      throw constructError(this, `refreshInterval ${quote(this.refreshInterval)} disables refreshing, so rotated secrets never reach the cluster; use a positive duration such as '1h'`);
    }
    if (props.store === undefined || typeof props.store.allowNamespace !== 'function') {
      throw constructError(this, "store is missing; use SecretStoreRef.clusterSecretStore('<name>'), SecretStoreRef.secretStore('<name>') or a HardenedSecretStore");
    }
    if (props.name !== undefined && !isDns1123Subdomain(props.name)) {
      throw constructError(this, `name ${quote(props.name)} is not ${DNS1123_SUBDOMAIN_RULE}`);
    }
    const namespace = props.namespace ?? Chart.of(this).namespace;
    if (namespace === undefined) {
      throw constructError(this, "no namespace; pass namespace (e.g. 'production') or create the Chart with a namespace");
    }
    if (!isDns1123Label(namespace) || namespace === 'default') {
      throw constructError(this, `namespace ${quote(namespace)} is not allowed; use a dedicated namespace, ${DNS1123_LABEL_RULE}, other than 'default'`);
    }
    this.namespace = namespace;
    const storeNamespace = props.store.storeNamespace;
    if (props.store.storeKind === SecretStoreKind.SECRET_STORE && storeNamespace !== undefined && storeNamespace !== namespace) {
      throw constructError(this, `SecretStore '${props.store.storeName}' is in namespace ${quote(props.store.storeNamespace)}, but this ExternalSecret is in ${quote(namespace)}; an ExternalSecret can only use a SecretStore of its own namespace, so create one there or use a ClusterSecretStore`);
    }
    this.store = props.store;
    this.store.allowNamespace(namespace);

    for (const d of props.data ?? []) this.addData(d.secretKey, d.remoteRef);
    for (const d of props.dataFrom ?? []) this.addDataFrom(d);

    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: this.apiVersion,
      kind: 'ExternalSecret',
      metadata: { ...(props.name !== undefined ? { name: props.name } : {}), namespace },
      spec: {
        refreshInterval: this.refreshInterval,
        secretStoreRef: { name: this.store.storeName, kind: this.store.storeKind },
        target: Lazy.any({ produce: () => ({ name: this.secretName, creationPolicy: 'Owner', deletionPolicy: 'Retain' }) }),
        data: Lazy.any({ produce: () => (this.data.length > 0 ? this.data.map(renderData) : undefined) }),
        dataFrom: Lazy.any({ produce: () => (this.dataFrom.length > 0 ? this.dataFrom.map((d) => d._render()) : undefined) }),
      },
    });
    this.name = this.resource.name;
    this.secretName = props.secretName ?? this.name;
    if (!isDns1123Subdomain(this.secretName)) {
      throw constructError(this, `secretName ${quote(this.secretName)} is not ${DNS1123_SUBDOMAIN_RULE}`);
    }

    this.node.addValidation({
      validate: () => this.data.length === 0 && this.dataFrom.length === 0
        ? [`ExternalSecretBinding '${this.node.path}' is bound to nothing: it has no data and no dataFrom, so the Secret '${this.secretName}' would be empty; pass data, dataFrom or call addData()`]
        : [],
    });
  }

  /**
   * Adds a key to the resulting Secret, read from one remote secret.
   *
   * @param secretKey key in the Kubernetes Secret (letters, digits, `-`, `_`, `.`)
   * @param remoteRef the remote secret
   */
  public addData(secretKey: string, remoteRef: RemoteSecretReference): void {
    if (typeof secretKey !== 'string' || secretKey.length === 0 || secretKey.length > 253 || !SECRET_KEY_RE.test(secretKey) || secretKey === '.' || secretKey === '..') {
      throw constructError(this, `secretKey ${quote(secretKey)} is not a valid Secret key; use 1 to 253 letters, digits, '-', '_' or '.' (e.g. 'password')`);
    }
    if (this.data.some((d) => d.secretKey === secretKey)) {
      throw constructError(this, `secretKey ${quote(secretKey)} is listed twice; each key of the Secret must come from one remote secret`);
    }
    try {
      checkRemoteRef('remoteRef', remoteRef);
    } catch (e) {
      throw constructError(this, `data ${quote(secretKey)}: ${(e as Error).message}`);
    }
    this.data.push({ secretKey, remoteRef: { ...remoteRef } });
  }

  /**
   * Adds whole remote secrets, expanded into keys of the resulting Secret.
   */
  public addDataFrom(dataFrom: ExternalSecretDataFrom): void {
    if (!(dataFrom instanceof ExternalSecretDataFrom)) {
      throw constructError(this, 'dataFrom entry is not an ExternalSecretDataFrom; use ExternalSecretDataFrom.extract({ key }) or ExternalSecretDataFrom.find({ ... })');
    }
    this.dataFrom.push(dataFrom);
  }

  /**
   * Mounts the resulting Secret read-only into a workload at `mountPath`
   * (`workload.mountSecret(secretName, mountPath, options)`).
   *
   * @param target any hardened workload (HardenedDeployment, HardenedStatefulSet, HardenedJob,
   * HardenedCronJob, HardenedDaemonSet) or another ISecretMountTarget
   * @param mountPath absolute directory in the containers, e.g. `/var/run/secrets/db`
   * @param options which keys and which container (default: every key, the main container)
   */
  public mountInto(target: ISecretMountTarget, mountPath: string, options?: SecretMountOptions): void {
    if (typeof mountPath !== 'string' || !mountPath.startsWith('/') || mountPath.includes('..') || mountPath.includes(':')) {
      throw constructError(this, `mountPath ${quote(mountPath)} is not an absolute path; use e.g. '/var/run/secrets/${this.secretName}'`);
    }
    if (target.namespace !== this.namespace) {
      throw constructError(this, `the Secret '${this.secretName}' is in namespace ${quote(this.namespace)} but the workload runs in ${quote(target.namespace)}; a pod can only mount Secrets of its own namespace, so create the binding in ${quote(target.namespace)}`);
    }
    target.mountSecret(this.secretName, mountPath, options);
  }
}

function durationIsZero(value: string): boolean {
  const numbers = value.match(/(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)/g) ?? [];
  return numbers.every((n) => Number(n) === 0);
}

function checkRemoteRef(where: string, ref: RemoteSecretReference): void {
  if (ref === undefined || typeof ref.key !== 'string' || ref.key.trim() === '') {
    throw new Error(`${where}: key ${quote(ref?.key)} is empty; name the secret in the provider, e.g. 'production/database'`);
  }
  for (const prop of ['property', 'version'] as const) {
    const v = ref[prop];
    if (v !== undefined && (typeof v !== 'string' || v.trim() === '')) {
      throw new Error(`${where}: ${prop} ${quote(v)} is empty; omit it or name the ${prop === 'property' ? 'JSON property, e.g. \'password\'' : 'version'}`);
    }
  }
}

function renderData(d: ExternalSecretData): { [key: string]: any } {
  return { secretKey: d.secretKey, remoteRef: renderRemoteRef(d.remoteRef) };
}

function renderRemoteRef(ref: RemoteSecretReference): { [key: string]: string } {
  return {
    key: ref.key,
    ...(ref.property !== undefined ? { property: ref.property } : {}),
    ...(ref.version !== undefined ? { version: ref.version } : {}),
  };
}
