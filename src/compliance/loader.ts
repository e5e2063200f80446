/**
 * Reads Kubernetes manifests from files, directories and stdin into objects with their refs.
 *
 * Inputs are what users have lying around: cdk8s `dist/`, Helm and kustomize output, `kubectl get -o
 * yaml` dumps. So the loader:
 * - accepts files and directories (recursive `*.yaml` / `*.yml`, in sorted order) and `-` for stdin;
 * - reads multi-document YAML with the fast `js-yaml` parser and YAML 1.2 core scalars (no
 *   timestamps: `2024-01-01` stays a string, as it does when the API server reads it);
 * - computes each document's start line by scanning for `---` markers, which is cheap; only when the
 *   scan disagrees with the parser does it re-parse the file with `yaml`, which keeps positions;
 * - reports a syntax error as an {@link InputError} `file:line:col: reason` instead of throwing a
 *   parser stack;
 * - never crashes on odd documents: empty and non-object documents are returned as skipped, with a
 *   reason;
 * - expands `kind: List` and typed lists (`DeploymentList`, `PodList`: any kind ending in `List` with
 *   an `items` array, what the API returns) into their items; an item without `apiVersion` or `kind`
 *   (typed lists omit them) takes the list's. Each item keeps the list's file and document index and
 *   gets its own line and column, found by a scan of the list's lines (only lists pay for it), with
 *   the position-keeping parser as the fallback when the scan and the parser disagree.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as jsyaml from 'js-yaml';
import * as YAML from 'yaml';
import { ObjectRef, SkippedObject } from './check';

/** The file name used for standard input. */
export const STDIN = '-';

/** An input the user must fix: a missing path, unreadable file or malformed YAML, with its position. */
export class InputError extends Error {
  /**
   * @param reason what is wrong
   * @param file the file, `-` for stdin
   * @param line 1-based line, when known
   * @param column 1-based column, when known
   */
  constructor(
    public readonly reason: string,
    public readonly file?: string,
    public readonly line?: number,
    public readonly column?: number,
  ) {
    super(`${formatPosition(file, line, column)}${reason}`);
    this.name = 'InputError';
  }
}

function formatPosition(file?: string, line?: number, column?: number): string {
  if (file === undefined) return '';
  if (line === undefined) return `${file}: `;
  return column === undefined ? `${file}:${line}: ` : `${file}:${line}:${column}: `;
}

/** What the loader read. */
export interface LoadResult {
  /** The objects, in input order (files in order, documents in order, List items in order). */
  readonly objects: any[];
  /** One ref per object, same order: file, 0-based document index, 1-based start line, kind, name. */
  readonly refs: ObjectRef[];
  /** Documents that are not objects (empty, scalars, arrays), with the reason. */
  readonly skipped: SkippedObject[];
  /** The files read, in order (`-` for stdin). */
  readonly files: string[];
}

/** Options of {@link loadPaths}. */
export interface LoadOptions {
  /** Reads standard input. @default - {@link readStdinSync} */
  readonly readStdin?: () => string;
  /** Called after each file with the count done and the total, for progress display. */
  readonly onFile?: (done: number, total: number, file: string) => void;
}

/**
 * Expands paths into the list of files to read: files as given, directories recursively
 * (`*.yaml` and `*.yml` only, sorted by path), `-` as is.
 *
 * @throws InputError when a path does not exist or a directory holds no YAML file
 */
export function collectFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (p === STDIN) {
      out.push(STDIN);
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new InputError(`path '${p}' does not exist; pass YAML files, directories or '-' for stdin`);
    }
    if (stat.isDirectory()) {
      const found: string[] = [];
      walk(p, found, new Set());
      if (found.length === 0) {
        throw new InputError(`directory '${p}' contains no *.yaml or *.yml file`);
      }
      out.push(...found.sort(comparePaths));
    } else {
      out.push(p);
    }
  }
  return out;
}

function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function walk(dir: string, out: string[], seen: Set<string>): void {
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch {
    return;
  }
  if (seen.has(real)) return; // a symlink loop
  seen.add(real);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const s = fs.statSync(full);
        isDir = s.isDirectory();
        isFile = s.isFile();
      } catch {
        continue; // dangling link
      }
    }
    if (isDir) walk(full, out, seen);
    else if (isFile && /\.ya?ml$/i.test(entry.name)) out.push(full);
  }
}

