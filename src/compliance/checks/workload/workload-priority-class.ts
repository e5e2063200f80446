/**
 * workload-priority-class: pods name a PriorityClass.
 *
 * Restricted: spec.priorityClassName of the pod. Required: a non-empty name. Without one, the pod
 * has the cluster's default priority (usually 0) and is the first to be preempted or evicted under
 * pressure; whoever owns the workload should decide where it stands. (The hardened constructs create
 * a non-preempting class when none is given.)
 */
import { ICheck, Severity } from '../../check';
import { polaris } from '../../peers/catalog';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { fail, isOutcome, pass, podOf, soc2 } from '../support';

export const workloadPriorityClass: ICheck = {
  id: 'workload-priority-class',
  title: 'Pods set a priorityClassName',
  description: 'The pod spec names a PriorityClass, so its place in scheduling and eviction is decided, not defaulted.',
  severity: Severity.WARNING,
  controls: [...soc2('CC7.2')],
  kinds: [...POD_BEARING_KINDS],
  peers: [polaris('priorityClassNotSet')],
  evaluate: (object) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const name = pod.spec.priorityClassName;
    if (typeof name === 'string' && name !== '') return pass();
    return fail('no PriorityClass', 'priorityClassName is unset; name a PriorityClass', `${pod.specPointer}/priorityClassName`);
  },
};
