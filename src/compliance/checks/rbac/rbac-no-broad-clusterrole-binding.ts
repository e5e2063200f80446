/**
 * rbac-no-broad-clusterrole-binding: nothing is bound to the built-in broad ClusterRoles.
 *
 * Restricted: RoleBindings and ClusterRoleBindings whose roleRef is the ClusterRole `admin` or
 * `edit`, their aggregation sources `system:aggregate-to-admin` and `system:aggregate-to-edit`, or a
 * control-plane role (`system:node`, `system:kube-controller-manager`, `system:kube-scheduler`,
 * `system:controller:*`). Allowed: dedicated roles, `view`. `edit` reads and writes every Secret of
 * its scope and execs into every pod; `admin` adds RBAC in the namespace; the control-plane roles
 * hold what their component needs cluster-wide. Bound with a ClusterRoleBinding, any of them spans
 * every namespace. `cluster-admin` is rbac-no-cluster-admin-binding.
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { BINDING_KINDS, errorOutcome, fail, hipaa, isObject, pass, pci, peer, soc2 } from '../support';

/** The built-in ClusterRoles that grant far more than a workload or a person needs. */
export const BROAD_CLUSTER_ROLES: readonly string[] = [
  'admin', 'edit', 'system:aggregate-to-admin', 'system:aggregate-to-edit',
  'system:node', 'system:kube-controller-manager', 'system:kube-scheduler',
];

function isBroad(name: string): boolean {
  return BROAD_CLUSTER_ROLES.includes(name) || name.startsWith('system:controller:');
}

export const rbacNoBroadClusterroleBinding: ICheck = {
  id: 'rbac-no-broad-clusterrole-binding',
  title: 'No binding grants the built-in admin, edit or control-plane ClusterRoles',
  description: '`edit` reads and writes every Secret in scope and execs into every pod, `admin` also writes RBAC, '
    + 'and the control-plane roles hold a component\'s cluster-wide rights. Bind a role made for the job.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.POLARIS, 'rolebindingClusterAdminClusterRole', 'Polaris flags RoleBindings to cluster-admin or ClusterRoles with wildcard rules, not admin or edit'),
  ],
  controls: [...soc2('CC6.1', 'CC6.3'), ...pci('7.2.1', '7.2.2'), ...hipaa('164.308(a)(4)', '164.312(a)(1)')],
  kinds: BINDING_KINDS,
  evaluate: (object) => {
    if (!isObject(object)) return errorOutcome('object is not a map');
    const roleRef = object.roleRef;
    if (!isObject(roleRef)) return errorOutcome('roleRef is missing', '/roleRef');
    if (roleRef.kind !== 'ClusterRole' || typeof roleRef.name !== 'string' || !isBroad(roleRef.name)) return pass();
    const scope = object.kind === 'ClusterRoleBinding' ? 'in every namespace' : 'in its namespace';
    return fail('binds a broad built-in ClusterRole',
      `${object.kind} grants the built-in ClusterRole ${JSON.stringify(roleRef.name)} ${scope}; bind a role with only the permissions needed`, '/roleRef');
  },
};
