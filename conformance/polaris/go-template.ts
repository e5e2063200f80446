/**
 * A small interpreter for the subset of Go's text/template that Polaris check files use.
 *
 * Polaris runs every `schema`/`schemaString`/`additionalSchemaStrings` through Go's text/template
 * (with the `hasPrefix`/`hasSuffix` helpers) before parsing it as YAML/JSON. To evaluate the checks
 * faithfully we reproduce Go's semantics where they matter:
 *  - a missing map key is Go's "invalid value" (`undefined` here): it prints as `<no value>`, is
 *    false in `if`, and chained field access on it stays invalid without error;
 *  - a present `null` is a nil interface (`null` here): it prints `<nil>`, and field access on it
 *    is an error ("nil pointer evaluating interface {}.x"), as in Go;
 *  - truthiness follows Go (zero values, empty maps/slices/strings are false);
 *  - `eq`/`ne` compare basic kinds and never error when one side is invalid;
 *  - `range` over a map iterates keys in sorted order;
 *  - `{{-` / `-}}` trim surrounding whitespace; `{{/* *\/}}` are comments;
 *  - `:=` declares a variable in the current block scope, `=` assigns to the nearest declaration.
 *
 * Supported actions: output, if / else if / else / end, range (with `$k, $v :=`), variable
 * declaration and assignment, and the functions not, and, or, eq, ne, lt, le, gt, ge, len, index,
 * print, hasPrefix, hasSuffix. Anything else throws, so an unsupported template is never silently
 * mis-evaluated.
 */

type Value = unknown;

interface TextNode { readonly type: 'text'; readonly text: string }
interface OutputNode { readonly type: 'output'; readonly pipe: Expr }
interface AssignNode { readonly type: 'assign'; readonly name: string; readonly declare: boolean; readonly pipe: Expr }
interface IfNode { readonly type: 'if'; readonly cond: Expr; readonly then: Node[]; readonly otherwise: Node[] }
interface RangeNode {
  readonly type: 'range';
  readonly keyVar?: string;
  readonly valueVar?: string;
  readonly over: Expr;
  readonly body: Node[];
  readonly otherwise: Node[];
}
type Node = TextNode | OutputNode | AssignNode | IfNode | RangeNode;

type Expr =
  | { readonly kind: 'literal'; readonly value: Value }
  | { readonly kind: 'field'; readonly base: 'dot' | { readonly variable: string } | Expr; readonly path: string[] }
  | { readonly kind: 'call'; readonly fn: string; readonly args: Expr[] };

/** An error raised while executing a template, like Go's `template: ...: error calling ...`. */
export class GoTemplateError extends Error {}

// ---------------------------------------------------------------- lexing of actions

interface RawAction { readonly text: string; readonly trimLeft: boolean; readonly trimRight: boolean }
type Piece = { readonly text: string } | { readonly action: RawAction };

function splitPieces(src: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      pieces.push({ text: src.slice(i) });
      break;
    }
    pieces.push({ text: src.slice(i, open) });
    let j = open + 2;
    const trimLeft = src.startsWith('- ', j) || src.startsWith('-\t', j) || src.startsWith('-\n', j);
    if (trimLeft) j += 2;
    // Find the closing delimiter, skipping quoted strings and comments.
    let k = j;
    let body = '';
    if (src.startsWith('/*', k)) {
      const endComment = src.indexOf('*/', k + 2);
      if (endComment < 0) throw new GoTemplateError('unclosed comment');
      k = endComment + 2;
      body = '';
    }
    while (k < src.length && !src.startsWith('}}', k) && !src.startsWith(' -}}', k)) {
      const c = src[k];
      if (c === '"' || c === '`') {
        const end = findStringEnd(src, k);
        body += src.slice(k, end);
        k = end;
      } else {
        body += c;
        k++;
      }
    }
    let trimRight = false;
    if (src.startsWith(' -}}', k)) {
      trimRight = true;
      k += 4;
    } else if (src.startsWith('}}', k)) {
      k += 2;
    } else {
      throw new GoTemplateError('unclosed action');
    }
    pieces.push({ action: { text: body.trim(), trimLeft, trimRight } });
    i = k;
  }
  // Apply trim markers to the neighbouring text.
  const out: Piece[] = [];
  for (let p = 0; p < pieces.length; p++) {
    const piece = pieces[p];
    if ('text' in piece) {
      let text = piece.text;
      const prev = pieces[p - 1];
      const next = pieces[p + 1];
      if (prev && 'action' in prev && prev.action.trimRight) text = text.replace(/^[ \t\r\n]+/, '');
      if (next && 'action' in next && next.action.trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
      out.push({ text });
    } else {
      out.push(piece);
    }
  }
  return out;
}

