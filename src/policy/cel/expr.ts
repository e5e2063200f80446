/**
 * Small builders for the CEL the rules are written in.
 *
 * Admission engines hand the object to CEL as a map: reading an absent field is an error, so every
 * read is guarded by `has()` on each step of its path (`present`), and a value is compared only
 * behind its guard (`fieldIs`).
 */

/** The pod spec, bound by the model's binding variables. */
export const SPEC = 'variables.podSpec';
/** The pod (template) metadata, `{}` when absent. */
export const META = 'variables.podMeta';
/** Init, regular and ephemeral containers, in that order. */
export const CONTAINERS = 'variables.containers';

/** `has(b.x) && has(b.x.y) && ...` for a dotted path below `base`. */
export function present(base: string, path: string): string {
  const steps = path.split('.');
  const out: string[] = [];
  let at = base;
  for (const s of steps) {
    at = `${at}.${s}`;
    out.push(`has(${at})`);
  }
  return out.join(' && ');
}

/** `(<path present> && base.path <comparison>)`, e.g. `fieldIs(c, 'securityContext.privileged', '== true')`. */
export function fieldIs(base: string, path: string, comparison: string): string {
  return `(${present(base, path)} && ${base}.${path} ${comparison})`;
}

/** A CEL string literal. */
export function str(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A CEL list of string literals. */
export function strList(values: readonly string[]): string {
  return `[${values.map(str).join(', ')}]`;
}

/** Joins conjuncts, parenthesised. */
export function and(...terms: string[]): string {
  const t = terms.filter((x) => x.length > 0);
  if (t.length === 0) return 'true';
  return t.length === 1 ? t[0] : t.map((x) => `(${x})`).join(' && ');
}

/** Joins disjuncts, parenthesised. */
export function or(...terms: string[]): string {
  const t = terms.filter((x) => x.length > 0);
  if (t.length === 0) return 'false';
  return t.length === 1 ? t[0] : t.map((x) => `(${x})`).join(' || ');
}
