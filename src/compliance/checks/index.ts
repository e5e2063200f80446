/**
 * The registry: every check of the engine, in report order.
 *
 * One check per file under `checks/<domain>/<id>.ts`; the PSS adapter checks come from
 * `../pss-checks`. RULES.md is generated from this list; packs name checks by id.
 */
import { ICheck } from '../check';
import { PSS_CHECKS } from '../pss-checks';
import { apiVersionDeprecated } from './api/api-version-deprecated';
import { apiVersionRemoved } from './api/api-version-removed';
import { configmapNoSecrets } from './config/configmap-no-secrets';
import { ingressNginxNoSnippets } from './exposure/ingress-nginx-no-snippets';
import { ingressTls } from './exposure/ingress-tls';
import { serviceNoExternalIps } from './exposure/service-no-external-ips';
import { serviceNoExternalType } from './exposure/service-no-external-type';
import { namespaceExplicit } from './namespace/namespace-explicit';
import { namespaceLimitRange } from './namespace/namespace-limit-range';
import { namespacePssRestricted } from './namespace/namespace-pss-restricted';
import { namespaceResourceQuota } from './namespace/namespace-resource-quota';
import { namespaceDefaultDenyCheck } from './network/namespace-default-deny';
import { networkPolicyCoverage } from './network/network-policy-coverage';
import { policyExceptionExpired } from './policy/policy-exception-expired';
import { rbacNoAdmissionConfigWrite } from './rbac/rbac-no-admission-config-write';
import { rbacNoAllAuthenticatedBinding } from './rbac/rbac-no-all-authenticated-binding';
import { rbacNoAnonymousBinding } from './rbac/rbac-no-anonymous-binding';
import { rbacNoBroadClusterroleBinding } from './rbac/rbac-no-broad-clusterrole-binding';
import { rbacNoClusterAdminBinding } from './rbac/rbac-no-cluster-admin-binding';
import { rbacNoCsrApproval } from './rbac/rbac-no-csr-approval';
import { rbacNoDefaultServiceAccountBinding } from './rbac/rbac-no-default-serviceaccount-binding';
import { rbacNoEscalateBindImpersonate } from './rbac/rbac-no-escalate-bind-impersonate';
import { rbacNoKubeSystemConfigmapWrite } from './rbac/rbac-no-kube-system-configmap-write';
import { rbacNoNetworkWrite } from './rbac/rbac-no-network-write';
import { rbacNoNodeProxy } from './rbac/rbac-no-node-proxy';
import { rbacNoPersistentVolumeCreate } from './rbac/rbac-no-persistentvolume-create';
import { rbacNoPodCreate } from './rbac/rbac-no-pod-create';
import { rbacNoPodExecAttach } from './rbac/rbac-no-pod-exec-attach';
import { rbacNoPodLogDelete } from './rbac/rbac-no-pod-log-delete';
import { rbacNoPodUpdate } from './rbac/rbac-no-pod-update';
import { rbacNoSecretRead } from './rbac/rbac-no-secret-read';
import { rbacNoSecretWrite } from './rbac/rbac-no-secret-write';
import { rbacNoServiceStatusUpdate } from './rbac/rbac-no-service-status-update';
import { rbacNoSystemMastersBinding } from './rbac/rbac-no-system-masters-binding';
import { rbacNoTokenCreate } from './rbac/rbac-no-token-create';
import { rbacNoWildcards } from './rbac/rbac-no-wildcards';
import { serviceAccountNoTokenAutomount } from './rbac/serviceaccount-no-token-automount';
import { hpaTargetExists } from './references/hpa-target-exists';
import { ingressBackendExists } from './references/ingress-backend-exists';
import { networkPolicySelectsPods } from './references/network-policy-selects-pods';
import { serviceSelectsPods } from './references/service-selects-pods';
import { statefulsetHeadlessService } from './references/statefulset-headless-service';
import { workloadConfigRefsExist } from './references/workload-config-refs-exist';
import { hpaMaxAboveMin } from './scaling/hpa-max-above-min';
import { hpaMinReplicasCheck } from './scaling/hpa-min-replicas';
import { hpaTargetNoFixedReplicas } from './scaling/hpa-target-no-fixed-replicas';
import { pdbAllowsEviction } from './scaling/pdb-allows-eviction';
import { pdbHasBudget } from './scaling/pdb-has-budget';
import { imageDigest } from './supply-chain/image-digest';
import { imageSignatureVerified } from './supply-chain/image-signature-verified';
import { workloadCronjobPolicy } from './workload/workload-cronjob-policy';
import { workloadEmptyDirSizeLimit } from './workload/workload-empty-dir-size-limit';
import { workloadEnvUnique } from './workload/workload-env-unique';
import { workloadHighUidGid } from './workload/workload-high-uid-gid';
import { workloadImagePullAlways } from './workload/workload-image-pull-always';
import { workloadJobLimits } from './workload/workload-job-limits';
import { workloadNoHostAliases } from './workload/workload-no-host-aliases';
import { workloadNoPrivilegedPorts } from './workload/workload-no-privileged-ports';
import { workloadNoRootGroup } from './workload/workload-no-root-group';
import { workloadNoSecretEnv } from './workload/workload-no-secret-env';
import { workloadNoSecretLiteralEnv } from './workload/workload-no-secret-literal-env';
import { workloadNoServiceLinks } from './workload/workload-no-service-links';
import { workloadNoSshPort } from './workload/workload-no-ssh-port';
import { workloadNoTokenAutomount } from './workload/workload-no-token-automount';
import { workloadNotInSystemNamespace } from './workload/workload-not-in-system-namespace';
import { workloadPodDisruptionBudget } from './workload/workload-pod-disruption-budget';
import { workloadPriorityClass } from './workload/workload-priority-class';
import { workloadProbePorts } from './workload/workload-probe-ports';
import { workloadProbes } from './workload/workload-probes';
import { workloadProbesDistinct } from './workload/workload-probes-distinct';
import { workloadReadOnlyRootFs } from './workload/workload-read-only-root-fs';
import { workloadReplicas } from './workload/workload-replicas';
import { workloadResources } from './workload/workload-resources';
import { workloadRollingUpdate } from './workload/workload-rolling-update';
import { workloadSecretVolumeMode } from './workload/workload-secret-volume-mode';
import { workloadServiceAccount } from './workload/workload-service-account';
import { workloadSpread } from './workload/workload-spread';

