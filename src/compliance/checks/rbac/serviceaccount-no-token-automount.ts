/**
 * serviceaccount-no-token-automount: ServiceAccounts do not automount their API token.
 *
 * Restricted: ServiceAccount.automountServiceAccountToken. Allowed: `false`. Unset means true: every
 * pod running as the ServiceAccount gets a token for the API server, whether it calls it or not, and
 * whoever compromises the pod gets its RBAC permissions. Pods that need the API opt in with
 * `automountServiceAccountToken: true` or a projected token volume. CIS 5.1.5 for `default`
 * ServiceAccounts and 5.1.6 (v1.10 and v1.12).
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { cis, errorOutcome, fail, hipaa, isObject, pass, pci, peer, soc2 } from '../support';

export const serviceAccountNoTokenAutomount: ICheck = {
  id: 'serviceaccount-no-token-automount',
  title: 'ServiceAccounts set automountServiceAccountToken: false',
  description: 'A ServiceAccount that does not disable automounting puts an API token into every pod that runs '
    + 'as it. Disable it on the ServiceAccount; pods that call the API opt in explicitly.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.CHECKOV, 'CKV_K8S_41'),
    peer(PeerTool.POLARIS, 'automountServiceAccountToken', 'Polaris judges the pod spec with its ServiceAccount; the pod side is workload-no-token-automount'),
  ],
  controls: [...cis('5.1.5'), ...cis('5.1.6'), ...soc2('CC6.1', 'CC6.3'), ...pci('7.2.5'), ...hipaa('164.312(a)(1)')],
  kinds: ['ServiceAccount'],
  evaluate: (object) => {
    if (!isObject(object)) return errorOutcome('object is not a map');
    const value = object.automountServiceAccountToken;
    if (value === false) return pass();
    return fail('token automounted', value === undefined || value === null
      ? 'automountServiceAccountToken is unset (defaults to true); set it to false'
      : `automountServiceAccountToken=${JSON.stringify(value)}; set it to false`, '/automountServiceAccountToken');
  },
};
