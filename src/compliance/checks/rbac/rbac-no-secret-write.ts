/**
 * rbac-no-secret-write: no role can create, change or delete Secrets.
 *
 * Restricted: `create`, `update`, `patch`, `delete`, `deletecollection` on secrets (core group),
 * named or not. Allowed: none; read access is judged by rbac-no-secret-read. Writing a Secret
 * replaces the credentials other workloads trust (a ServiceAccount token Secret, a TLS key an
 * Ingress serves, a registry pull secret), and creating a `kubernetes.io/service-account-token`
 * Secret mints a token for any ServiceAccount of the namespace. Secrets are provisioned by the
 * pipeline or by External Secrets, not by workloads.
 */
import { PeerTool, Severity } from '../../check';
import { hipaa, pci, peer, ruleCheck, soc2, WRITE_VERBS } from '../support';

export const rbacNoSecretWrite = ruleCheck({
  id: 'rbac-no-secret-write',
  title: 'Roles grant no create, update, patch or delete on Secrets',
  description: 'A subject that writes Secrets replaces the credentials other workloads trust and can create a '
    + 'ServiceAccount token Secret for any ServiceAccount of the namespace. Provision Secrets from the pipeline or '
    + 'External Secrets.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.TRIVY, 'KSV041', 'Trivy flags every verb on secrets; the read verbs are rbac-no-secret-read'),
    peer(PeerTool.TRIVY, 'KSV113', 'Trivy flags every verb on secrets in Roles; the read verbs are rbac-no-secret-read'),
  ],
  controls: [...soc2('CC6.1', 'CC6.3'), ...pci('7.2.1', '7.2.2', '8.3.2'), ...hipaa('164.308(a)(4)', '164.312(a)(1)')],
  reason: 'grants writing secrets',
  forbidden: [{ verbs: WRITE_VERBS, apiGroup: '', resource: 'secrets' }],
});
