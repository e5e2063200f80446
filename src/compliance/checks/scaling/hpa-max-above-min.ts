/**
 * hpa-max-above-min: HorizontalPodAutoscalers have room to scale.
 *
 * Restricted: HorizontalPodAutoscaler.spec.maxReplicas against spec.minReplicas (default 1).
 * Required: maxReplicas set and greater than minReplicas. With max equal to min the autoscaler can
 * never add a pod: the workload has a fixed size behind an object that claims otherwise.
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { hpaMaxReplicas, hpaMinReplicas } from '../../references';
import { errorOutcome, fail, isObject, pass, peer, soc2 } from '../support';

export const hpaMaxAboveMin: ICheck = {
  id: 'hpa-max-above-min',
  title: 'HorizontalPodAutoscalers set maxReplicas greater than minReplicas',
  description: 'An autoscaler whose maxReplicas is not above minReplicas (default 1) can never scale out.',
  severity: Severity.WARNING,
  peers: [peer(PeerTool.POLARIS, 'hpaMaxAvailability')],
  controls: [...soc2('CC9.1')],
  kinds: ['HorizontalPodAutoscaler'],
  evaluate: (object) => {
    if (!isObject(object)) return errorOutcome('object is not a map');
    const min = hpaMinReplicas(object);
    if (min === undefined) return errorOutcome(`spec.minReplicas is not an integer: ${JSON.stringify(object.spec.minReplicas)}`, '/spec/minReplicas');
    const max = hpaMaxReplicas(object);
    if (max === undefined) return fail('no maxReplicas', 'spec.maxReplicas is unset or not an integer; set it above minReplicas', '/spec');
    if (max > min) return pass();
    return fail('cannot scale out', `spec.maxReplicas ${max} is not greater than minReplicas ${min}`, '/spec/maxReplicas');
  },
};
