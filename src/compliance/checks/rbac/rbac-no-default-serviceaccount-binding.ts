/**
 * rbac-no-default-serviceaccount-binding: nothing is granted to a namespace's default ServiceAccount.
 *
 * Restricted: ServiceAccount subject named `default`. Allowed: dedicated ServiceAccounts. Every pod
 * that names no ServiceAccount runs as `default`, so a grant to it goes to all of them.
 * CIS 5.1.5 (v1.10 and v1.12).
 */
import { PeerTool, Severity } from '../../check';
import { cis, hipaa, pci, peer, soc2, subjectCheck } from '../support';

export const rbacNoDefaultServiceAccountBinding = subjectCheck({
  id: 'rbac-no-default-serviceaccount-binding',
  title: 'No binding grants anything to a default ServiceAccount',
  description: 'Pods that set no serviceAccountName run as the namespace\'s default ServiceAccount; permissions '
    + 'bound to it are silently shared by all of them. Create a ServiceAccount per workload.',
  severity: Severity.WARNING,
  peers: [
    peer(PeerTool.CHECKOV, 'CKV_K8S_42'),
  ],
  controls: [...cis('5.1.5'), ...soc2('CC6.1', 'CC6.3'), ...pci('7.2.2', '7.2.5'), ...hipaa('164.308(a)(4)')],
  reason: 'grants the default ServiceAccount',
  forbidden: (s) => s.kind === 'ServiceAccount' && s.name === 'default',
});
