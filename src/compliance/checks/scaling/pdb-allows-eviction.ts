/**
 * pdb-allows-eviction: PodDisruptionBudgets leave room for at least one voluntary eviction.
 *
 * Restricted: PodDisruptionBudget.spec.maxUnavailable and spec.minAvailable against the workloads it
 * selects. Refused: `maxUnavailable: 0` or `"0%"`; `minAvailable: "100%"`; an integer `minAvailable`
 * at or above the replicas of a selected Deployment, StatefulSet, ReplicaSet or ReplicationController
 * (its spec.replicas, 1 when unset, or, when a HorizontalPodAutoscaler scales it, the autoscaler's
 * minReplicas, the size it runs at under low load). Such a budget blocks every node drain and cluster
 * upgrade until someone deletes it. Percentages below 100% always leave room once rounded.
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { autoscalersOf, hpaMinReplicas, nameOf, podOwnersSelectedBy } from '../../references';
import { namespaceOf } from '../../selectors';
import { errorOutcome, fail, isObject, isSet, notApplicable, pass, peer, soc2 } from '../support';

const SCALABLE = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

export const pdbAllowsEviction: ICheck = {
  id: 'pdb-allows-eviction',
  title: 'PodDisruptionBudgets allow at least one eviction (no maxUnavailable 0, no minAvailable at the replica count)',
  description: 'A budget of maxUnavailable 0, minAvailable 100%, or a minAvailable at or above the replicas (or the '
    + 'autoscaler\'s minimum) refuses every eviction: node drains and cluster upgrades hang until it is deleted.',
  severity: Severity.WARNING,
  peers: [
    peer(PeerTool.POLARIS, 'pdbDisruptionsIsZero'),
    peer(PeerTool.POLARIS, 'pdbMinAvailableGreaterThanHPAMinReplicas', 'Polaris judges the Deployment; ours the budget'),
    peer(PeerTool.KUBE_LINTER, 'pdb-max-unavailable'),
    peer(PeerTool.KUBE_LINTER, 'pdb-min-available'),
  ],
  controls: [...soc2('CC9.1')],
  kinds: ['PodDisruptionBudget'],
  evaluate: (object, context) => {
    if (!isObject(object)) return errorOutcome('object is not a map');
    const spec = isObject(object.spec) ? object.spec : {};
    const { maxUnavailable, minAvailable } = spec;
    if (maxUnavailable === 0 || maxUnavailable === '0%' || maxUnavailable === '0') {
      return fail('no eviction allowed', `spec.maxUnavailable is ${JSON.stringify(maxUnavailable)}: every eviction is refused; allow at least 1`, '/spec/maxUnavailable');
    }
    if (minAvailable === '100%') {
      return fail('no eviction allowed', 'spec.minAvailable is "100%": every eviction is refused; use a lower percentage or maxUnavailable: 1', '/spec/minAvailable');
    }
    if (!Number.isInteger(minAvailable)) return isSet(minAvailable) || isSet(maxUnavailable) ? pass() : notApplicable('no budget (pdb-has-budget)');
    const blocked: string[] = [];
    for (const owner of podOwnersSelectedBy(spec.selector, namespaceOf(object), context)) {
      const workload = owner.object;
      if (!SCALABLE.includes(workload.kind)) continue;
      const hpa = autoscalersOf(workload, context)[0];
      const size = hpa ? hpaMinReplicas(hpa) : replicasOf(workload);
      if (size === undefined || minAvailable < size) continue;
      blocked.push(hpa
        ? `${workload.kind} ${JSON.stringify(nameOf(workload))} scales down to ${size} (HorizontalPodAutoscaler ${JSON.stringify(nameOf(hpa))})`
        : `${workload.kind} ${JSON.stringify(nameOf(workload))} runs ${size}`);
    }
    if (blocked.length === 0) return pass();
    return fail('no eviction allowed', `spec.minAvailable ${minAvailable} leaves no pod to evict: ${blocked.join(', ')}; `
      + 'lower it below the replicas or use maxUnavailable: 1', '/spec/minAvailable');
  },
};

/** spec.replicas, 1 when unset, undefined when malformed. */
function replicasOf(workload: any): number | undefined {
  const replicas = isObject(workload.spec) ? workload.spec.replicas : undefined;
  if (replicas === undefined || replicas === null) return 1;
  return Number.isInteger(replicas) ? replicas : undefined;
}
