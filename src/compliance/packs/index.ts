/**
 * Rule packs as data: a named, ordered list of check ids.
 *
 * - `pss-baseline`, `pss-restricted`: the Pod Security Standards adapters of that level (restricted
 *   includes the baseline checks, judged at the restricted level, as upstream does).
 * - `rbac-least-privilege`: the RBAC checks (roles, bindings) and ServiceAccount token automounting;
 *   the scorecard's "RBAC least privilege" judges Roles and ClusterRoles with this pack's role checks.
 * - `cis-k8s`: CIS Kubernetes Benchmark section 5 (Policies), the recommendations that can be judged
 *   from manifests. Controls carry CIS Benchmark v1.10 ids (Kubernetes 1.28), e.g. `5.7.4`, and
 *   the v1.12 ids alongside, prefixed `1.12:`, e.g. `1.12:5.6.4`: 1.12 dropped 5.2.9 ("added
 *   capabilities", so 5.2.10-5.2.13 became 5.2.9-5.2.12) and renumbered "General Policies" from
 *   5.7 to 5.6; 5.1, 5.3, 5.4 and 5.5 are unchanged. Not judged from manifests: 5.3.1 (the CNI
 *   supports NetworkPolicies) and 5.4.2 (external secret storage, which ExternalSecretBinding provides).
 * - `hardened`: everything the library's constructs promise: pss-restricted, all RBAC checks,
 *   digest-pinned and signature-verified images, probes, resources, uid/gid >= 10001, no Secrets in
 *   env, explicit namespaces, NetworkPolicy coverage and default-deny, PDBs, no token automounting,
 *   Pod Security labels, LimitRange and ResourceQuota per namespace, and every other workload
 *   default (read-only root filesystem, `imagePullPolicy: Always`, replicas, rolling updates, spread,
 *   distinct probes on declared ports, dedicated ServiceAccounts, ...) with the workload conditions
 *   the peer checkers flag (literal credentials, duplicate env, hostAliases, system namespaces, SSH,
 *   Job and CronJob limits); plus the service checks (exposure, scaling and disruption, ConfigMap
 *   credentials, dangling references, API versions, RBAC grants beyond CIS 5.1), which no framework
 *   pack names.
 */
import { PodSecurityLevel } from '../pss/level';
import { pssCheckIds } from '../pss-checks';

/** A rule pack. */
export interface Pack {
  /** Stable id, used by `--pack` and `Compliance.check({ pack })`. */
  readonly id: string;
  /** Human title. */
  readonly title: string;
  /** What the pack judges and why. */
  readonly description: string;
  /** Check ids, in report order. */
  readonly checkIds: string[];
}

const RBAC_ROLE_IDS = [
  'rbac-no-secret-read',
  'rbac-no-wildcards',
  'rbac-no-pod-create',
  'rbac-no-escalate-bind-impersonate',
  'rbac-no-persistentvolume-create',
  'rbac-no-node-proxy',
  'rbac-no-csr-approval',
  'rbac-no-admission-config-write',
  'rbac-no-token-create',
  'rbac-no-pod-exec-attach',
];

const RBAC_BINDING_IDS = [
  'rbac-no-cluster-admin-binding',
  'rbac-no-system-masters-binding',
  'rbac-no-anonymous-binding',
  'rbac-no-all-authenticated-binding',
  'rbac-no-default-serviceaccount-binding',
];

/** The defaults the workload constructs promise, and the workload conditions the peer checkers flag. */
const WORKLOAD_DEFAULT_IDS = [
  'workload-read-only-root-fs',
  'workload-image-pull-always',
  'workload-service-account',
  'workload-no-root-group',
  'workload-no-secret-literal-env',
  'workload-secret-volume-mode',
  'workload-env-unique',
  'workload-no-host-aliases',
  'workload-no-service-links',
  'workload-not-in-system-namespace',
  'workload-no-ssh-port',
  'workload-no-privileged-ports',
  'workload-empty-dir-size-limit',
  'workload-probes-distinct',
  'workload-probe-ports',
  'workload-replicas',
  'workload-rolling-update',
  'workload-spread',
  'workload-priority-class',
  'workload-job-limits',
  'workload-cronjob-policy',
];

const TOKEN_IDS = ['serviceaccount-no-token-automount', 'workload-no-token-automount'];

/** The CIS-mapped RBAC checks, in CIS 5.1.x order (5.1.1 to 5.1.13). */
const CIS_RBAC_IDS = [
  'rbac-no-cluster-admin-binding', // 5.1.1
  'rbac-no-secret-read', // 5.1.2
  'rbac-no-wildcards', // 5.1.3
  'rbac-no-pod-create', // 5.1.4
  'rbac-no-default-serviceaccount-binding', // 5.1.5
  'serviceaccount-no-token-automount', // 5.1.5, 5.1.6
  'workload-service-account', // 5.1.5
  'workload-no-token-automount', // 5.1.6
  'rbac-no-system-masters-binding', // 5.1.7
  'rbac-no-escalate-bind-impersonate', // 5.1.8
  'rbac-no-persistentvolume-create', // 5.1.9
  'rbac-no-node-proxy', // 5.1.10
  'rbac-no-csr-approval', // 5.1.11
  'rbac-no-admission-config-write', // 5.1.12
  'rbac-no-token-create', // 5.1.13
];

/**
 * The service checks: exposure, scaling and disruption, configuration, dangling references, API
 * versions and the RBAC grants CIS 5.1 does not name (hardened only: no framework names them).
 */
