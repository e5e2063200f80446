import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { EgressRule, IngressRule } from './network-rules';
import { LeastPrivilegeServiceAccount } from '../rbac/least-privilege-service-account';
import { HardenedContainerProps } from './pod/container';
import { connectWorkloads } from './pod/network-policy';
import { HardenedPod } from './pod/pod-template';
import { ConfigMapMountOptions, ISecretMountTarget, SecretMountOptions } from './secret-mount';
import { ConnectOptions, IHardenedWorkload } from './workload';

/**
 * The base of every hardened controller construct: the pod, its identity and its traffic rules.
 *
 * cdk8s-plus keeps what every pod needs in one base (`Workload`); so does this library. Each
 * controller (HardenedDeployment, HardenedStatefulSet, HardenedJob, HardenedCronJob,
 * HardenedDaemonSet) adds only its controller fields; what a hardened pod is lives in one place.
 */
export abstract class HardenedWorkload extends Construct implements ISecretMountTarget {
  /**
   * The one hardened pod of this workload.
   *
   * @internal
   */
  protected _pod!: HardenedPod;

  /**
   * The NetworkPolicy selecting this workload's pods (child id `NetworkPolicy`).
   */
  public get networkPolicy(): ApiObject {
    return this._networkPolicy!;
  }

  /** @internal */
  protected _networkPolicy?: ApiObject;

  protected constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** `metadata.name` of the controller object (and of its NetworkPolicy and ServiceAccount). */
  public get name(): string {
    return this._pod.name;
  }

  /** The namespace of every emitted object. */
  public get namespace(): string {
    return this._pod.namespace;
  }

  /** Labels on every emitted object and on the pods. */
  public get labels(): { [key: string]: string } {
    return this._pod.labels;
  }

  /** Labels selecting exactly this workload's pods. */
  public get selectorLabels(): { [key: string]: string } {
    return this._pod.selectorLabels;
  }

  /** The PriorityClass of the pods. */
  public get priorityClassName(): string {
    return this._pod.priorityClassName;
  }

  /** The ServiceAccount the pods run as. */
  public get serviceAccount(): LeastPrivilegeServiceAccount {
    return this._pod.serviceAccount;
  }

  /**
   * Every port a container of the pod declares.
   */
  public declaredPorts(): number[] {
    return this._pod.declaredPorts();
  }

  /**
   * Adds a sidecar container, hardened like the main one.
   */
  public addContainer(props: HardenedContainerProps): void {
    this._pod.addContainer(props);
  }

  /**
   * Adds an init container, hardened like the main one.
   *
   * It runs to completion before the main containers start, and declares no ports and no probes.
   */
  public addInitContainer(props: HardenedContainerProps): void {
    this._pod.addInitContainer(props);
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
    this._pod.mountSecret(secretName, mountPath, options);
  }

  /**
   * Mounts a ConfigMap as read-only files (mode 0444) into a container.
   *
   * Configuration as files keeps the root filesystem read-only and needs no API access.
   *
   * @param configMapName the ConfigMap's name in this workload's namespace
   * @param mountPath the absolute directory where each key becomes a file
   */
  public mountConfigMap(configMapName: string, mountPath: string, options: ConfigMapMountOptions = {}): void {
    this._pod.mountConfigMap(configMapName, mountPath, options);
  }

  /**
   * Adds a writable, size-limited scratch directory (a private emptyDir) to a container.
   *
   * @param path absolute directory the process must write
   * @param containerName the container; the main container when omitted
   */
  public addScratchPath(path: string, containerName?: string): void {
    this._pod.addScratchPath(path, containerName);
  }

  /**
   * Allows more traffic into the pods.
   */
  public allowIngress(rule: IngressRule): void {
    this._pod.network.allowIngress(rule);
  }

  /**
   * Allows more traffic out of the pods.
   */
  public allowEgress(rule: EgressRule): void {
    this._pod.network.allowEgress(rule);
  }

  /**
   * Lets this workload's pods connect to the target's pods.
   *
   * Writes this workload's egress rule and the target's ingress rule (pods selected by their
   * `app.kubernetes.io/instance` label, with a namespace selector when the namespaces differ).
   */
  public connectTo(target: IHardenedWorkload, options: ConnectOptions = {}): void {
    connectWorkloads(this as unknown as IHardenedWorkload, target, options);
  }
}