/**
 * Loads every document of the given paths.
 *
 * @throws InputError on a missing path, an unreadable file or malformed YAML
 */
export function loadPaths(paths: string[], options: LoadOptions = {}): LoadResult {
  const files = collectFiles(paths.length === 0 ? [STDIN] : paths);
  const objects: any[] = [];
  const refs: ObjectRef[] = [];
  const skipped: SkippedObject[] = [];
  files.forEach((file, i) => {
    const text = file === STDIN ? (options.readStdin ?? readStdinSync)() : readFile(file);
    const result = loadYamlText(text, file);
    objects.push(...result.objects);
    refs.push(...result.refs);
    skipped.push(...result.skipped);
    options.onFile?.(i + 1, files.length, file);
  });
  return { objects, refs, skipped, files };
}

/**
 * Reads all of standard input, however large and however slowly it arrives.
 *
 * `fs.readFileSync(0)` fails with EAGAIN when the pipe is non-blocking and momentarily empty: Node
 * makes it non-blocking as soon as anything touches `process.stdin`, and kubectl or helm write in
 * bursts. So this reads fd 0 in a loop and waits a little on EAGAIN instead of failing; the end of
 * input is the only stop.
 *
 * @throws InputError when standard input cannot be read
 */
export function readStdinSync(): string {
  return readFdSync(0, STDIN);
}

const CHUNK = 1024 * 1024;
const EAGAIN_WAIT_MS = 5;

function readFdSync(fd: number, name: string): string {
  const chunks: Buffer[] = [];
  let buffer = Buffer.allocUnsafe(CHUNK);
  let used = 0;
  let waiter: Int32Array | undefined;
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, buffer, used, buffer.length - used, null);
    } catch (e: any) {
      if (e?.code === 'EAGAIN') {
        waiter ??= new Int32Array(new SharedArrayBuffer(4));
        Atomics.wait(waiter, 0, 0, EAGAIN_WAIT_MS);
        continue;
      }
      if (e?.code === 'EOF') break; // Windows reports the end of a pipe this way
      throw new InputError(`cannot read standard input: ${e?.code ?? e?.message ?? e}`, name);
    }
    if (n === 0) break;
    used += n;
    if (used === buffer.length) {
      chunks.push(buffer);
      buffer = Buffer.allocUnsafe(CHUNK);
      used = 0;
    }
  }
  chunks.push(buffer.subarray(0, used));
  return Buffer.concat(chunks).toString('utf8');
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e: any) {
    throw new InputError(`cannot read file: ${e?.code ?? e?.message ?? e}`, file);
  }
}

/**
 * Parses one multi-document YAML text.
 *
 * @param text the YAML
 * @param file the name to put in refs and errors
 * @throws InputError with `file:line:col` on malformed YAML
 */
export function loadYamlText(text: string, file: string): LoadResult {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let documents: unknown[];
  try {
    documents = jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA, filename: file }) as unknown[];
  } catch (e) {
    throw syntaxError(e, text, file);
  }
  let lines = documentStartLines(text);
  if (lines.length !== documents.length) lines = documentStartLinesSlow(text, documents.length);

  const objects: any[] = [];
  const refs: ObjectRef[] = [];
  const skipped: SkippedObject[] = [];
  let lineStarts: number[] | undefined;
  documents.forEach((doc, index) => {
    const line = lines[index];
    const notObject = describeNonObject(doc);
    if (notObject !== undefined) {
      skipped.push({ object: { apiVersion: '', kind: '', name: '', file, index, line }, reason: notObject });
      return;
    }
    const o = doc as Record<string, any>;
    if (isList(o)) {
      lineStarts ??= lineOffsets(text);
      const positions = listItemPositions(text, lineStarts, line, lines[index + 1], o.items.length)
        ?? listItemPositionsSlow(text, index, o.items.length);
      const itemKind = o.kind === 'List' ? undefined : o.kind.slice(0, -'List'.length);
      o.items.forEach((item: unknown, itemIndex: number) => {
        const at = positions?.[itemIndex];
        const itemLine = at?.line ?? line;
        const itemProblem = describeNonObject(item);
        if (itemProblem !== undefined) {
          skipped.push({ object: { apiVersion: '', kind: '', name: '', file, index, line: itemLine }, reason: `${o.kind} item ${itemIndex}: ${itemProblem}` });
          return;
        }
        const typed = item as Record<string, any>;
        if (itemKind !== undefined && typed.kind === undefined) typed.kind = itemKind;
        if (itemKind !== undefined && typed.apiVersion === undefined && typeof o.apiVersion === 'string') typed.apiVersion = o.apiVersion;
        objects.push(typed);
        refs.push(refOf(typed, file, index, itemLine, at?.column));
      });
      return;
    }
    objects.push(o);
    refs.push(refOf(o, file, index, line));
  });
  return { objects, refs, skipped, files: [file] };
}