const SERVICE_IDS = [
  'service-no-external-type',
  'service-no-external-ips',
  'ingress-tls',
  'ingress-nginx-no-snippets',
  'hpa-min-replicas',
  'hpa-max-above-min',
  'hpa-target-no-fixed-replicas',
  'pdb-allows-eviction',
  'pdb-has-budget',
  'configmap-no-secrets',
  'service-selects-pods',
  'ingress-backend-exists',
  'hpa-target-exists',
  'network-policy-selects-pods',
  'statefulset-headless-service',
  'workload-config-refs-exist',
  'api-version-removed',
  'api-version-deprecated',
  'rbac-no-secret-write',
  'rbac-no-pod-update',
  'rbac-no-network-write',
  'rbac-no-service-status-update',
  'rbac-no-kube-system-configmap-write',
  'rbac-no-pod-log-delete',
  'rbac-no-broad-clusterrole-binding',
];

/** Every pack, in the order `--help` lists them. */
export const PACKS: readonly Pack[] = [
  {
    id: 'pss-baseline',
    title: 'Pod Security Standards: Baseline',
    description: 'The Baseline level of the Pod Security Standards, judged exactly as Pod Security Admission does at the '
      + 'configured version: prevents known privilege escalations.',
    checkIds: pssCheckIds(PodSecurityLevel.BASELINE),
  },
  {
    id: 'pss-restricted',
    title: 'Pod Security Standards: Restricted',
    description: 'The Restricted level of the Pod Security Standards (which includes Baseline), judged exactly as Pod '
      + 'Security Admission does at the configured version: current pod hardening best practice.',
    checkIds: pssCheckIds(PodSecurityLevel.RESTRICTED),
  },
  {
    id: 'rbac-least-privilege',
    title: 'RBAC least privilege',
    description: 'Roles grant no wildcards, escalation, bulk Secret reads, exec, node proxy, pod creation, PersistentVolume '
      + 'creation, admission configuration writes, CSR approval or token creation; bindings name no cluster-admin, '
      + 'system:masters, anonymous, all-authenticated or default ServiceAccount subjects; tokens are not automounted.',
    checkIds: [...RBAC_ROLE_IDS, ...RBAC_BINDING_IDS, ...TOKEN_IDS],
  },
  {
    id: 'cis-k8s',
    title: 'CIS Kubernetes Benchmark, section 5 (Policies)',
    description: 'The section 5 recommendations judged from manifests, numbered as CIS Benchmark v1.10 (Kubernetes 1.28) '
      + 'with the v1.12 ids alongside as `1.12:<id>` controls: 5.1 RBAC and service accounts, 5.2 Pod Security Standards '
      + '(the restricted adapters and namespace enforcement), 5.3 network policies, 5.4 Secrets as files, 5.5 image '
      + 'provenance, 5.7 (1.12: 5.6) namespaces, seccomp and security contexts.',
    checkIds: [
      ...CIS_RBAC_IDS,
      'namespace-pss-restricted', // 5.2.1
      ...pssCheckIds(PodSecurityLevel.RESTRICTED), // 5.2.2-5.2.13, 5.7.2, 5.7.3
      'network-policy-coverage', // 5.3.2
      'namespace-default-deny', // 5.3.2
      'workload-no-secret-env', // 5.4.1
      'image-digest', // 5.5.1
      'image-signature-verified', // 5.5.1
      'namespace-explicit', // 5.7.1, 5.7.4
      'namespace-limit-range', // 5.7.1
      'namespace-resource-quota', // 5.7.1
    ],
  },
  {
    id: 'hardened',
    title: 'cdk8s-hardened',
    description: 'Everything the library\'s constructs promise: Pod Security restricted, least-privilege RBAC, digest-pinned '
      + 'and signature-verified images, probes, resource requests and limits, uid/gid >= 10001, Secrets only as files, '
      + 'explicit namespaces, NetworkPolicy coverage and default-deny, PodDisruptionBudgets, no token automounting, '
      + 'Pod Security labels, LimitRange and ResourceQuota per namespace, admission exceptions within their expiry; every '
      + 'other workload default: read-only root filesystems, imagePullPolicy Always, two or more replicas spread over nodes or '
      + 'zones, rolling updates, distinct probes on declared ports, dedicated ServiceAccounts, no root group, no literal '
      + 'credentials, no duplicate env, no hostAliases, no system namespaces, no SSH port, bounded Jobs and CronJobs, '
      + 'size-limited emptyDirs, PriorityClasses, no service links and owner-only Secret files; and the service around '
      + 'them: no NodePort, LoadBalancer or externalIPs, TLS Ingresses without nginx snippets, autoscalers and budgets that '
      + 'allow scaling and drains, no credentials in ConfigMaps, no dangling references, no removed or deprecated '
      + 'apiVersions, no grants to write Secrets, pods, networking or kube-system ConfigMaps.',
    checkIds: [
      ...pssCheckIds(PodSecurityLevel.RESTRICTED),
      ...RBAC_ROLE_IDS,
      ...RBAC_BINDING_IDS,
      ...TOKEN_IDS,
      'image-digest',
      'image-signature-verified',
      'workload-probes',
      'workload-resources',
      'workload-high-uid-gid',
      'workload-no-secret-env',
      'workload-pod-disruption-budget',
      ...WORKLOAD_DEFAULT_IDS,
      'network-policy-coverage',
      'namespace-default-deny',
      'namespace-explicit',
      'namespace-pss-restricted',
      'namespace-limit-range',
      'namespace-resource-quota',
      'policy-exception-expired',
      ...SERVICE_IDS,
    ],
  },
];

/** The pack of that id, or undefined. */
export function findPack(id: string): Pack | undefined {
  return PACKS.find((p) => p.id === id);
}
