/**
 * hpa-min-replicas: HorizontalPodAutoscalers keep at least two replicas.
 *
 * Restricted: HorizontalPodAutoscaler.spec.minReplicas. Allowed: an integer >= 2. Unset means 1
 * (the API default): at low load the autoscaler scales the workload down to a single pod, and one
 * node drain, eviction or crash takes it offline; its PodDisruptionBudget can then only block drains.
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { hpaMinReplicas } from '../../references';
import { errorOutcome, fail, isObject, pass, peer, soc2 } from '../support';

export const hpaMinReplicasCheck: ICheck = {
  id: 'hpa-min-replicas',
  title: 'HorizontalPodAutoscalers set minReplicas >= 2',
  description: 'minReplicas unset means 1: at low load the workload runs one pod, and a single drain, eviction or '
    + 'crash takes it offline.',
  severity: Severity.WARNING,
  peers: [
    peer(PeerTool.POLARIS, 'hpaMinAvailability'),
    peer(PeerTool.KUBE_SCORE, 'horizontalpodautoscaler-replicas'),
    peer(PeerTool.KUBE_LINTER, 'hpa-minimum-three-replicas', 'kube-linter asks for 3 replicas; ours for 2'),
  ],
  controls: [...soc2('CC9.1')],
  kinds: ['HorizontalPodAutoscaler'],
  evaluate: (object) => {
    if (!isObject(object)) return errorOutcome('object is not a map');
    const min = hpaMinReplicas(object);
    if (min === undefined) return errorOutcome(`spec.minReplicas is not an integer: ${JSON.stringify(object.spec.minReplicas)}`, '/spec/minReplicas');
    if (min >= 2) return pass();
    const unset = !isObject(object.spec) || object.spec.minReplicas === undefined || object.spec.minReplicas === null;
    return fail('fewer than 2 replicas', unset ? 'spec.minReplicas is unset (defaults to 1); set it to 2 or more'
      : `spec.minReplicas is ${min}; set it to 2 or more`, isObject(object.spec) ? '/spec/minReplicas' : '/spec');
  },
};
