/**
 * Extracts the pod field paths a Rego check reads, from its text, in the rule model's notation
 * (`spec.{containers,initContainers,ephemeralContainers}[*].securityContext.privileged`,
 * `metadata.annotations[container.apparmor.security.beta.kubernetes.io/*]`), so the conformance
 * suite can prove that each Rego implementation reads exactly the fields of the model's CEL.
 *
 * This is not a Rego parser: it understands the conventions `rego-pss.ts` is written in (rules
 * separated by blank lines; reads as dotted paths from `pod_spec`, `pod_metadata`, `container`,
 * `volume`, `containers`, or from locals bound by `x := <path>`, `some x in <path>` and
 * `some k, v in <path>`), and reports each read as a path. Paths are compared as leaves: trailing
 * `[*]` is dropped, a path that is a prefix of another read (e.g. the `securityContext` object
 * whose `runAsNonRoot` is read) does not count on its own, and iterating the containers is not a
 * field read (names, read with `object.get` for messages and annotation keys, are identity).
 */

/** The model's notation for "every container, init and ephemeral included". */
export const CONTAINER_PATH = 'spec.{containers,initContainers,ephemeralContainers}';

/** Names bound in every rule: the prelude's bindings and the conventional parameter names. */
const GLOBAL_BINDINGS: { readonly [name: string]: string } = {
  pod_spec: 'spec',
  pod_metadata: 'metadata',
  containers: CONTAINER_PATH,
  container: `${CONTAINER_PATH}[*]`,
  volume: 'spec.volumes[*]',
};

/** Marks a binding whose reads are not field reads (a map key, or an annotation value already counted). */
const OPAQUE = '\u0000';

interface Chain {
  readonly head: string;
  readonly path: string;
  readonly end: number;
}

function stripComments(text: string): string {
  return text.split('\n').map((line) => {
    let inString = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (ch === '\\' && inString) { i++; continue; }
      if (ch === '"') inString = !inString;
      if (ch === '#' && !inString) return line.slice(0, i);
    }
    return line;
  }).join('\n');
}

function matchingBracket(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') {
        i++;
      } else if (ch === '"') {
        inString = false;
      }
      continue;
    }
    if (ch === '"') {
      inString = true;
    } else if (ch === '[' || ch === '(' || ch === '{') {
      depth++;
    } else if (ch === ']' || ch === ')' || ch === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return text.length - 1;
}

function bracketSegment(inner: string): string {
  const literal = /^\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(inner);
  if (literal) return `[${JSON.parse(`"${literal[1]}"`)}]`;
  const prefix = /^\s*concat\(\s*""\s*,\s*\[\s*"((?:[^"\\]|\\.)*)"/.exec(inner);
  if (prefix) return `[${JSON.parse(`"${prefix[1]}"`)}*]`;
  return '[*]';
}

/** Every reference chain `ident(.ident|[...])*` in a text, with its raw segments. */
function chains(text: string): Array<{ head: string; segments: string[]; start: number; end: number }> {
  const out: Array<{ head: string; segments: string[]; start: number; end: number }> = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      i = skipString(text, i);
      continue;
    }
    if (/[A-Za-z_]/.test(ch) && (i === 0 || !/[A-Za-z0-9_.]/.test(text[i - 1]))) {
      const start = i;
      let j = i;
      while (j < text.length && /[A-Za-z0-9_]/.test(text[j])) j++;
      const head = text.slice(i, j);
      const segments: string[] = [];
      for (;;) {
        if (text[j] === '.' && /[A-Za-z_]/.test(text[j + 1] ?? '')) {
          let k = j + 1;
          while (k < text.length && /[A-Za-z0-9_]/.test(text[k])) k++;
          segments.push(`.${text.slice(j + 1, k)}`);
          j = k;
        } else if (text[j] === '[') {
          const close = matchingBracket(text, j);
          segments.push(bracketSegment(text.slice(j + 1, close)));
          j = close + 1;
        } else {
          break;
        }
      }
      out.push({ head, segments, start, end: j });
      i = j;
      continue;
    }
    i++;
  }
  return out;
}

function skipString(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] === '\\') { i++; continue; }
    if (text[i] === '"') return i + 1;
  }
  return text.length;
}

function resolveChain(text: string, bindings: Map<string, string>): Chain | undefined {
  const found = chains(text).find((c) => c.start === 0 || text.slice(0, c.start).trim() === '');
  if (!found) return undefined;
  const base = bindings.get(found.head);
  if (base === undefined || base === OPAQUE) return undefined;
  return { head: found.head, path: base + found.segments.join(''), end: found.end };
}

/**
 * The field paths one Rego text reads, normalized (see the module comment), sorted.
 */
export function regoFieldPaths(rego: string): string[] {
  const reads = new Set<string>();
  const blocks = stripComments(rego).split(/\n\s*\n/);
  for (const block of blocks) {
    const bindings = new Map<string, string>(Object.entries(GLOBAL_BINDINGS));
    const iterations: Array<{ key: string; base: string; prefix?: string }> = [];
    for (const rawLine of block.split('\n')) {
      const line = rawLine.trim();
      const some2 = /^some\s+([A-Za-z_]\w*)\s*,\s*([A-Za-z_]\w*)\s+in\s+(.+)$/.exec(line);
      if (some2) {
        const c = resolveChain(some2[3], bindings);
        if (c) {
          reads.add(c.path);
          iterations.push({ key: some2[1], base: c.path });
          bindings.set(some2[1], OPAQUE);
          bindings.set(some2[2], OPAQUE);
          continue;
        }
      }
      const some1 = /^some\s+([A-Za-z_]\w*)\s+in\s+(.+)$/.exec(line);
      if (some1) {
        const c = resolveChain(some1[2], bindings);
        if (c) {
          reads.add(c.path);
          bindings.set(some1[1], `${c.path}[*]`);
          continue;
        }
      }
      const assign = /^([A-Za-z_]\w*)\s*:=\s*(.+)$/.exec(line);
      if (assign) {
        const c = resolveChain(assign[2], bindings);
        if (c && assign[2].slice(c.end).trim() === '') {
          reads.add(c.path);
          bindings.set(assign[1], c.path);
          continue;
        }
      }
      for (const m of line.matchAll(/startswith\(\s*([A-Za-z_]\w*)\s*,\s*"((?:[^"\\]|\\.)*)"\s*\)/g)) {
        const it = iterations.find((x) => x.key === m[1]);
        if (it) it.prefix = JSON.parse(`"${m[2]}"`);
      }
      for (const c of chains(line)) {
        const base = bindings.get(c.head);
        if (base === undefined || base === OPAQUE) continue;
        reads.add(base + c.segments.join(''));
      }
    }
    for (const it of iterations) reads.add(`${it.base}[${it.prefix !== undefined ? `${it.prefix}*` : '*'}]`);
  }
  // Iterating the containers (e.g. to build an annotation key from a container's name) reads no field.
  return normalizeFieldPaths([...reads]).filter((p) => p !== CONTAINER_PATH);
}

/**
 * Normalizes field paths for comparison: trailing `[*]` dropped, duplicates removed, and paths that
 * are a prefix of another path (`spec.securityContext` of `spec.securityContext.runAsNonRoot`)
 * removed; sorted.
 */
export function normalizeFieldPaths(paths: readonly string[]): string[] {
  const trimmed = [...new Set(paths.map((p) => p.replace(/(\[\*\])+$/, '')))];
  const leaves = trimmed.filter((p) => !trimmed.some((q) => q !== p && (q.startsWith(`${p}.`) || q.startsWith(`${p}[`))));
  return leaves.sort();
}
