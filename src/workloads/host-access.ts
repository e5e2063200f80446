import * as kplus from 'cdk8s-plus-28';
import { PodSecurityLevel } from '../compliance/pss/level';
import { OptOut } from '../warnings';

/**
 * A node directory mounted into a HardenedDaemonSet's container.
 */
export interface HostPathAccessProps {
  /** The directory or file on the node, e.g. `/var/log`. */
  readonly path: string;

  /** Where it appears in the container. */
  readonly mountPath: string;

  /** Why the agent needs it. */
  readonly optOut: OptOut;

  /**
   * Mounts it writable.
   *
   * Security note: a writable host path lets a compromised agent change the node itself.
   *
   * @default false
   */
  readonly writable?: boolean;

  /**
   * What must exist at the path.
   *
   * @default kplus.HostPathVolumeType.DIRECTORY
   */
  readonly type?: kplus.HostPathVolumeType;

  /**
   * The container that mounts it.
   *
   * @default - the main container
   */
  readonly containerName?: string;
}

/**
 * Access to the node a HardenedDaemonSet's pods run on, each a named opt-out.
 *
 * Each kind states the Pod Security level its namespace then needs (all of them: `privileged`), so
 * a SecureNamespace enforcing a stricter level refuses the DaemonSet at synth instead of the API
 * server refusing its pods at runtime.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export class HostAccess {
  /**
   * Mounts a node path (read-only unless `writable`).
   */
  public static hostPath(props: HostPathAccessProps): HostAccess {
    return new HostAccess('hostPath', `hostPath '${props.path}'`, props.optOut.reason, props);
  }

  /**
   * Runs the pods in the node's network namespace (they see and bind every node interface).
   */
  public static hostNetwork(optOut: OptOut): HostAccess {
    return new HostAccess('hostNetwork', 'hostNetwork', optOut.reason);
  }

  /**
   * Runs the pods in the node's process namespace (they see every process of the node).
   */
  public static hostPid(optOut: OptOut): HostAccess {
    return new HostAccess('hostPID', 'hostPID', optOut.reason);
  }

  /** The Pod Security level a namespace needs to admit pods with this access. */
  public readonly podSecurityLevel: PodSecurityLevel = PodSecurityLevel.PRIVILEGED;

  private constructor(
    /** `hostPath`, `hostNetwork` or `hostPID`. */
    public readonly kind: string,
    /** What is accessed, for messages. */
    public readonly description: string,
    /** Why. */
    public readonly reason: string,
    /** The host path options (hostPath only). */
    public readonly hostPathProps?: HostPathAccessProps,
  ) {}
}