function findStringEnd(src: string, start: number): number {
  const quote = src[start];
  let k = start + 1;
  while (k < src.length && src[k] !== quote) {
    if (quote === '"' && src[k] === '\\') k++;
    k++;
  }
  if (k >= src.length) throw new GoTemplateError('unterminated string');
  return k + 1;
}

type Token =
  | { readonly t: 'string' | 'number' | 'bool' | 'nil'; readonly value: Value }
  | { readonly t: 'field'; readonly path: string[] }
  | { readonly t: 'var'; readonly name: string; readonly path: string[] }
  | { readonly t: 'ident'; readonly name: string }
  | { readonly t: 'punct'; readonly p: '(' | ')' | ',' | ':=' | '=' | '|' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fieldChain = (): string[] => {
    const path: string[] = [];
    while (text[i] === '.' && /[A-Za-z_]/.test(text[i + 1] ?? '')) {
      i++;
      const m = /^[A-Za-z0-9_]+/.exec(text.slice(i))!;
      path.push(m[0]);
      i += m[0].length;
    }
    return path;
  };
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"' || c === '`') {
      const end = findStringEnd(text, i);
      const raw = text.slice(i, end);
      tokens.push({ t: 'string', value: c === '"' ? JSON.parse(raw) : raw.slice(1, -1) });
      i = end;
      continue;
    }
    if (text.startsWith(':=', i)) { tokens.push({ t: 'punct', p: ':=' }); i += 2; continue; }
    if (c === '(' || c === ')' || c === ',' || c === '=' || c === '|') {
      tokens.push({ t: 'punct', p: c });
      i++;
      continue;
    }
    if (c === '.') {
      if (!/[A-Za-z_]/.test(text[i + 1] ?? '')) { tokens.push({ t: 'field', path: [] }); i++; continue; }
      tokens.push({ t: 'field', path: fieldChain() });
      continue;
    }
    if (c === '$') {
      const m = /^\$[A-Za-z0-9_]*/.exec(text.slice(i))!;
      i += m[0].length;
      tokens.push({ t: 'var', name: m[0], path: fieldChain() });
      continue;
    }
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) { tokens.push({ t: 'number', value: Number(num[0]) }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (id) {
      i += id[0].length;
      if (id[0] === 'true' || id[0] === 'false') tokens.push({ t: 'bool', value: id[0] === 'true' });
      else if (id[0] === 'nil') tokens.push({ t: 'nil', value: null });
      else tokens.push({ t: 'ident', name: id[0] });
      continue;
    }
    throw new GoTemplateError(`unexpected character ${JSON.stringify(c)} in action {{${text}}}`);
  }
  return tokens;
}

class ExprParser {
  private pos = 0;
  constructor(private readonly tokens: Token[], private readonly source: string) {}

  get done(): boolean { return this.pos >= this.tokens.length; }
  peek(): Token | undefined { return this.tokens[this.pos]; }
  next(): Token {
    const tok = this.tokens[this.pos++];
    if (!tok) throw new GoTemplateError(`unexpected end of action {{${this.source}}}`);
    return tok;
  }

  /** pipeline := command ; pipes (`|`) are not used by Polaris checks and are rejected. */
  pipeline(): Expr {
    const cmd = this.command();
    const tok = this.peek();
    if (tok && tok.t === 'punct' && tok.p === '|') throw new GoTemplateError(`pipelines are not supported: {{${this.source}}}`);
    return cmd;
  }

  private command(): Expr {
    const first = this.peek();
    if (first && first.t === 'ident') {
      this.pos++;
      const args: Expr[] = [];
      while (!this.done) {
        const tok = this.peek()!;
        if (tok.t === 'punct' && (tok.p === ')' || tok.p === '|')) break;
        args.push(this.operand());
      }
      return { kind: 'call', fn: first.name, args };
    }
    const op = this.operand();
    if (!this.done) {
      const tok = this.peek()!;
      if (!(tok.t === 'punct' && (tok.p === ')' || tok.p === '|'))) {
        throw new GoTemplateError(`can't give argument to non-function in {{${this.source}}}`);
      }
    }
    return op;
  }

