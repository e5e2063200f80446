/**
 * Suppressions: documented, time-limited exceptions to a check, carried in the manifest itself.
 *
 * A suppression lives in the annotation `cdk8s-hardened.io/suppressions` of the object it covers,
 * as a JSON array of `{ "id", "reason", "expires"? }`. Because it travels with the manifest, the
 * audit trail survives into Git and the cluster, and the CLI honours it in any YAML (Helm or
 * kustomize output included), not only in cdk8s apps.
 *
 * Rules:
 * - `id` is a check id (`pss-restricted-run-as-user`) or a prefix wildcard ending in `-*`
 *   (`pss-restricted-*`). A bare `*` is refused: an exception must say what it excuses.
 * - `reason` has at least 10 characters (a ticket, a risk acceptance).
 * - `expires` (optional) is a calendar date `YYYY-MM-DD`; the suppression holds through that day
 *   (UTC) and from the next day on it no longer suppresses and is itself a failure
 *   (`suppression-expired`) naming the date.
 * - Only the object's own `metadata.annotations` count. Pod template annotations are copied to
 *   every Pod the controller creates and are not a statement about the controller object, so they
 *   are ignored.
 * - A malformed annotation (not JSON, not an array, an entry with a bad id, reason or date) is an
 *   `error` result (`suppression-invalid`); its valid entries still apply.
 * - Suppressions never apply to the two suppression checks themselves.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CheckOutcome, CheckStatus, Framework, ICheck, ICheckContext, Severity } from './check';
import { constructError, quote } from '../private/errors';

/** The annotation that carries suppressions. */
export const SUPPRESSIONS_ANNOTATION = 'cdk8s-hardened.io/suppressions';

/** Minimum length of a suppression reason. */
export const MIN_REASON_LENGTH = 10;

/** Check id of the failure raised by an expired suppression. */
export const SUPPRESSION_EXPIRED_CHECK_ID = 'suppression-expired';
/** Check id of the error raised by a malformed suppression annotation. */
export const SUPPRESSION_INVALID_CHECK_ID = 'suppression-invalid';

const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:-\*)?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** One suppression entry as written in the annotation. */
export interface SuppressionEntry {
  readonly id: string;
  readonly reason: string;
  readonly expires?: string;
}

/** The suppressions of one object, as read by the engine. */
export interface ObjectSuppressions {
  /** Valid, unexpired entries: these suppress. */
  readonly active: SuppressionEntry[];
  /** Valid entries whose expiry date has passed: these fail and do not suppress. */
  readonly expired: SuppressionEntry[];
  /** Why the annotation or some entries are malformed (empty when all is well). */
  readonly problems: string[];
}

const NONE: ObjectSuppressions = { active: [], expired: [], problems: [] };

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why a suppression id is invalid, or undefined. */
export function suppressionIdError(id: unknown): string | undefined {
  if (typeof id !== 'string' || !ID_RE.test(id)) {
    return `id ${quote(id)} is not a check id (kebab-case, e.g. 'pss-restricted-run-as-user') or a prefix wildcard ending in '-*' (e.g. 'pss-restricted-*')`;
  }
  return undefined;
}

/** Why a suppression reason is invalid, or undefined. */
export function suppressionReasonError(reason: unknown): string | undefined {
  if (typeof reason !== 'string' || reason.trim().length < MIN_REASON_LENGTH) {
    return `reason ${quote(reason)} is shorter than ${MIN_REASON_LENGTH} characters; say why the exception is acceptable (a ticket or risk acceptance)`;
  }
  return undefined;
}

/**
 * The first instant at which a `YYYY-MM-DD` expiry no longer holds (the next UTC midnight), or
 * undefined when the string is not a real calendar date.
 */
export function expiryInstant(expires: unknown): Date | undefined {
  if (typeof expires !== 'string') return undefined;
  const m = DATE_RE.exec(expires);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return undefined;
  return new Date(Date.UTC(y, mo - 1, d + 1));
}

/** Why a suppression expiry is invalid, or undefined (also when absent). */
export function suppressionExpiryError(expires: unknown): string | undefined {
  if (expires === undefined) return undefined;
  if (expiryInstant(expires) === undefined) return `expiry ${quote(expires)} is not a date; use 'YYYY-MM-DD' (e.g. '2026-06-30')`;
  return undefined;
}

