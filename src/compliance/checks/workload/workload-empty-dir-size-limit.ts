/**
 * workload-empty-dir-size-limit: every emptyDir volume has a size limit.
 *
 * Restricted: spec.volumes[*].emptyDir of the pod. Required: sizeLimit set (memory-backed emptyDirs
 * included: without a limit they grow to the node's memory). An unbounded scratch volume lets one pod
 * fill the node's disk or memory and evict its neighbours; the hardened constructs give each scratch
 * directory 64Mi.
 */
import { ICheck, Severity } from '../../check';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { fail, isObject, isOutcome, pass, pci, podOf, quoted, soc2 } from '../support';

export const workloadEmptyDirSizeLimit: ICheck = {
  id: 'workload-empty-dir-size-limit',
  title: 'emptyDir volumes set a sizeLimit',
  description: 'Every emptyDir volume of the pod sets sizeLimit, so no scratch directory can fill the node\'s disk or memory.',
  severity: Severity.WARNING,
  controls: [...soc2('CC7.2'), ...pci('2.2.1')],
  kinds: [...POD_BEARING_KINDS],
  peers: [],
  evaluate: (object) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const volumes = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
    const bad: Array<{ name: string; index: number }> = [];
    volumes.forEach((v: any, index: number) => {
      if (!isObject(v) || !isObject(v.emptyDir)) return;
      const limit = v.emptyDir.sizeLimit;
      if ((typeof limit === 'string' && limit !== '') || typeof limit === 'number') return;
      bad.push({ name: typeof v.name === 'string' ? v.name : `<${index}>`, index });
    });
    if (bad.length === 0) return pass();
    return fail('unbounded emptyDir', `emptyDir volumes ${quoted(bad.map((b) => b.name))} must set sizeLimit`, `${pod.specPointer}/volumes/${bad[0].index}/emptyDir`);
  },
};
