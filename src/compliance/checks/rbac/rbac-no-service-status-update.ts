/**
 * rbac-no-service-status-update: no role can write the status of Services.
 *
 * Restricted: `update` and `patch` on services/status (core group). Allowed: none outside the
 * cloud controller. A Service's `status.loadBalancer.ingress[].ip` is trusted by kube-proxy: whoever
 * sets it redirects cluster traffic for that IP to the Service (CVE-2020-8554, unfixed by design).
 */
import { PeerTool, Severity } from '../../check';
import { hipaa, pci, peer, ruleCheck, soc2 } from '../support';

export const rbacNoServiceStatusUpdate = ruleCheck({
  id: 'rbac-no-service-status-update',
  title: 'Roles grant no update or patch on services/status',
  description: 'Setting status.loadBalancer.ingress[].ip on a Service makes kube-proxy send the cluster\'s traffic '
    + 'for that IP to it (CVE-2020-8554, a man-in-the-middle the API cannot prevent).',
  severity: Severity.ERROR,
  peers: [peer(PeerTool.CHECKOV, 'CKV2_K8S_4')],
  controls: [...soc2('CC6.1', 'CC6.6'), ...pci('7.2.1', '7.2.2'), ...hipaa('164.312(e)(1)')],
  reason: 'grants changing Service status',
  forbidden: [{ verbs: ['update', 'patch'], apiGroup: '', resource: 'services', subresource: 'status' }],
});
