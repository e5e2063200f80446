/**
 * What the objects of a set refer to, resolved within the set: the pods a selector selects, the
 * HorizontalPodAutoscalers that scale a workload, the ConfigMaps and Secrets present in a namespace.
 *
 * Shared by the dangling-reference, scaling and disruption checks, so "is X in the input?" has one
 * answer. Lookups go through the context's kind and namespace index and are cached per evaluation.
 */
import { ICheckContext } from './check';
import { cachedIn } from './context';
import { podTemplateOf, POD_BEARING_KINDS } from './pod-spec';
import { namespaceOf, objectsInNamespace, selectedBy, selectsAny } from './selectors';

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The metadata.name of an object, or undefined. */
export function nameOf(object: unknown): string | undefined {
  const name = isObject(object) && isObject(object.metadata) ? object.metadata.name : undefined;
  return typeof name === 'string' && name.length > 0 ? name : undefined;
}

/** A pod-bearing object of a namespace with its pod labels. */
export interface PodOwner {
  /** The Pod, Deployment, StatefulSet, ... */
  readonly object: any;
  /** Its pod (template) labels. */
  readonly labels: Record<string, unknown>;
}

/** Every pod-bearing object of a namespace with its pod labels, in kind order then input order. */
export function podOwnersIn(namespace: string, context: ICheckContext): PodOwner[] {
  return cachedIn(context, `references.podOwners\u0000${namespace}`, () => POD_BEARING_KINDS.flatMap((kind) =>
    objectsInNamespace(context, kind, namespace).map((object) => {
      const template = podTemplateOf(object);
      return { object, labels: template && isObject(template.metadata.labels) ? template.metadata.labels : {} };
    })));
}

/** The pod-bearing objects of a namespace whose pods a label selector selects. */
export function podOwnersSelectedBy(selector: unknown, namespace: string, context: ICheckContext): PodOwner[] {
  return selectedBy(selector, podOwnersIn(namespace, context), labelsOfOwner);
}

/** Whether a label selector selects the pods of any pod-bearing object of a namespace. */
export function anyPodOwnerSelectedBy(selector: unknown, namespace: string, context: ICheckContext): boolean {
  return selectsAny(selector, podOwnersIn(namespace, context), labelsOfOwner);
}

function labelsOfOwner(owner: PodOwner): Record<string, unknown> {
  return owner.labels;
}

/** `kind/name` of a reference, e.g. `Deployment/api`. */
export function describeRef(kind: string, name: string): string {
  return `${kind}/${name}`;
}

/** The HorizontalPodAutoscalers of the set that scale this workload (same namespace, kind and name). */
export function autoscalersOf(workload: unknown, context: ICheckContext): any[] {
  const name = nameOf(workload);
  if (!name || !isObject(workload)) return [];
  return objectsInNamespace(context, 'HorizontalPodAutoscaler', namespaceOf(workload)).filter((h) => {
    const ref = isObject(h.spec) && isObject(h.spec.scaleTargetRef) ? h.spec.scaleTargetRef : undefined;
    return ref !== undefined && ref.kind === workload.kind && ref.name === name;
  });
}

/** An HPA's minReplicas as the API server defaults it (1 when unset), or undefined when malformed. */
export function hpaMinReplicas(hpa: any): number | undefined {
  const min = isObject(hpa?.spec) ? hpa.spec.minReplicas : undefined;
  if (min === undefined || min === null) return 1;
  return Number.isInteger(min) ? min : undefined;
}

/** An HPA's maxReplicas, or undefined when missing or malformed. */
export function hpaMaxReplicas(hpa: any): number | undefined {
  const max = isObject(hpa?.spec) ? hpa.spec.maxReplicas : undefined;
  return Number.isInteger(max) ? max : undefined;
}

/**
 * ConfigMaps every namespace has without anyone writing them: the cluster CA bundle published by
 * the root-CA controller (`kube-root-ca.crt`, which projected ServiceAccount token volumes read) and
 * OpenShift's service CA bundle.
 */
export const BUILT_IN_CONFIGMAPS: readonly string[] = ['kube-root-ca.crt', 'openshift-service-ca.crt'];

/** Whether a ConfigMap of that name is in the namespace (or is one every namespace has). */
export function configMapPresent(name: string, namespace: string, context: ICheckContext): boolean {
  if (BUILT_IN_CONFIGMAPS.includes(name)) return true;
  return objectsInNamespace(context, 'ConfigMap', namespace).some((c) => nameOf(c) === name);
}

/**
 * The name of the Secret an ExternalSecret writes: `spec.target.name`, defaulting to the
 * ExternalSecret's own name (as the External Secrets operator does).
 */
export function externalSecretTarget(externalSecret: any): string | undefined {
  const target = isObject(externalSecret?.spec) && isObject(externalSecret.spec.target) ? externalSecret.spec.target.name : undefined;
  return typeof target === 'string' && target.length > 0 ? target : nameOf(externalSecret);
}

/**
 * Objects that write a Secret of their namespace, with the name of the Secret they write: External
 * Secrets' ExternalSecret, Bitnami's SealedSecret (`spec.template.metadata.name`, default its own
 * name) and cert-manager's Certificate (`spec.secretName`).
 */
const SECRET_WRITERS: ReadonlyArray<[string, (o: any) => string | undefined]> = [
  ['ExternalSecret', externalSecretTarget],
  ['SealedSecret', (o) => {
    const named = isObject(o?.spec) && isObject(o.spec.template) && isObject(o.spec.template.metadata) ? o.spec.template.metadata.name : undefined;
    return typeof named === 'string' && named.length > 0 ? named : nameOf(o);
  }],
  ['Certificate', (o) => (isObject(o?.spec) && typeof o.spec.secretName === 'string' ? o.spec.secretName : undefined)],
];

/** Whether a Secret of that name is in the namespace, written directly or by an ExternalSecret, SealedSecret or Certificate. */
export function secretPresent(name: string, namespace: string, context: ICheckContext): boolean {
  if (objectsInNamespace(context, 'Secret', namespace).some((s) => nameOf(s) === name)) return true;
  return SECRET_WRITERS.some(([kind, target]) => objectsInNamespace(context, kind, namespace).some((o) => target(o) === name));
}

/** Whether an object of that kind and name is in the namespace. */
export function objectPresent(kind: string, name: string, namespace: string, context: ICheckContext): boolean {
  return objectsInNamespace(context, kind, namespace).some((o) => nameOf(o) === name);
}
