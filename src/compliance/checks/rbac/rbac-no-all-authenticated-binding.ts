/**
 * rbac-no-all-authenticated-binding: nothing is granted to every authenticated identity.
 *
 * Restricted: Group subjects `system:authenticated` (every user and ServiceAccount) and
 * `system:serviceaccounts` (every ServiceAccount of every namespace). Allowed: specific users,
 * groups and ServiceAccounts, or `system:serviceaccounts:<namespace>`. The CIS 5.1.2 and 5.1.4
 * audits ask exactly what `system:authenticated` can do.
 */
import { Severity } from '../../check';
import { hipaa, pci, soc2, subjectCheck } from '../support';

export const rbacNoAllAuthenticatedBinding = subjectCheck({
  id: 'rbac-no-all-authenticated-binding',
  title: 'No binding grants anything to all authenticated users or all ServiceAccounts',
  description: 'system:authenticated contains every user and every ServiceAccount of the cluster, and '
    + 'system:serviceaccounts every ServiceAccount: one stolen token from any workload gets the role.',
  severity: Severity.WARNING,
  controls: [...soc2('CC6.1', 'CC6.3'), ...pci('7.2.1', '7.2.2'), ...hipaa('164.308(a)(4)')],
  reason: 'grants access to every authenticated identity',
  forbidden: (s) => s.kind === 'Group' && (s.name === 'system:authenticated' || s.name === 'system:serviceaccounts'),
});