/** Whether a suppression id (exact or `prefix-*`) covers a check id. */
export function suppressionCovers(suppressionId: string, checkId: string): boolean {
  if (suppressionId.endsWith('-*')) return checkId.startsWith(suppressionId.slice(0, -1));
  return suppressionId === checkId;
}

const parsed = new WeakMap<object, Map<number, ObjectSuppressions>>();

/**
 * Reads and validates the suppressions of an object at a given time.
 *
 * Never throws: malformed input is reported in `problems`. Cached per object and time.
 */
export function readSuppressions(object: unknown, now: Date): ObjectSuppressions {
  if (!isObject(object)) return NONE;
  // Most objects carry no suppression: answer without a cache entry (the engine asks for each object).
  const annotations = isObject(object.metadata) ? object.metadata.annotations : undefined;
  if (!isObject(annotations) || !(SUPPRESSIONS_ANNOTATION in annotations)) return NONE;
  let byTime = parsed.get(object);
  if (!byTime) {
    byTime = new Map();
    parsed.set(object, byTime);
  }
  const key = now.getTime();
  let result = byTime.get(key);
  if (!result) {
    result = parseSuppressions(object, now);
    byTime.set(key, result);
  }
  return result;
}

function parseSuppressions(object: Record<string, any>, now: Date): ObjectSuppressions {
  const annotations = isObject(object.metadata) ? object.metadata.annotations : undefined;
  if (!isObject(annotations) || !(SUPPRESSIONS_ANNOTATION in annotations)) return NONE;
  const raw = annotations[SUPPRESSIONS_ANNOTATION];
  if (typeof raw !== 'string') return { ...NONE, problems: [`annotation ${SUPPRESSIONS_ANNOTATION} is not a string`] };
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch (e) {
    return { ...NONE, problems: [`annotation ${SUPPRESSIONS_ANNOTATION} is not valid JSON (${(e as Error).message})`] };
  }
  if (!Array.isArray(list)) return { ...NONE, problems: [`annotation ${SUPPRESSIONS_ANNOTATION} must be a JSON array of {"id", "reason", "expires"?}`] };
  const active: SuppressionEntry[] = [];
  const expired: SuppressionEntry[] = [];
  const problems: string[] = [];
  list.forEach((entry, i) => {
    if (!isObject(entry)) {
      problems.push(`entry ${i} is not an object`);
      return;
    }
    const error = suppressionIdError(entry.id) ?? suppressionReasonError(entry.reason) ?? suppressionExpiryError(entry.expires);
    if (error) {
      problems.push(`entry ${i}: ${error}`);
      return;
    }
    const s: SuppressionEntry = entry.expires === undefined
      ? { id: entry.id, reason: entry.reason.trim() }
      : { id: entry.id, reason: entry.reason.trim(), expires: entry.expires };
    if (s.expires !== undefined && now.getTime() >= expiryInstant(s.expires)!.getTime()) expired.push(s);
    else active.push(s);
  });
  return { active, expired, problems };
}

/** The active suppression of an object that covers a check id, if any (exact ids win over wildcards). */
export function findSuppression(suppressions: ObjectSuppressions, checkId: string): SuppressionEntry | undefined {
  return suppressions.active.find((s) => s.id === checkId)
    ?? suppressions.active.find((s) => suppressionCovers(s.id, checkId));
}

const SUPPRESSION_CONTROLS = [
  { framework: Framework.SOC2, id: 'CC7.2' },
  { framework: Framework.PCI_DSS, id: '12.3.1' },
];

/** Fails an object that carries an expired suppression, naming the date. */
export const SUPPRESSION_EXPIRED_CHECK: ICheck = {
  id: SUPPRESSION_EXPIRED_CHECK_ID,
  title: 'Suppressions have not expired',
  description: 'A suppression is a time-limited exception. Once its expiry date has passed it no longer suppresses the finding it covered, '
    + 'and the expired exception is itself a failure until it is renewed with a new reason and date or removed.',
  severity: Severity.ERROR,
  controls: SUPPRESSION_CONTROLS,
  kinds: ['*'],
  evaluate(object: any, context: ICheckContext): CheckOutcome {
    const s = readSuppressions(object, context.now);
    if (s.expired.length === 0) return { status: CheckStatus.PASS };
    return {
      status: CheckStatus.FAIL,
      reason: s.expired.length === 1 ? `suppression expired on ${s.expired[0].expires}` : 'suppressions expired',
      detail: s.expired.map((e) => `suppression of "${e.id}" expired on ${e.expires} (reason: ${e.reason})`).join('; '),
      location: `/metadata/annotations/${SUPPRESSIONS_ANNOTATION.replace(/~/g, '~0').replace(/\//g, '~1')}`,
    };
  },
};

