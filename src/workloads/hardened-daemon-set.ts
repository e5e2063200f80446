import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as D from './defaults';
import { HardenedWorkload } from './hardened-workload';
import { HostAccess } from './host-access';
import { HardenedPod } from './pod/pod-template';
import { addPolarisExemption, DAEMON_SET_SPREAD_REASON } from './pod/polaris-exemption';
import { HardenedWorkloadProps } from './pod/workload-props';
import { IHardenedWorkload } from './workload';
import { PodSecurityLevel } from '../compliance/pss/level';
import { constructError, quote } from '../private/errors';
import { PodSecurityRequirement, leastStrict, markPodSecurityRequirement } from '../private/pod-security-requirement';

/** The Polaris check each kind of host access trips (its opt-out is the exemption's reason). */
const POLARIS_HOST_CHECKS: { [kind: string]: string } = { hostPath: 'hostPathSet', hostNetwork: 'hostNetworkSet', hostPID: 'hostPIDSet' };

/**
 * Properties of a HardenedDaemonSet.
 */
export interface HardenedDaemonSetProps extends HardenedWorkloadProps {
  /**
   * Access to the node (host paths, host network, host PID), each a named opt-out.
   *
   * Security note: every entry needs a namespace at Pod Security `privileged`; a SecureNamespace
   * enforcing a stricter level refuses the DaemonSet at synth unless told (`hostAccessWorkloads`).
   *
   * @default - no host access: the pods pass Pod Security restricted
   */
  readonly hostAccess?: HostAccess[];
}

/**
 * A DaemonSet for node agents with the same restricted pod as HardenedDeployment.
 *
 * Built on cdk8s-plus-28's DaemonSet (child id `Resource`; escape hatch `ApiObject.of(d.daemonSet)`).
 * One pod per node, no spread rules and no PodDisruptionBudget (a drain moves nothing). Host access is
 * the usual reason to write a DaemonSet and the usual way out of a container: each kind of access is
 * a named opt-out that records a warning and the Pod Security level the namespace then needs, which
 * a SecureNamespace checks at synth.
 */
export class HardenedDaemonSet extends HardenedWorkload implements IHardenedWorkload {
  /** The cdk8s-plus DaemonSet (child id `Resource`). */
  public readonly daemonSet: kplus.DaemonSet;

  /** The strictest Pod Security level that admits the pods (restricted without host access). */
  public readonly requiredPodSecurityLevel: PodSecurityLevel;

  private readonly reasons: string[] = [];

  public constructor(scope: Construct, id: string, props: HardenedDaemonSetProps) {
    super(scope, id);
    this._pod = new HardenedPod(this, props, { kind: 'HardenedDaemonSet', longRunning: true, spread: false, selects: true });
    const access = props.hostAccess ?? [];
    const kinds = access.map((a) => a.kind).filter((k) => k !== 'hostPath');
    const duplicate = kinds.find((k, i) => kinds.indexOf(k) !== i);
    if (duplicate) throw constructError(this, `hostAccess lists ${duplicate} twice; name it once`);

    this.daemonSet = new kplus.DaemonSet(this, 'Resource', {
      ...this._pod.workloadProps(),
      hostNetwork: kinds.includes('hostNetwork'),
    });
    this._pod.attach(this.daemonSet, '/spec/template/spec');
    addPolarisExemption(ApiObject.of(this.daemonSet), 'topologySpreadConstraint', DAEMON_SET_SPREAD_REASON);

    let level = PodSecurityLevel.RESTRICTED;
    access.forEach((a, i) => {
      level = leastStrict(level, a.podSecurityLevel);
      this.reasons.push(`${a.description}: ${a.reason}`);
      this._pod.warn(a.kind === 'hostPath' ? 'HostPath' : a.kind === 'hostNetwork' ? 'HostNetwork' : 'HostPid',
        `uses ${a.description}, so its namespace must allow Pod Security '${a.podSecurityLevel}': ${a.reason}`);
      addPolarisExemption(ApiObject.of(this.daemonSet), POLARIS_HOST_CHECKS[a.kind], `opted out: ${a.reason}`);
      if (a.kind === 'hostPID') this._pod.patch(JsonPatch.add(`${this._pod.podSpecPointer}/hostPid`, true));
      if (a.kind === 'hostPath') this.mountHostPath(a, i + 1);
    });
    for (const cap of this._pod.addedCapabilities()) {
      if (cap === 'NET_BIND_SERVICE') continue;
      const needed = D.BASELINE_CAPABILITIES.includes(cap) ? PodSecurityLevel.BASELINE : PodSecurityLevel.PRIVILEGED;
      level = leastStrict(level, needed);
      this.reasons.push(`capability ${cap}`);
    }
    this.requiredPodSecurityLevel = level;
    markPodSecurityRequirement(this, (): PodSecurityRequirement => ({
      namespace: this.namespace,
      level: this.requiredPodSecurityLevel,
      reasons: [...this.reasons],
    }));
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

  private mountHostPath(access: HostAccess, n: number): void {
    const props = access.hostPathProps!;
    if (typeof props.path !== 'string' || !props.path.startsWith('/') || props.path.includes('..')) {
      throw constructError(this, `hostAccess hostPath ${quote(props.path)} is not an absolute node path without '..'`);
    }
    if (props.path.replace(/\/+$/, '') === '') {
      throw constructError(this, "hostAccess hostPath '/' mounts the whole node; mount the one directory the agent needs");
    }
    const volume = kplus.Volume.fromHostPath(this, `HostPath${n}`, `host-${n}`, {
      path: props.path,
      type: props.type ?? kplus.HostPathVolumeType.DIRECTORY,
    });
    this._pod.mountVolume(volume, props.mountPath, props.writable !== true, props.containerName);
  }
}
