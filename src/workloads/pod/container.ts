import * as kplus from 'cdk8s-plus-28';
import { OptOut } from '../../warnings';
import { HealthCheck } from '../health-check';

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
 * Every container of a hardened workload gets the same hardened security context, resources, a
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
   * @default - 8080 for the main container of a long-running workload; none for a sidecar, an init
   * container or a Job's container
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
   * @default - HTTP GET /readyz on the port every 5 s, failing after 3 misses (none for Jobs and CronJobs)
   */
  readonly readiness?: HealthCheck;

  /**
   * Liveness check: must this container be restarted?
   *
   * Must check another path, port or command than the readiness check (kube-score
   * `pod-probes-identical`): a shared check restarts a pod that is merely busy.
   *
   * @default - HTTP GET /livez on the port every 10 s, failing after 6 misses (none for Jobs and CronJobs)
   */
  readonly liveness?: HealthCheck;

  /**
   * Startup check: liveness and readiness wait until it succeeds once.
   *
   * @default - a TCP check of the port every 5 s, for up to 150 s (none for Jobs and CronJobs)
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
 * A named container of a hardened workload (a sidecar or an init container).
 */
export interface HardenedContainerProps extends HardenedContainerOptions {
  /** The container name (a DNS-1123 label, unique in the pod). */
  readonly name: string;
}
