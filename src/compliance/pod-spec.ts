/**
 * The one visitor over pod-bearing objects and their containers.
 *
 * Every check that looks at pods goes through here, so none can forget a kind (CronJob's nested
 * template) or a container list (init and ephemeral containers).
 */

/** Kinds that carry a pod spec, directly (Pod) or in a template. */
export const POD_BEARING_KINDS: readonly string[] = [
  'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob',
];

/** Workload kinds whose pods are long-running controllers' replicas (a subset of pod-bearing kinds). */
export const WORKLOAD_KINDS: readonly string[] = POD_BEARING_KINDS.filter((k) => k !== 'Pod');

/** The pod metadata and spec of a pod-bearing object, with the JSON pointer of the pod spec. */
export interface PodTemplate {
  /** Pod metadata (template metadata for controllers); `{}` when absent. */
  readonly metadata: any;
  /** The pod spec; `{}` when absent. */
  readonly spec: any;
  /** JSON pointer of the pod spec inside the object, e.g. `/spec/template/spec`. */
  readonly specPointer: string;
  /** JSON pointer of the pod metadata inside the object. */
  readonly metadataPointer: string;
}

/** The container lists of a pod spec, in the order upstream Pod Security Admission visits them. */
export const CONTAINER_FIELDS: readonly string[] = ['initContainers', 'containers', 'ephemeralContainers'];

/** One container of a pod spec with its place. */
export interface ContainerRef {
  /** The container object as written. */
  readonly container: any;
  /** `containers`, `initContainers` or `ephemeralContainers`. */
  readonly field: string;
  /** Index within its list. */
  readonly index: number;
  /** JSON pointer of the container inside the object. */
  readonly pointer: string;
  /** The container name, or `<index>` when missing. */
  readonly name: string;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether the object is one of the pod-bearing kinds. */
export function isPodBearing(object: unknown): boolean {
  return isObject(object) && typeof object.kind === 'string' && POD_BEARING_KINDS.includes(object.kind);
}

/**
 * The pod template of a pod-bearing object, or undefined for any other object.
 *
 * Missing or malformed intermediate fields yield `{}` rather than a throw: checks judge what is
 * there, exactly as admission judges the object it is sent.
 */
export function podTemplateOf(object: unknown): PodTemplate | undefined {
  if (!isPodBearing(object)) return undefined;
  const o = object as Record<string, any>;
  if (o.kind === 'Pod') {
    return { metadata: objectOr(o.metadata), spec: objectOr(o.spec), specPointer: '/spec', metadataPointer: '/metadata' };
  }
  if (o.kind === 'CronJob') {
    const template = objectOr(objectOr(objectOr(objectOr(o.spec).jobTemplate).spec).template);
    return {
      metadata: objectOr(template.metadata),
      spec: objectOr(template.spec),
      specPointer: '/spec/jobTemplate/spec/template/spec',
      metadataPointer: '/spec/jobTemplate/spec/template/metadata',
    };
  }
  const template = objectOr(objectOr(o.spec).template);
  return { metadata: objectOr(template.metadata), spec: objectOr(template.spec), specPointer: '/spec/template/spec', metadataPointer: '/spec/template/metadata' };
}

/** Every container of a pod spec: init, regular, then ephemeral; entries that are not objects are skipped. */
export function containersOf(spec: any, specPointer = ''): ContainerRef[] {
  const out: ContainerRef[] = [];
  if (!isObject(spec)) return out;
  for (const field of CONTAINER_FIELDS) {
    const list = spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((container, index) => {
      if (!isObject(container)) return;
      out.push({
        container,
        field,
        index,
        pointer: `${specPointer}/${field}/${index}`,
        name: typeof container.name === 'string' ? container.name : `<${index}>`,
      });
    });
  }
  return out;
}

function objectOr(value: unknown): Record<string, any> {
  return isObject(value) ? value : {};
}
