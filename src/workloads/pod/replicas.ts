import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { constructError, quote } from '../../private/errors';
import * as D from '../defaults';
import { DisruptionBudget } from '../disruption-budget';
import { HardenedPod } from './pod-template';
import { HardenedReplicatedWorkloadProps } from './workload-props';

/** Resolves and validates the replica count (2+ unless the `singleReplica` opt-out). */
export function resolveReplicas(scope: Construct, pod: HardenedPod, props: HardenedReplicatedWorkloadProps): number {
  const replicas = props.replicas ?? (props.singleReplica ? 1 : D.DEFAULT_REPLICAS);
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw constructError(scope, `replicas ${quote(props.replicas)} is not allowed; use an integer >= ${D.MIN_REPLICAS}`);
  }
  if (replicas < D.MIN_REPLICAS && !props.singleReplica) {
    throw constructError(scope, `replicas ${replicas} leaves no pod serving during a drain or crash; use replicas >= ${D.MIN_REPLICAS}, or pass singleReplica: OptOut.because('<why>')`);
  }
  if (props.singleReplica) {
    if (replicas >= D.MIN_REPLICAS) {
      throw constructError(scope, `singleReplica is set but replicas is ${replicas}; remove the opt-out so no stale exception is recorded`);
    }
    pod.warn('SingleReplica', `runs ${replicas} replica: ${props.singleReplica.reason}`);
  }
  return replicas;
}

/** Resolves the disruption budget and throws if it would block every eviction at `replicas`. */
export function resolveDisruptionBudget(scope: Construct, budget: DisruptionBudget | undefined, replicas: number): DisruptionBudget {
  const resolved = budget ?? DisruptionBudget.maxUnavailable(D.DISRUPTION_BUDGET.maxUnavailable);
  const problem = resolved._problem(replicas);
  if (problem) throw constructError(scope, `disruptionBudget ${problem}`);
  return resolved;
}

/** Creates the PodDisruptionBudget (child id `DisruptionBudget`) selecting exactly the pod's replicas. */
export function createDisruptionBudget(scope: Construct, pod: HardenedPod, budget: DisruptionBudget): ApiObject {
  return new ApiObject(scope, 'DisruptionBudget', {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: pod.name, namespace: pod.namespace, labels: { ...pod.labels } },
    spec: {
      [budget.field]: budget.value,
      selector: { matchLabels: { ...pod.selectorLabels } },
      unhealthyPodEvictionPolicy: D.DISRUPTION_BUDGET.unhealthyPodEvictionPolicy,
    },
  });
}
