/**
 * Hardens YAML files: parses every document, plans over the whole set (bindings in one file decide
 * tokens in another), and rewrites only the changed documents with minimal text edits.
 *
 * Nothing is returned before every input parsed and planned, so a caller writes all or nothing.
 */
import * as YAML from 'yaml';
import { HardeningChange, HardeningFinding, planHardening, PlanOptions } from './plan';
import { lineOf, positionOf, RewriteError, rewriteDocument } from './rewrite';
import { InputError } from '../compliance/loader';

/** One input file. */
export interface YamlSource {
  /** The file name as reported (`-` for stdin). */
  readonly file: string;
  readonly text: string;
}

/** Where an object of the input lives. */
export interface YamlObjectLocation {
  readonly file: string;
  /** 0-based document index in the file. */
  readonly document: number;
  /** 1-based line of the field (or its deepest existing parent), when known. */
  readonly line?: number;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** A change in the report: where, which field, before, after and why. */
export interface YamlChange {
  readonly object: YamlObjectLocation;
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly why: string;
  readonly kind: string;
  readonly rule: string;
}

/** A finding in the report, with the fix a person must make. */
export interface YamlFinding {
  readonly object: YamlObjectLocation;
  readonly check: string;
  readonly field?: string;
  readonly detail: string;
  readonly fix: string;
}

/** The file name new objects (the opt-in NetworkPolicies) are written to. */
export const ADDED_FILE = 'harden-network-policies.yaml';

/** The result over all files. */
export interface YamlHardeningResult {
  /** New objects as YAML documents ('' when none), to be written as {@link ADDED_FILE}. */
  readonly added: string;
  /** The new text of each file, in input order (unchanged files byte for byte). */
  readonly outputs: Array<{ readonly file: string; readonly text: string; readonly changed: boolean }>;
  readonly changes: YamlChange[];
  readonly findings: YamlFinding[];
}

interface Located {
  readonly file: number;
  readonly document: number;
  /** Pointer prefix of the object inside its document (`/items/<i>` for List items). */
  readonly prefix: string;
}

/**
 * Hardens YAML sources.
 *
 * @throws InputError with `file:line:col` on malformed YAML
 */
export function hardenYaml(sources: readonly YamlSource[], options: PlanOptions = {}): YamlHardeningResult {
  const parsed = sources.map((s) => ({ source: s, counter: new YAML.LineCounter(), docs: [] as YAML.Document[] }));
  const objects: unknown[] = [];
  const located: Located[] = [];
  parsed.forEach((p, fileIndex) => {
    p.docs = YAML.parseAllDocuments(p.source.text, { lineCounter: p.counter, uniqueKeys: false }) as YAML.Document[];
    p.docs.forEach((doc, docIndex) => {
      const error = doc.errors[0];
      if (error) {
        const pos = error.linePos?.[0];
        throw new InputError(error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''), p.source.file, pos?.line, pos?.col);
      }
      const value = doc.toJS({ maxAliasCount: 100 });
      if (isObject(value) && value.kind === 'List' && Array.isArray(value.items)) {
        value.items.forEach((item: unknown, i: number) => {
          objects.push(item);
          located.push({ file: fileIndex, document: docIndex, prefix: `/items/${i}` });
        });
      } else {
        objects.push(value);
        located.push({ file: fileIndex, document: docIndex, prefix: '' });
      }
    });
  });

  const plan = planHardening(objects, options);
  const where = (index: number, field?: string): YamlObjectLocation => {
    const l = located[index];
    if (!l) {
      const o: any = plan.added[index - objects.length];
      return {
        file: ADDED_FILE,
        document: index - objects.length,
        kind: o.kind,
        name: o.metadata.name,
        ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
      };
    }
    const p = parsed[l.file];
    const o: any = objects[index];
    const line = lineOf(p.docs[l.document], `${l.prefix}${field ?? ''}`, p.counter);
    return {
      file: p.source.file,
      document: l.document,
      ...(line !== undefined ? { line } : {}),
      kind: String(o?.kind ?? ''),
      name: String(o?.metadata?.name ?? ''),
      ...(typeof o?.metadata?.namespace === 'string' ? { namespace: o.metadata.namespace } : {}),
    };
  };
  const changes = plan.changes.map((c) => toYamlChange(c, where(c.object.index, c.path)));
  const findings = plan.findings.map((f) => toYamlFinding(f, where(f.object.index, f.path)));

  const outputs = parsed.map((p, fileIndex) => {
    const byDocument = new Map<number, HardeningChange[]>();
    for (const c of plan.changes) {
      const l = located[c.object.index];
      if (!l || l.file !== fileIndex) continue;
      const list = byDocument.get(l.document) ?? [];
      list.push({ ...c, path: `${l.prefix}${c.path}` });
      byDocument.set(l.document, list);
    }
    if (byDocument.size === 0) return { file: p.source.file, text: p.source.text, changed: false };
    let text = '';
    let at = 0;
    p.docs.forEach((doc, docIndex) => {
      const [start, , end] = doc.range!;
      text += p.source.text.slice(at, start);
      const own = p.source.text.slice(start, end);
      const edits = byDocument.get(docIndex);
      try {
        text += edits ? rewriteDocument(own, edits) : own;
      } catch (e) {
        if (!(e instanceof RewriteError)) throw e;
        // Edit paths carry the List prefix already, so the pointer is relative to the document.
        const pos = positionOf(doc, e.pointer, p.counter);
        throw new InputError(e.message, p.source.file, pos?.line, pos?.col);
      }
      at = end;
    });
    text += p.source.text.slice(at);
    return { file: p.source.file, text, changed: text !== p.source.text };
  });
  const added = plan.added.map((o) => YAML.stringify(o, { lineWidth: 0 })).join('---\n');
  return { outputs, changes, findings, added };
}

function toYamlChange(c: HardeningChange, object: YamlObjectLocation): YamlChange {
  return { object, field: c.path, before: c.before, after: c.after, why: c.why, kind: c.kind, rule: c.rule };
}

function toYamlFinding(f: HardeningFinding, object: YamlObjectLocation): YamlFinding {
  return { object, check: f.check, ...(f.path ? { field: f.path } : {}), detail: f.detail, fix: f.fix };
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
