/**
 * rbac-no-system-masters-binding: nothing is bound to the group system:masters.
 *
 * Restricted: Group subject `system:masters`. Allowed: any other subject. Members of system:masters
 * bypass RBAC entirely (and any webhook authorizer); membership cannot be revoked short of rotating
 * the cluster CA, so the group must not be used for access. CIS 5.1.7 (v1.10 and v1.12).
 */
import { PeerTool, Severity } from '../../check';
import { cis, hipaa, pci, peer, soc2, subjectCheck } from '../support';

export const rbacNoSystemMastersBinding = subjectCheck({
  id: 'rbac-no-system-masters-binding',
  title: 'No binding names the system:masters group',
  description: 'system:masters is hard-wired to bypass authorization; using it in bindings spreads an '
    + 'irrevocable super-user identity. Use a dedicated group and role.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.TRIVY, 'KSV123'),
  ],
  controls: [...cis('5.1.7'), ...soc2('CC6.1', 'CC6.3'), ...pci('7.2.1', '7.2.2'), ...hipaa('164.312(a)(1)')],
  reason: 'binds system:masters',
  forbidden: (s) => s.kind === 'Group' && s.name === 'system:masters',
});
