import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AutoscalingOptions, createAutoscaler } from './autoscaling';
import * as D from './defaults';
import { DisruptionBudget } from './disruption-budget';
import { HardenedWorkload } from './hardened-workload';
import { constructError, quote } from '../private/errors';
import { DNS1123_LABEL_RULE, isDns1123Label, isDns1123Subdomain } from '../private/validation';
import { HardenedPod } from './pod/pod-template';
import { createDisruptionBudget, resolveDisruptionBudget, resolveReplicas } from './pod/replicas';
import { sizeToQuantity } from './pod/resources';
import { HardenedReplicatedWorkloadProps } from './pod/workload-props';
import { IHardenedWorkload } from './workload';

/** Volume name prefixes the hardened pod uses for its own volumes. */
const RESERVED_VOLUME_PREFIXES = ['tmp-', 'scratch-', 'init-scratch-', 'secret-', 'config-', 'host-', 'kube-api-access'];

/**
 * A PersistentVolumeClaim template: one volume per pod, kept across restarts and rescheduling.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#volume-claim-templates
 */
export interface VolumeClaimTemplateProps {
  /** The claim and volume name (a DNS-1123 label, unique in the pod). */
  readonly name: string;

  /** Where the volume is mounted, writable (the root filesystem stays read-only). */
  readonly mountPath: string;

  /** The requested storage. */
  readonly size: Size;

  /**
   * The StorageClass.
   *
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;

  /**
   * Access modes of the volume.
   *
   * @default [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];

  /**
   * The container that mounts the volume.
   *
   * @default - the main container
   */
  readonly containerName?: string;
}

/**
 * Properties of a HardenedStatefulSet.
 */
export interface HardenedStatefulSetProps extends HardenedReplicatedWorkloadProps {
  /**
   * Per-pod persistent volumes.
   *
   * @default - none
   */
  readonly volumeClaimTemplates?: VolumeClaimTemplateProps[];

  /**
   * Whether pods start and stop one at a time (`OrderedReady`) or all at once (`Parallel`).
   *
   * @default kplus.PodManagementPolicy.ORDERED_READY
   */
  readonly podManagementPolicy?: kplus.PodManagementPolicy;
}

/**
 * A StatefulSet with the same restricted pod as HardenedDeployment, plus per-pod storage.
 *
 * Built on cdk8s-plus-28's StatefulSet (child id `Resource`; escape hatch `ApiObject.of(s.statefulSet)`).
 * On top of the hardened pod (see HardenedDeployment): volume claims are the only writable
 * directories besides the scratch emptyDirs (the root filesystem stays read-only), fsGroup ownership
 * is fixed only on a root mismatch (`OnRootMismatch`), a headless governing Service
 * `<name>-headless` (child id `Service`) gives the pods stable DNS names, rolling updates replace one
 * pod at a time, and a PodDisruptionBudget and zone/node spread keep a quorum alive.
 */
export class HardenedStatefulSet extends HardenedWorkload implements IHardenedWorkload {
  /** The number of replicas, until `autoscale()` hands them to the HPA (the StatefulSet then renders none). */
  public readonly replicas: number;

  /** The cdk8s-plus StatefulSet (child id `Resource`). */
  public readonly statefulSet: kplus.StatefulSet;

  /** The headless governing Service (child id `Service`), named `<name>-headless`. */
  public readonly service: kplus.Service;

  /** The PodDisruptionBudget (child id `DisruptionBudget`). */
  public readonly podDisruptionBudget: ApiObject;

  private readonly budget: DisruptionBudget;

