/**
 * service-selects-pods: a Service's selector matches the pods of a workload in the input.
 *
 * Restricted: Service.spec.selector (equality on every label, as the endpoints controller matches).
 * Required: a pod-bearing object (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job, CronJob) of the same namespace whose pod labels carry every selector
 * label. Services without a selector (endpoints managed by hand or by a controller) and ExternalName
 * Services do not apply. A Service that selects nothing has no endpoints: clients get connection
 * refused, usually after a label was renamed on one side only.
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { anyPodOwnerSelectedBy } from '../../references';
import { namespaceOf } from '../../selectors';
import { errorOutcome, fail, isObject, notApplicable, pass, pci, peer, soc2 } from '../support';

export const serviceSelectsPods: ICheck = {
  id: 'service-selects-pods',
  title: 'Services select the pods of a workload in the same namespace',
  description: 'A Service whose selector matches no pod template of the input has no endpoints: its clients fail, '
    + 'usually because a label was renamed on one side only.',
  severity: Severity.WARNING,
  peers: [
    peer(PeerTool.KUBE_SCORE, 'service-targets-pod'),
    peer(PeerTool.KUBE_LINTER, 'dangling-service'),
  ],
  controls: [...soc2('CC8.1'), ...pci('6.5.1')],
  kinds: ['Service'],
  evaluate: (object, context) => {
    if (!isObject(object)) return errorOutcome('object is not a map');
    const spec = isObject(object.spec) ? object.spec : {};
    if (spec.type === 'ExternalName') return notApplicable('ExternalName Service');
    const selector = spec.selector;
    if (selector === undefined || selector === null) return notApplicable('no selector (endpoints managed elsewhere)');
    if (!isObject(selector)) return errorOutcome('spec.selector is not a map', '/spec/selector');
    if (Object.keys(selector).length === 0) return notApplicable('empty selector (endpoints managed elsewhere)');
    const namespace = namespaceOf(object);
    if (anyPodOwnerSelectedBy({ matchLabels: selector }, namespace, context)) return pass();
    const labels = Object.entries(selector).map(([k, v]) => `${k}=${String(v)}`).join(', ');
    return fail('selects no pods', `spec.selector {${labels}} matches no pod template in namespace ${JSON.stringify(namespace)}`, '/spec/selector');
  },
};
