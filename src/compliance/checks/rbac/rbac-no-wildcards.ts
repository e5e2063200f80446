/**
 * rbac-no-wildcards: Roles and ClusterRoles grant no wildcard.
 *
 * Restricted fields: rules[*].verbs, rules[*].apiGroups, rules[*].resources, rules[*].nonResourceURLs.
 * Allowed values: explicit names only. `*` (and `*\/subresource`) also grants every resource, verb or
 * group added later, including custom resources that did not exist when the role was written.
 * CIS 5.1.3 (v1.10 and v1.12).
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { cis, evaluateRules, hipaa, pci, peer, soc2 } from '../support';

export const rbacNoWildcards: ICheck = {
  id: 'rbac-no-wildcards',
  title: 'Roles grant no wildcard verbs, resources, API groups or non-resource URLs',
  description: 'A `*` in verbs, apiGroups, resources (including `*/subresource`) or nonResourceURLs grants '
    + 'everything of that kind, now and in the future (new verbs, new custom resources). List what the '
    + 'workload needs instead.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.CHECKOV, 'CKV_K8S_49'),
    peer(PeerTool.KUBE_LINTER, 'wildcard-in-rules'),
    peer(PeerTool.TRIVY, 'KSV044'),
    peer(PeerTool.TRIVY, 'KSV045'),
    peer(PeerTool.TRIVY, 'KSV046'),
    peer(PeerTool.TRIVY, 'KSV112'),
  ],
  controls: [...cis('5.1.3'), ...soc2('CC6.1', 'CC6.3'), ...pci('7.2.1', '7.2.2'), ...hipaa('164.308(a)(4)', '164.312(a)(1)')],
  kinds: ['Role', 'ClusterRole'],
  evaluate: (object, context) => evaluateRules(object, 'grants a wildcard', (rule) => {
    const out: string[] = [];
    if (rule.verbs.includes('*')) out.push('verbs "*"');
    if (rule.apiGroups.includes('*')) out.push('apiGroups "*"');
    const resources = rule.resources.filter((r) => r === '*' || r.startsWith('*/'));
    if (resources.length > 0) out.push(`resources ${resources.map((r) => JSON.stringify(r)).join(', ')}`);
    if (rule.nonResourceURLs.includes('*')) out.push('nonResourceURLs "*"');
    return out;
  }, { context, severity: Severity.ERROR }),
};
