/**
 * Building blocks of the workload checks: the controller families, the HPA that owns a workload's
 * scale, and the container subsets a check walks.
 *
 * Not a check itself; kept beside `support.ts` so each check file stays its policy plus a few lines.
 */
import { ICheckContext } from '../check';
import { ContainerRef } from '../pod-spec';
import { namespaceOf, objectsInNamespace } from '../selectors';
import { isObject, PodView } from './support';

/** Controllers that keep `spec.replicas` copies of one pod. */
export const REPLICATED_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

/** Long-running kinds (their containers may have readiness and liveness probes). */
export const LONG_RUNNING_KINDS: readonly string[] = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController'];

/** Kinds that run a Job's pods: Job, and CronJob through its jobTemplate. */
export const JOB_KINDS: readonly string[] = ['Job', 'CronJob'];

/**
 * The HorizontalPodAutoscaler of the object's namespace whose `scaleTargetRef` names it (kind and
 * name; the API group of `apiVersion`, when both sides give one), or undefined.
 */
export function scalingAutoscaler(object: any, context: ICheckContext): any {
  const name = isObject(object.metadata) ? object.metadata.name : undefined;
  if (typeof name !== 'string' || name === '') return undefined;
  const group = apiGroup(object.apiVersion);
  return objectsInNamespace(context, 'HorizontalPodAutoscaler', namespaceOf(object)).find((hpa) => {
    const ref = isObject(hpa?.spec) && isObject(hpa.spec.scaleTargetRef) ? hpa.spec.scaleTargetRef : undefined;
    if (!ref || ref.kind !== object.kind || ref.name !== name) return false;
    return typeof ref.apiVersion !== 'string' || group === undefined || apiGroup(ref.apiVersion) === group;
  });
}

/** The API group of an apiVersion (`''` for core `v1`), or undefined when it is not a string. */
export function apiGroup(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** The regular and init containers of a pod (ephemeral debug containers are added later, by hand). */
export function podContainers(pod: PodView): ContainerRef[] {
  return pod.containers.filter((c) => c.field !== 'ephemeralContainers');
}

/** The Job spec of a Job, or of a CronJob's jobTemplate, with its JSON pointer; undefined for other kinds. */
export function jobSpecOf(object: any): { spec: any; pointer: string } | undefined {
  if (!isObject(object)) return undefined;
  const spec = isObject(object.spec) ? object.spec : {};
  if (object.kind === 'Job') return { spec, pointer: '/spec' };
  if (object.kind === 'CronJob') {
    const template = isObject(spec.jobTemplate) ? spec.jobTemplate : {};
    return { spec: isObject(template.spec) ? template.spec : {}, pointer: '/spec/jobTemplate/spec' };
  }
  return undefined;
}
