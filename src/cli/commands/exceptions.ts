/**
 * `cdk8s-hardened exceptions`: lists admission exceptions with their expiry, so that a time limit
 * is noticed before it bites (or after it should have).
 *
 * Listed: every Kyverno `PolicyException` (kyverno.io or policies.kyverno.io), and every object
 * that records an exemption with the `cdk8s-hardened.io/expires` or `cdk8s-hardened.io/exception`
 * annotation (Gatekeeper constraints, ValidatingAdmissionPolicies and bindings, Kyverno policies).
 *
 * Status: `expired` (the date has passed: the exemption should be gone), `expiring` (within
 * `--within` days), `ok`, and `no-expiry` (an exception without a valid `YYYY-MM-DD` expiry, i.e.
 * not time-limited). Exit 1 when any is expired or has no expiry, else 0.
 */
import { expiryInstant } from '../../compliance/suppressions';
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
}

/** How an exception stands. */
export type ExceptionStatus = 'expired' | 'expiring' | 'ok' | 'no-expiry';

/** One entry of `exceptions --format json`: the contract documented in docs/cli.md. */
export interface ExceptionEntry {
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
}

const DAY_MS = 24 * 60 * 60 * 1000;

function isPolicyException(object: any): boolean {
  return object?.kind === 'PolicyException' && typeof object.apiVersion === 'string'
    && (object.apiVersion.startsWith('kyverno.io/') || object.apiVersion.startsWith('policies.kyverno.io/'));
}

/** The exception entries of loaded objects, sorted by expiry (no expiry first, then soonest). */
export function exceptionEntries(
  objects: readonly any[], refs: ReadonlyArray<{ file?: string; index?: number }>, now: Date, withinDays: number,
): ExceptionEntry[] {
  const entries: ExceptionEntry[] = [];
  objects.forEach((object, i) => {
    const annotations = object?.metadata?.annotations;
    const a = typeof annotations === 'object' && annotations !== null && !Array.isArray(annotations) ? annotations : {};
    const expires = typeof a[EXCEPTION_EXPIRES_ANNOTATION] === 'string' ? a[EXCEPTION_EXPIRES_ANNOTATION] : undefined;
    const id = typeof a[EXCEPTION_ID_ANNOTATION] === 'string' ? a[EXCEPTION_ID_ANNOTATION] : undefined;
    if (!isPolicyException(object) && expires === undefined && id === undefined) return;
    const until = expires === undefined ? undefined : expiryInstant(expires);
    let status: ExceptionStatus = 'no-expiry';
    let daysLeft: number | undefined;
    if (until) {
      const left = until.getTime() - now.getTime();
      daysLeft = Math.floor(left / DAY_MS);
      status = left <= 0 ? 'expired' : left <= withinDays * DAY_MS ? 'expiring' : 'ok';
    }
    entries.push({
      file: refs[i]?.file ?? '-',
      index: refs[i]?.index ?? 0,
      apiVersion: String(object.apiVersion ?? ''),
      kind: String(object.kind ?? ''),
      ...(typeof object.metadata?.namespace === 'string' ? { namespace: object.metadata.namespace } : {}),
      name: typeof object.metadata?.name === 'string' ? object.metadata.name : '',
      ...(id !== undefined ? { id } : {}),
      ...(typeof a[EXCEPTION_REASON_ANNOTATION] === 'string' ? { reason: a[EXCEPTION_REASON_ANNOTATION] } : {}),
      ...(expires !== undefined ? { expires } : {}),
      ...(daysLeft !== undefined ? { daysLeft } : {}),
      status,
    });
  });
  const rank = (e: ExceptionEntry) => (e.status === 'no-expiry' ? -Infinity : e.daysLeft ?? 0);
  return entries.sort((x, y) => rank(x) - rank(y));
}

/** Runs the command; returns the exit code. */
export function runExceptions(paths: string[], options: ExceptionsCommandOptions, io: CliIo): number {
  if (!/^(0|[1-9][0-9]{0,4})$/.test(options.within)) {
    throw new UsageError(`invalid --within '${options.within}'; use a whole number of days, e.g. 30`);
  }
  const within = Number(options.within);
  const input = loadInputs(paths, io);
  const entries = exceptionEntries(input.objects, input.refs, options.now ?? new Date(), within);
  if (options.format === 'json') {
    io.out(JSON.stringify(entries, null, 2) + '\n');
  } else {
    io.out(exceptionsText(entries, within));
  }
  return entries.some((e) => e.status === 'expired' || e.status === 'no-expiry') ? EXIT_FINDINGS : EXIT_OK;
}

const LABELS: { [status in ExceptionStatus]: string } = { 'expired': 'EXPIRED  ', 'expiring': 'EXPIRING ', 'ok': 'ok       ', 'no-expiry': 'NO EXPIRY' };

function exceptionsText(entries: readonly ExceptionEntry[], within: number): string {
  const lines = entries.map((e) => {
    const what = `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name || '<unnamed>'}`;
    const when = e.expires === undefined ? 'no expires annotation'
      : e.daysLeft === undefined ? `expires '${e.expires}' is not a YYYY-MM-DD date`
        : e.status === 'expired' ? `expired ${e.expires} (${-e.daysLeft} days ago)` : `expires ${e.expires} (in ${e.daysLeft} days)`;
    const extra = [e.id ? `id ${e.id}` : '', e.reason ? `reason: ${e.reason}` : ''].filter((s) => s).join('; ');
    return `${LABELS[e.status]} ${when}  ${what}  (${e.file}#${e.index})${extra ? `  ${extra}` : ''}`;
  });
  const count = (s: ExceptionStatus) => entries.filter((e) => e.status === s).length;
  lines.push(`${entries.length} exceptions: ${count('expired')} expired, ${count('expiring')} expiring within ${within} days, `
    + `${count('no-expiry')} without an expiry, ${count('ok')} ok`);
  return lines.join('\n') + '\n';
}
