/**
 * rbac-no-admission-config-write: no role can change admission webhooks or policies.
 *
 * Restricted: `create`, `update`, `patch`, `delete`, `deletecollection` on
 * mutatingwebhookconfigurations and validatingwebhookconfigurations (CIS 5.1.12, v1.10 and v1.12),
 * and, as an extension, on validatingadmissionpolicies / bindings and mutatingadmissionpolicies /
 * bindings (admissionregistration.k8s.io). Allowed: read access. Whoever writes these disables
 * policy enforcement or intercepts (and rewrites) every object sent to the API server.
 */
import { PeerTool, Severity } from '../../check';
import { cis, hipaa, pci, peer, ruleCheck, soc2, WRITE_VERBS } from '../support';

const GROUP = 'admissionregistration.k8s.io';
const RESOURCES = [
  'mutatingwebhookconfigurations', 'validatingwebhookconfigurations',
  'validatingadmissionpolicies', 'validatingadmissionpolicybindings',
  'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings',
];

export const rbacNoAdmissionConfigWrite = ruleCheck({
  id: 'rbac-no-admission-config-write',
  title: 'Roles grant no write access to admission webhook and policy configurations',
  description: 'Mutating and validating webhook configurations and admission policies decide what the API '
    + 'server admits; writing them turns off enforcement or routes every request to an attacker\'s webhook.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.CHECKOV, 'CKV_K8S_155'),
    peer(PeerTool.TRIVY, 'KSV114'),
  ],
  controls: [...cis('5.1.12'), ...soc2('CC6.1', 'CC6.8'), ...pci('7.2.1', '7.2.2'), ...hipaa('164.312(a)(1)')],
  reason: 'grants changing admission control',
  forbidden: RESOURCES.map((resource) => ({ verbs: WRITE_VERBS, apiGroup: GROUP, resource })),
});
