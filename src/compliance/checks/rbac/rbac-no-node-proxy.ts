/**
 * rbac-no-node-proxy: no role can reach the kubelet API through nodes/proxy.
 *
 * Restricted: any verb on nodes/proxy. Allowed: none. The kubelet API runs commands in any pod of
 * the node and bypasses admission and audit of the pods it touches. CIS 5.1.10 (v1.10 and v1.12).
 */
import { PeerTool, Severity } from '../../check';
import { ANY_VERB, cis, hipaa, pci, peer, ruleCheck, soc2 } from '../support';

export const rbacNoNodeProxy = ruleCheck({
  id: 'rbac-no-node-proxy',
  title: 'Roles grant no access to nodes/proxy',
  description: 'nodes/proxy reaches the kubelet API of a node, which can exec into any of its pods, bypassing '
    + 'admission control and API audit logging of those pods.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.TRIVY, 'KSV047'),
    peer(PeerTool.CHECKOV, 'CKV2_K8S_2', 'Checkov also flags create on pods/exec (rbac-no-pod-exec-attach)'),
  ],
  controls: [...cis('5.1.10'), ...soc2('CC6.1', 'CC6.3'), ...pci('7.2.1', '7.2.2'), ...hipaa('164.312(a)(1)')],
  reason: 'grants access to the kubelet API',
  forbidden: [{ verbs: ANY_VERB, apiGroup: '', resource: 'nodes', subresource: 'proxy' }],
});