  private operand(): Expr {
    const tok = this.next();
    switch (tok.t) {
      case 'string':
      case 'number':
      case 'bool':
      case 'nil':
        return { kind: 'literal', value: tok.value };
      case 'field':
        return { kind: 'field', base: 'dot', path: tok.path };
      case 'var':
        return { kind: 'field', base: { variable: tok.name }, path: tok.path };
      case 'ident':
        // A bare function name as an argument is a call without arguments.
        return { kind: 'call', fn: tok.name, args: [] };
      case 'punct':
        if (tok.p === '(') {
          const inner = this.pipeline();
          const close = this.next();
          if (close.t !== 'punct' || close.p !== ')') throw new GoTemplateError(`missing ) in {{${this.source}}}`);
          const after = this.peek();
          if (after && after.t === 'field' && after.path.length > 0) {
            this.pos++;
            return { kind: 'field', base: inner, path: after.path };
          }
          return inner;
        }
        throw new GoTemplateError(`unexpected ${tok.p} in {{${this.source}}}`);
    }
  }
}

// ---------------------------------------------------------------- parsing into a tree

interface Frame { readonly nodes: Node[]; readonly kind: 'root' | 'if' | 'range'; readonly owner?: IfNode | RangeNode; inElse: boolean }

/** Parses a Go template into a node tree. */
export function parseGoTemplate(src: string): Node[] {
  const root: Node[] = [];
  const stack: Frame[] = [{ nodes: root, kind: 'root', inElse: false }];
  const top = () => stack[stack.length - 1];
  const push = (node: Node) => top().nodes.push(node);

  for (const piece of splitPieces(src)) {
    if ('text' in piece) {
      if (piece.text) push({ type: 'text', text: piece.text });
      continue;
    }
    const text = piece.action.text;
    if (text === '') continue; // comment
    const tokens = tokenize(text);
    const head = tokens[0];
    if (head.t === 'ident' && head.name === 'end') {
      // `else if` chains are nested ifs that close together.
      let frame = stack.pop()!;
      while (frame && frame.kind === 'if' && (frame as Frame & { chained?: boolean }).chained) frame = stack.pop()!;
      if (!frame || frame.kind === 'root') throw new GoTemplateError('unexpected {{end}}');
      continue;
    }
    if (head.t === 'ident' && head.name === 'else') {
      const frame = top();
      if (frame.kind === 'root' || frame.inElse) throw new GoTemplateError('unexpected {{else}}');
      frame.inElse = true;
      const owner = frame.owner!;
      const elseNodes = owner.type === 'if' ? owner.otherwise : owner.otherwise;
      if (tokens.length > 1) {
        const second = tokens[1];
        if (!(second.t === 'ident' && second.name === 'if')) throw new GoTemplateError(`unsupported {{${text}}}`);
        const cond = new ExprParser(tokens.slice(2), text).pipeline();
        const node: IfNode = { type: 'if', cond, then: [], otherwise: [] };
        elseNodes.push(node);
        const chained: Frame & { chained?: boolean } = { nodes: node.then, kind: 'if', owner: node, inElse: false };
        chained.chained = true;
        stack.push(chained);
      } else {
        stack[stack.length - 1] = { ...frame, nodes: elseNodes, inElse: true };
        (stack[stack.length - 1] as Frame & { chained?: boolean }).chained = (frame as Frame & { chained?: boolean }).chained;
      }
      continue;
    }
    if (head.t === 'ident' && head.name === 'if') {
      const cond = new ExprParser(tokens.slice(1), text).pipeline();
      const node: IfNode = { type: 'if', cond, then: [], otherwise: [] };
      push(node);
      stack.push({ nodes: node.then, kind: 'if', owner: node, inElse: false });
      continue;
    }
    if (head.t === 'ident' && head.name === 'range') {
      let rest = tokens.slice(1);
      let keyVar: string | undefined;
      let valueVar: string | undefined;
      const declIdx = rest.findIndex((t) => t.t === 'punct' && t.p === ':=');
      if (declIdx >= 0) {
        const vars = rest.slice(0, declIdx).filter((t) => t.t === 'var') as Array<{ name: string }>;
        if (vars.length === 1) {valueVar = vars[0].name;} else if (vars.length === 2) { keyVar = vars[0].name; valueVar = vars[1].name; } else {throw new GoTemplateError(`bad range: {{${text}}}`);}
        rest = rest.slice(declIdx + 1);
      }
      const over = new ExprParser(rest, text).pipeline();
      const node: RangeNode = { type: 'range', keyVar, valueVar, over, body: [], otherwise: [] };
      push(node);
      stack.push({ nodes: node.body, kind: 'range', owner: node, inElse: false });
      continue;
    }
    if (head.t === 'ident' && ['with', 'define', 'template', 'block', 'break', 'continue'].includes(head.name)) {
      throw new GoTemplateError(`unsupported action {{${text}}}`);
    }
    if (head.t === 'var' && head.path.length === 0 && tokens[1]?.t === 'punct' && (tokens[1].p === ':=' || tokens[1].p === '=')) {
      const pipe = new ExprParser(tokens.slice(2), text).pipeline();
      push({ type: 'assign', name: head.name, declare: tokens[1].p === ':=', pipe });
      continue;
    }
    push({ type: 'output', pipe: new ExprParser(tokens, text).pipeline() });
  }
  if (stack.length !== 1) throw new GoTemplateError('unexpected EOF: missing {{end}}');
  return root;
}

