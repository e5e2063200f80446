/**
 * The one source of hardened workload defaults.
 *
 * Every value a HardenedDeployment writes without being asked lives here, so a reviewer can read the
 * whole security posture on one screen and each value is asserted by a test. Change a value here and
 * the tests that pin it fail on purpose.
 */

/**
 * The uid and gid every container runs as.
 *
 * 65532 is the `nonroot` user of distroless and Chainguard images. It is above 10000, so it can never
 * collide with a host user and satisfies kube-score's `container-security-context-user-group-id`
 * (which wants > 10000) as well as PSS restricted (which only forbids 0).
 */
export const NON_ROOT_ID = 65532;

/** Pod and container security context values (PSS restricted and CIS 5.2.x). */
export const SECURITY_CONTEXT = {
  runAsNonRoot: true,
  runAsUser: NON_ROOT_ID,
  runAsGroup: NON_ROOT_ID,
  fsGroup: NON_ROOT_ID,
  seccompProfileType: 'RuntimeDefault',
  capabilitiesDrop: ['ALL'] as readonly string[],
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
} as const;

/** Image pull policy: `Always`, so a node never runs a cached image the registry would refuse this pod. */
export const IMAGE_PULL_POLICY = 'Always';

/** The writable scratch directory mounted on the read-only root filesystem. */
export const TMP_MOUNT_PATH = '/tmp';

/** Size limit of every scratch emptyDir, in MiB (a full disk on the node is a denial of service). */
export const SCRATCH_SIZE_LIMIT_MIB = 64;

/** The main container's port (unprivileged: a non-root process can bind it without a capability). */
export const DEFAULT_PORT = 8080;

/** The main container's port name. */
export const DEFAULT_PORT_NAME = 'http';

/** The main container's name. */
export const DEFAULT_CONTAINER_NAME = 'app';

/** Ports below this number need CAP_NET_BIND_SERVICE, which the hardened containers drop. */
export const FIRST_UNPRIVILEGED_PORT = 1024;

/** Default replica count: two, so one pod can be evicted or fail while the other serves. */
export const DEFAULT_REPLICAS = 2;

/** The minimum replica count accepted without the `singleReplica` opt-out. */
export const MIN_REPLICAS = 2;

/**
 * Resource requests and limits, as Kubernetes quantities.
 *
 * Requests let the scheduler place the pod; limits stop one pod from starving the node (CIS 5.7,
 * kube-score `container-resources`, `container-ephemeral-storage-request-and-limit`). Memory request
 * equals the limit, so the pod is never OOM-killed for memory it was promised.
 */
export const RESOURCES = {
  cpuRequestMillis: 100,
  cpuLimitMillis: 500,
  memoryRequestMiB: 256,
  memoryLimitMiB: 256,
  ephemeralStorageRequestMiB: 128,
  ephemeralStorageLimitMiB: 512,
} as const;

/**
 * Paths of the default HTTP probes (the Kubernetes API server's own convention).
 *
 * Readiness and liveness must differ: kube-score treats two checks of the same path (or the same
 * TCP port) as identical, and an identical check restarts a pod that is merely busy. An app without
 * these paths never becomes ready, which stops a rollout safely (maxUnavailable 0 keeps the old pods).
 */
export const PROBE_PATHS = { readiness: '/readyz', liveness: '/livez' } as const;

/** Timing of the default probes (seconds and thresholds). */
export const PROBES = {
  /** Readiness reacts fast: a pod leaves the endpoints after 3 failed checks 5 s apart. */
  readiness: { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1 },
  /** Liveness is tolerant: a restart is costly, so 6 failed checks 10 s apart (a minute). */
  liveness: { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6, successThreshold: 1 },
  /** Startup gives a slow process 30 x 5 s before liveness takes over. */
  startup: { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 30, successThreshold: 1 },
} as const;

/** Rolling update: one extra pod during a rollout, never fewer ready pods than replicas. */
export const ROLLING_UPDATE = { maxSurgePercent: 25, maxUnavailable: 0 } as const;

/** PodDisruptionBudget: at most one pod voluntarily evicted at a time, unhealthy pods always evictable. */
export const DISRUPTION_BUDGET = {
  maxUnavailable: 1,
  unhealthyPodEvictionPolicy: 'AlwaysAllow',
} as const;

/** Spread pods over zones, preferably (a zone outage takes at most a share of the replicas). */
export const TOPOLOGY_SPREAD = {
  topologyKey: 'topology.kubernetes.io/zone',
  maxSkew: 1,
  whenUnsatisfiable: 'ScheduleAnyway',
} as const;

/** Keep replicas on different nodes, preferably (a node failure takes at most one replica). */
export const HOST_ANTI_AFFINITY = {
  topologyKey: 'kubernetes.io/hostname',
  weight: 100,
} as const;

