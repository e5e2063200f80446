/**
 * `cdk8s-hardened exceptions`: lists every exception with its expiry, so that a time limit is
 * noticed before it bites (or after it should have).
 *
 * Listed, by source:
 * - `admission`: every Kyverno `PolicyException` (kyverno.io or policies.kyverno.io), and every
 *   object that records an exemption with the `cdk8s-hardened.io/expires` or
 *   `cdk8s-hardened.io/exception` annotation (Gatekeeper constraints, ValidatingAdmissionPolicies
 *   and bindings, Kyverno policies);
 * - `annotation`: every entry of a `cdk8s-hardened.io/suppressions` annotation (with or without an
 *   expiry), one line per suppressed check id;
 * - `exceptions-file`: every entry of the `--exceptions FILE` given.
 *
 * Status: `expired` (the date has passed: the exemption should be gone), `expiring` (within
 * `--within` days), `ok`, `no-expiry` (no valid `YYYY-MM-DD` expiry, i.e. not time-limited) and
 * `invalid` (a malformed suppression or file entry, which suppresses nothing). Exit 1 when any is
 * expired, invalid or has no expiry, else 0.
 */
import { ExceptionsFile, loadExceptionsFile } from '../../compliance/exceptions-file';
import { expiryInstant, SUPPRESSIONS_ANNOTATION, suppressionExpiryError, suppressionIdError, suppressionReasonError } from '../../compliance/suppressions';
import { EXCEPTION_EXPIRES_ANNOTATION, EXCEPTION_ID_ANNOTATION, EXCEPTION_REASON_ANNOTATION } from '../../policy/model';
import { loadInputs } from '../inputs';
import { CliIo, EXIT_FINDINGS, EXIT_OK, UsageError } from '../io';

/** Options of the exceptions command. */
export interface ExceptionsCommandOptions {
  /** Days ahead within which an exception counts as expiring, as typed (`30`). */
  readonly within: string;
  /** `text` or `json`. */
  readonly format: string;
  /** The current time (tests). */
  readonly now?: Date;
  /** An exceptions file to list too. */
  readonly exceptions?: string;
}

/** How an exception stands. */
export type ExceptionStatus = 'expired' | 'expiring' | 'ok' | 'no-expiry' | 'invalid';

/** Where an exception is written. */
export type ExceptionSource = 'admission' | 'annotation' | 'exceptions-file';

