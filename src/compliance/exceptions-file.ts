/**
 * The exceptions file: suppressions for objects nobody can annotate (what a Helm chart, an
 * operator or the cluster renders), kept in one reviewed file beside the pipeline.
 *
 * ```yaml
 * exceptions:
 *   - id: rbac-no-secret-read            # a check id, or a prefix wildcard ending in '-*'
 *     kind: ClusterRole                   # selectors: at least one of kind, namespace, name, labels
 *     name: "prometheus-*"                # namespace and name are globs (picomatch)
 *     labels: { app.kubernetes.io/part-of: kube-prometheus }
 *     reason: "reads secrets for scrape credentials, RISK-142"   # at least 10 characters
 *     expires: "2026-06-30"               # optional; holds through that day (UTC)
 * ```
 *
 * An entry suppresses the findings of its check on every object all its selectors match, with the
 * same rules as the `cdk8s-hardened.io/suppressions` annotation (./suppressions.ts): the reason is
 * shown with the suppressed finding, an expired entry suppresses nothing and is itself a
 * `suppression-expired` failure, a malformed entry (bad id, short reason, bad date, no selector,
 * unknown field) suppresses nothing and is a `suppression-invalid` error. Those findings name the
 * file and the entry (kind `ExceptionsFile`, with its line). A file that is not YAML, or whose top
 * level is not `exceptions: [...]`, is refused as a whole.
 */
import * as fs from 'fs';
import picomatch from 'picomatch';
import { LineCounter, parseDocument, isMap, isSeq } from 'yaml';
import { CheckStatus, Finding, ObjectRef } from './check';
import {
  expiryInstant, SUPPRESSION_EXPIRED_CHECK, SUPPRESSION_INVALID_CHECK, suppressionCovers, suppressionExpiryError, suppressionIdError,
  suppressionReasonError,
} from './suppressions';

/** One valid entry of an exceptions file. */
export interface ExceptionRule {
  /** Check id or `prefix-*`. */
  readonly id: string;
  /** Kind the object must have. @default - any kind */
  readonly kind?: string;
  /** Namespace glob (picomatch). @default - any namespace, and cluster-scoped objects */
  readonly namespace?: string;
  /** Name glob (picomatch). @default - any name */
  readonly name?: string;
  /** Labels the object must carry, with these values. @default - no label required */
  readonly labels?: { readonly [key: string]: string };
  /** Why the exception is acceptable. */
  readonly reason: string;
  /** `YYYY-MM-DD`; the entry holds through that day (UTC). @default - no expiry */
  readonly expires?: string;
}

/** An entry as read from the file, with its place. */
export interface ExceptionsFileEntry {
  /** 0-based position in the `exceptions` list. */
  readonly index: number;
  /** 1-based line of the entry. */
  readonly line?: number;
  /** The rule, when the entry is valid. */
  readonly rule?: ExceptionRule;
  /** Why the entry is malformed, when it is. */
  readonly problem?: string;
  /** The entry as written (for listings). */
  readonly raw: unknown;
}

/** A parsed exceptions file. */
export interface ExceptionsFile {
  /** The path it was read from (shown in findings and reasons). */
  readonly file: string;
  /** Every entry, valid or not, in file order. */
  readonly entries: ExceptionsFileEntry[];
}

const FIELDS = ['id', 'kind', 'namespace', 'name', 'labels', 'reason', 'expires'];

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entryProblem(raw: unknown): string | undefined {
  if (!isObject(raw)) return 'entry is not a mapping of id, kind, namespace, name, labels, reason, expires';
  const unknown = Object.keys(raw).filter((k) => !FIELDS.includes(k));
  if (unknown.length > 0) return `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; use ${FIELDS.join(', ')}`;
  const idError = suppressionIdError(raw.id) ?? suppressionReasonError(raw.reason) ?? suppressionExpiryError(raw.expires);
  if (idError) return idError;
  for (const field of ['kind', 'namespace', 'name']) {
    if (raw[field] !== undefined && (typeof raw[field] !== 'string' || raw[field] === '')) return `${field} ${JSON.stringify(raw[field])} is not a non-empty string`;
  }
  if (raw.labels !== undefined && (!isObject(raw.labels) || Object.values(raw.labels).some((v) => typeof v !== 'string'))) {
    return 'labels must map label keys to string values';
  }
  if (raw.kind === undefined && raw.namespace === undefined && raw.name === undefined && raw.labels === undefined) {
    return 'entry selects no object; give at least one of kind, namespace, name, labels';
  }
  return undefined;
}

/**
 * Parses an exceptions file.
 *
 * @throws Error `file:line:col: reason` when the text is not YAML or its top level is not `exceptions: [...]`
 */
