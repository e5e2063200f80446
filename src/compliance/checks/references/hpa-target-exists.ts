/**
 * hpa-target-exists: every HorizontalPodAutoscaler scales a workload in the input.
 *
 * Restricted: HorizontalPodAutoscaler.spec.scaleTargetRef (kind and name). Required: an object of
 * that kind and name in the autoscaler's namespace. An autoscaler whose target is missing scales
 * nothing, while the workload it was meant for runs at its fixed size.
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { objectPresent } from '../../references';
import { namespaceOf } from '../../selectors';
import { errorOutcome, fail, isObject, pass, pci, peer, soc2 } from '../support';

export const hpaTargetExists: ICheck = {
  id: 'hpa-target-exists',
  title: 'HorizontalPodAutoscalers target a workload present in the same namespace',
  description: 'An autoscaler whose scaleTargetRef names no object of the input scales nothing; the workload it '
    + 'was meant for keeps a fixed size.',
  severity: Severity.WARNING,
  peers: [
    peer(PeerTool.KUBE_SCORE, 'horizontalpodautoscaler-has-target'),
    peer(PeerTool.KUBE_LINTER, 'dangling-horizontalpodautoscaler'),
  ],
  controls: [...soc2('CC8.1'), ...pci('6.5.1')],
  kinds: ['HorizontalPodAutoscaler'],
  evaluate: (object, context) => {
    if (!isObject(object)) return errorOutcome('object is not a map');
    const ref = isObject(object.spec) ? object.spec.scaleTargetRef : undefined;
    if (!isObject(ref) || typeof ref.kind !== 'string' || typeof ref.name !== 'string') {
      return errorOutcome('spec.scaleTargetRef has no kind or name', '/spec/scaleTargetRef');
    }
    const namespace = namespaceOf(object);
    if (objectPresent(ref.kind, ref.name, namespace, context)) return pass();
    return fail('target missing', `${ref.kind} ${JSON.stringify(ref.name)} is not in namespace ${JSON.stringify(namespace)}`, '/spec/scaleTargetRef');
  },
};
