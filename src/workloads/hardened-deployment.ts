import { ApiObject, JsonPatch, Names, Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { constructError, quote } from '../private/errors';
import { DNS1123_LABEL_RULE, LABEL_VALUE_RULE, isDns1123Label, isDns1123Subdomain, isLabelValue, parseQuantity } from '../private/validation';
import { LeastPrivilegeServiceAccount } from '../rbac/least-privilege-service-account';
import { ImageReference } from '../supply-chain/image-reference';
import { Hardening, OptOut } from '../warnings';
import * as D from './defaults';
import { DisruptionBudget } from './disruption-budget';
import { HealthCheck } from './health-check';
import { EgressRule, IngressRule, labelProblem, renderPeer } from './network-rules';
import { ensureDefaultPriorityClass } from './priority-class';
import { ISecretMountTarget, SecretMountOptions } from './secret-mount';
import { ConnectOptions, IHardenedWorkload } from './workload';

const WARNING_PREFIX = 'HardenedDeployment.';
const ENV_NAME_RE = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * Capabilities added back to a container, with the reason.
 */
export interface CapabilityOptOut {
  /**
   * The capabilities to add (never `ALL`: name each one).
   *
   * Security note: PSS restricted allows only `NET_BIND_SERVICE`; anything else fails admission in a
   * restricted namespace.
   */
  readonly capabilities: kplus.Capability[];

  /** Why the container needs them. */
  readonly optOut: OptOut;
}

/**
 * What runs in one hardened container.
 *
 * Every container of a HardenedDeployment gets the same hardened security context, resources, a
 * private `/tmp` and probes; each weakening is a named opt-out.
 */
export interface HardenedContainerOptions {
  /**
   * The image, pinned by digest: `registry/repository:tag@sha256:<64 hex>` or `registry/repository@sha256:<64 hex>`.
   *
   * A tag can be moved to other content; a digest cannot, and signatures and SBOMs are bound to it.
   */
  readonly image: string;

  /**
   * The TCP port the container listens on, used by its probes and default ingress rule (main container: 8080 unless set).
   *
   * @default - 8080 for the main container; none for a sidecar
   */
  readonly port?: number;

  /**
   * Entrypoint override.
   *
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];

  /**
   * Arguments to the entrypoint.
   *
   * @default - the image's CMD
   */
  readonly args?: string[];

  /**
   * Plain environment variables.
   *
   * Secrets never go here: names that look like credentials (`*PASSWORD*`, `*TOKEN*`, `*SECRET*`, ...)
   * and private-key values throw. Mount secrets as files with `mountSecret()`.
   *
   * @default - none
   */
  readonly env?: { [key: string]: string };

  /**
   * CPU, memory and ephemeral-storage requests and limits.
   *
   * A side left out is derived from the other (the request never above the limit).
   *
   * @default - cpu 100m/500m, memory 256Mi/256Mi, ephemeral-storage 128Mi/512Mi (request/limit)
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Readiness check: may this container receive traffic?
   *
   * @default - HTTP GET /readyz on the port every 5 s, failing after 3 misses
   */
  readonly readiness?: HealthCheck;

  /**
   * Liveness check: must this container be restarted?
   *
   * Must check another path, port or command than the readiness check (kube-score
   * `pod-probes-identical`): a shared check restarts a pod that is merely busy.
   *
   * @default - HTTP GET /livez on the port every 10 s, failing after 6 misses
   */
  readonly liveness?: HealthCheck;

  /**
   * Startup check: liveness and readiness wait until it succeeds once.
   *
   * @default - a TCP check of the port every 5 s, for up to 150 s
   */
  readonly startup?: HealthCheck;

  /**
   * Runs the container without readiness, liveness and startup probes.
   *
   * Security note: a hung container keeps receiving traffic and is never restarted.
   *
   * @default - probes are required
   */
  readonly withoutProbes?: OptOut;

  /**
   * Makes the container's root filesystem writable.
   *
   * Security note: an attacker can then drop tools and modify binaries inside the container.
   * Prefer `scratchPaths` for the directories the process must write.
   *
   * @default - read-only root filesystem
   */
  readonly writableRootFilesystem?: OptOut;

  /**
   * Adds Linux capabilities back after dropping ALL.
   *
   * @default - no capability
   */
  readonly addCapabilities?: CapabilityOptOut;

  /**
   * Allows ports below 1024.
   *
   * Security note: a non-root process needs CAP_NET_BIND_SERVICE (or a sysctl) to bind them; prefer
   * an unprivileged port and map it in the Service.
   *
   * @default - ports below 1024 throw
   */
  readonly privilegedPort?: OptOut;
}

/**
 * A sidecar container of a HardenedDeployment.
 */
export interface HardenedContainerProps extends HardenedContainerOptions {
  /** The container name (a DNS-1123 label, unique in the pod). */
  readonly name: string;
}

/**
 * Properties of a HardenedDeployment.
 */
export interface HardenedDeploymentProps extends HardenedContainerOptions {
  /**
   * The namespace of every object emitted (a DNS-1123 label, not `default` nor a `kube-*` system namespace).
   *
   * Explicit so nothing lands in `default`, where policies and quotas are usually absent.
   */
  readonly namespace: string;

  /**
   * `metadata.name` of the Deployment, its PodDisruptionBudget, NetworkPolicy and ServiceAccount,
   * and the value of the `app.kubernetes.io/instance` label.
   *
   * @default - a name generated by cdk8s from the construct path
   */
  readonly name?: string;

  /**
   * The value of the `app.kubernetes.io/name` label (the application, e.g. `api`).
   *
   * @default - the name
   */
  readonly appName?: string;

  /**
   * Extra labels on every object and on the pods.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * The main container's name.
   *
   * @default 'app'
   */
  readonly containerName?: string;

  /**
   * The main container's port name.
   *
   * @default 'http'
   */
  readonly portName?: string;

  /**
   * Number of pods.
   *
   * @default 2 (1 with `singleReplica`)
   */
  readonly replicas?: number;

  /**
   * Allows a single replica.
   *
   * Security note: every node drain or crash is then an outage.
   *
   * @default - fewer than 2 replicas throw
   */
  readonly singleReplica?: OptOut;

  /**
   * The uid of every container.
   *
   * kube-score wants > 10000 so no host user can be shared.
   *
   * @default 65532 (0 with `runAsRoot`)
   */
  readonly runAsUser?: number;

  /**
   * The primary gid of every container.
   *
   * @default 65532
   */
  readonly runAsGroup?: number;

  /**
   * The group owning mounted volumes (so the non-root user can read secret files).
   *
   * @default 65532
   */
  readonly fsGroup?: number;

  /**
   * Runs the containers as root (uid 0, `runAsNonRoot: false`).
   *
   * Security note: root in a container is one kernel bug away from root on the node; fails PSS restricted.
   *
   * @default - containers must run as a non-root user
   */
  readonly runAsRoot?: OptOut;

  /**
   * The ServiceAccount the pods run as (it must be in the same namespace).
   *
   * @default - a dedicated LeastPrivilegeServiceAccount (child id `ServiceAccount`) named like the Deployment
   */
  readonly serviceAccount?: LeastPrivilegeServiceAccount;

  /**
   * The PodDisruptionBudget's limit.
   *
   * @default DisruptionBudget.maxUnavailable(1)
   */
  readonly disruptionBudget?: DisruptionBudget;

  /**
   * An existing PriorityClass for the pods.
   *
   * @default - the PriorityClass `cdk8s-hardened-workload` (value 1000, preemptionPolicy Never),
   * created once per chart
   */
  readonly priorityClassName?: string;

  /**
   * Who may connect to the pods.
   *
   * @default - pods of the same namespace, on the main container's port
   */
  readonly ingress?: IngressRule[];

  /**
   * Where the pods may connect, besides cluster DNS (kube-system kube-dns, UDP and TCP 53).
   *
   * @default - cluster DNS only
   */
  readonly egress?: EgressRule[];

  /**
   * Further containers in the pod, hardened the same way.
   *
   * @default - none
   */
  readonly sidecars?: HardenedContainerProps[];

  /**
   * Writable directories of the main container besides `/tmp`, each a private size-limited emptyDir.
   *
   * @default - only /tmp
   */
  readonly scratchPaths?: string[];

  /**
   * Size limit of each scratch emptyDir (`/tmp` and `scratchPaths`).
   *
   * @default Size.mebibytes(64)
   */
  readonly scratchSizeLimit?: Size;
}

/** A container as tracked by the construct. */
interface TrackedContainer {
  readonly name: string;
  readonly index: number;
  readonly container: kplus.Container;
  readonly ports: number[];
  readonly mountPaths: Set<string>;
}

/**
 * A Deployment that passes Pod Security "restricted", Polaris and kube-score with no extra effort.
 *
 * Built on cdk8s-plus-28's Deployment (child id `Resource`; escape hatch `ApiObject.of(d.deployment)`).
 * Each default closes one threat:
 * - non-root uid/gid 65532, `allowPrivilegeEscalation: false`, `privileged: false`, `capabilities.drop: [ALL]`,
 *   seccomp `RuntimeDefault` (pod and container): a compromised process cannot become root, gain
 *   capabilities or make dangerous syscalls.
 * - read-only root filesystem with a private size-limited `/tmp`: no tampering with binaries, no disk filling.
 * - images pinned by digest, `imagePullPolicy: Always`: the pod runs exactly the reviewed image.
 * - no service account token mounted and a dedicated LeastPrivilegeServiceAccount: a stolen pod holds no API credentials.
 * - a per-workload NetworkPolicy (ingress from declared peers only, egress to DNS and declared peers):
 *   a compromised pod cannot scan or exfiltrate freely.
 * - requests and limits for cpu, memory and ephemeral storage: one pod cannot starve a node.
 * - 2+ replicas spread over zones and nodes, a PodDisruptionBudget, rolling updates without loss of
 *   capacity, distinct readiness/liveness probes: availability is part of security.
 * - secrets only as read-only files (`mountSecret`), never env vars: they do not leak into crash dumps,
 *   `kubectl describe` or child processes.
 */
export class HardenedDeployment extends Construct implements ISecretMountTarget, IHardenedWorkload {
  /** `metadata.name` of the Deployment (and of its PodDisruptionBudget and NetworkPolicy). */
  public readonly name: string;

  /** The namespace of every emitted object. */
  public readonly namespace: string;

  /** Labels on every emitted object and on the pods. */
  public readonly labels: { [key: string]: string };

  /** Labels selecting exactly this workload's pods (Deployment selector, PodDisruptionBudget, spread rules). */
  public readonly selectorLabels: { [key: string]: string };

  /** The number of replicas. */
  public readonly replicas: number;

  /** The main container's port. */
  public readonly port: number;

  /** The PriorityClass of the pods. */
  public readonly priorityClassName: string;

  /** The ServiceAccount the pods run as. */
  public readonly serviceAccount: LeastPrivilegeServiceAccount;

  /** The cdk8s-plus Deployment (child id `Resource`). */
  public readonly deployment: kplus.Deployment;

  /** The PodDisruptionBudget (child id `DisruptionBudget`). */
  public readonly podDisruptionBudget: ApiObject;

  /** The NetworkPolicy selecting this workload's pods (child id `NetworkPolicy`). */
  public readonly networkPolicy: ApiObject;

  private readonly containers: TrackedContainer[] = [];
  private readonly ingressRules: any[] = [];
  private readonly egressRules: any[] = [];
  private readonly secretVolumes = new Map<string, kplus.Volume>();
  private readonly runAsUser: number;
  private readonly runAsGroup: number;
  private readonly runAsRoot: boolean;
  private readonly scratchSizeLimit: Size;

  public constructor(scope: Construct, id: string, props: HardenedDeploymentProps) {
    super(scope, id);

    this.namespace = this.validateNamespace(props.namespace);
    this.name = props.name ?? Names.toDnsLabel(this);
    if (!isDns1123Label(this.name)) {
      throw constructError(this, `name ${quote(this.name)} is not valid; use ${DNS1123_LABEL_RULE} (it is also the app.kubernetes.io/instance label value)`);
    }
    const appName = props.appName ?? this.name;
    if (!isLabelValue(appName) || appName === '') {
      throw constructError(this, `appName ${quote(appName)} is not valid; use ${LABEL_VALUE_RULE}`);
    }
    this.selectorLabels = { [D.NAME_LABEL]: appName, [D.INSTANCE_LABEL]: this.name };
    const extraLabels = props.labels ?? {};
    const labelIssue = labelProblem(extraLabels);
    if (labelIssue) throw constructError(this, `labels: ${labelIssue}`);
    for (const key of Object.keys(this.selectorLabels)) {
      if (key in extraLabels) {
        throw constructError(this, `labels must not set '${key}'; it is derived from ${key === D.NAME_LABEL ? 'appName' : 'name'}`);
      }
    }
    this.labels = { ...extraLabels, ...this.selectorLabels };

    // Identity: uid/gid/fsGroup.
    this.runAsRoot = props.runAsRoot !== undefined;
    this.runAsUser = this.validateId('runAsUser', props.runAsUser, this.runAsRoot ? 0 : D.SECURITY_CONTEXT.runAsUser);
    this.runAsGroup = this.validateId('runAsGroup', props.runAsGroup, D.SECURITY_CONTEXT.runAsGroup);
    const fsGroup = this.validateId('fsGroup', props.fsGroup, D.SECURITY_CONTEXT.fsGroup);
    if (props.runAsRoot) {
      this.warn('RunAsRoot', `runs its containers as root (uid ${this.runAsUser}, runAsNonRoot: false): ${props.runAsRoot.reason}`);
    }

    // Replicas.
    this.replicas = props.replicas ?? (props.singleReplica ? 1 : D.DEFAULT_REPLICAS);
    if (!Number.isInteger(this.replicas) || this.replicas < 1) {
      throw constructError(this, `replicas ${quote(props.replicas)} is not allowed; use an integer >= ${D.MIN_REPLICAS}`);
    }
    if (this.replicas < D.MIN_REPLICAS && !props.singleReplica) {
      throw constructError(this, `replicas ${this.replicas} leaves no pod serving during a drain or crash; use replicas >= ${D.MIN_REPLICAS}, or pass singleReplica: OptOut.because('<why>')`);
    }
    if (props.singleReplica) {
      if (this.replicas >= D.MIN_REPLICAS) {
        throw constructError(this, `singleReplica is set but replicas is ${this.replicas}; remove the opt-out so no stale exception is recorded`);
      }
      this.warn('SingleReplica', `runs ${this.replicas} replica: ${props.singleReplica.reason}`);
    }

    // Service account.
    if (props.serviceAccount && props.serviceAccount.namespace !== this.namespace) {
      throw constructError(this, `serviceAccount '${props.serviceAccount.name}' is in namespace '${props.serviceAccount.namespace}', not '${this.namespace}'; pods can only use a ServiceAccount of their own namespace`);
    }
    this.serviceAccount = props.serviceAccount ?? new LeastPrivilegeServiceAccount(this, 'ServiceAccount', { namespace: this.namespace, name: this.name });
    const identityLabels = this.serviceAccount.podLabels;

    // Priority class.
    if (props.priorityClassName !== undefined && !isDns1123Subdomain(props.priorityClassName)) {
      throw constructError(this, `priorityClassName ${quote(props.priorityClassName)} is not a valid PriorityClass name; use a DNS-1123 subdomain (e.g. 'business-critical')`);
    }
    this.priorityClassName = props.priorityClassName ?? ensureDefaultPriorityClass(this);

    this.scratchSizeLimit = props.scratchSizeLimit ?? Size.mebibytes(D.SCRATCH_SIZE_LIMIT_MIB);
    sizeToQuantity(this, 'scratchSizeLimit', this.scratchSizeLimit);

    const budget = props.disruptionBudget ?? DisruptionBudget.maxUnavailable(D.DISRUPTION_BUDGET.maxUnavailable);
    const budgetProblem = budget._problem(this.replicas);
    if (budgetProblem) throw constructError(this, `disruptionBudget ${budgetProblem}`);

    this.deployment = new kplus.Deployment(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels: { ...this.labels } },
      podMetadata: { labels: { ...identityLabels, ...this.labels } },
      select: false,
      spread: false,
      replicas: this.replicas,
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.percent(D.ROLLING_UPDATE.maxSurgePercent),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(D.ROLLING_UPDATE.maxUnavailable),
      }),
      serviceAccount: this.serviceAccount.serviceAccount,
      automountServiceAccountToken: false,
      hostNetwork: false,
      securityContext: {
        ensureNonRoot: !this.runAsRoot,
        user: this.runAsUser,
        group: this.runAsGroup,
        fsGroup,
      },
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: { ...this.selectorLabels } }));

    const podSpec = '/spec/template/spec';
    const patch = (p: JsonPatch) => ApiObject.of(this.deployment).addJsonPatch(p);
    patch(JsonPatch.add(`${podSpec}/securityContext/seccompProfile`, { type: D.SECURITY_CONTEXT.seccompProfileType }));
    patch(JsonPatch.add(`${podSpec}/enableServiceLinks`, false));
    patch(JsonPatch.add(`${podSpec}/priorityClassName`, this.priorityClassName));
    patch(JsonPatch.add(`${podSpec}/topologySpreadConstraints`, [{
      topologyKey: D.TOPOLOGY_SPREAD.topologyKey,
      maxSkew: D.TOPOLOGY_SPREAD.maxSkew,
      whenUnsatisfiable: D.TOPOLOGY_SPREAD.whenUnsatisfiable,
      labelSelector: { matchLabels: { ...this.selectorLabels } },
    }]));
    patch(JsonPatch.add(`${podSpec}/affinity`, {
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

    // Containers.
    const main = this.addHardenedContainer({
      ...props,
      name: props.containerName ?? D.DEFAULT_CONTAINER_NAME,
      port: props.port ?? D.DEFAULT_PORT,
    }, 'main container', props.portName ?? D.DEFAULT_PORT_NAME);
    this.port = main.ports[0];
    for (const path of props.scratchPaths ?? []) this.addScratch(main, path);
    for (const sidecar of props.sidecars ?? []) this.addContainer(sidecar);

    // PodDisruptionBudget.
    this.podDisruptionBudget = new ApiObject(this, 'DisruptionBudget', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: this.name, namespace: this.namespace, labels: { ...this.labels } },
      spec: {
        [budget.field]: budget.value,
        selector: { matchLabels: { ...this.selectorLabels } },
        unhealthyPodEvictionPolicy: D.DISRUPTION_BUDGET.unhealthyPodEvictionPolicy,
      },
    });

    // NetworkPolicy: selects exactly this workload's pods. Only the instance label is used: Polaris
    // `missingNetworkPolicy` requires the podSelector to match exactly one of the pod's labels (oneOf).
    this.egressRules.push({
      to: [{
        namespaceSelector: { matchLabels: { [D.NAMESPACE_NAME_LABEL]: D.CLUSTER_DNS.namespace } },
        podSelector: { matchLabels: { ...D.CLUSTER_DNS.podLabels } },
      }],
      ports: D.CLUSTER_DNS.protocols.map((protocol) => ({ protocol, port: D.CLUSTER_DNS.port })),
    });
    if (props.ingress === undefined) {
      this.ingressRules.push({ from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: this.port }] });
    } else {
      if (props.ingress.length === 0) {
        throw constructError(this, 'ingress is an empty list; omit it to allow pods of the same namespace on the main port, or declare at least one rule');
      }
      props.ingress.forEach((rule) => this.allowIngress(rule));
    }
    for (const rule of props.egress ?? []) this.allowEgress(rule);
    this.networkPolicy = new ApiObject(this, 'NetworkPolicy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: this.name, namespace: this.namespace, labels: { ...this.labels } },
      spec: {
        podSelector: { matchLabels: { [D.INSTANCE_LABEL]: this.name } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: this.ingressRules,
        egress: this.egressRules,
      },
    });
  }

  /**
   * Every port a container of the pod declares.
   */
  public declaredPorts(): number[] {
    return this.containers.flatMap((c) => c.ports);
  }

  /**
   * Adds a sidecar container, hardened like the main one.
   */
  public addContainer(props: HardenedContainerProps): void {
    this.addHardenedContainer(props, `container '${props.name}'`, undefined);
  }

  /**
   * Mounts a Secret as read-only files into a container.
   *
   * The only way this construct offers secrets: files (mode 0400, group-readable through fsGroup) in a
   * read-only volume, never environment variables.
   *
   * @param secretName the Secret's name in this workload's namespace
   * @param mountPath the absolute directory where each key becomes a file
   */
  public mountSecret(secretName: string, mountPath: string, options: SecretMountOptions = {}): void {
    if (!isDns1123Subdomain(secretName)) {
      throw constructError(this, `secret name ${quote(secretName)} is not a valid Secret name; use a DNS-1123 subdomain (e.g. 'db-credentials')`);
    }
    const target = this.findContainer(options.containerName);
    this.validateMountPath(target, mountPath);
    const keys = options.keys;
    if (keys !== undefined) {
      if (keys.length === 0) throw constructError(this, `keys for secret '${secretName}' is empty; omit it to mount every key`);
      const bad = keys.find((k) => typeof k !== 'string' || !/^[-._a-zA-Z0-9]+$/.test(k));
      if (bad !== undefined) throw constructError(this, `key ${quote(bad)} of secret '${secretName}' is not a valid Secret key`);
    }
    const cacheKey = `${secretName}|${keys ? [...keys].sort().join(',') : '*'}`;
    let volume = this.secretVolumes.get(cacheKey);
    if (!volume) {
      const base = `secret-${secretName.replace(/\./g, '-')}`.slice(0, 58).replace(/-+$/, '');
      const volumeName = this.secretVolumes.size === 0 ? base : `${base}-${this.secretVolumes.size + 1}`;
      volume = kplus.Volume.fromSecret(this, `SecretVolume${this.secretVolumes.size + 1}`,
        kplus.Secret.fromSecretName(this, `Secret${this.secretVolumes.size + 1}`, secretName), {
          name: volumeName,
          defaultMode: D.SECRET_FILE_MODE,
          optional: false,
          items: keys ? Object.fromEntries(keys.map((k) => [k, { path: k }])) : undefined,
        });
      this.secretVolumes.set(cacheKey, volume);
    }
    target.container.mount(mountPath, volume, { readOnly: true });
    target.mountPaths.add(normalizePath(mountPath));
  }

  /**
   * Allows more traffic into the pods.
   */
  public allowIngress(rule: IngressRule): void {
    const n = this.ingressRules.length + 1;
    if (!rule.peers || rule.peers.length === 0) {
      throw constructError(this, `ingress rule ${n} has no peers, which would allow every source; name at least one peer (namespaces, podLabels or cidr)`);
    }
    const from = rule.peers.map((p, i) => this.peer(renderPeer(p, `ingress rule ${n} peer ${i + 1}`)));
    const declared = this.containers.flatMap((c) => c.ports);
    const ports = rule.ports ?? [this.port ?? declared[0]];
    if (ports.length === 0) throw constructError(this, `ingress rule ${n} has an empty ports list, which would allow every port; omit it for the main port or list ports`);
    for (const port of ports) {
      if (!declared.includes(port)) {
        throw constructError(this, `ingress rule ${n} allows port ${quote(port)}, which no container declares (declared: ${declared.join(', ')}); allow a declared port`);
      }
    }
    const protocol = rule.protocol ?? kplus.Protocol.TCP;
    this.ingressRules.push({ from, ports: ports.map((port) => ({ protocol, port })) });
  }

  /**
   * Allows more traffic out of the pods.
   */
  public allowEgress(rule: EgressRule): void {
    const n = this.egressRules.length; // rule 0 is DNS
    if (!rule.peers || rule.peers.length === 0) {
      throw constructError(this, `egress rule ${n} has no peers, which would allow every destination; name at least one peer (namespaces, podLabels or cidr)`);
    }
    const to = rule.peers.map((p, i) => this.peer(renderPeer(p, `egress rule ${n} peer ${i + 1}`)));
    if (!rule.ports || rule.ports.length === 0) {
      throw constructError(this, `egress rule ${n} has no ports, which would allow every port; list the destination ports`);
    }
    for (const port of rule.ports) {
      if (!isPort(port)) throw constructError(this, `egress rule ${n} has port ${quote(port)}; use an integer between 1 and 65535`);
    }
    const protocol = rule.protocol ?? kplus.Protocol.TCP;
    this.egressRules.push({ to, ports: rule.ports.map((port) => ({ protocol, port })) });
  }

  /**
   * Lets this workload's pods connect to the target's pods.
   *
   * Writes this workload's egress rule and the target's ingress rule (pods selected by their
   * `app.kubernetes.io/instance` label, with a namespace selector when the namespaces differ).
   */
  public connectTo(target: IHardenedWorkload, options: ConnectOptions = {}): void {
    const port = options.port ?? target.port;
    const declared = target.declaredPorts();
    if (port === undefined || !declared.includes(port)) {
      throw constructError(this, `connectTo '${target.node.path}': port ${quote(port)} is not declared by a container of the target (declared: ${declared.join(', ') || 'none'}); pass a declared port`);
    }
    if (target === this) {
      throw constructError(this, 'connectTo names this workload itself; pods of one workload need no NetworkPolicy rule to reach each other through it');
    }
    const crossNamespace = target.namespace !== this.namespace;
    const protocol = options.protocol;
    this.allowEgress({
      peers: [{ podLabels: { [D.INSTANCE_LABEL]: target.name }, namespaces: crossNamespace ? [target.namespace] : undefined }],
      ports: [port],
      protocol,
    });
    target.allowIngress({
      peers: [{ podLabels: { [D.INSTANCE_LABEL]: this.name }, namespaces: crossNamespace ? [this.namespace] : undefined }],
      ports: [port],
      protocol,
    });
  }

  private peer(rendered: { [key: string]: any } | string): { [key: string]: any } {
    if (typeof rendered === 'string') throw constructError(this, rendered);
    return rendered;
  }

  private addHardenedContainer(props: HardenedContainerProps, what: string, portName: string | undefined): TrackedContainer {
    if (!isDns1123Label(props.name)) {
      throw constructError(this, `${what} name ${quote(props.name)} is not valid; use ${DNS1123_LABEL_RULE}`);
    }
    if (this.containers.some((c) => c.name === props.name)) {
      throw constructError(this, `${what} name '${props.name}' is already used in this pod; give each container a unique name`);
    }

    let image: ImageReference;
    try {
      image = ImageReference.fromString(props.image);
    } catch (e) {
      throw constructError(this, `${what}: ${(e as Error).message} or ImageReference.fromDigest()`);
    }

    // Ports.
    const ports: number[] = [];
    if (props.port !== undefined) {
      if (!isPort(props.port)) {
        throw constructError(this, `${what} port ${quote(props.port)} is not a port; use an integer between 1 and 65535`);
      }
      const taken = this.containers.find((c) => c.ports.includes(props.port!));
      if (taken) throw constructError(this, `${what} port ${props.port} is already declared by container '${taken.name}'; containers of a pod share one network namespace`);
      if (props.port < D.FIRST_UNPRIVILEGED_PORT && !props.privilegedPort) {
        throw constructError(this, `${what} port ${props.port} is privileged (< ${D.FIRST_UNPRIVILEGED_PORT}) and a non-root process without capabilities cannot bind it; use a port >= ${D.FIRST_UNPRIVILEGED_PORT} (map it in the Service), or pass privilegedPort: OptOut.because('<why>')`);
      }
      ports.push(props.port);
    }
    if (props.privilegedPort) {
      if (props.port === undefined || props.port >= D.FIRST_UNPRIVILEGED_PORT) {
        throw constructError(this, `${what} has privilegedPort set but port ${quote(props.port)} is not below ${D.FIRST_UNPRIVILEGED_PORT}; remove the opt-out so no stale exception is recorded`);
      }
      this.warn('PrivilegedPort', `${what} listens on privileged port ${props.port}: ${props.privilegedPort.reason}`);
    }

    // Env: plain values only, never secrets.
    const env: { [key: string]: kplus.EnvValue } = {};
    for (const [key, value] of Object.entries(props.env ?? {})) {
      if (!ENV_NAME_RE.test(key)) {
        throw constructError(this, `${what} env var name ${quote(key)} is not valid; use letters, digits, '_', '-' or '.', not starting with a digit`);
      }
      if (typeof value !== 'string') {
        throw constructError(this, `${what} env var '${key}' has value ${quote(value)}; use a string`);
      }
      if (D.SENSITIVE_ENV_NAME_PATTERNS.some((re) => re.test(key)) || D.PRIVATE_KEY_VALUE_PATTERN.test(value)) {
        throw constructError(this, `${what} env var '${key}' looks like a secret; secrets are never passed as env vars, mount them as read-only files with mountSecret()`);
      }
      env[key] = kplus.EnvValue.fromValue(value);
    }

    // Capabilities.
    let add: kplus.Capability[] | undefined;
    if (props.addCapabilities) {
      const caps = props.addCapabilities.capabilities ?? [];
      const known = Object.values(kplus.Capability) as string[];
      if (caps.length === 0) throw constructError(this, `${what} addCapabilities lists no capability; remove it or name the capabilities`);
      const unknown = caps.find((c) => !known.includes(c));
      if (unknown !== undefined) throw constructError(this, `${what} addCapabilities has unknown capability ${quote(unknown)}; use kplus.Capability values`);
      if (caps.includes(kplus.Capability.ALL)) {
        throw constructError(this, `${what} addCapabilities includes ALL, which undoes the hardening; name each capability the process needs (e.g. NET_BIND_SERVICE)`);
      }
      add = [...new Set(caps)];
      this.warn('AddCapabilities', `${what} adds capabilities ${add.join(', ')}: ${props.addCapabilities.optOut.reason}`);
    }
    const readOnlyRootFilesystem = props.writableRootFilesystem === undefined;
    if (props.writableRootFilesystem) {
      this.warn('WritableRootFilesystem', `${what} has a writable root filesystem: ${props.writableRootFilesystem.reason}`);
    }

    const index = this.containers.length;
    const container = this.deployment.addContainer({
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
    });
    const tracked: TrackedContainer = { name: props.name, index, container, ports, mountPaths: new Set() };
    this.containers.push(tracked);

    const pointer = `/spec/template/spec/containers/${index}`;
    const patch = (p: JsonPatch) => ApiObject.of(this.deployment).addJsonPatch(p);
    const resources = renderResources(this, what, props.resources);
    patch(JsonPatch.add(`${pointer}/resources`, {
      requests: mapValues(resources.requests, (q) => kplus.k8s.Quantity.fromString(q)),
      limits: mapValues(resources.limits, (q) => kplus.k8s.Quantity.fromString(q)),
    }));

    // Probes.
    if (props.withoutProbes) {
      const given = (['readiness', 'liveness', 'startup'] as const).filter((k) => props[k] !== undefined);
      if (given.length > 0) {
        throw constructError(this, `${what} has withoutProbes set and also ${given.join(', ')}; remove one of them`);
      }
      this.warn('WithoutProbes', `${what} runs without readiness, liveness and startup probes: ${props.withoutProbes.reason}`);
    } else {
      const port = props.port;
      const readiness = props.readiness ?? HealthCheck.http(D.PROBE_PATHS.readiness);
      const liveness = props.liveness ?? HealthCheck.http(D.PROBE_PATHS.liveness);
      const startup = props.startup ?? HealthCheck.tcp();
      const render = (kind: 'readiness' | 'liveness' | 'startup', check: HealthCheck) => {
        const out = check._render(port, D.PROBES[kind]);
        if (typeof out === 'string') {
          throw constructError(this, `${what} ${kind} probe: ${out}, and the container declares none; set port, use HealthCheck.command(), or pass withoutProbes: OptOut.because('<why>')`);
        }
        const probePort = out.httpGet?.port ?? out.tcpSocket?.port;
        if (probePort !== undefined && !this.containers.some((c) => c.ports.includes(probePort))) {
          throw constructError(this, `${what} ${kind} probe checks port ${probePort}, which no container declares; probe a declared port`);
        }
        return out;
      };
      const r = render('readiness', readiness);
      const l = render('liveness', liveness);
      const s = render('startup', startup);
      const same = sameCheck(r, l);
      if (same) {
        throw constructError(this, `${what} readiness and liveness probes both ${same}; a busy pod would be restarted instead of taken out of rotation, check different paths, ports or commands (e.g. HealthCheck.http('/readyz') and HealthCheck.http('/livez'))`);
      }
      patch(JsonPatch.add(`${pointer}/readinessProbe`, typedProbe(r)));
      patch(JsonPatch.add(`${pointer}/livenessProbe`, typedProbe(l)));
      patch(JsonPatch.add(`${pointer}/startupProbe`, typedProbe(s)));
    }

    this.addScratch(tracked, D.TMP_MOUNT_PATH);
    return tracked;
  }

  private addScratch(target: TrackedContainer, path: string): void {
    this.validateMountPath(target, path);
    const name = path === D.TMP_MOUNT_PATH
      ? (target.index === 0 ? 'tmp' : `tmp-${target.name}`)
      : `scratch-${target.index}-${target.mountPaths.size}`;
    const volume = kplus.Volume.fromEmptyDir(this, `Scratch${target.index}-${target.mountPaths.size}`, name.slice(0, 63), { sizeLimit: this.scratchSizeLimit });
    target.container.mount(path, volume, { readOnly: false });
    target.mountPaths.add(normalizePath(path));
  }

  private validateMountPath(target: TrackedContainer, path: string): void {
    if (typeof path !== 'string' || !path.startsWith('/') || normalizePath(path) === '/' || path.includes('..') || /[\s:]/.test(path)) {
      throw constructError(this, `mount path ${quote(path)} is not allowed; use an absolute directory other than '/' without '..', e.g. '/etc/secrets/db'`);
    }
    const p = normalizePath(path);
    for (const existing of target.mountPaths) {
      if (p === existing || p.startsWith(`${existing}/`) || existing.startsWith(`${p}/`)) {
        throw constructError(this, `mount path '${p}' overlaps '${existing}' already mounted in container '${target.name}'; use a separate directory`);
      }
    }
  }

  private findContainer(name: string | undefined): TrackedContainer {
    if (name === undefined) return this.containers[0];
    const found = this.containers.find((c) => c.name === name);
    if (!found) throw constructError(this, `no container named ${quote(name)}; containers: ${this.containers.map((c) => c.name).join(', ')}`);
    return found;
  }

  private validateNamespace(namespace: string): string {
    if (!isDns1123Label(namespace)) {
      throw constructError(this, `namespace ${quote(namespace)} is not a valid namespace name; use ${DNS1123_LABEL_RULE} (e.g. 'production')`);
    }
    if (D.FORBIDDEN_NAMESPACES.includes(namespace)) {
      throw constructError(this, `namespace '${namespace}' is not allowed (${D.FORBIDDEN_NAMESPACES.join(', ')} are shared or system namespaces without workload policies); use a dedicated namespace, e.g. a SecureNamespace`);
    }
    return namespace;
  }

  private validateId(prop: string, value: number | undefined, fallback: number): number {
    const id = value ?? fallback;
    if (!Number.isInteger(id) || id < 0 || id > 2147483647) {
      throw constructError(this, `${prop} ${quote(value)} is not a valid id; use an integer > 10000 such as ${D.NON_ROOT_ID}`);
    }
    if (id === 0 && !this.runAsRoot) {
      throw constructError(this, `${prop} 0 is root; use a non-root id such as ${D.NON_ROOT_ID}, or pass runAsRoot: OptOut.because('<why>')`);
    }
    return id;
  }

  private warn(name: string, message: string): void {
    Hardening.of(this).addWarning(`${WARNING_PREFIX}${name}`, message);
  }
}