  public constructor(scope: Construct, id: string, props: HardenedStatefulSetProps) {
    super(scope, id);
    this._pod = new HardenedPod(this, props, {
      kind: 'HardenedStatefulSet',
      longRunning: true,
      spread: true,
      selects: true,
      fsGroupChangePolicy: D.STATEFUL_SET.fsGroupChangePolicy as kplus.FsGroupChangePolicy,
    });
    this.replicas = resolveReplicas(this, this._pod, props);
    this.budget = resolveDisruptionBudget(this, props.disruptionBudget, this.replicas);
    const serviceName = `${this._pod.name}${D.STATEFUL_SET.headlessServiceSuffix}`;
    if (!isDns1123Label(serviceName)) {
      throw constructError(this, `the headless Service name '${serviceName}' is too long; use a name of at most ${63 - D.STATEFUL_SET.headlessServiceSuffix.length} characters`);
    }
    const claims = (props.volumeClaimTemplates ?? []).map((c, i) => this.renderClaim(c, i + 1));
    claims.forEach((c, i) => {
      const reserved = c.name === 'tmp' || RESERVED_VOLUME_PREFIXES.some((p) => c.name.startsWith(p));
      if (reserved || claims.findIndex((o) => o.name === c.name) !== i) {
        throw constructError(this, `volumeClaimTemplates[${i}] name '${c.name}' is already used by another volume of the pod; give each claim a unique name (not 'tmp', nor starting with ${RESERVED_VOLUME_PREFIXES.map((p) => `'${p}'`).join(', ').replace(/, ([^,]*)$/, ' or $1')})`);
      }
    });

    this.service = new kplus.Service(this, 'Service', {
      metadata: { name: serviceName, namespace: this._pod.namespace, labels: { ...this._pod.labels } },
      clusterIP: 'None',
      type: kplus.ServiceType.CLUSTER_IP,
    });
    this.statefulSet = new kplus.StatefulSet(this, 'Resource', {
      ...this._pod.workloadProps(),
      service: this.service,
      replicas: this.replicas,
      podManagementPolicy: props.podManagementPolicy ?? D.STATEFUL_SET.podManagementPolicy as kplus.PodManagementPolicy,
      strategy: kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition: D.STATEFUL_SET.rollingUpdatePartition }),
    });
    this._pod.attach(this.statefulSet, '/spec/template/spec');
    for (const [key, value] of Object.entries(this._pod.selectorLabels)) this.service.selectLabel(key, value);
    this.service.bind(this._pod.port!, { name: props.portName ?? D.DEFAULT_PORT_NAME, targetPort: this._pod.port! });

    if (claims.length > 0) {
      ApiObject.of(this.statefulSet).addJsonPatch(JsonPatch.add('/spec/volumeClaimTemplates', claims.map((c) => c.template)));
      for (const c of claims) this._pod.mountClaim(c.name, c.mountPath, c.containerName);
    }
    this.podDisruptionBudget = createDisruptionBudget(this, this._pod, this.budget);
    this._networkPolicy = this._pod.createNetworkPolicy();
  }

  /**
   * The main container's port.
   *
   * Always set here (8080 unless given); typed optional because the `IHardenedWorkload` contract
   * also covers Jobs, which declare no port.
   */
  public get port(): number | undefined {
    return this._pod.port;
  }

  /**
   * Scales the pods with an `autoscaling/v2` HorizontalPodAutoscaler (child id `Autoscaler`).
   *
   * The StatefulSet then renders no `spec.replicas`, the HPA keeps at least 2 pods, and the
   * PodDisruptionBudget is checked against the minimum so it never blocks an eviction.
   */
  public autoscale(options: AutoscalingOptions): ApiObject {
    return createAutoscaler(this, this._pod, this.statefulSet, this.budget, options);
  }

  private renderClaim(claim: VolumeClaimTemplateProps, n: number) {
    const what = `volumeClaimTemplates[${n - 1}]`;
    if (!isDns1123Label(claim.name)) {
      throw constructError(this, `${what} name ${quote(claim.name)} is not valid; use ${DNS1123_LABEL_RULE}`);
    }
    if (claim.storageClassName !== undefined && !isDns1123Subdomain(claim.storageClassName)) {
      throw constructError(this, `${what} storageClassName ${quote(claim.storageClassName)} is not a valid StorageClass name; use a DNS-1123 subdomain`);
    }
    const accessModes = claim.accessModes ?? [...D.STATEFUL_SET.accessModes] as kplus.PersistentVolumeAccessMode[];
    if (accessModes.length === 0) throw constructError(this, `${what} accessModes is empty; omit it for ReadWriteOnce`);
    const mib = sizeToQuantity(this, `${what} size`, claim.size);
    // Storage is sized in GiB: write a whole number of GiB as such (10Gi, not 10240Mi).
    const m = /^(\d+)Mi$/.exec(mib);
    const size = m && Number(m[1]) % 1024 === 0 ? `${Number(m[1]) / 1024}Gi` : mib;
    return {
      name: claim.name,
      mountPath: claim.mountPath,
      containerName: claim.containerName,
      template: {
        metadata: { name: claim.name, labels: { ...this._pod.labels } },
        spec: {
          accessModes,
          ...(claim.storageClassName ? { storageClassName: claim.storageClassName } : {}),
          resources: { requests: { storage: kplus.k8s.Quantity.fromString(size) } },
        },
      },
    };
  }
}