// ---------------------------------------------------------------- execution

class Scope {
  private readonly vars = new Map<string, Value>();
  constructor(private readonly parent?: Scope) {}
  declare(name: string, value: Value): void { this.vars.set(name, value); }
  assign(name: string, value: Value): void {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      if (s.vars.has(name)) { s.vars.set(name, value); return; }
    }
    throw new GoTemplateError(`undefined variable: ${name}`);
  }
  get(name: string): Value {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      if (s.vars.has(name)) return s.vars.get(name);
    }
    throw new GoTemplateError(`undefined variable: ${name}`);
  }
}

function isMap(v: Value): v is Record<string, Value> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Go's template truthiness (`if`, `and`, `or`, `not`). */
export function goTruth(v: Value): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  return String(n);
}

/** Go's `fmt.Sprint` of a value (as printed by `{{ x }}`). */
export function goPrint(v: Value): string {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`;
  if (isMap(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goPrint(v[k])}`).join(' ')}]`;
  return String(v);
}

function fieldOf(base: Value, name: string, where: string): Value {
  if (base === undefined) return undefined; // invalid stays invalid (missingkey=default)
  if (base === null) throw new GoTemplateError(`${where}: nil pointer evaluating interface {}.${name}`);
  if (isMap(base)) return Object.prototype.hasOwnProperty.call(base, name) ? base[name] : undefined;
  throw new GoTemplateError(`${where}: can't evaluate field ${name} in type ${Array.isArray(base) ? '[]interface {}' : typeof base}`);
}

type Kind = 'invalid' | 'bool' | 'number' | 'string' | 'other';
function basicKind(v: Value): Kind {
  if (v === undefined || v === null) return 'invalid';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  return 'other';
}

function goEq(a: Value, ...others: Value[]): boolean {
  const k1 = basicKind(a);
  for (const b of others) {
    const k2 = basicKind(b);
    if (k1 !== k2) {
      if (k1 !== 'invalid' && k2 !== 'invalid') throw new GoTemplateError('error calling eq: incompatible types for comparison');
      continue;
    }
    if (k1 === 'other') throw new GoTemplateError('error calling eq: non-comparable types');
    if (k1 === 'invalid' || a === b) return true;
  }
  return false;
}

function goCompare(fn: string, a: Value, b: Value): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 !== k2 || (k1 !== 'number' && k1 !== 'string')) throw new GoTemplateError(`error calling ${fn}: incompatible types for comparison`);
  const x = a as number | string;
  const y = b as number | string;
  switch (fn) {
    case 'lt': return x < y;
    case 'le': return x <= y;
    case 'gt': return x > y;
    default: return x >= y;
  }
}

function requireString(fn: string, v: Value): string {
  if (typeof v !== 'string') throw new GoTemplateError(`error calling ${fn}: expected string, got ${goPrint(v)}`);
  return v;
}

class Executor {
  constructor(private readonly root: Value) {}

