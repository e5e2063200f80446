import { ApiObject, JsonPatch, Names, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { API_ACCESS_ANNOTATION } from '../../annotations';
import { constructError, quote } from '../../private/errors';
import { DNS1123_LABEL_RULE, LABEL_VALUE_RULE, isDns1123Label, isDns1123Subdomain, isLabelValue } from '../../private/validation';
import { LeastPrivilegeServiceAccount } from '../../rbac/least-privilege-service-account';
import { ImageReference } from '../../supply-chain/image-reference';
import { Hardening } from '../../warnings';
import * as D from '../defaults';
import { labelProblem } from '../network-rules';
import { ensureDefaultPriorityClass } from '../priority-class';
import { ConfigMapMountOptions, SecretMountOptions } from '../secret-mount';
import { HardenedContainerOptions, HardenedContainerProps } from './container';
import { isPort, normalizePath, validateKeys, validateMountPath } from './mounts';
import { PodNetworkRules } from './network-policy';
import { PROBE_KINDS, renderProbes } from './probes';
import { renderResources, sizeToQuantity, typedResources } from './resources';
import { HardenedWorkloadProps } from './workload-props';

const ENV_NAME_RE = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** What a controller kind changes in the one hardened pod. */
export interface PodKind {
  /** The construct class name, prefix of its warning ids (e.g. `HardenedDeployment`). */
  readonly kind: string;
  /** Long-running pods get a default port (8080), default probes and default same-namespace ingress. */
  readonly longRunning: boolean;
  /** When set, the reason the pods accept no ingress at all. */
  readonly refuseIngress?: string;
  /** Spread replicas over zones and nodes. */
  readonly spread: boolean;
  /** Write the selector (controllers that own a label selector). */
  readonly selects: boolean;
  /** `securityContext.fsGroupChangePolicy` of the pod. */
  readonly fsGroupChangePolicy?: kplus.FsGroupChangePolicy;
}

/** A container as tracked by the pod. */
interface TrackedContainer {
  readonly name: string;
  readonly index: number;
  readonly init: boolean;
  readonly container: kplus.Container;
  readonly ports: number[];
  readonly mountPaths: Set<string>;
}

/**
 * The one hardened pod: what every hardened controller writes into its pod template, and the
 * satellite objects of the pod (ServiceAccount, NetworkPolicy, default PriorityClass).
 *
 * A controller construct creates it first (identity, ServiceAccount, PriorityClass), creates its
 * cdk8s-plus workload with `workloadProps()`, calls `attach()` (selector, pod-level patches,
 * containers, mounts, API access), then `createNetworkPolicy()`. A default changed here changes
 * every kind at once.
 */
export class HardenedPod {
  /** `metadata.name` of every object of the workload, and its instance label. */
  public readonly name: string;
  /** The namespace of every object of the workload. */
  public readonly namespace: string;
  /** Labels on every object and on the pods. */
  public readonly labels: { [key: string]: string };
  /** Labels selecting exactly these pods. */
  public readonly selectorLabels: { [key: string]: string };
  /** The ServiceAccount the pods run as. */
  public readonly serviceAccount: LeastPrivilegeServiceAccount;
  /** The PriorityClass of the pods. */
  public readonly priorityClassName: string;
  /** The rules of the workload's NetworkPolicy. */
  public readonly network: PodNetworkRules;
  /** The main container's port, once attached (undefined when it declares none). */
  public port?: number;

  private readonly containers: TrackedContainer[] = [];
  private readonly secretVolumes = new Map<string, kplus.Volume>();
  private readonly configVolumes = new Map<string, kplus.Volume>();
  private readonly capabilities = new Set<string>();
  private readonly runAsUser: number;
  private readonly runAsGroup: number;
  private readonly fsGroup: number;
  private readonly runAsRoot: boolean;
  private readonly scratchSizeLimit: Size;
  private readonly controllerAnnotations: { [key: string]: string };
  private workload?: kplus.Workload;
  private podPointer = '';

  public constructor(private readonly scope: Construct, private readonly props: HardenedWorkloadProps, private readonly spec: PodKind) {
    this.namespace = this.validateNamespace(props.namespace);
    this.name = props.name ?? Names.toDnsLabel(scope);
    if (!isDns1123Label(this.name)) {
      throw constructError(scope, `name ${quote(this.name)} is not valid; use ${DNS1123_LABEL_RULE} (it is also the app.kubernetes.io/instance label value)`);
    }
    const appName = props.appName ?? this.name;
    if (!isLabelValue(appName) || appName === '') {
      throw constructError(scope, `appName ${quote(appName)} is not valid; use ${LABEL_VALUE_RULE}`);
    }
    this.selectorLabels = { [D.NAME_LABEL]: appName, [D.INSTANCE_LABEL]: this.name };
    const extraLabels = props.labels ?? {};
    const labelIssue = labelProblem(extraLabels);
    if (labelIssue) throw constructError(scope, `labels: ${labelIssue}`);
    for (const key of Object.keys(this.selectorLabels)) {
      if (key in extraLabels) {
        throw constructError(scope, `labels must not set '${key}'; it is derived from ${key === D.NAME_LABEL ? 'appName' : 'name'}`);
      }
    }
    this.labels = { ...extraLabels, ...this.selectorLabels };

    // Identity: uid/gid/fsGroup.
    this.runAsRoot = props.runAsRoot !== undefined;
    this.runAsUser = this.validateId('runAsUser', props.runAsUser, this.runAsRoot ? 0 : D.SECURITY_CONTEXT.runAsUser);
    this.runAsGroup = this.validateId('runAsGroup', props.runAsGroup, D.SECURITY_CONTEXT.runAsGroup);
    this.fsGroup = this.validateId('fsGroup', props.fsGroup, D.SECURITY_CONTEXT.fsGroup);
    if (props.runAsRoot) {
      this.warn('RunAsRoot', `runs its containers as root (uid ${this.runAsUser}, runAsNonRoot: false): ${props.runAsRoot.reason}`);
    }
    this.network = new PodNetworkRules(scope, this, spec.refuseIngress);

    // Service account.
    if (props.serviceAccount && props.serviceAccount.namespace !== this.namespace) {
      throw constructError(scope, `serviceAccount '${props.serviceAccount.name}' is in namespace '${props.serviceAccount.namespace}', not '${this.namespace}'; pods can only use a ServiceAccount of their own namespace`);
    }
    this.serviceAccount = props.serviceAccount ?? new LeastPrivilegeServiceAccount(scope, 'ServiceAccount', { namespace: this.namespace, name: this.name });

    // Priority class.
    if (props.priorityClassName !== undefined && !isDns1123Subdomain(props.priorityClassName)) {
      throw constructError(scope, `priorityClassName ${quote(props.priorityClassName)} is not a valid PriorityClass name; use a DNS-1123 subdomain (e.g. 'business-critical')`);
    }
    this.priorityClassName = props.priorityClassName ?? ensureDefaultPriorityClass(scope);

    this.scratchSizeLimit = props.scratchSizeLimit ?? Size.mebibytes(D.SCRATCH_SIZE_LIMIT_MIB);
    sizeToQuantity(scope, 'scratchSizeLimit', this.scratchSizeLimit);
    props.apiAccess?._validate(scope);
    this.controllerAnnotations = props.argoCdSync?._annotations(scope, spec.kind) ?? {};
  }

  /** The cdk8s-plus workload props every hardened pod shares. */
  public workloadProps(): kplus.WorkloadProps {
    return {
      metadata: { name: this.name, namespace: this.namespace, labels: { ...this.labels } },
      podMetadata: { labels: { ...this.serviceAccount.podLabels, ...this.labels } },
      select: false,
      spread: false,
      serviceAccount: this.serviceAccount.serviceAccount,
      automountServiceAccountToken: false,
      hostNetwork: false,
      securityContext: {
        ensureNonRoot: !this.runAsRoot,
        user: this.runAsUser,
        group: this.runAsGroup,
        fsGroup: this.fsGroup,
        fsGroupChangePolicy: this.spec.fsGroupChangePolicy,
      },
    };
  }

  /** JSON pointer of the pod spec in the workload's object. */
  public get podSpecPointer(): string {
    return this.podPointer;
  }

  /**
   * Writes the hardened pod into the workload: selector, pod-level fields, containers and mounts.
   *
   * @param podPointer JSON pointer of the pod spec in the workload's object (e.g. `/spec/template/spec`)
   */
  public attach(workload: kplus.Workload, podPointer: string): void {
    this.workload = workload;
    this.podPointer = podPointer;
    for (const [key, value] of Object.entries(this.controllerAnnotations)) workload.metadata.addAnnotation(key, value);
    if (this.spec.selects) workload.select(kplus.LabelSelector.of({ labels: { ...this.selectorLabels } }));

    this.patch(JsonPatch.add(`${podPointer}/securityContext/seccompProfile`, { type: D.SECURITY_CONTEXT.seccompProfileType }));
    this.patch(JsonPatch.add(`${podPointer}/enableServiceLinks`, false));
    this.patch(JsonPatch.add(`${podPointer}/priorityClassName`, this.priorityClassName));
    if (this.spec.spread) {
      this.patch(JsonPatch.add(`${podPointer}/topologySpreadConstraints`, [{
        topologyKey: D.TOPOLOGY_SPREAD.topologyKey,
        maxSkew: D.TOPOLOGY_SPREAD.maxSkew,
        whenUnsatisfiable: D.TOPOLOGY_SPREAD.whenUnsatisfiable,
        labelSelector: { matchLabels: { ...this.selectorLabels } },
      }]));
      this.patch(JsonPatch.add(`${podPointer}/affinity`, {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [{
            weight: D.HOST_ANTI_AFFINITY.weight,
            podAffinityTerm: {
              topologyKey: D.HOST_ANTI_AFFINITY.topologyKey,
              labelSelector: { matchLabels: { ...this.selectorLabels } },
            },
          }],
        },
      }));
    }

    const props = this.props;
    const main = this.addHardenedContainer({
      ...props,
      name: props.containerName ?? D.DEFAULT_CONTAINER_NAME,
      port: props.port ?? (this.spec.longRunning ? D.DEFAULT_PORT : undefined),
    }, 'main container', props.portName ?? D.DEFAULT_PORT_NAME, false);
    this.port = main.ports[0];
    for (const path of props.scratchPaths ?? []) this.addScratch(main, path);
    for (const sidecar of props.sidecars ?? []) this.addContainer(sidecar);
    for (const init of props.initContainers ?? []) this.addInitContainer(init);
    if (props.apiAccess) this.mountApiToken();
  }

  /**
   * Creates the NetworkPolicy (child id `NetworkPolicy`) from the `ingress`, `egress` and `apiAccess` props.
   *
   * @param annotations e.g. a Polaris exemption where its rule contradicts least privilege
   */
  public createNetworkPolicy(annotations?: { [key: string]: string }): ApiObject {
    this.network.applyIngressProp(this.props.ingress);
    for (const rule of this.props.egress ?? []) this.network.allowEgress(rule);
    const api = this.props.apiAccess;
    if (api) this.network.allowEgress({ peers: api.apiServerCidrs.map((cidr) => ({ cidr })), ports: api.ports });
    return this.network.createPolicy('NetworkPolicy', { name: this.name, namespace: this.namespace, labels: this.labels, annotations });
  }

  /** Every port a container of the pod declares. */
  public declaredPorts(): number[] {
    return this.containers.flatMap((c) => c.ports);
  }

  /** Adds a sidecar container, hardened like the main one. */
  public addContainer(props: HardenedContainerProps): void {
    this.addHardenedContainer(props, `container '${props.name}'`, undefined, false);
  }

  /** Adds an init container, hardened like the main one (no ports, no probes). */
  public addInitContainer(props: HardenedContainerProps): void {
    const what = `init container '${props.name}'`;
    if (props.port !== undefined) {
      throw constructError(this.scope, `${what} declares port ${quote(props.port)}; an init container runs to completion before the pod serves, remove port`);
    }
    const probes = [...PROBE_KINDS.filter((k) => props[k] !== undefined), ...(props.withoutProbes ? ['withoutProbes'] : [])];
    if (probes.length > 0) {
      throw constructError(this.scope, `${what} sets ${probes.join(', ')}; init containers run to completion and take no probes, remove them`);
    }
    this.addHardenedContainer(props, what, undefined, true);
  }

  /** Mounts a Secret as read-only files (mode 0400) into a container. */
  public mountSecret(secretName: string, mountPath: string, options: SecretMountOptions = {}): void {
    this.mountObject('secret', secretName, mountPath, options);
  }

  /** Mounts a ConfigMap as read-only files (mode 0444) into a container. */
  public mountConfigMap(configMapName: string, mountPath: string, options: ConfigMapMountOptions = {}): void {
    this.mountObject('configMap', configMapName, mountPath, options);
  }

  /** Adds a writable, size-limited scratch directory to a container. */
  public addScratchPath(path: string, containerName?: string): void {
    this.addScratch(this.findContainer(containerName), path);
  }

  /**
   * Mounts a volume declared outside the pod spec (a StatefulSet volume claim) writable into a container.
   */
  public mountClaim(volumeName: string, mountPath: string, containerName?: string): void {
    const target = this.findContainer(containerName);
    validateMountPath(this.scope, target, mountPath);
    target.mountPaths.add(normalizePath(mountPath));
    this.patch(JsonPatch.add(`${this.containerPointer(target)}/volumeMounts/-`, { name: volumeName, mountPath: normalizePath(mountPath), readOnly: false }));
  }

  /** Mounts a volume built by the controller (e.g. a DaemonSet's host path) into a container. */
  public mountVolume(volume: kplus.Volume, mountPath: string, readOnly: boolean, containerName?: string): void {
    const target = this.findContainer(containerName);
    validateMountPath(this.scope, target, mountPath);
    target.container.mount(mountPath, volume, { readOnly });
    target.mountPaths.add(normalizePath(mountPath));
  }

  /** Every capability added back to a container of the pod. */
  public addedCapabilities(): string[] {
    return [...this.capabilities];
  }

  /** Records a hardening warning with the kind's stable id prefix. */
  public warn(name: string, message: string): void {
    Hardening.of(this.scope).addWarning(`${this.spec.kind}.${name}`, message);
  }

  /** Adds a JSON patch to the workload's object. */
  public patch(p: JsonPatch): void {
    ApiObject.of(this.workload!).addJsonPatch(p);
  }

  private addHardenedContainer(props: HardenedContainerProps, what: string, portName: string | undefined, init: boolean): TrackedContainer {
    const scope = this.scope;
    if (!isDns1123Label(props.name)) {
      throw constructError(scope, `${what} name ${quote(props.name)} is not valid; use ${DNS1123_LABEL_RULE}`);
    }
    if (this.containers.some((c) => c.name === props.name)) {
      throw constructError(scope, `${what} name '${props.name}' is already used in this pod; give each container a unique name`);
    }

    let image: ImageReference;
    try {
      image = ImageReference.fromString(props.image);
    } catch (e) {
      throw constructError(scope, `${what}: ${(e as Error).message} or ImageReference.fromDigest()`);
    }

    // Ports.
    const ports: number[] = [];
    if (props.port !== undefined) {
      if (!isPort(props.port)) {
        throw constructError(scope, `${what} port ${quote(props.port)} is not a port; use an integer between 1 and 65535`);
      }
      const taken = this.containers.find((c) => c.ports.includes(props.port!));
      if (taken) throw constructError(scope, `${what} port ${props.port} is already declared by container '${taken.name}'; containers of a pod share one network namespace`);
      if (props.port < D.FIRST_UNPRIVILEGED_PORT && !props.privilegedPort) {
        throw constructError(scope, `${what} port ${props.port} is privileged (< ${D.FIRST_UNPRIVILEGED_PORT}) and a non-root process without capabilities cannot bind it; use a port >= ${D.FIRST_UNPRIVILEGED_PORT} (map it in the Service), or pass privilegedPort: OptOut.because('<why>')`);
      }
      ports.push(props.port);
    }
    if (props.privilegedPort) {
      if (props.port === undefined || props.port >= D.FIRST_UNPRIVILEGED_PORT) {
        throw constructError(scope, `${what} has privilegedPort set but port ${quote(props.port)} is not below ${D.FIRST_UNPRIVILEGED_PORT}; remove the opt-out so no stale exception is recorded`);
      }
      this.warn('PrivilegedPort', `${what} listens on privileged port ${props.port}: ${props.privilegedPort.reason}`);
    }

    const env = this.renderEnv(props, what);
    const add = this.renderCapabilities(props, what);
    const readOnlyRootFilesystem = props.writableRootFilesystem === undefined;
    if (props.writableRootFilesystem) {
      this.warn('WritableRootFilesystem', `${what} has a writable root filesystem: ${props.writableRootFilesystem.reason}`);
    }

    const workload = this.workload!;
    const index = this.containers.filter((c) => c.init === init).length;
    const containerProps: kplus.ContainerProps = {
      name: props.name,
      image: image.toString(),
      imagePullPolicy: kplus.ImagePullPolicy.ALWAYS,
      ports: props.port !== undefined ? [{ number: props.port, name: portName, protocol: kplus.Protocol.TCP }] : undefined,
      command: props.command,
      args: props.args,
      envVariables: env,
      resources: {},
      securityContext: {
        ensureNonRoot: !this.runAsRoot,
        user: this.runAsUser,
        group: this.runAsGroup,
        privileged: D.SECURITY_CONTEXT.privileged,
        allowPrivilegeEscalation: D.SECURITY_CONTEXT.allowPrivilegeEscalation,
        readOnlyRootFilesystem,
        capabilities: { drop: [kplus.Capability.ALL], add },
        seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
      },
    };
    const container = init ? workload.addInitContainer(containerProps) : workload.addContainer(containerProps);
    const tracked: TrackedContainer = { name: props.name, index, init, container, ports, mountPaths: new Set() };
    this.containers.push(tracked);

    const pointer = this.containerPointer(tracked);
    this.patch(JsonPatch.add(`${pointer}/resources`, typedResources(renderResources(scope, what, props.resources))));

    // Probes: long-running kinds require them (or a named opt-out); Jobs render only those given.
    const probes = renderProbes(scope, what, props, this.spec.longRunning && !init, this.declaredPorts());
    if (props.withoutProbes) {
      this.warn('WithoutProbes', `${what} runs without readiness, liveness and startup probes: ${props.withoutProbes.reason}`);
    }
    for (const [kind, probe] of probes) this.patch(JsonPatch.add(`${pointer}/${kind}Probe`, probe));

    this.addScratch(tracked, D.TMP_MOUNT_PATH);
    return tracked;
  }

  private renderEnv(props: HardenedContainerOptions, what: string): { [key: string]: kplus.EnvValue } {
    const env: { [key: string]: kplus.EnvValue } = {};
    for (const [key, value] of Object.entries(props.env ?? {})) {
      if (!ENV_NAME_RE.test(key)) {
        throw constructError(this.scope, `${what} env var name ${quote(key)} is not valid; use letters, digits, '_', '-' or '.', not starting with a digit`);
      }
      if (typeof value !== 'string') {
        throw constructError(this.scope, `${what} env var '${key}' has value ${quote(value)}; use a string`);
      }
      if (D.SENSITIVE_ENV_NAME_PATTERNS.some((re) => re.test(key)) || D.PRIVATE_KEY_VALUE_PATTERN.test(value)) {
        throw constructError(this.scope, `${what} env var '${key}' looks like a secret; secrets are never passed as env vars, mount them as read-only files with mountSecret()`);
      }
      env[key] = kplus.EnvValue.fromValue(value);
    }
    return env;
  }

  private renderCapabilities(props: HardenedContainerOptions, what: string): kplus.Capability[] | undefined {
    if (!props.addCapabilities) return undefined;
    const caps = props.addCapabilities.capabilities ?? [];
    const known = Object.values(kplus.Capability) as string[];
    if (caps.length === 0) throw constructError(this.scope, `${what} addCapabilities lists no capability; remove it or name the capabilities`);
    const unknown = caps.find((c) => !known.includes(c));
    if (unknown !== undefined) throw constructError(this.scope, `${what} addCapabilities has unknown capability ${quote(unknown)}; use kplus.Capability values`);
    if (caps.includes(kplus.Capability.ALL)) {
      throw constructError(this.scope, `${what} addCapabilities includes ALL, which undoes the hardening; name each capability the process needs (e.g. NET_BIND_SERVICE)`);
    }
    const add = [...new Set(caps)];
    add.forEach((c) => this.capabilities.add(c));
    this.warn('AddCapabilities', `${what} adds capabilities ${add.join(', ')}: ${props.addCapabilities.optOut.reason}`);
    return add;
  }

  /** Mounts a Secret or ConfigMap read-only, one volume per object and key set. */
  private mountObject(kind: 'secret' | 'configMap', objectName: string, mountPath: string, options: SecretMountOptions): void {
    const secret = kind === 'secret';
    if (!isDns1123Subdomain(objectName)) {
      throw constructError(this.scope, secret
        ? `secret name ${quote(objectName)} is not a valid Secret name; use a DNS-1123 subdomain (e.g. 'db-credentials')`
        : `configMap name ${quote(objectName)} is not a valid ConfigMap name; use a DNS-1123 subdomain (e.g. 'api-config')`);
    }
    const target = this.findContainer(options.containerName);
    validateMountPath(this.scope, target, mountPath);
    validateKeys(this.scope, kind, objectName, options.keys);
    const keys = options.keys;
    const volumes = secret ? this.secretVolumes : this.configVolumes;
    const cacheKey = `${objectName}|${keys ? [...keys].sort().join(',') : '*'}`;
    let volume = volumes.get(cacheKey);
    if (!volume) {
      const n = volumes.size + 1;
      const base = `${secret ? 'secret' : 'config'}-${objectName.replace(/\./g, '-')}`.slice(0, 58).replace(/-+$/, '');
      const common = {
        name: n === 1 ? base : `${base}-${n}`,
        optional: false,
        items: keys ? Object.fromEntries(keys.map((k) => [k, { path: k }])) : undefined,
      };
      volume = secret
        ? kplus.Volume.fromSecret(this.scope, `SecretVolume${n}`, kplus.Secret.fromSecretName(this.scope, `Secret${n}`, objectName),
          { ...common, defaultMode: D.SECRET_FILE_MODE })
        : kplus.Volume.fromConfigMap(this.scope, `ConfigMapVolume${n}`, kplus.ConfigMap.fromConfigMapName(this.scope, `ConfigMap${n}`, objectName),
          { ...common, defaultMode: D.CONFIG_FILE_MODE });
      volumes.set(cacheKey, volume);
    }
    target.container.mount(mountPath, volume, { readOnly: true });
    target.mountPaths.add(normalizePath(mountPath));
  }

  private addScratch(target: TrackedContainer, path: string): void {
    validateMountPath(this.scope, target, path);
    const prefix = target.init ? 'init-' : '';
    const name = path === D.TMP_MOUNT_PATH
      ? (target.index === 0 && !target.init ? 'tmp' : `tmp-${target.name}`)
      : `${prefix}scratch-${target.index}-${target.mountPaths.size}`;
    const id = `${target.init ? 'InitScratch' : 'Scratch'}${target.index}-${target.mountPaths.size}`;
    const volume = kplus.Volume.fromEmptyDir(this.scope, id, name.slice(0, 63), { sizeLimit: this.scratchSizeLimit });
    target.container.mount(path, volume, { readOnly: false });
    target.mountPaths.add(normalizePath(path));
  }

  /**
   * Mounts the projected API token where client libraries read it, and annotates the pod template.
   *
   * cdk8s-plus has no projected volume, so the volume and its mount are JSON patches (appended after
   * every cdk8s-plus volume and mount; `/tmp` guarantees both lists exist).
   */
  private mountApiToken(): void {
    const api = this.props.apiAccess!;
    const target = this.findContainer(api.containerName);
    validateMountPath(this.scope, target, D.API_ACCESS.mountPath);
    target.mountPaths.add(D.API_ACCESS.mountPath);
    const pointer = this.containerPointer(target);
    this.patch(JsonPatch.add(`${this.podPointer}/volumes/-`, {
      name: D.API_ACCESS.volumeName,
      projected: {
        defaultMode: D.SECRET_FILE_MODE,
        sources: [
          { serviceAccountToken: { path: 'token', expirationSeconds: api.expirationSeconds, ...(api.audience ? { audience: api.audience } : {}) } },
          { configMap: { name: D.API_ACCESS.caConfigMap, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardApi: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    }));
    this.patch(JsonPatch.add(`${pointer}/volumeMounts/-`, { name: D.API_ACCESS.volumeName, mountPath: D.API_ACCESS.mountPath, readOnly: true }));
    this.workload!.podMetadata.addAnnotation(API_ACCESS_ANNOTATION, api.reason);
    this.warn('ApiAccess', `mounts a ServiceAccount token for the Kubernetes API (audience ${api.audience ?? 'the API server'}, ${api.expirationSeconds} s): ${api.reason}`);
  }

  private containerPointer(target: TrackedContainer): string {
    return `${this.podPointer}/${target.init ? 'initContainers' : 'containers'}/${target.index}`;
  }

  private findContainer(name: string | undefined): TrackedContainer {
    if (name === undefined) return this.containers[0];
    const found = this.containers.find((c) => c.name === name);
    if (!found) throw constructError(this.scope, `no container named ${quote(name)}; containers: ${this.containers.map((c) => c.name).join(', ')}`);
    return found;
  }

  private validateNamespace(namespace: string): string {
    if (!isDns1123Label(namespace)) {
      throw constructError(this.scope, `namespace ${quote(namespace)} is not a valid namespace name; use ${DNS1123_LABEL_RULE} (e.g. 'production')`);
    }
    if (D.FORBIDDEN_NAMESPACES.includes(namespace)) {
      throw constructError(this.scope, `namespace '${namespace}' is not allowed (${D.FORBIDDEN_NAMESPACES.join(', ')} are shared or system namespaces without workload policies); use a dedicated namespace, e.g. a SecureNamespace`);
    }
    return namespace;
  }

  private validateId(prop: string, value: number | undefined, fallback: number): number {
    const id = value ?? fallback;
    if (!Number.isInteger(id) || id < 0 || id > 2147483647) {
      throw constructError(this.scope, `${prop} ${quote(value)} is not a valid id; use an integer > 10000 such as ${D.NON_ROOT_ID}`);
    }
    if (id === 0 && !this.runAsRoot) {
      throw constructError(this.scope, `${prop} 0 is root; use a non-root id such as ${D.NON_ROOT_ID}, or pass runAsRoot: OptOut.because('<why>')`);
    }
    return id;
  }
}
