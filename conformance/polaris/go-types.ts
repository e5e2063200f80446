/**
 * Reproduces what Polaris's Go code does to a pod spec / container / pod before a check sees it.
 *
 * Polaris decodes pod specs, containers and Pods into the typed `k8s.io/api/core/v1` structs and
 * marshals them back to JSON (`SerializePodSpec`, `CheckObject`). That round trip drops `null`
 * values, empty strings, empty maps/slices and zero-valued non-pointer fields (`omitempty`),
 * renders quantities as strings and always emits `resources: {}` on a container. A check such as
 * `hostPortSet` (`hostPort: const 0`) or `hostIPCSet` depends on this, so we mirror it here.
 *
 * Scope: the fields of PodSpec, Container, Pod and their nested types. Decoding into the typed
 * structs also drops fields the types do not have (e.g. `allowPrivilegeEscalation` written at pod
 * level): `configureTypedRoundTrip` loads the Kubernetes core/v1 OpenAPI schemas so unknown fields
 * are pruned the same way. Quantity strings are kept as written (Polaris checks only test presence
 * and type).
 */

type Schemas = Record<string, Record<string, unknown>>;
let typedSchemas: Schemas | undefined;

/** Registers the core/v1 OpenAPI component schemas used to prune unknown fields (the typed decode). */
export function configureTypedRoundTrip(componentSchemas: Schemas): void {
  typedSchemas = componentSchemas;
}

function resolveSchema(schema: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  let current = schema;
  for (let i = 0; current && i < 10; i++) {
    const single = Array.isArray(current.allOf) && current.allOf.length === 1 ? (current.allOf[0] as Record<string, unknown>) : undefined;
    const ref = (current.$ref ?? single?.$ref) as string | undefined;
    if (!ref) return current;
    current = typedSchemas?.[ref.replace('#/components/schemas/', '')];
  }
  return current;
}

function prune(value: unknown, schema: Record<string, unknown> | undefined): unknown {
  const s = resolveSchema(schema);
  if (!s || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = s.items as Record<string, unknown> | undefined;
    return items ? value.map((v) => prune(v, items)) : value;
  }
  const obj = value as Record<string, unknown>;
  const props = s.properties as Record<string, Record<string, unknown>> | undefined;
  const additional = s.additionalProperties as Record<string, unknown> | undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (props) {
      if (!(k in props)) continue; // the typed decode silently drops unknown fields
      out[k] = prune(v, props[k]);
    } else if (additional && typeof additional === 'object') {
      out[k] = prune(v, additional);
    } else {
      out[k] = v;
    }
  }
  return out;
}

function typed(value: Record<string, unknown>, type: string): Record<string, unknown> {
  if (!typedSchemas) return value;
  return prune(value, { $ref: `#/components/schemas/io.k8s.api.core.v1.${type}` }) as Record<string, unknown>;
}

/** Pointer-typed bools: Go keeps an explicit `false`. */
const POINTER_BOOLS = new Set([
  'automountServiceAccountToken', 'shareProcessNamespace', 'enableServiceLinks', 'setHostnameAsFQDN', 'hostUsers',
  'privileged', 'runAsNonRoot', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'hostProcess', 'optional',
]);

/** Non-pointer ints with `omitempty`: Go drops an explicit 0. */
const OMITEMPTY_INTS = new Set([
  'hostPort', 'initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold',
]);

/** Pointer-typed strings: Go keeps an explicit "". */
const POINTER_STRINGS = new Set([
  'runtimeClassName', 'preemptionPolicy', 'procMount', 'localhostProfile', 'gmsaCredentialSpecName',
  'gmsaCredentialSpec', 'runAsUserName',
]);

/** Map-typed fields holding quantities. */
const QUANTITY_MAPS = new Set(['limits', 'requests', 'overhead']);

/** Formats a number as Kubernetes's canonical quantity string would for plain decimal values. */
function quantityString(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const milli = Math.round(n * 1000);
  return Math.abs(milli - n * 1000) < 1e-9 ? `${milli}m` : String(n);
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function normalizeValue(key: string, value: unknown, parentKey: string): unknown | undefined {
  if (value === null || value === undefined) return undefined;
  if (QUANTITY_MAPS.has(parentKey) && typeof value === 'number') return quantityString(value);
  if (key === 'sizeLimit' && typeof value === 'number') return quantityString(value);
  if (typeof value === 'boolean') return value === false && !POINTER_BOOLS.has(key) ? undefined : value;
  if (typeof value === 'number') return value === 0 && OMITEMPTY_INTS.has(key) ? undefined : value;
  if (typeof value === 'string') return value === '' && !POINTER_STRINGS.has(key) ? undefined : value;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    return value.map((item) => (isMap(item) ? normalizeObject(item, key) : item));
  }
  if (isMap(value)) {
    const out = normalizeObject(value, key);
    // Maps (labels, selectors, resource lists) are omitted when empty; pointer structs are kept as {}.
    const isGoMap = ['labels', 'annotations', 'nodeSelector', 'matchLabels', 'limits', 'requests', 'overhead'].includes(key);
    if (isGoMap && Object.keys(out).length === 0) return undefined;
    return out;
  }
  return value;
}

function normalizeObject(obj: Record<string, unknown>, selfKey: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    const n = normalizeValue(k, v, selfKey);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

/** A container as Polaris sees it after the typed round trip (`resources` is always present). */
export function roundTripContainer(container: Record<string, unknown>): Record<string, unknown> {
  const out = normalizeObject(typed(container, 'Container'), 'container');
  if (!('resources' in out)) out.resources = {};
  return out;
}

/** A pod spec as Polaris sees it after the typed round trip. */
export function roundTripPodSpec(spec: Record<string, unknown>): Record<string, unknown> {
  const out = normalizeObject(typed(spec, 'PodSpec'), 'spec');
  for (const key of ['containers', 'initContainers', 'ephemeralContainers']) {
    if (Array.isArray(out[key])) out[key] = (out[key] as Array<Record<string, unknown>>).map(roundTripContainer);
  }
  // `containers` has no omitempty: an empty list marshals as null.
  if (!('containers' in out)) out.containers = null;
  return out;
}

/** A Pod as Polaris stores it (decoded into corev1.Pod and marshalled back). */
export function roundTripPod(input: Record<string, unknown>): Record<string, unknown> {
  const pod = typed(input, 'Pod');
  const out: Record<string, unknown> = {};
  for (const key of ['kind', 'apiVersion']) if (typeof pod[key] === 'string' && pod[key] !== '') out[key] = pod[key];
  const metadata = normalizeObject(isMap(pod.metadata) ? pod.metadata : {}, 'metadata');
  metadata.creationTimestamp = null;
  out.metadata = metadata;
  out.spec = roundTripPodSpec(isMap(pod.spec) ? pod.spec : {});
  out.status = isMap(pod.status) ? normalizeObject(pod.status, 'status') : {};
  return out;
}
