/**
 * rbac-no-kube-system-configmap-write: no role can write the cluster's own ConfigMaps in kube-system.
 *
 * Restricted: `create`, `update`, `patch`, `delete`, `deletecollection` on configmaps (core group)
 * where the grant reaches kube-system: a Role in kube-system, or a ClusterRole bound by a
 * ClusterRoleBinding or by a RoleBinding in kube-system. Allowed: rules restricted by
 * `resourceNames` to ConfigMaps that configure nothing else (a controller's own lock), which cannot
 * create; read access. kube-system's ConfigMaps configure the cluster: on EKS `aws-auth` maps IAM
 * roles to RBAC groups (`system:masters` included), `coredns` rewrites service discovery,
 * `kube-proxy` the data path. A ClusterRole bound only by RoleBindings in other namespaces passes;
 * one nothing binds is reported as latent.
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { namespaceOf } from '../../rbac/authorizer';
import { bindingsOfRole, isAggregatedIntoBoundRole } from '../../rbac/latent';
import { evaluateRules, forbiddenGrants, hipaa, isObject, notApplicable, pass, pci, peer, ROLE_KINDS, soc2, WRITE_VERBS } from '../support';

const KUBE_SYSTEM = 'kube-system';

/** ConfigMaps of kube-system that configure the cluster; a rule naming one of them is never allowed. */
export const CLUSTER_CONFIGMAPS: readonly string[] = [
  'aws-auth', 'coredns', 'kube-proxy', 'kubeadm-config', 'kubelet-config', 'cluster-info',
  'extension-apiserver-authentication', 'kube-root-ca.crt',
];

export const rbacNoKubeSystemConfigmapWrite: ICheck = {
  id: 'rbac-no-kube-system-configmap-write',
  title: 'Roles grant no write access to ConfigMaps in kube-system (aws-auth, coredns, kube-proxy)',
  description: 'kube-system\'s ConfigMaps configure the cluster: on EKS aws-auth maps IAM identities to RBAC groups '
    + '(system:masters included), coredns rewrites service discovery, kube-proxy the data path. Writing them is '
    + 'cluster-admin by another name.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.TRIVY, 'KSV115'),
    peer(PeerTool.TRIVY, 'KSV049', 'Trivy flags writing ConfigMaps in any namespace'),
  ],
  controls: [...soc2('CC6.1', 'CC6.3'), ...pci('7.2.1', '7.2.2'), ...hipaa('164.308(a)(4)', '164.312(a)(1)')],
  kinds: ROLE_KINDS,
  evaluate: (object, context) => {
    if (isObject(object) && object.kind === 'Role' && namespaceOf(object) !== KUBE_SYSTEM) {
      return notApplicable(`Role in namespace ${JSON.stringify(namespaceOf(object))} cannot reach kube-system`);
    }
    if (isObject(object) && object.kind === 'ClusterRole') {
      const bindings = bindingsOfRole(object, context);
      const reaches = bindings.some((b) => b.kind === 'ClusterRoleBinding' || namespaceOf(b) === KUBE_SYSTEM);
      // Bound, but only into other namespaces (and not aggregated into the built-in roles).
      if (bindings.length > 0 && !reaches && !isAggregatedIntoBoundRole(object, context)) {
        return pass('bound only outside kube-system');
      }
    }
    return evaluateRules(object, 'grants writing kube-system ConfigMaps', (rule) => {
      const named = rule.resourceNames;
      if (named.length > 0 && !named.some((n) => CLUSTER_CONFIGMAPS.includes(n))) return [];
      return forbiddenGrants(rule, [{ verbs: WRITE_VERBS, apiGroup: '', resource: 'configmaps' }]);
    }, { context, severity: Severity.ERROR });
  },
};
