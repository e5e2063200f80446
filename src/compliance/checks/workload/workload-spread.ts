/**
 * workload-spread: replicated pods are spread over nodes or zones.
 *
 * Restricted: spec.topologySpreadConstraints and spec.affinity.podAntiAffinity of the pod template of
 * Deployments, StatefulSets, ReplicaSets and ReplicationControllers that run two or more replicas (or
 * are scaled by a HorizontalPodAutoscaler). Required: a topology spread constraint, or a required or
 * preferred pod anti-affinity term, whose labelSelector selects the pod's own labels (a rule about
 * other pods spreads nothing). Without one, the scheduler may put every replica on one node or zone,
 * and one failure takes them all.
 */
import { ICheck, Severity } from '../../check';
import { kubeLinter, kubeScore, polaris } from '../../peers/catalog';
import { matchesLabelSelector } from '../../selectors';
import { fail, isObject, isOutcome, notApplicable, pass, podOf, soc2 } from '../support';
import { REPLICATED_KINDS, scalingAutoscaler } from '../workload-support';

function selectorsOf(spec: any): unknown[] {
  const out: unknown[] = [];
  for (const c of Array.isArray(spec.topologySpreadConstraints) ? spec.topologySpreadConstraints : []) {
    if (isObject(c)) out.push(c.labelSelector);
  }
  const anti = isObject(spec.affinity) && isObject(spec.affinity.podAntiAffinity) ? spec.affinity.podAntiAffinity : {};
  const required = anti.requiredDuringSchedulingIgnoredDuringExecution;
  for (const term of Array.isArray(required) ? required : []) {
    if (isObject(term)) out.push(term.labelSelector);
  }
  const preferred = anti.preferredDuringSchedulingIgnoredDuringExecution;
  for (const weighted of Array.isArray(preferred) ? preferred : []) {
    if (isObject(weighted) && isObject(weighted.podAffinityTerm)) out.push(weighted.podAffinityTerm.labelSelector);
  }
  return out;
}

export const workloadSpread: ICheck = {
  id: 'workload-spread',
  title: 'Replicated pods are spread over nodes or zones',
  description: 'A workload with two or more replicas (or an autoscaler) has a topologySpreadConstraint or a pod '
    + 'anti-affinity term selecting its own pods, so one node or zone failure cannot take every replica.',
  severity: Severity.WARNING,
  controls: [...soc2('CC7.2', 'CC9.1')],
  kinds: [...REPLICATED_KINDS],
  peers: [
    kubeScore('deployment-has-host-podantiaffinity', 'ours also accepts a topology spread constraint instead of host anti-affinity'),
    kubeScore('statefulset-has-host-podantiaffinity', 'ours also accepts a topology spread constraint instead of host anti-affinity'),
    kubeScore('pod-topology-spread-constraints', 'kube-score validates the constraints that are set; ours requires one that selects the pods'),
    kubeLinter('no-anti-affinity', 'ours also accepts a topology spread constraint instead of anti-affinity'),
    polaris('topologySpreadConstraint', 'ours also accepts pod anti-affinity instead of a spread constraint'),
  ],
  evaluate: (object, context) => {
    const pod = podOf(object, REPLICATED_KINDS);
    if (isOutcome(pod)) return pod;
    const replicas = isObject(object.spec) ? object.spec.replicas : undefined;
    if (!scalingAutoscaler(object, context) && !(Number.isInteger(replicas) && replicas >= 2)) {
      return notApplicable('one replica and no autoscaler');
    }
    const selectors = selectorsOf(pod.spec);
    if (selectors.some((s) => matchesLabelSelector(s, pod.metadata.labels))) return pass();
    const detail = selectors.length === 0
      ? 'no topologySpreadConstraints and no podAntiAffinity; spread the pods over topology.kubernetes.io/zone or kubernetes.io/hostname'
      : 'no topologySpreadConstraint or podAntiAffinity term selects the pod\'s own labels; use the pod template labels in its labelSelector';
    return fail('replicas not spread', detail, pod.specPointer);
  },
};
