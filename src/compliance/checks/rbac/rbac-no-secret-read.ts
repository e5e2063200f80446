/**
 * rbac-no-secret-read: no role can read Secrets in bulk.
 *
 * Restricted: `list` and `watch` on secrets (they return every Secret's data, whatever the names),
 * and `get` on secrets unless the rule is restricted by `resourceNames` to the Secrets it needs.
 * Allowed: `get` on named secrets (the brief's `get` of `api-secrets`). CIS 5.1.2 (v1.10 and v1.12).
 */
import { PeerTool, Severity } from '../../check';
import { cis, hipaa, pci, peer, ruleCheck, soc2 } from '../support';

export const rbacNoSecretRead = ruleCheck({
  id: 'rbac-no-secret-read',
  title: 'Roles read Secrets only by name (get with resourceNames; no list or watch)',
  description: '`list` and `watch` on secrets return the data of every Secret in scope, including other '
    + 'workloads\' credentials and ServiceAccount tokens; an unnamed `get` reads any of them. Grant `get` on '
    + 'the named Secrets only, or mount them as files.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.TRIVY, 'KSV041', 'Trivy flags every verb on secrets; the write verbs are rbac-no-secret-write'),
    peer(PeerTool.TRIVY, 'KSV113', 'Trivy flags every verb on secrets in Roles; the write verbs are rbac-no-secret-write'),
    peer(PeerTool.KUBE_LINTER, 'access-to-secrets', 'kube-linter judges bindings and also flags create and delete (rbac-no-secret-write)'),
    peer(PeerTool.KUBE_LINTER, 'cluster-wide-secrets-access', 'kube-linter judges ClusterRoleBindings and also flags the write verbs (rbac-no-secret-write)'),
    peer(PeerTool.CHECKOV, 'CKV2_K8S_5'),
  ],
  controls: [...cis('5.1.2'), ...soc2('CC6.1', 'CC6.3'), ...pci('7.2.1', '7.2.2'), ...hipaa('164.308(a)(4)', '164.312(a)(1)')],
  reason: 'grants read access to secrets',
  forbidden: [{ verbs: ['get', 'list', 'watch'], apiGroup: '', resource: 'secrets', allowedWhenNamed: ['get'] }],
});
