/**
 * Shared helpers of the Pod Security Standards checks: upstream's message helpers (`pluralize`,
 * `joinQuote`, sorted sets) and a typed reader that judges malformed fields.
 *
 * Malformed input: upstream decodes the pod into Go structs first, so a field of the wrong type
 * (`privileged: "true"`, `hostPort: "80"`, `capabilities: []`) is rejected before any check runs:
 * such a pod can never be admitted. We judge each field where a check reads it: a malformed field
 * that a check restricts fails that check (fail closed) with a `malformed field` detail; a malformed
 * field that could only relax a check (`hostUsers`, `os.name`) is read as absent, which is the
 * stricter reading. `null` is read as absent, as Go's decoder does for pointers.
 */
import { containersOf, CONTAINER_FIELDS } from '../pod-spec';
import { PssCheckOutcome } from './types';

/** `singular` when count is 1, else `plural` (upstream `pluralize`). */
export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `"a", "b"` (upstream `joinQuote`); empty string for no items. */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

/** Sorted, de-duplicated copy in Go byte order (upstream `sets.String.List()`). */
export function sortedSet(items: Iterable<string>): string[] {
  return [...new Set(items)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** Go's `%q` for a string, close enough for messages (JSON escaping). */
export function goQuote(value: string): string {
  return JSON.stringify(value);
}

/** Escapes one JSON pointer reference token (RFC 6901). */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A plain object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

// The type tests of FieldReader, defined once (they run for every field of every pod judged).
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isString = (v: unknown): v is string => typeof v === 'string';
const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/**
 * Reads typed fields and records the ones of the wrong type (see the module comment).
 *
 * Every accessor takes the parent object (possibly undefined), the key and the parent's pointer,
 * and returns undefined for an absent, null or malformed value.
 */
export class FieldReader {
  /** Malformed fields as `<pointer> (expected <type>, got <type>)`, in read order. */
  public readonly malformed: string[] = [];
  /** Pointer of the first malformed field. */
  public firstMalformed: string | undefined;

  /** An object field. */
  public object(parent: Record<string, any> | undefined, key: string, parentPointer: string): Record<string, any> | undefined {
    return this.read(parent, key, parentPointer, 'object', isObject);
  }

  /** An array field; `[]` when absent or malformed. */
  public array(parent: Record<string, any> | undefined, key: string, parentPointer: string): any[] {
    return this.read(parent, key, parentPointer, 'array', Array.isArray) ?? [];
  }

  /** A boolean field. */
  public bool(parent: Record<string, any> | undefined, key: string, parentPointer: string): boolean | undefined {
    return this.read(parent, key, parentPointer, 'boolean', isBoolean);
  }

  /** A string field. */
  public string(parent: Record<string, any> | undefined, key: string, parentPointer: string): string | undefined {
    return this.read(parent, key, parentPointer, 'string', isString);
  }

  /** An integer field. */
  public integer(parent: Record<string, any> | undefined, key: string, parentPointer: string): number | undefined {
    return this.read(parent, key, parentPointer, 'integer', isInteger);
  }

  /** Whether a field is present (neither undefined nor null), whatever its type. */
  public present(parent: Record<string, any> | undefined, key: string): boolean {
    return isObject(parent) && parent[key] !== undefined && parent[key] !== null;
  }

  /** Records a malformed value found by the caller (e.g. a list entry). */
  public flag(pointer: string, expected: string, value: unknown): void {
    this.malformed.push(`${pointer} (expected ${expected}, got ${typeName(value)})`);
    this.firstMalformed ??= pointer;
  }

  private read<T>(
    parent: Record<string, any> | undefined, key: string, parentPointer: string, expected: string, is: (v: unknown) => v is T,
  ): T | undefined {
    if (!isObject(parent)) return undefined;
    const value = parent[key];
    if (value === undefined || value === null) return undefined;
    if (is(value)) return value;
    this.flag(`${parentPointer}/${pointerToken(key)}`, expected, value);
    return undefined;
  }
}

/** One container of the pod, as the checks see it. */
export interface PodContainer {
  /** The container object. */
  readonly container: Record<string, any>;
  /** The name for messages: the container name, or `<index>` when it has none. */
  readonly name: string;
  /** The raw `name` field as Go would decode it (`""` when missing). */
  readonly rawName: string;
  /** JSON pointer, e.g. `/spec/initContainers/0`. */
  readonly pointer: string;
}

/**
 * Every container of the pod spec, init then regular then ephemeral (upstream `visitContainers`),
 * through the shared visitor; container lists or entries of the wrong type are flagged as malformed.
 */
export function visitContainers(spec: Record<string, any>, reader: FieldReader): PodContainer[] {
  const cache = containerCache;
  if (cache && cache.spec === spec && cache.containers) {
    for (const [pointer, expected, value] of cache.flags) reader.flag(pointer, expected, value);
    return cache.containers;
  }
  const flags: Array<[string, string, unknown]> = [];
  for (const field of CONTAINER_FIELDS) {
    const list = spec[field];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      flags.push([`/spec/${field}`, 'array', list]);
      continue;
    }
    list.forEach((entry, index) => {
      if (entry !== null && !isObject(entry)) flags.push([`/spec/${field}/${index}`, 'object', entry]);
    });
  }
  for (const [pointer, expected, value] of flags) reader.flag(pointer, expected, value);
  const containers = visitedContainers(spec);
  if (cache && cache.spec === spec) {
    cache.flags = flags;
    cache.containers = containers;
  }
  return containers;
}

/**
 * While one pod is judged by every check of a level (`withContainerCache`), its container list is
 * built once and shared by the checks (they only read it); outside, each call builds its own.
 */
let containerCache: { spec: unknown; flags: Array<[string, string, unknown]>; containers?: PodContainer[] } | undefined;

/** Runs `f` with the containers of `spec` computed once for every `visitContainers` call on it. */
export function withContainerCache<T>(spec: unknown, f: () => T): T {
  const previous = containerCache;
  containerCache = { spec, flags: [] };
  try {
    return f();
  } finally {
    containerCache = previous;
  }
}

function visitedContainers(spec: Record<string, any>): PodContainer[] {
  return containersOf(spec, '/spec').map((ref) => ({
    container: ref.container,
    name: ref.name,
    rawName: typeof ref.container.name === 'string' ? ref.container.name : '',
    pointer: ref.pointer,
  }));
}

/** The pod's volumes with their names and pointers; malformed entries flagged and skipped. */
export function visitVolumes(spec: Record<string, any>, reader: FieldReader): { volume: Record<string, any>; name: string; pointer: string }[] {
  const out: { volume: Record<string, any>; name: string; pointer: string }[] = [];
  reader.array(spec, 'volumes', '/spec').forEach((volume, index) => {
    const pointer = `/spec/volumes/${index}`;
    if (volume === null) return;
    if (!isObject(volume)) {
      reader.flag(pointer, 'object', volume);
      return;
    }
    out.push({ volume, name: typeof volume.name === 'string' ? volume.name : `<${index}>`, pointer });
  });
  return out;
}

/** Whether `spec.os.name` is `windows` (a malformed value reads as absent: no exemption). */
export function isWindowsPod(spec: Record<string, any>): boolean {
  return isObject(spec.os) && spec.os.name === 'windows';
}

/** Whether the pod runs in a user namespace (`spec.hostUsers: false`; anything else reads as host users). */
export function isUserNamespacePod(spec: Record<string, any>): boolean {
  return spec.hostUsers === false;
}

/** The allowed outcome. */
export const ALLOWED: PssCheckOutcome = { allowed: true };

/**
 * Builds a check outcome: allowed when there is no violation and nothing malformed; otherwise
 * `reason` with the violation detail and the malformed fields, located at the first offence.
 */
export function outcome(reason: string, detail: string | undefined, location: string | undefined, reader: FieldReader): PssCheckOutcome {
  if (detail === undefined && reader.malformed.length === 0) return ALLOWED;
  const parts: string[] = [];
  if (detail !== undefined) parts.push(detail);
  if (reader.malformed.length > 0) {
    parts.push(`malformed ${pluralize('field', 'fields', reader.malformed.length)} ${reader.malformed.join(', ')}`);
  }
  return { allowed: false, reason, detail: parts.join('; '), location: location ?? reader.firstMalformed };
}
