/**
 * Applies planned changes to YAML text as minimal edits, so everything the planner does not change
 * keeps its bytes: comments, key order, quoting, flow collections, blank lines.
 *
 * Re-stringifying a parsed document would normalise all of that (the `yaml` library re-spaces
 * comments and flow collections), so each change becomes one text edit found through the parsed
 * document's source ranges: a replaced scalar keeps its quoting style, a new key is written at the
 * end of its map at the map's indentation, a new list item after the list's last item. The document
 * is parsed again after each edit, so changes that share a new parent (two fields of a new
 * securityContext) land in one block.
 */
import * as YAML from 'yaml';
import { pointerTokens } from './pointer';

/** One edit: set the value at a JSON pointer (an index equal to a list's length appends). */
export interface TextEdit {
  readonly path: string;
  readonly after: unknown;
}

/** An edit the text cannot take (an alias on the path), with the pointer where it breaks. */
export class RewriteError extends Error {
  constructor(message: string, public readonly pointer = '') {
    super(message);
    this.name = 'RewriteError';
  }
}

/** Applies edits to the text of one YAML document, in order. */
export function rewriteDocument(text: string, edits: readonly TextEdit[]): string {
  // A Windows file stays one: edits are made on LF text and its line ends restored.
  const crlf = text.includes('\r\n');
  let out = crlf ? text.replace(/\r\n/g, '\n') : text;
  const indentSeq = detectIndentSeq(out);
  for (const edit of edits) out = applyEdit(out, edit, indentSeq);
  return crlf ? out.replace(/\n/g, '\r\n') : out;
}

/** The 1-based line of the deepest node that exists on a pointer, in a parsed document. */
export function lineOf(doc: YAML.Document, pointer: string, counter: YAML.LineCounter): number | undefined {
  return positionOf(doc, pointer, counter)?.line;
}

/** The 1-based line and column of the deepest node that exists on a pointer (a map entry at its key). */
export function positionOf(doc: YAML.Document, pointer: string, counter: YAML.LineCounter): { line: number; col: number } | undefined {
  let node: any = doc.contents;
  let at: number | undefined = node?.range?.[0];
  for (const token of pointerTokens(pointer)) {
    // A map entry is located at its key, so a missing field points at the key of its parent.
    const pair: any = YAML.isMap(node) ? node.items.find((p) => keyOf(p) === token) : undefined;
    const next = pair ? pair.value : YAML.isSeq(node) ? node.items[Number(token)] : undefined;
    const start = pair?.key?.range?.[0] ?? (next as any)?.range?.[0];
    if (start === undefined) break;
    at = start;
    node = next;
  }
  return at === undefined ? undefined : counter.linePos(at);
}

function applyEdit(text: string, edit: TextEdit, indentSeq: boolean): string {
  const doc = YAML.parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  const tokens = pointerTokens(edit.path);
  let node: any = doc.contents;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const last = i === tokens.length - 1;
    if (YAML.isMap(node)) {
      const pair: any = node.items.find((p) => keyOf(p) === token);
      if (!pair) return insertIntoMap(text, node, token, nest(tokens.slice(i + 1), edit.after), indentSeq);
      if (last || pair.value === null || pair.value === undefined) {
        return replaceValue(text, pair, nest(tokens.slice(i + 1), edit.after), indentSeq);
      }
      node = pair.value;
    } else if (YAML.isSeq(node)) {
      const index = Number(token);
      if (index === node.items.length) {
        if (!last) throw new RewriteError(`cannot create ${edit.path}: a new list item must be written whole`);
        return appendToSeq(text, node, edit.after, indentSeq);
      }
      const item: any = node.items[index];
      if (last) return replaceNode(text, item, edit.after, indentSeq);
      node = item;
    } else {
      throw new RewriteError(YAML.isAlias(node)
        ? `cannot harden ${edit.path}: '/${tokens.slice(0, i).join('/')}' is a YAML alias (*${node.source}), shared with other fields; expand the alias and run again`
        : `cannot write ${edit.path}: '/${tokens.slice(0, i).join('/')}' is not a map or list`, `/${tokens.slice(0, i).join('/')}`);
    }
  }
  throw new RewriteError(`cannot write ${edit.path}: the document root is not a map`);
}