  run(nodes: Node[], dot: Value, scope: Scope, out: string[]): void {
    for (const node of nodes) {
      switch (node.type) {
        case 'text':
          out.push(node.text);
          break;
        case 'output':
          out.push(goPrint(this.eval(node.pipe, dot, scope)));
          break;
        case 'assign': {
          const value = this.eval(node.pipe, dot, scope);
          if (node.declare) scope.declare(node.name, value);
          else scope.assign(node.name, value);
          break;
        }
        case 'if':
          if (goTruth(this.eval(node.cond, dot, scope))) this.run(node.then, dot, new Scope(scope), out);
          else this.run(node.otherwise, dot, new Scope(scope), out);
          break;
        case 'range': {
          const over = this.eval(node.over, dot, scope);
          const entries: Array<[Value, Value]> = [];
          if (Array.isArray(over)) over.forEach((v, i) => entries.push([i, v]));
          else if (isMap(over)) Object.keys(over).sort().forEach((k) => entries.push([k, over[k]]));
          else if (typeof over === 'number') for (let i = 0; i < over; i++) entries.push([i, i]);
          else if (over !== undefined && over !== null) throw new GoTemplateError(`range can't iterate over ${goPrint(over)}`);
          if (entries.length === 0) {
            this.run(node.otherwise, dot, new Scope(scope), out);
            break;
          }
          for (const [k, v] of entries) {
            const inner = new Scope(scope);
            if (node.keyVar) inner.declare(node.keyVar, k);
            if (node.valueVar) inner.declare(node.valueVar, v);
            this.run(node.body, v, inner, out);
          }
          break;
        }
      }
    }
  }

  private eval(expr: Expr, dot: Value, scope: Scope): Value {
    switch (expr.kind) {
      case 'literal':
        return expr.value;
      case 'field': {
        let base: Value;
        if (expr.base === 'dot') base = dot;
        else if ('variable' in expr.base) base = expr.base.variable === '$' ? this.root : scope.get(expr.base.variable);
        else base = this.eval(expr.base, dot, scope);
        for (const name of expr.path) base = fieldOf(base, name, 'executing');
        return base;
      }
      case 'call':
        return this.call(expr.fn, expr.args, dot, scope);
    }
  }

  private call(fn: string, args: Expr[], dot: Value, scope: Scope): Value {
    const ev = (e: Expr) => this.eval(e, dot, scope);
    switch (fn) {
      case 'not':
        if (args.length !== 1) throw new GoTemplateError('wrong number of args for not');
        return !goTruth(ev(args[0]));
      case 'and': {
        let v: Value;
        for (const a of args) { v = ev(a); if (!goTruth(v)) return v; }
        return v;
      }
      case 'or': {
        let v: Value;
        for (const a of args) { v = ev(a); if (goTruth(v)) return v; }
        return v;
      }
      case 'eq': {
        const [a, ...rest] = args.map(ev);
        return goEq(a, ...rest);
      }
      case 'ne': {
        const [a, b] = args.map(ev);
        return !goEq(a, b);
      }
      case 'lt': case 'le': case 'gt': case 'ge': {
        const [a, b] = args.map(ev);
        return goCompare(fn, a, b);
      }
      case 'len': {
        const v = ev(args[0]);
        if (typeof v === 'string' || Array.isArray(v)) return v.length;
        if (isMap(v)) return Object.keys(v).length;
        throw new GoTemplateError(`error calling len: len of ${goPrint(v)}`);
      }
      case 'index': {
        let v = ev(args[0]);
        for (const a of args.slice(1)) {
          const key = ev(a);
          if (v === undefined || v === null) throw new GoTemplateError('error calling index: index of untyped nil');
          if (Array.isArray(v) && typeof key === 'number') {
            if (key < 0 || key >= v.length) throw new GoTemplateError(`error calling index: index out of range: ${key}`);
            v = v[key];
          } else if (isMap(v) && typeof key === 'string') {
            // Go returns the zero value of the element type (a nil interface) for a missing key.
            v = Object.prototype.hasOwnProperty.call(v, key) ? v[key] : null;
          } else {
            throw new GoTemplateError(`error calling index: cannot index ${goPrint(v)} with ${goPrint(key)}`);
          }
        }
        return v;
      }
      case 'print': {
        const vals = args.map(ev);
        // fmt.Sprint adds spaces between operands when neither side is a string.
        let s = '';
        vals.forEach((v, i) => {
          if (i > 0 && typeof v !== 'string' && typeof vals[i - 1] !== 'string') s += ' ';
          s += goPrint(v);
        });
        return s;
      }
      case 'hasPrefix':
        return requireString(fn, ev(args[0])).startsWith(requireString(fn, ev(args[1])));
      case 'hasSuffix':
        return requireString(fn, ev(args[0])).endsWith(requireString(fn, ev(args[1])));
      default:
        throw new GoTemplateError(`function "${fn}" not defined`);
    }
  }
}

/** Executes a Go template against `data`, as Polaris's `TemplateForResource` does. */
export function executeGoTemplate(src: string, data: Value): string {
  const nodes = parseGoTemplate(src);
  const out: string[] = [];
  const scope = new Scope();
  scope.declare('$', data);
  new Executor(data).run(nodes, data, scope, out);
  return out.join('');
}