/*
 * The kplus Deployment is a typed KubeDeployment: JSON patches are applied before its final
 * typed-to-JSON conversion, which reads IntOrString and Quantity fields through `.value`. Patch
 * values in those fields must therefore be IntOrString / Quantity objects, or they vanish.
 */
function typedProbe(probe: { [key: string]: any }): { [key: string]: any } {
  const out = { ...probe };
  if (out.httpGet) out.httpGet = { ...out.httpGet, port: kplus.k8s.IntOrString.fromNumber(out.httpGet.port) };
  if (out.tcpSocket) out.tcpSocket = { ...out.tcpSocket, port: kplus.k8s.IntOrString.fromNumber(out.tcpSocket.port) };
  return out;
}

/** Describes what two probes share when kube-score would call them identical (same handler target). */
function sameCheck(a: { [key: string]: any }, b: { [key: string]: any }): string | undefined {
  if (a.httpGet && b.httpGet && a.httpGet.path === b.httpGet.path && a.httpGet.port === b.httpGet.port) {
    return `GET '${a.httpGet.path}' on port ${a.httpGet.port}`;
  }
  if (a.tcpSocket && b.tcpSocket && a.tcpSocket.port === b.tcpSocket.port) return `check TCP port ${a.tcpSocket.port}`;
  if (a.exec && b.exec && JSON.stringify(a.exec.command) === JSON.stringify(b.exec.command)) {
    return `run ${JSON.stringify(a.exec.command)}`;
  }
  return undefined;
}