/** `kind: List` or a typed list (`PodList`, `DeploymentList`, ...) with an `items` array. */
function isList(o: Record<string, any>): o is Record<string, any> & { kind: string; items: unknown[] } {
  return typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items);
}

/** A 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Offsets of the start of each line (index 0 is line 1). */
function lineOffsets(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

const ITEMS_KEY = /^items:[ \t]*(?:#.*)?$/;

/**
 * Where each item of a List document starts, by scanning its lines: after the top-level `items:`
 * line, every `-` at the items' indentation starts an item (block scalars and continuation lines of
 * an item are indented deeper, so they cannot). The position is the item's first content (the `-`'s
 * value, or the next content line when the `-` stands alone).
 *
 * Undefined when the scan does not find exactly `count` items (flow style, unusual layout): the
 * caller then asks the position-keeping parser.
 */
export function listItemPositions(
  text: string, lineStarts: number[], firstLine: number, nextDocLine: number | undefined, count: number,
): Position[] | undefined {
  const last = nextDocLine !== undefined ? nextDocLine - 1 : lineStarts.length;
  const lineText = (n: number): string => {
    const begin = lineStarts[n - 1];
    const end = n < lineStarts.length ? lineStarts[n] - 1 : text.length;
    const l = text.slice(begin, end);
    return l.endsWith('\r') ? l.slice(0, -1) : l;
  };
  let n = firstLine;
  while (n <= last && !ITEMS_KEY.test(lineText(n))) n++;
  if (n > last) return undefined;
  const out: Position[] = [];
  let indent = -1;
  let dangling = false; // a `-` alone on its line: the item starts at the next content line
  for (n++; n <= last; n++) {
    const l = lineText(n);
    const trimmed = l.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const at = l.length - trimmed.length;
    if (dangling) {
      out.push({ line: n, column: at + 1 });
      dangling = false;
      continue;
    }
    if (indent < 0) indent = at;
    if (at < indent || (at === indent && !isItemDash(trimmed))) break;
    if (at > indent) continue;
    const value = trimmed.slice(1).trimStart();
    if (value === '' || value.startsWith('#')) dangling = true;
    else out.push({ line: n, column: at + 1 + (trimmed.length - value.length) });
  }
  return out.length === count && !dangling ? out : undefined;
}

function isItemDash(trimmed: string): boolean {
  return trimmed.startsWith('-') && (trimmed.length === 1 || trimmed[1] === ' ' || trimmed[1] === '\t');
}

/** Item positions of the List at document `index`, from the `yaml` parser (slower; keeps positions). */
function listItemPositionsSlow(text: string, index: number, count: number): Position[] | undefined {
  const counter = new YAML.LineCounter();
  const docs = YAML.parseAllDocuments(text, { lineCounter: counter });
  const doc = (Array.isArray(docs) ? docs : [docs])[index];
  const items = doc?.contents && YAML.isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
  if (!YAML.isSeq(items) || items.items.length !== count) return undefined;
  return items.items.map((item: any) => {
    const pos = counter.linePos(item?.range?.[0] ?? 0);
    return { line: pos.line, column: pos.col };
  });
}

function describeNonObject(doc: unknown): string | undefined {
  if (doc === null || doc === undefined) return 'empty document';
  if (Array.isArray(doc)) return 'document is a sequence, not a Kubernetes object';
  if (typeof doc !== 'object') return `document is a ${typeof doc} scalar, not a Kubernetes object`;
  return undefined;
}

/** The ObjectRef of an object read from a file. Tolerates any field type. */
export function refOf(o: Record<string, any>, file?: string, index?: number, line?: number, column?: number): ObjectRef {
  const metadata = isObject(o.metadata) ? o.metadata : {};
  const ref: { -readonly [K in keyof ObjectRef]: ObjectRef[K] } = {
    apiVersion: typeof o.apiVersion === 'string' ? o.apiVersion : '',
    kind: typeof o.kind === 'string' ? o.kind : '',
    name: typeof metadata.name === 'string' ? metadata.name : '',
  };
  if (typeof metadata.namespace === 'string') ref.namespace = metadata.namespace;
  if (file !== undefined) ref.file = file;
  if (index !== undefined) ref.index = index;
  if (line !== undefined) ref.line = line;
  if (column !== undefined) ref.column = column;
  return ref;
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const MARKER = /^---(?:[ \t]|$)/;
const END = /^\.\.\.(?:[ \t]|$)/;

/**
 * 1-based start line of each document, by scanning for `---` and `...` markers.
 *
 * A `---` at column 0 always starts a document (YAML forbids it inside scalars). A document's line is
 * its first content line (comments and blank lines skipped), or the marker line when content follows
 * the marker on the same line.
 */
export function documentStartLines(text: string): number[] {
  const starts: number[] = [];
  let inDoc = false;
  let pendingMarker = -1; // index of a marker whose document has no content line yet
  // Lines as `text.split(/\r?\n/)` gives them, without allocating the lines a document's body
  // is made of: inside a document only `---` and `...` lines matter, and a first character tells.
  for (let i = 0, begin = 0; begin <= text.length; i++) {
    let end = text.indexOf('\n', begin);
    const terminated = end >= 0;
    if (!terminated) end = text.length;
    const first = text.charCodeAt(begin);
    const skip = inDoc && pendingMarker < 0 && first !== 0x2d /* - */ && first !== 0x2e /* . */;
    const lineStart = begin;
    begin = end + 1;
    if (skip) continue;
    let l = text.slice(lineStart, end);
    if (terminated && l.endsWith('\r')) l = l.slice(0, -1);
    if (MARKER.test(l)) {
      if (pendingMarker >= 0) starts.push(pendingMarker + 1);
      inDoc = true;
      const rest = l.slice(3).trim();
      if (rest !== '' && !rest.startsWith('#')) {
        starts.push(i + 1);
        pendingMarker = -1;
      } else {
        pendingMarker = i;
      }
      continue;
    }
    if (END.test(l)) {
      if (pendingMarker >= 0) starts.push(pendingMarker + 1);
      pendingMarker = -1;
      inDoc = false;
      continue;
    }
    const content = l.trim() !== '' && !l.trimStart().startsWith('#');
    if (!content) continue;
    if (pendingMarker >= 0) {
      starts.push(i + 1);
      pendingMarker = -1;
    } else if (!inDoc && !l.startsWith('%')) {
      starts.push(i + 1);
      inDoc = true;
    }
  }
  if (pendingMarker >= 0) starts.push(pendingMarker + 1);
  return starts;
}

/** Start lines from the `yaml` parser (slower; keeps positions), padded to the expected count. */
function documentStartLinesSlow(text: string, count: number): number[] {
  const counter = new YAML.LineCounter();
  const docs = YAML.parseAllDocuments(text, { lineCounter: counter });
  const list = Array.isArray(docs) ? docs : [docs];
  const starts = list.map((d) => {
    const offset = d.contents?.range?.[0] ?? d.range[0];
    return counter.linePos(offset).line;
  });
  return starts.length === count ? starts : [];
}

function syntaxError(e: any, text: string, file: string): InputError {
  const mark = e?.mark;
  if (mark && typeof mark.line === 'number') {
    return new InputError(e.reason ?? 'malformed YAML', file, mark.line + 1, (mark.column ?? 0) + 1);
  }
  // No position from js-yaml: ask the position-keeping parser.
  const counter = new YAML.LineCounter();
  for (const doc of YAML.parseAllDocuments(text, { lineCounter: counter }) as any[]) {
    const err = doc.errors?.[0];
    if (err) {
      const pos = err.linePos?.[0] ?? counter.linePos(err.pos[0]);
      return new InputError(String(err.message).split('\n')[0], file, pos.line, pos.col);
    }
  }
  return new InputError(`malformed YAML: ${e?.message ?? e}`, file);
}