export function parseExceptionsFile(text: string, file: string): ExceptionsFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0];
    throw new Error(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}: ${e.message.split('\n')[0]}`);
  }
  const root = doc.contents;
  const list = isMap(root) ? root.get('exceptions', true) : undefined;
  if (!isMap(root) || !isSeq(list) || root.items.length !== 1) {
    throw new Error(`${file}: an exceptions file is a mapping with one key, 'exceptions', holding a list of {id, kind, namespace, name, labels, reason, expires}`);
  }
  const entries = list.items.map((node, index): ExceptionsFileEntry => {
    const raw = (node as any)?.toJSON?.() ?? (node as any)?.value ?? node;
    const offset = (node as any)?.range?.[0];
    const line = typeof offset === 'number' ? lineCounter.linePos(offset).line : undefined;
    const problem = entryProblem(raw);
    if (problem) return { index, line, problem, raw };
    const rule: ExceptionRule = {
      id: raw.id,
      ...(raw.kind !== undefined ? { kind: raw.kind } : {}),
      ...(raw.namespace !== undefined ? { namespace: raw.namespace } : {}),
      ...(raw.name !== undefined ? { name: raw.name } : {}),
      ...(raw.labels !== undefined ? { labels: { ...raw.labels } } : {}),
      reason: raw.reason.trim(),
      ...(raw.expires !== undefined ? { expires: raw.expires } : {}),
    };
    return { index, line, rule, raw };
  });
  return { file, entries };
}

/**
 * Reads and parses an exceptions file.
 *
 * @throws Error when the file cannot be read or is refused as a whole (see {@link parseExceptionsFile})
 */
export function loadExceptionsFile(path: string): ExceptionsFile {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read exceptions file '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseExceptionsFile(text, path);
}

/** Whether an entry has expired at a time. */
export function exceptionExpired(rule: ExceptionRule, now: Date): boolean {
  return rule.expires !== undefined && now.getTime() >= expiryInstant(rule.expires)!.getTime();
}

type Glob = (value: string) => boolean;
const globs = new Map<string, Glob>();
function glob(pattern: string): Glob {
  let g = globs.get(pattern);
  if (!g) {
    g = picomatch(pattern, { dot: true });
    globs.set(pattern, g);
  }
  return g;
}

/** Whether an entry's selectors all match an object. */
export function exceptionSelects(rule: ExceptionRule, object: Record<string, any>): boolean {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  if (rule.kind !== undefined && object.kind !== rule.kind) return false;
  if (rule.namespace !== undefined && !(typeof metadata.namespace === 'string' && glob(rule.namespace)(metadata.namespace))) return false;
  if (rule.name !== undefined && !(typeof metadata.name === 'string' && glob(rule.name)(metadata.name))) return false;
  if (rule.labels !== undefined) {
    const labels = isObject(metadata.labels) ? metadata.labels : {};
    if (!Object.entries(rule.labels).every(([k, v]) => labels[k] === v)) return false;
  }
  return true;
}

/** The active entries of a file at a time, ready to match objects. */
export class ExceptionsMatcher {
  private readonly active: Array<{ rule: ExceptionRule; index: number }>;

  constructor(private readonly exceptions: ExceptionsFile, private readonly now: Date) {
    this.active = exceptions.entries
      .filter((e) => e.rule !== undefined && !exceptionExpired(e.rule, now))
      .map((e) => ({ rule: e.rule!, index: e.index }));
  }

  /** Whether any entry is active (when none is, matching can be skipped). */
  public get empty(): boolean {
    return this.active.length === 0;
  }

  /** The reason of the first active entry that covers the check on the object (exact ids first), or undefined. */
  public reasonFor(object: Record<string, any>, checkId: string): string | undefined {
    const found = this.active.find((e) => e.rule.id === checkId && exceptionSelects(e.rule, object))
      ?? this.active.find((e) => suppressionCovers(e.rule.id, checkId) && exceptionSelects(e.rule, object));
    return found ? `${found.rule.reason} (exceptions file ${this.exceptions.file}, entry ${found.index})` : undefined;
  }

  /** The findings of the file itself: one `suppression-invalid` error per malformed entry, one `suppression-expired` failure per expired entry. */
  public findings(): Finding[] {
    const out: Finding[] = [];
    for (const e of this.exceptions.entries) {
      const object: ObjectRef = {
        apiVersion: '',
        kind: 'ExceptionsFile',
        name: `${this.exceptions.file}#${e.index}`,
        file: this.exceptions.file,
        index: e.index,
        ...(e.line !== undefined ? { line: e.line } : {}),
      };
      if (e.problem !== undefined) {
        out.push({
          checkId: SUPPRESSION_INVALID_CHECK.id,
          title: SUPPRESSION_INVALID_CHECK.title,
          severity: SUPPRESSION_INVALID_CHECK.severity,
          status: CheckStatus.ERROR,
          object,
          reason: 'malformed exceptions file entry',
          detail: `entry ${e.index}: ${e.problem}`,
          controls: SUPPRESSION_INVALID_CHECK.controls.slice(),
        });
      } else if (exceptionExpired(e.rule!, this.now)) {
        out.push({
          checkId: SUPPRESSION_EXPIRED_CHECK.id,
          title: SUPPRESSION_EXPIRED_CHECK.title,
          severity: SUPPRESSION_EXPIRED_CHECK.severity,
          status: CheckStatus.FAIL,
          object,
          reason: `exception expired on ${e.rule!.expires}`,
          detail: `exception of "${e.rule!.id}" (entry ${e.index}) expired on ${e.rule!.expires} (reason: ${e.rule!.reason})`,
          controls: SUPPRESSION_EXPIRED_CHECK.controls.slice(),
        });
      }
    }
    return out;
  }
}
