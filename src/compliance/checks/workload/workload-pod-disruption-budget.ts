/**
 * workload-pod-disruption-budget: replicated workloads are covered by a PodDisruptionBudget.
 *
 * Restricted: Deployments, StatefulSets, ReplicaSets and ReplicationControllers with
 * spec.replicas >= 2. Required: a PodDisruptionBudget in the same namespace whose selector selects
 * the pod template's labels. Without one, a node drain or cluster upgrade may evict every replica at
 * once. Workloads with one replica (or replicas unset: 1) do not apply, unless a
 * HorizontalPodAutoscaler of the set scales them (same namespace, kind and name) to a maxReplicas of
 * 2 or more: the autoscaler owns the size then, and an autoscaled workload leaves spec.replicas unset.
 */
import { CheckOutcome, ICheck, ICheckContext, Severity } from '../../check';
import { kubeScore, polaris } from '../../peers/catalog';
import { autoscalersOf, hpaMaxReplicas } from '../../references';
import { matchesLabelSelector, namespaceOf, objectsInNamespace } from '../../selectors';
import { errorOutcome, fail, isObject, isOutcome, notApplicable, pass, podOf, soc2 } from '../support';

const REPLICATED = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

export const workloadPodDisruptionBudget: ICheck = {
  id: 'workload-pod-disruption-budget',
  title: 'Replicated workloads have a PodDisruptionBudget selecting their pods',
  description: 'A workload with two or more replicas has a PodDisruptionBudget in its namespace that selects its '
    + 'pods, so voluntary disruptions (drains, upgrades) keep it available.',
  severity: Severity.WARNING,
  controls: [...soc2('CC7.2')],
  kinds: REPLICATED,
  peers: [kubeScore('deployment-has-poddisruptionbudget'), kubeScore('statefulset-has-poddisruptionbudget'), polaris('missingPodDisruptionBudget')],
  evaluate: (object, context) => {
    const pod = podOf(object, REPLICATED);
    if (isOutcome(pod)) return pod;
    const scale = scaleOf(object, context);
    if (typeof scale !== 'string') return scale;
    const namespace = namespaceOf(object);
    // The namespace index, not a walk of every PodDisruptionBudget: this runs once per workload.
    const covered = objectsInNamespace(context, 'PodDisruptionBudget', namespace)
      .some((p) => isObject(p.spec) && matchesLabelSelector(p.spec.selector, pod.metadata.labels));
    if (covered) return pass();
    return fail('no PodDisruptionBudget', `${scale} and no PodDisruptionBudget in namespace ${JSON.stringify(namespace)} selects the pod labels`, pod.specPointer.replace(/\/spec$/, '/metadata/labels'));
  },
};

/** How many replicas the workload runs, as the failure detail says it, or why the check does not apply. */
function scaleOf(object: any, context: ICheckContext): string | CheckOutcome {
  const hpas = autoscalersOf(object, context);
  if (hpas.length > 0) {
    const max = Math.max(0, ...hpas.map(hpaMaxReplicas).filter((m): m is number => m !== undefined));
    if (max < 2) return notApplicable(`autoscaled to at most ${max} replica(s)`);
    return `scaled up to ${max} replicas by HorizontalPodAutoscaler ${JSON.stringify(hpas[0].metadata.name)}`;
  }
  const replicas = isObject(object.spec) ? object.spec.replicas : undefined;
  if (replicas === undefined || replicas === null) return notApplicable('one replica (spec.replicas unset)');
  if (!Number.isInteger(replicas)) return errorOutcome(`spec.replicas is not an integer: ${JSON.stringify(replicas)}`, '/spec/replicas');
  if (replicas < 2) return notApplicable(`${replicas} replica(s)`);
  return `${replicas} replicas`;
}