/** Least-privilege checks on Roles and ClusterRoles (CIS 5.1), in CIS order. */
export const RBAC_ROLE_CHECKS: readonly ICheck[] = [
  rbacNoSecretRead,
  rbacNoWildcards,
  rbacNoPodCreate,
  rbacNoEscalateBindImpersonate,
  rbacNoPersistentVolumeCreate,
  rbacNoNodeProxy,
  rbacNoCsrApproval,
  rbacNoAdmissionConfigWrite,
  rbacNoTokenCreate,
  rbacNoPodExecAttach,
];

/** Checks on RoleBindings and ClusterRoleBindings. */
export const RBAC_BINDING_CHECKS: readonly ICheck[] = [
  rbacNoClusterAdminBinding,
  rbacNoSystemMastersBinding,
  rbacNoAnonymousBinding,
  rbacNoAllAuthenticatedBinding,
  rbacNoDefaultServiceAccountBinding,
];

/** Hardening checks on workloads, namespaces, networking and the supply chain. */
export const HARDENED_CHECKS: readonly ICheck[] = [
  serviceAccountNoTokenAutomount,
  workloadNoTokenAutomount,
  imageDigest,
  imageSignatureVerified,
  workloadProbes,
  workloadResources,
  workloadHighUidGid,
  workloadNoSecretEnv,
  workloadPodDisruptionBudget,
  workloadReadOnlyRootFs,
  workloadImagePullAlways,
  workloadServiceAccount,
  workloadNoRootGroup,
  workloadNoSecretLiteralEnv,
  workloadSecretVolumeMode,
  workloadEnvUnique,
  workloadNoHostAliases,
  workloadNoServiceLinks,
  workloadNotInSystemNamespace,
  workloadNoSshPort,
  workloadNoPrivilegedPorts,
  workloadEmptyDirSizeLimit,
  workloadProbesDistinct,
  workloadProbePorts,
  workloadReplicas,
  workloadRollingUpdate,
  workloadSpread,
  workloadPriorityClass,
  workloadJobLimits,
  workloadCronjobPolicy,
  networkPolicyCoverage,
  namespaceDefaultDenyCheck,
  namespaceExplicit,
  namespacePssRestricted,
  namespaceLimitRange,
  namespaceResourceQuota,
  policyExceptionExpired,
];

/**
 * Checks on the service around the workloads: exposure, scaling and disruption, configuration,
 * dangling references, API versions, and the RBAC grants beyond CIS 5.1.
 */
export const SERVICE_CHECKS: readonly ICheck[] = [
  serviceNoExternalType,
  serviceNoExternalIps,
  ingressTls,
  ingressNginxNoSnippets,
  hpaMinReplicasCheck,
  hpaMaxAboveMin,
  hpaTargetNoFixedReplicas,
  pdbAllowsEviction,
  pdbHasBudget,
  configmapNoSecrets,
  serviceSelectsPods,
  ingressBackendExists,
  hpaTargetExists,
  networkPolicySelectsPods,
  statefulsetHeadlessService,
  workloadConfigRefsExist,
  apiVersionRemoved,
  apiVersionDeprecated,
  rbacNoSecretWrite,
  rbacNoPodUpdate,
  rbacNoNetworkWrite,
  rbacNoServiceStatusUpdate,
  rbacNoKubeSystemConfigmapWrite,
  rbacNoPodLogDelete,
  rbacNoBroadClusterroleBinding,
];

/** Every check of the engine: the PSS adapters, then RBAC, then hardening, then the service checks. Ids are unique. */
export const ALL_CHECKS: ICheck[] = [
  ...PSS_CHECKS,
  ...RBAC_ROLE_CHECKS,
  ...RBAC_BINDING_CHECKS,
  ...HARDENED_CHECKS,
  ...SERVICE_CHECKS,
];

/** The check of that id, or undefined. */
export function findCheck(id: string): ICheck | undefined {
  return ALL_CHECKS.find((c) => c.id === id);
}