/** Reports a malformed suppression annotation as an error. */
export const SUPPRESSION_INVALID_CHECK: ICheck = {
  id: SUPPRESSION_INVALID_CHECK_ID,
  title: 'Suppression annotations are well formed',
  description: `The annotation ${SUPPRESSIONS_ANNOTATION} must be a JSON array of {"id", "reason", "expires"?}: a check id or a '-*' prefix `
    + `wildcard, a reason of at least ${MIN_REASON_LENGTH} characters and an optional YYYY-MM-DD date. Malformed entries suppress nothing.`,
  severity: Severity.ERROR,
  controls: SUPPRESSION_CONTROLS,
  kinds: ['*'],
  evaluate(object: any, context: ICheckContext): CheckOutcome {
    const s = readSuppressions(object, context.now);
    if (s.problems.length === 0) return { status: CheckStatus.PASS };
    return {
      status: CheckStatus.ERROR,
      reason: 'malformed suppression annotation',
      detail: s.problems.join('; '),
      location: `/metadata/annotations/${SUPPRESSIONS_ANNOTATION.replace(/~/g, '~0').replace(/\//g, '~1')}`,
    };
  },
};

/** The engine's own checks, run on every object of every pack and never suppressible. */
export const SUPPRESSION_CHECKS: readonly ICheck[] = [SUPPRESSION_INVALID_CHECK, SUPPRESSION_EXPIRED_CHECK];

/** What `Compliance.of(construct).suppress()` receives (validated there). */
export interface SuppressionInput {
  readonly id: string;
  readonly reason: string;
  readonly expires?: string;
}

/** Entries already written per ApiObject, so repeated calls merge instead of overwrite. */
const written = new WeakMap<ApiObject, SuppressionEntry[]>();

/**
 * Writes a suppression into every ApiObject at or below a construct.
 *
 * A suppression on a construct covers all objects it renders (a HardenedDeployment's Deployment,
 * its PodDisruptionBudget, NetworkPolicy, ...). Objects added below the construct after this call
 * are not covered, so call it after the construct is complete (our constructs and cdk8s-plus
 * create their objects in their constructors).
 *
 * @throws when the input is invalid or there is no ApiObject to carry the suppression
 */
export function writeSuppression(scope: IConstruct, input: SuppressionInput): void {
  const error = suppressionIdError(input?.id) ?? suppressionReasonError(input?.reason) ?? suppressionExpiryError(input?.expires);
  if (error) throw constructError(scope, `suppression ${error}`);
  const targets = scope.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
  if (targets.length === 0) {
    throw constructError(scope, `suppression of '${input.id}' has no Kubernetes object to carry it; call Compliance.of() on a construct that renders an ApiObject (a chart, a construct, or the ApiObject itself)`);
  }
  const entry: SuppressionEntry = input.expires === undefined
    ? { id: input.id, reason: input.reason.trim() }
    : { id: input.id, reason: input.reason.trim(), expires: input.expires };
  for (const target of targets) {
    let entries = written.get(target);
    if (!entries) {
      entries = existingEntries(scope, target);
      written.set(target, entries);
    }
    const same = entries.findIndex((e) => e.id === entry.id);
    if (same >= 0) entries.splice(same, 1, entry);
    else entries.push(entry);
    target.metadata.addAnnotation(SUPPRESSIONS_ANNOTATION, JSON.stringify(entries));
  }
}

/** Entries of an annotation the user set by hand before the first `suppress` call, kept as written. */
function existingEntries(scope: IConstruct, target: ApiObject): SuppressionEntry[] {
  // cdk8s offers no getter for annotations; read the definition's field so hand-written
  // suppressions are merged rather than replaced.
  const raw = (target.metadata as any).annotations?.[SUPPRESSIONS_ANNOTATION];
  if (typeof raw !== 'string') return [];
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    list = undefined;
  }
  if (!Array.isArray(list)) {
    throw constructError(scope, `the annotation ${SUPPRESSIONS_ANNOTATION} of '${target.node.path}' is ${quote(raw)}, not a JSON array; remove it and use Compliance.of(construct).suppress() only`);
  }
  return list;
}
