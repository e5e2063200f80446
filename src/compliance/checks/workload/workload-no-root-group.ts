/**
 * workload-no-root-group: pods join no root group through fsGroup or supplementalGroups.
 *
 * Restricted: spec.securityContext.fsGroup and spec.securityContext.supplementalGroups. Forbidden:
 * 0 (the root group), in either. Every process of the pod gains group 0, and with it whatever the
 * image or a mounted volume left group-writable for root: files PSS runAsNonRoot does not protect.
 * (runAsGroup 0 is judged by workload-high-uid-gid.)
 */
import { ICheck, Severity } from '../../check';
import { trivy } from '../../peers/catalog';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { fail, isObject, isOutcome, pass, pci, podOf, soc2 } from '../support';

export const workloadNoRootGroup: ICheck = {
  id: 'workload-no-root-group',
  title: 'Pods set no fsGroup or supplementalGroups of 0',
  description: 'The pod securityContext\'s fsGroup is not 0 and its supplementalGroups do not contain 0, so no process '
    + 'of the pod belongs to the root group.',
  severity: Severity.WARNING,
  controls: [...soc2('CC6.1', 'CC6.8'), ...pci('2.2.6', '7.2.5')],
  kinds: [...POD_BEARING_KINDS],
  peers: [trivy('KSV029', 'Trivy also flags runAsGroup 0, which workload-high-uid-gid judges'), trivy('KSV116')],
  evaluate: (object) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const ctx = isObject(pod.spec.securityContext) ? pod.spec.securityContext : {};
    const location = `${pod.specPointer}/securityContext`;
    if (ctx.fsGroup === 0) return fail('root group', 'securityContext.fsGroup=0; use a non-root group such as 65532', `${location}/fsGroup`);
    const groups = Array.isArray(ctx.supplementalGroups) ? ctx.supplementalGroups : [];
    const index = groups.indexOf(0);
    if (index >= 0) return fail('root group', 'securityContext.supplementalGroups contains 0; remove the root group', `${location}/supplementalGroups/${index}`);
    return pass();
  },
};
