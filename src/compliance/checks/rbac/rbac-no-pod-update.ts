/**
 * rbac-no-pod-update: no role can update or patch running pods.
 *
 * Restricted: `update` and `patch` on pods (core group). Allowed: none. A running pod's container
 * images, activeDeadlineSeconds and labels are mutable: whoever patches a pod swaps its image for
 * one of their own, which then runs with the pod's ServiceAccount, Secrets and network identity,
 * and relabels pods to steer Service traffic or escape NetworkPolicies. Creating pods is judged by
 * rbac-no-pod-create.
 */
import { PeerTool, Severity } from '../../check';
import { hipaa, pci, peer, ruleCheck, soc2 } from '../support';

export const rbacNoPodUpdate = ruleCheck({
  id: 'rbac-no-pod-update',
  title: 'Roles grant no update or patch on pods',
  description: 'A pod\'s container images and labels are mutable: patching a running pod runs another image with '
    + 'the pod\'s identity and Secrets, or relabels it to steer Service traffic and escape NetworkPolicies.',
  severity: Severity.WARNING,
  peers: [peer(PeerTool.TRIVY, 'KSV048', 'Trivy also flags creating pods and workloads (rbac-no-pod-create)')],
  controls: [...soc2('CC6.1', 'CC6.3'), ...pci('7.2.1', '7.2.2'), ...hipaa('164.308(a)(4)')],
  reason: 'grants changing running pods',
  forbidden: [{ verbs: ['update', 'patch'], apiGroup: '', resource: 'pods' }],
});
