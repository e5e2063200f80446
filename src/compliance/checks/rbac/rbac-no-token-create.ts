/**
 * rbac-no-token-create: no role can mint ServiceAccount tokens.
 *
 * Restricted: `create` on serviceaccounts/token. Allowed: none. A token request returns a
 * credential for the ServiceAccount, with all of its permissions, valid outside the cluster.
 * CIS 5.1.13 (v1.10 and v1.12).
 */
import { Severity } from '../../check';
import { cis, hipaa, pci, ruleCheck, soc2 } from '../support';

export const rbacNoTokenCreate = ruleCheck({
  id: 'rbac-no-token-create',
  title: 'Roles grant no creation of ServiceAccount tokens',
  description: 'Creating serviceaccounts/token mints a bearer token for a ServiceAccount: whoever holds the grant '
    + 'acts as every ServiceAccount in scope, from anywhere.',
  severity: Severity.ERROR,
  controls: [...cis('5.1.13'), ...soc2('CC6.1', 'CC6.3'), ...pci('7.2.2', '7.2.5'), ...hipaa('164.312(a)(1)')],
  reason: 'grants creating ServiceAccount tokens',
  forbidden: [{ verbs: ['create'], apiGroup: '', resource: 'serviceaccounts', subresource: 'token' }],
});