/** One entry of `exceptions --format json`: the contract documented in docs/cli.md. */
export interface ExceptionEntry {
  readonly source: ExceptionSource;
  readonly file: string;
  readonly index: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** Exception id(s) from the annotation, comma-separated. */
  readonly id?: string;
  readonly reason?: string;
  /** The expiry as written (`YYYY-MM-DD`), when present. */
  readonly expires?: string;
  /** Whole days until the exemption stops holding (negative once expired). */
  readonly daysLeft?: number;
  readonly status: ExceptionStatus;
  /** Why the entry is malformed (status `invalid`). */
  readonly problem?: string;
  /** For an exceptions-file entry: the labels it selects on. */
  readonly labels?: { readonly [key: string]: string };
  /** For an exceptions-file entry: its line. */
  readonly line?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function isPolicyException(object: any): boolean {
  return object?.kind === 'PolicyException' && typeof object.apiVersion === 'string'
    && (object.apiVersion.startsWith('kyverno.io/') || object.apiVersion.startsWith('policies.kyverno.io/'));
}

/** Status and days left of an expiry at a time. */
function standing(expires: string | undefined, now: Date, withinDays: number): { status: ExceptionStatus; daysLeft?: number } {
  const until = expires === undefined ? undefined : expiryInstant(expires);
  if (!until) return { status: 'no-expiry' };
  const left = until.getTime() - now.getTime();
  const status = left <= 0 ? 'expired' : left <= withinDays * DAY_MS ? 'expiring' : 'ok';
  return { status, daysLeft: Math.floor(left / DAY_MS) };
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One entry per suppression written in an object's `cdk8s-hardened.io/suppressions` annotation. */
function suppressionEntries(object: any, base: Omit<ExceptionEntry, 'source' | 'status'>, now: Date, withinDays: number): ExceptionEntry[] {
  const raw = object?.metadata?.annotations?.[SUPPRESSIONS_ANNOTATION];
  if (raw === undefined) return [];
  let list: unknown;
  try {
    list = typeof raw === 'string' ? JSON.parse(raw) : undefined;
  } catch {
    list = undefined;
  }
  if (!Array.isArray(list)) {
    return [{ ...base, source: 'annotation', status: 'invalid', problem: `annotation ${SUPPRESSIONS_ANNOTATION} is not a JSON array of {"id", "reason", "expires"?}` }];
  }
  return list.map((e): ExceptionEntry => {
    const entry = isObject(e) ? e : {};
    const problem = !isObject(e) ? 'entry is not an object'
      : suppressionIdError(entry.id) ?? suppressionReasonError(entry.reason) ?? suppressionExpiryError(entry.expires);
    const known = {
      ...base,
      source: 'annotation' as const,
      ...(typeof entry.id === 'string' ? { id: entry.id } : {}),
      ...(typeof entry.reason === 'string' ? { reason: entry.reason.trim() } : {}),
      ...(typeof entry.expires === 'string' ? { expires: entry.expires } : {}),
    };
    if (problem) return { ...known, status: 'invalid', problem };
    return { ...known, ...standing(entry.expires, now, withinDays) };
  });
}

/** The entries of an exceptions file. */
export function exceptionsFileEntries(exceptions: ExceptionsFile, now: Date, withinDays: number): ExceptionEntry[] {
  return exceptions.entries.map((e): ExceptionEntry => {
    const raw = isObject(e.raw) ? e.raw : {};
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const base = {
      source: 'exceptions-file' as const,
      file: exceptions.file,
      index: e.index,
      ...(e.line !== undefined ? { line: e.line } : {}),
      apiVersion: '',
      kind: e.rule?.kind ?? str(raw.kind) ?? '*',
      ...(e.rule?.namespace ?? str(raw.namespace) ? { namespace: e.rule?.namespace ?? str(raw.namespace) } : {}),
      name: e.rule?.name ?? str(raw.name) ?? '*',
      ...(e.rule?.labels ? { labels: e.rule.labels } : {}),
      ...(str(raw.id) !== undefined ? { id: str(raw.id) } : {}),
      ...(str(raw.reason) !== undefined ? { reason: str(raw.reason)!.trim() } : {}),
      ...(str(raw.expires) !== undefined ? { expires: str(raw.expires) } : {}),
    };
    if (e.problem !== undefined) return { ...base, status: 'invalid', problem: e.problem };
    return { ...base, ...standing(e.rule!.expires, now, withinDays) };
  });
}

/**
 * The exception entries of loaded objects (admission exceptions and suppression annotations),
 * sorted: invalid and no expiry first, then soonest expiry.
 */
export function exceptionEntries(
  objects: readonly any[], refs: ReadonlyArray<{ file?: string; index?: number }>, now: Date, withinDays: number,
): ExceptionEntry[] {
  const entries: ExceptionEntry[] = [];
  objects.forEach((object, i) => {
    const annotations = object?.metadata?.annotations;
    const a = isObject(annotations) ? annotations : {};
    const base = {
      file: refs[i]?.file ?? '-',
      index: refs[i]?.index ?? 0,
      apiVersion: String(object?.apiVersion ?? ''),
      kind: String(object?.kind ?? ''),
      ...(typeof object?.metadata?.namespace === 'string' ? { namespace: object.metadata.namespace } : {}),
      name: typeof object?.metadata?.name === 'string' ? object.metadata.name : '',
    };
    entries.push(...suppressionEntries(object, base, now, withinDays));
    const expires = typeof a[EXCEPTION_EXPIRES_ANNOTATION] === 'string' ? a[EXCEPTION_EXPIRES_ANNOTATION] : undefined;
    const id = typeof a[EXCEPTION_ID_ANNOTATION] === 'string' ? a[EXCEPTION_ID_ANNOTATION] : undefined;
    if (!isPolicyException(object) && expires === undefined && id === undefined) return;
    entries.push({
      source: 'admission',
      ...base,
      ...(id !== undefined ? { id } : {}),
      ...(typeof a[EXCEPTION_REASON_ANNOTATION] === 'string' ? { reason: a[EXCEPTION_REASON_ANNOTATION] } : {}),
      ...(expires !== undefined ? { expires } : {}),
      ...standing(expires, now, withinDays),
    });
  });
  return sortEntries(entries);
}

function sortEntries(entries: ExceptionEntry[]): ExceptionEntry[] {
  const rank = (e: ExceptionEntry) => (e.status === 'invalid' ? -Infinity : e.status === 'no-expiry' ? -Number.MAX_VALUE : e.daysLeft ?? 0);
  return entries.sort((x, y) => rank(x) - rank(y));
}

/** Runs the command; returns the exit code. */
export function runExceptions(paths: string[], options: ExceptionsCommandOptions, io: CliIo): number {
  if (!/^(0|[1-9][0-9]{0,4})$/.test(options.within)) {
    throw new UsageError(`invalid --within '${options.within}'; use a whole number of days, e.g. 30`);
  }
  const within = Number(options.within);
  let file: ExceptionsFile | undefined;
  try {
    file = options.exceptions !== undefined ? loadExceptionsFile(options.exceptions) : undefined;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const now = options.now ?? new Date();
  // With only an exceptions file, no manifests are needed.
  const input = paths.length === 0 && file ? { objects: [], refs: [] } : loadInputs(paths, io);
  const entries = sortEntries([
    ...exceptionEntries(input.objects, input.refs, now, within),
    ...(file ? exceptionsFileEntries(file, now, within) : []),
  ]);
  if (options.format === 'json') {
    io.out(JSON.stringify(entries, null, 2) + '\n');
  } else {
    io.out(exceptionsText(entries, within));
  }
  return entries.some((e) => e.status === 'expired' || e.status === 'no-expiry' || e.status === 'invalid') ? EXIT_FINDINGS : EXIT_OK;
}

const LABELS: { [status in ExceptionStatus]: string } = {
  'expired': 'EXPIRED  ', 'expiring': 'EXPIRING ', 'ok': 'ok       ', 'no-expiry': 'NO EXPIRY', 'invalid': 'INVALID  ',
};

function exceptionsText(entries: readonly ExceptionEntry[], within: number): string {
  const lines = entries.map((e) => {
    const object = `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name || '<unnamed>'}`;
    const labels = e.labels ? ` labels ${Object.entries(e.labels).map(([k, v]) => `${k}=${v}`).join(',')}` : '';
    const what = e.source === 'annotation' ? `suppression on ${object}`
      : e.source === 'exceptions-file' ? `exceptions file entry for ${object}${labels}` : object;
    const when = e.status === 'invalid' ? `invalid: ${e.problem}`
      : e.expires === undefined ? (e.source === 'admission' ? 'no expires annotation' : 'no expires date')
        : e.daysLeft === undefined ? `expires '${e.expires}' is not a YYYY-MM-DD date`
          : e.status === 'expired' ? `expired ${e.expires} (${-e.daysLeft} days ago)` : `expires ${e.expires} (in ${e.daysLeft} days)`;
    const extra = [e.id ? `id ${e.id}` : '', e.reason ? `reason: ${e.reason}` : ''].filter((s) => s).join('; ');
    return `${LABELS[e.status]} ${when}  ${what}  (${e.file}${e.line !== undefined ? `:${e.line}` : ''}#${e.index})${extra ? `  ${extra}` : ''}`;
  });
  const count = (s: ExceptionStatus) => entries.filter((e) => e.status === s).length;
  lines.push(`${entries.length} exceptions: ${count('expired')} expired, ${count('expiring')} expiring within ${within} days, `
    + `${count('no-expiry')} without an expiry, ${count('ok')} ok${count('invalid') > 0 ? `, ${count('invalid')} invalid` : ''}`);
  return lines.join('\n') + '\n';
}
