/**
 * rbac-no-escalate-bind-impersonate: no role grants the RBAC escalation verbs.
 *
 * Restricted: `escalate` and `bind` on roles/clusterroles (rbac.authorization.k8s.io), which let a
 * subject write or bind roles with more permissions than it holds; `impersonate` on users, groups,
 * serviceaccounts and uids, which lets it act as anyone. Allowed: none of them (explicit or via `*`).
 * CIS 5.1.8 (v1.10 and v1.12).
 */
import { PeerTool, Severity } from '../../check';
import { cis, hipaa, pci, peer, ruleCheck, soc2 } from '../support';

const RBAC = 'rbac.authorization.k8s.io';

export const rbacNoEscalateBindImpersonate = ruleCheck({
  id: 'rbac-no-escalate-bind-impersonate',
  title: 'Roles grant no escalate, bind or impersonate',
  description: '`escalate` lets a subject create or update a role with permissions it does not hold, `bind` '
    + 'lets it bind any role to anyone, `impersonate` lets it act as another user, group or ServiceAccount. '
    + 'Each bypasses RBAC\'s privilege-escalation prevention.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.CHECKOV, 'CKV_K8S_157'),
    peer(PeerTool.CHECKOV, 'CKV_K8S_158'),
    peer(PeerTool.CHECKOV, 'CKV2_K8S_3'),
    peer(PeerTool.KUBE_LINTER, 'bind-verb-in-role'),
    peer(PeerTool.KUBE_LINTER, 'escalate-verb-in-role'),
    peer(PeerTool.KUBE_LINTER, 'impersonate-without-resource-names'),
    peer(PeerTool.TRIVY, 'KSV043'),
  ],
  controls: [...cis('5.1.8'), ...soc2('CC6.1', 'CC6.3'), ...pci('7.2.1', '7.2.2'), ...hipaa('164.308(a)(4)', '164.312(a)(1)')],
  reason: 'grants privilege escalation',
  forbidden: [
    { verbs: ['escalate', 'bind'], apiGroup: RBAC, resource: 'roles' },
    { verbs: ['escalate', 'bind'], apiGroup: RBAC, resource: 'clusterroles' },
    { verbs: ['impersonate'], apiGroup: '', resource: 'users' },
    { verbs: ['impersonate'], apiGroup: '', resource: 'groups' },
    { verbs: ['impersonate'], apiGroup: '', resource: 'serviceaccounts' },
    { verbs: ['impersonate'], apiGroup: 'authentication.k8s.io', resource: 'uids' },
  ],
});