function mapValues<T, U>(obj: { [key: string]: T }, fn: (v: T) => U): { [key: string]: U } {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));
}

function isPort(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}

function normalizePath(path: string): string {
  return path.replace(/\/+/g, '/').replace(/\/$/, '') || '/';
}

/** Renders a Size as an exact Kubernetes quantity (Mi when whole, Ki otherwise). */
function sizeToQuantity(scope: Construct, what: string, size: Size): string {
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isInteger(kib) || kib <= 0) {
    throw constructError(scope, `${what} ${kib} KiB is not a whole, positive number of KiB`);
  }
  return kib % 1024 === 0 ? `${kib / 1024}Mi` : `${kib}Ki`;
}

/** Resolves requests and limits for one container; a missing side follows the other. */
type QuantityMap = { [resource: string]: string };

function renderResources(scope: Construct, what: string, r: kplus.ContainerResources | undefined): { requests: QuantityMap; limits: QuantityMap } {
  const R = D.RESOURCES;
  const pairs: Array<[string, string | undefined, string | undefined, string, string]> = [
    ['cpu', r?.cpu?.request?.amount, r?.cpu?.limit?.amount, `${R.cpuRequestMillis}m`, `${R.cpuLimitMillis}m`],
    ['memory', optSize(scope, what, r?.memory?.request), optSize(scope, what, r?.memory?.limit), `${R.memoryRequestMiB}Mi`, `${R.memoryLimitMiB}Mi`],
    ['ephemeral-storage', optSize(scope, what, r?.ephemeralStorage?.request), optSize(scope, what, r?.ephemeralStorage?.limit),
      `${R.ephemeralStorageRequestMiB}Mi`, `${R.ephemeralStorageLimitMiB}Mi`],
  ];
  const requests: QuantityMap = {};
  const limits: QuantityMap = {};
  for (const [name, req, lim, defReq, defLim] of pairs) {
    for (const [side, v] of [['request', req], ['limit', lim]] as const) {
      if (v !== undefined && !((parseQuantity(v) ?? 0) > 0)) {
        throw constructError(scope, `${what} ${name} ${side} ${quote(v)} is not a positive quantity`);
      }
    }
    const q = (s: string) => parseQuantity(s)!;
    let request = req;
    let limit = lim;
    if (request === undefined) request = limit !== undefined && q(limit) < q(defReq) ? limit : defReq;
    if (limit === undefined) limit = q(request) > q(defLim) ? request : defLim;
    if (q(request) > q(limit)) {
      throw constructError(scope, `${what} ${name} request '${request}' is above the limit '${limit}'; the request must not exceed the limit`);
    }
    requests[name] = request;
    limits[name] = limit;
  }
  return { requests, limits };
}

function optSize(scope: Construct, what: string, size: Size | undefined): string | undefined {
  return size === undefined ? undefined : sizeToQuantity(scope, what, size);
}
