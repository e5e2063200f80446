/**
 * workload-replicas: replicated workloads run at least two pods, or are scaled by an autoscaler.
 *
 * Restricted: spec.replicas of Deployments, StatefulSets, ReplicaSets and ReplicationControllers.
 * Allowed: an integer >= 2, or any value when a HorizontalPodAutoscaler of the same namespace in the
 * evaluated set targets the workload (its minReplicas is judged by the autoscaler checks). Unset
 * means 1. With one pod, every drain, crash or rollout is an outage.
 */
import { ICheck, Severity } from '../../check';
import { kubeLinter, kubeScore, polaris } from '../../peers/catalog';
import { errorOutcome, fail, isObject, isOutcome, pass, podOf, soc2 } from '../support';
import { REPLICATED_KINDS, scalingAutoscaler } from '../workload-support';

/** The fewest replicas that survive the loss of one pod. */
export const MIN_REPLICAS = 2;

export const workloadReplicas: ICheck = {
  id: 'workload-replicas',
  title: 'Replicated workloads run at least 2 replicas or are scaled by an autoscaler',
  description: `Deployments, StatefulSets, ReplicaSets and ReplicationControllers set spec.replicas >= ${MIN_REPLICAS}, or a `
    + 'HorizontalPodAutoscaler in the set targets them, so losing one pod never loses the service.',
  severity: Severity.WARNING,
  controls: [...soc2('CC7.2', 'CC9.1')],
  kinds: [...REPLICATED_KINDS],
  peers: [
    kubeScore('deployment-replicas'),
    polaris('deploymentMissingReplicas'),
    kubeLinter('minimum-three-replicas', 'kube-linter asks for three replicas; ours for two, the fewest that survive the loss of one'),
  ],
  evaluate: (object, context) => {
    const pod = podOf(object, REPLICATED_KINDS);
    if (isOutcome(pod)) return pod;
    const hpa = scalingAutoscaler(object, context);
    if (hpa) return pass(`scaled by HorizontalPodAutoscaler ${JSON.stringify(hpa.metadata?.name ?? '')}`);
    const replicas = isObject(object.spec) ? object.spec.replicas : undefined;
    if (replicas === undefined || replicas === null) {
      return fail('single replica', `spec.replicas is unset (1) and no HorizontalPodAutoscaler targets ${object.kind} ${JSON.stringify(object.metadata?.name ?? '')}; set replicas >= ${MIN_REPLICAS}`, '/spec');
    }
    if (!Number.isInteger(replicas)) return errorOutcome(`spec.replicas is not an integer: ${JSON.stringify(replicas)}`, '/spec/replicas');
    if (replicas >= MIN_REPLICAS) return pass();
    return fail('single replica', `spec.replicas=${replicas} and no HorizontalPodAutoscaler targets ${object.kind} ${JSON.stringify(object.metadata?.name ?? '')}; set replicas >= ${MIN_REPLICAS}`, '/spec/replicas');
  },
};
