/**
 * workload-pod-disruption-budget: replicated workloads are covered by a PodDisruptionBudget.
 *
 * Restricted: Deployments, StatefulSets, ReplicaSets and ReplicationControllers with
 * spec.replicas >= 2. Required: a PodDisruptionBudget in the same namespace whose selector selects
 * the pod template's labels. Without one, a node drain or cluster upgrade may evict every replica at
 * once. Workloads with one replica (or replicas unset: 1) do not apply.
 */
import { ICheck, Severity } from '../../check';
import { kubeScore, polaris } from '../../peers/catalog';
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
    const replicas = isObject(object.spec) ? object.spec.replicas : undefined;
    if (replicas === undefined || replicas === null) return notApplicable('one replica (spec.replicas unset)');
    if (!Number.isInteger(replicas)) return errorOutcome(`spec.replicas is not an integer: ${JSON.stringify(replicas)}`, '/spec/replicas');
    if (replicas < 2) return notApplicable(`${replicas} replica(s)`);
    const namespace = namespaceOf(object);
    // The namespace index, not a walk of every PodDisruptionBudget: this runs once per workload.
    const covered = objectsInNamespace(context, 'PodDisruptionBudget', namespace)
      .some((p) => isObject(p.spec) && matchesLabelSelector(p.spec.selector, pod.metadata.labels));
    if (covered) return pass();
    return fail('no PodDisruptionBudget', `${replicas} replicas and no PodDisruptionBudget in namespace ${JSON.stringify(namespace)} selects the pod labels`, pod.specPointer.replace(/\/spec$/, '/metadata/labels'));
  },
};
