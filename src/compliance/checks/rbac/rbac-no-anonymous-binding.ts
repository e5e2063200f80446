/**
 * rbac-no-anonymous-binding: nothing is granted to unauthenticated requests.
 *
 * Restricted: User subject `system:anonymous` and Group subject `system:unauthenticated`.
 * Allowed: authenticated subjects. Whatever these bindings grant, anyone who can reach the API
 * server gets, without credentials.
 */
import { PeerTool, Severity } from '../../check';
import { hipaa, pci, peer, soc2, subjectCheck } from '../support';

export const rbacNoAnonymousBinding = subjectCheck({
  id: 'rbac-no-anonymous-binding',
  title: 'No binding grants anything to system:anonymous or system:unauthenticated',
  description: 'Requests without credentials are the user system:anonymous in the group system:unauthenticated; '
    + 'binding either gives the role to anyone with network access to the API server.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.TRIVY, 'KSV122'),
  ],
  controls: [...soc2('CC6.1', 'CC6.6'), ...pci('7.2.1', '8.2.1'), ...hipaa('164.312(a)(1)')],
  reason: 'grants access without authentication',
  forbidden: (s) => (s.kind === 'User' && s.name === 'system:anonymous') || (s.kind === 'Group' && s.name === 'system:unauthenticated'),
});
