/**
 * rbac-no-pod-log-delete: no role can delete pod logs.
 *
 * Restricted: `delete` and `deletecollection` on pods/log (core group). Allowed: reading logs.
 * Deleting logs covers an attacker's tracks; the kubelet serves logs read-only, so a grant of it is a
 * mistake or an intent to hide.
 */
import { PeerTool, Severity } from '../../check';
import { hipaa, pci, peer, ruleCheck, soc2 } from '../support';

export const rbacNoPodLogDelete = ruleCheck({
  id: 'rbac-no-pod-log-delete',
  title: 'Roles grant no delete on pods/log',
  description: 'Deleting pod logs is how an intruder covers their tracks; no workload needs it.',
  severity: Severity.WARNING,
  peers: [peer(PeerTool.TRIVY, 'KSV042')],
  controls: [...soc2('CC7.2'), ...pci('10.3.2', '10.3.4'), ...hipaa('164.312(b)')],
  reason: 'grants deleting logs',
  forbidden: [{ verbs: ['delete', 'deletecollection'], apiGroup: '', resource: 'pods', subresource: 'log' }],
});
