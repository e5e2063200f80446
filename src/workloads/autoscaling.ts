import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { constructError, quote } from '../private/errors';
import { OptOut } from '../warnings';
import * as D from './defaults';
import { DisruptionBudget } from './disruption-budget';
import { HardenedWorkload } from './hardened-workload';
import { HardenedPod } from './pod/pod-template';

/**
 * Options of `autoscale()` (an `autoscaling/v2` HorizontalPodAutoscaler).
 *
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
export interface AutoscalingOptions {
  /**
   * The most replicas (more than `minReplicas`).
   */
  readonly maxReplicas: number;

  /**
   * The fewest replicas.
   *
   * @default 2
   */
  readonly minReplicas?: number;

  /**
   * Allows `minReplicas: 1`.
   *
   * Security note: at the minimum, every node drain or crash is then an outage.
   *
   * @default - minReplicas below 2 throw
   */
  readonly singleReplicaMinimum?: OptOut;

  /**
   * Target average cpu utilization, in percent of the cpu request.
   *
   * @default 70 when no memory target is given; none otherwise
   */
  readonly cpuUtilizationPercent?: number;

  /**
   * Target average memory utilization, in percent of the memory request.
   *
   * @default - none
   */
  readonly memoryUtilizationPercent?: number;
}

/**
 * Creates the HPA (child id `Autoscaler`) for a scalable kplus workload, removes its fixed replicas
 * and checks that the PodDisruptionBudget still allows an eviction at the minimum.
 *
 * @internal
 */
export function createAutoscaler(scope: HardenedWorkload, pod: HardenedPod, target: kplus.Deployment | kplus.StatefulSet,
  budget: DisruptionBudget, options: AutoscalingOptions): ApiObject {
  if (scope.node.tryFindChild('Autoscaler')) {
    throw constructError(scope, 'autoscale() was already called; one HorizontalPodAutoscaler per workload');
  }
  const min = options.minReplicas ?? D.AUTOSCALING.minReplicas;
  if (!Number.isInteger(min) || min < 1) {
    throw constructError(scope, `autoscale minReplicas ${quote(options.minReplicas)} is not allowed; use an integer >= ${D.AUTOSCALING.minReplicas}`);
  }
  if (min < D.AUTOSCALING.minReplicas && !options.singleReplicaMinimum) {
    throw constructError(scope, `autoscale minReplicas ${min} leaves no pod serving during a drain or crash at the minimum; use minReplicas >= ${D.AUTOSCALING.minReplicas}, or pass singleReplicaMinimum: OptOut.because('<why>')`);
  }
  if (options.singleReplicaMinimum) {
    if (min >= D.AUTOSCALING.minReplicas) {
      throw constructError(scope, `autoscale singleReplicaMinimum is set but minReplicas is ${min}; remove the opt-out so no stale exception is recorded`);
    }
    pod.warn('SingleReplicaMinimum', `autoscales down to ${min} replica: ${options.singleReplicaMinimum.reason}`);
  }
  if (!Number.isInteger(options.maxReplicas) || options.maxReplicas <= min) {
    throw constructError(scope, `autoscale maxReplicas ${quote(options.maxReplicas)} is not above minReplicas ${min}; use an integer > ${min} (or no autoscaler)`);
  }
  for (const [name, value] of [['cpuUtilizationPercent', options.cpuUtilizationPercent], ['memoryUtilizationPercent', options.memoryUtilizationPercent]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > 100)) {
      throw constructError(scope, `autoscale ${name} ${quote(value)} is not allowed; use an integer from 1 to 100`);
    }
  }
  const problem = budget._problem(min);
  if (problem) throw constructError(scope, `disruptionBudget ${problem} (at the autoscaler's minReplicas)`);

  const cpu = options.cpuUtilizationPercent ?? (options.memoryUtilizationPercent === undefined ? D.AUTOSCALING.cpuUtilizationPercent : undefined);
  const metric = (name: string, percent: number) => ({
    type: 'Resource',
    resource: { name, target: { type: 'Utilization', averageUtilization: percent } },
  });
  const metrics = [
    ...(cpu !== undefined ? [metric('cpu', cpu)] : []),
    ...(options.memoryUtilizationPercent !== undefined ? [metric('memory', options.memoryUtilizationPercent)] : []),
  ];
  target.markHasAutoscaler();
  return new kplus.k8s.KubeHorizontalPodAutoscalerV2(scope, 'Autoscaler', {
    metadata: { name: pod.name, namespace: pod.namespace, labels: { ...pod.labels } },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: ApiObject.of(target).kind, name: pod.name },
      minReplicas: min,
      maxReplicas: options.maxReplicas,
      metrics,
    },
  });
}
