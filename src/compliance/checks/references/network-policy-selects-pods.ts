/**
 * network-policy-selects-pods: a NetworkPolicy with a pod selector selects the pods of a workload in
 * the input.
 *
 * Restricted: NetworkPolicy.spec.podSelector. Required: when it is not empty, a pod-bearing object of
 * the same namespace whose pod labels it selects. An empty selector (`{}`) selects every pod of the
 * namespace, the default-deny pattern, and does not apply. A policy that selects nothing protects
 * nothing: the rules it was written for apply to no pod, usually after a label was renamed.
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { anyPodOwnerSelectedBy } from '../../references';
import { namespaceOf } from '../../selectors';
import { errorOutcome, fail, isObject, notApplicable, pass, pci, peer, soc2 } from '../support';

export const networkPolicySelectsPods: ICheck = {
  id: 'network-policy-selects-pods',
  title: 'NetworkPolicies with a pod selector select the pods of a workload in the same namespace',
  description: 'A NetworkPolicy whose podSelector matches no pod template of the input applies its rules to no pod: '
    + 'the isolation it was written for is not there.',
  severity: Severity.WARNING,
  peers: [
    peer(PeerTool.KUBE_SCORE, 'networkpolicy-targets-pod'),
    peer(PeerTool.KUBE_LINTER, 'dangling-networkpolicy'),
  ],
  controls: [...soc2('CC6.6', 'CC8.1'), ...pci('1.2.7')],
  kinds: ['NetworkPolicy'],
  evaluate: (object, context) => {
    if (!isObject(object)) return errorOutcome('object is not a map');
    const selector = isObject(object.spec) ? object.spec.podSelector : undefined;
    if (selector === undefined || selector === null) return notApplicable('no podSelector (every pod of the namespace)');
    if (!isObject(selector)) return errorOutcome('spec.podSelector is not a map', '/spec/podSelector');
    const labels = isObject(selector.matchLabels) ? Object.keys(selector.matchLabels) : [];
    const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
    if (labels.length === 0 && expressions.length === 0) return notApplicable('empty podSelector (every pod of the namespace)');
    const namespace = namespaceOf(object);
    if (anyPodOwnerSelectedBy(selector, namespace, context)) return pass();
    return fail('selects no pods', `spec.podSelector matches no pod template in namespace ${JSON.stringify(namespace)}`, '/spec/podSelector');
  },
};
