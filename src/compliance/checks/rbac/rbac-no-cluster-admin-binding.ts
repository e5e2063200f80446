/**
 * rbac-no-cluster-admin-binding: nothing is bound to cluster-admin.
 *
 * Restricted: RoleBindings and ClusterRoleBindings whose roleRef is the ClusterRole `cluster-admin`.
 * Allowed: any other role. cluster-admin is every permission on every resource; bind a role made
 * for the job. CIS 5.1.1 (v1.10 and v1.12).
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { BINDING_KINDS, cis, errorOutcome, fail, hipaa, isObject, pass, pci, peer, soc2 } from '../support';

export const rbacNoClusterAdminBinding: ICheck = {
  id: 'rbac-no-cluster-admin-binding',
  title: 'No binding grants the cluster-admin ClusterRole',
  description: 'cluster-admin allows every verb on every resource (and, through a ClusterRoleBinding, in every '
    + 'namespace). Bindings to it make one compromised subject a compromised cluster.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.KUBE_LINTER, 'cluster-admin-role-binding'),
    peer(PeerTool.TRIVY, 'KSV111'),
    peer(PeerTool.POLARIS, 'clusterrolebindingClusterAdmin', 'Polaris also flags bindings to roles with wildcard rules (rbac-no-wildcards judges those roles)'),
    peer(PeerTool.POLARIS, 'rolebindingClusterAdminClusterRole', 'Polaris also flags bindings to ClusterRoles with wildcard rules (rbac-no-wildcards)'),
    peer(PeerTool.POLARIS, 'rolebindingClusterAdminRole', 'Polaris flags RoleBindings to Roles with wildcard rules; rbac-no-wildcards judges those Roles'),
  ],
  controls: [...cis('5.1.1'), ...soc2('CC6.1', 'CC6.3'), ...pci('7.2.1', '7.2.2'), ...hipaa('164.308(a)(4)', '164.312(a)(1)')],
  kinds: BINDING_KINDS,
  evaluate: (object) => {
    if (!isObject(object)) return errorOutcome('object is not a map');
    const roleRef = object.roleRef;
    if (!isObject(roleRef)) return errorOutcome('roleRef is missing', '/roleRef');
    if (roleRef.kind === 'ClusterRole' && roleRef.name === 'cluster-admin') {
      return fail('binds cluster-admin', `${object.kind} grants the ClusterRole "cluster-admin"; bind a role with only the permissions needed`, '/roleRef');
    }
    return pass();
  },
};
