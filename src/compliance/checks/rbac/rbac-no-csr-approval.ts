/**
 * rbac-no-csr-approval: no role can approve certificate signing requests.
 *
 * Restricted: `update` and `patch` on certificatesigningrequests/approval and `approve` on signers
 * (certificates.k8s.io). Allowed: none. Approving a CSR for the kube-apiserver-client signer mints
 * a client certificate for any user or group, `system:masters` included. CIS 5.1.11 (v1.10, v1.12).
 */
import { PeerTool, Severity } from '../../check';
import { cis, hipaa, pci, peer, ruleCheck, soc2 } from '../support';

const GROUP = 'certificates.k8s.io';

export const rbacNoCsrApproval = ruleCheck({
  id: 'rbac-no-csr-approval',
  title: 'Roles grant no approval of certificate signing requests',
  description: 'Approving certificatesigningrequests issues client certificates for any identity the request '
    + 'names, including cluster administrators.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.CHECKOV, 'CKV_K8S_156'),
    peer(PeerTool.KUBE_LINTER, 'approve-signers-without-resource-names'),
  ],
  controls: [...cis('5.1.11'), ...soc2('CC6.1', 'CC6.3'), ...pci('7.2.1', '7.2.2', '8.2.1'), ...hipaa('164.312(a)(1)')],
  reason: 'grants approving certificates',
  forbidden: [
    { verbs: ['update', 'patch'], apiGroup: GROUP, resource: 'certificatesigningrequests', subresource: 'approval' },
    { verbs: ['approve'], apiGroup: GROUP, resource: 'signers' },
  ],
});