/**
 * The PriorityClass created (once per chart) when no `priorityClassName` is given.
 *
 * Polaris `priorityClassNotSet` wants every pod to name one. `preemptionPolicy: Never` means these pods
 * are queued ahead of priority-0 pods but never evict anything to get scheduled.
 */
export const PRIORITY_CLASS = {
  name: 'cdk8s-hardened-workload',
  value: 1000,
  preemptionPolicy: 'Never',
  globalDefault: false,
  description: 'Default priority of cdk8s-hardened workloads: ahead of unprioritized pods, never preempting.',
} as const;

/** Cluster DNS, the one egress destination every workload gets (kube-system kube-dns, UDP and TCP 53). */
export const CLUSTER_DNS = {
  namespace: 'kube-system',
  podLabels: { 'k8s-app': 'kube-dns' } as { readonly [key: string]: string },
  port: 53,
  protocols: ['UDP', 'TCP'] as readonly string[],
} as const;

/** Mode of secret files mounted into a container: readable by the owner only (group read is added by fsGroup). */
export const SECRET_FILE_MODE = 0o400;

/** Label on every namespace with its name (set by the API server since Kubernetes 1.22). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Recommended label: the application name. */
export const NAME_LABEL = 'app.kubernetes.io/name';

/** Recommended label: the unique instance, equal to `metadata.name` (Polaris `metadataAndInstanceMismatched`). */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** Namespaces a hardened workload may not be placed in. */
export const FORBIDDEN_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Environment variable names that look like credentials (the patterns of Polaris
 * `sensitiveContainerEnvVar`), and an env var value that is a private key. Secrets are mounted as
 * files, never passed as env vars. Defined with the other credential patterns in
 * `src/private/secret-patterns.ts`.
 */
export { SENSITIVE_ENV_NAME_PATTERNS, PRIVATE_KEY_VALUE_PATTERN } from '../private/secret-patterns';

/**
 * Kubernetes API access (`apiAccess`): the projected token and the API server egress.
 *
 * The token is mounted where client libraries (client-go `InClusterConfig`) look for it. 600 s is the
 * shortest lifetime the API server accepts; the kubelet renews the token at 80% of its life. The API
 * server's endpoints differ per cluster, so the default egress is the private ranges on 443 and 6443
 * (the managed and the kubeadm port), never the internet; name the real endpoints where you can.
 */
export const API_ACCESS = {
  mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
  volumeName: 'kube-api-access',
  expirationSeconds: 600,
  expirationRange: { min: 600, max: 86400 },
  apiServerCidrs: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] as readonly string[],
  ports: [443, 6443] as readonly number[],
  caConfigMap: 'kube-root-ca.crt',
} as const;

/** Mode of ConfigMap files mounted into a container: read-only for everyone (configuration is not secret). */
export const CONFIG_FILE_MODE = 0o444;

/**
 * HorizontalPodAutoscaler (`autoscale()`): never below two replicas, scale on 70% cpu when no
 * target is named (headroom for a spike while new pods start).
 */
export const AUTOSCALING = {
  minReplicas: 2,
  cpuUtilizationPercent: 70,
} as const;

/**
 * StatefulSet: the governing headless Service is named `<name><suffix>`; volume claims are
 * ReadWriteOnce; fsGroup ownership is only fixed when the volume root does not match (a recursive
 * chown of a large volume delays every restart).
 */
export const STATEFUL_SET = {
  headlessServiceSuffix: '-headless',
  accessModes: ['ReadWriteOnce'] as readonly string[],
  fsGroupChangePolicy: 'OnRootMismatch',
  podManagementPolicy: 'OrderedReady',
  rollingUpdatePartition: 0,
} as const;

/**
 * Jobs: a few retries, a deadline so a hung run cannot hold resources forever, and removal a day
 * after finishing (logs stay readable meanwhile). `restartPolicy: Never` keeps each failed attempt's
 * pod for inspection instead of restarting it in place.
 */
export const JOB = {
  backoffLimit: 3,
  activeDeadlineSeconds: 3600,
  ttlSecondsAfterFinished: 86400,
  restartPolicy: 'Never',
} as const;

/**
 * CronJobs: never two runs at once, a missed run may still start within 5 minutes, a short history.
 * Finished jobs are cleaned by the history limits, so the jobs get no TTL by default.
 */
export const CRON_JOB = {
  concurrencyPolicy: 'Forbid',
  startingDeadlineSeconds: 300,
  successfulJobsHistoryLimit: 3,
  failedJobsHistoryLimit: 1,
  suspend: false,
} as const;

/**
 * Capabilities Pod Security "baseline" allows to add; "restricted" allows only NET_BIND_SERVICE.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export const BASELINE_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];