function keyOf(pair: any): string | undefined {
  const key = pair?.key;
  if (YAML.isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function nest(tokens: string[], value: unknown): unknown {
  return tokens.reduceRight<unknown>((v, t) => ({ [t]: v }), value);
}

function insertIntoMap(text: string, map: YAML.YAMLMap, key: string, value: unknown, indentSeq: boolean): string {
  if (map.flow) {
    const close = text.lastIndexOf('}', map.range![1] - 1);
    const sep = map.items.length > 0 ? ', ' : '';
    return splice(text, close, 0, `${sep}${flowText(key)}: ${flowText(value)}`);
  }
  const first: any = map.items[0];
  const indent = columnOf(text, first.key.range[0]);
  const lastPair: any = map.items[map.items.length - 1];
  const end = (lastPair.value?.range ?? lastPair.key.range)[1];
  return insertLines(text, end, blockText({ [key]: value }, indent, indentSeq));
}

function appendToSeq(text: string, seq: YAML.YAMLSeq, value: unknown, indentSeq: boolean): string {
  if (seq.flow || seq.items.length === 0) {
    const close = text.lastIndexOf(']', seq.range![1] - 1);
    const sep = seq.items.length > 0 ? ', ' : '';
    return splice(text, close, 0, `${sep}${flowText(value)}`);
  }
  const firstStart = (seq.items[0] as any).range[0];
  const dash = text.lastIndexOf('-', firstStart - 1);
  const indent = columnOf(text, dash);
  const end = (seq.items[seq.items.length - 1] as any).range[1];
  return insertLines(text, end, blockText([value], indent, indentSeq));
}

function replaceValue(text: string, pair: any, value: unknown, indentSeq: boolean): string {
  if (pair.value && pair.value.range && !(YAML.isScalar(pair.value) && pair.value.value === null)) {
    return replaceNode(text, pair.value, value, indentSeq);
  }
  // `key:` with no value: write the value after the colon, in flow style.
  const keyEnd = pair.key.range[1];
  const colon = text.indexOf(':', keyEnd);
  const start = pair.value?.range ? pair.value.range[0] : colon + 1;
  const end = pair.value?.range ? pair.value.range[1] : colon + 1;
  return splice(text, start, end - start, `${text[start - 1] === ' ' ? '' : ' '}${flowText(value)}`);
}

function replaceNode(text: string, node: any, value: unknown, indentSeq: boolean): string {
  const [start, end] = node.range;
  if (YAML.isScalar(node) && (value === null || typeof value !== 'object')) {
    return splice(text, start, end - start, scalarText(value, node.type));
  }
  if (typeof value === 'object' && value !== null && YAML.isCollection(node) && !node.flow) {
    const indent = columnOf(text, start);
    const block = blockText(value, indent, indentSeq).replace(/^ */, '').replace(/\n$/, '');
    return splice(text, start, end - start, text[end - 1] === '\n' ? `${block}\n` : block);
  }
  return splice(text, start, end - start, flowText(value));
}

function scalarText(value: unknown, type: string | undefined): string {
  if (typeof value === 'string' && type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (typeof value === 'string' && type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  return flowText(value);
}

function flowText(value: unknown): string {
  return YAML.stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd();
}

function blockText(value: unknown, indent: number, indentSeq: boolean): string {
  const pad = ' '.repeat(indent);
  return YAML.stringify(value, { indentSeq, lineWidth: 0 })
    .trimEnd().split('\n').map((l) => pad + l).join('\n') + '\n';
}

/** Inserts whole lines after the line holding `end` (so a trailing comment stays on its line). */
function insertLines(text: string, end: number, lines: string): string {
  if (end > 0 && text[end - 1] === '\n') return splice(text, end, 0, lines);
  const nl = text.indexOf('\n', end);
  if (nl === -1) return `${text}\n${lines}`;
  return splice(text, nl + 1, 0, lines);
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function splice(text: string, start: number, deleteCount: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(start + deleteCount);
}

/**
 * Whether the document indents list items under their key (`key:\n  - a`) or not (`key:\n- a`, as
 * kubectl and Helm often print), judged on the first block list; indented when there is none.
 */
export function detectIndentSeq(text: string): boolean {
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const item = /^( *)- /.exec(lines[i]);
    if (!item) continue;
    const key = /^( *)(- )?[^\s#-][^#]*:\s*(#.*)?$/.exec(lines[i - 1]);
    if (!key) continue;
    return item[1].length > key[1].length + (key[2] ? 2 : 0);
  }
  return true;
}
