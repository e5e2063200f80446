/**
 * JSON pointers (RFC 6901) as the planner writes them, and their application to plain JSON.
 */

/** Escapes one pointer token. */
export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The tokens of a pointer (`/a/b~1c` -> `['a', 'b/c']`). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at a pointer, or undefined when any step is missing. */
export function getPointer(object: unknown, pointer: string): unknown {
  let value: any = object;
  for (const token of pointerTokens(pointer)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = value[Array.isArray(value) ? Number(token) : token];
  }
  return value;
}

/**
 * Sets the value at a pointer, creating missing objects on the way (never arrays: the planner writes
 * a whole array where none exists, and appends at index `length` where one does).
 */
export function setPointer(object: Record<string, any>, pointer: string, value: unknown): void {
  const tokens = pointerTokens(pointer);
  let target: any = object;
  for (const token of tokens.slice(0, -1)) {
    const key = Array.isArray(target) ? Number(token) : token;
    if (target[key] === null || typeof target[key] !== 'object') target[key] = {};
    target = target[key];
  }
  const last = tokens[tokens.length - 1];
  target[Array.isArray(target) ? Number(last) : last] = clone(value);
}

/** A deep copy of plain JSON. */
export function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}
