/**
 * Applies Polaris mutations (JSON-patch-like operations with `*` wildcards) to a manifest object.
 *
 * Polaris's `mutation.ApplyAllMutations` edits the YAML tree: `add`/`replace` create missing
 * intermediate maps, `remove` deletes the addressed key (every element for a `*` segment) and is a
 * no-op when the key is absent.
 */
type Obj = Record<string, unknown>;

/** One mutation operation. */
export interface Mutation { readonly op: string; readonly path: string; readonly value?: unknown }

function segments(p: string): string[] {
  return p.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function apply(node: unknown, segs: string[], op: string, value: unknown): void {
  if (node === null || typeof node !== 'object') return;
  const [head, ...rest] = segs;
  const container = node as Obj & unknown[];
  const keys = head === '*' ? Object.keys(container) : [head];
  for (const key of keys) {
    if (rest.length === 0) {
      if (op === 'remove') {
        if (Array.isArray(container)) container.splice(Number(key), 1);
        else delete container[key];
      } else if (op === 'add' || op === 'replace') {
        if (Array.isArray(container) && key === '-') container.push(structuredClone(value));
        else (container as Obj)[key] = structuredClone(value);
      } else {
        throw new Error(`unsupported mutation op ${op}`);
      }
      continue;
    }
    let child = (container as Obj)[key];
    if ((child === undefined || child === null) && op !== 'remove') {
      child = {};
      (container as Obj)[key] = child;
    }
    apply(child, rest, op, value);
  }
}

/** Returns a copy of `object` with the mutations applied in order. */
export function applyMutations(object: Obj, mutations: readonly Mutation[]): Obj {
  const copy = structuredClone(object);
  for (const m of mutations) apply(copy, segments(m.path), m.op, m.value);
  return copy;
}
