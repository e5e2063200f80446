/**
 * The engine: a pure function from rendered manifests to a Report.
 *
 * `evaluate(objects, options)` runs every check of a pack on the objects of the kinds it applies
 * to, plus the scorecard checks (shortfalls of the brief's success criteria) and the suppression
 * checks (expired or malformed suppressions), on every pack. It
 * - never throws on input: a document that is not an object or lacks `apiVersion`/`kind` is listed
 *   in `skipped`; a check that throws or returns garbage becomes an `error` finding naming the check;
 * - applies suppressions read from each object's `cdk8s-hardened.io/suppressions` annotation, the
 *   entries of an exceptions file, and reports objects Kubernetes manages itself as suppressed
 *   (./exemptions.ts); expired or malformed exceptions file entries are findings;
 * - reports a finding of an object controlled by another object of the input (the Pods and
 *   ReplicaSets of a Deployment in a cluster dump) once, on the top owner (owners.ts);
 * - judges only the objects and checks of the scope when one is given (scope.ts), while every
 *   object stays in the context cross-object checks read;
 * - is deterministic: findings in input order, then check order (pack order, then `scorecard-*`,
 *   then `suppression-*`);
 * - is fast: checks are indexed by kind once, the set is indexed by kind and namespace once
 *   (`EvaluationContext`), and the scorecard is computed once.
 *
 * Options it does throw on (programmer errors): an unknown pack id and a malformed PSS version.
 */
import { kubernetesMinor } from './api-versions';
import { CheckOutcome, CheckStatus, Finding, ICheck, ObjectRef, Report, Severity, SkippedObject } from './check';
import { ALL_CHECKS, RBAC_ROLE_CHECKS } from './checks';
import { withObjectScope } from './checks/support';
import { isKindDeclaration } from './cluster-scoped-kinds';
import { EvaluationContext } from './context';
import { ExceptionsFile } from './exceptions-file';
import { Exemptions } from './exemptions';
import { OwnerIndex, foldOwnedFindings } from './owners';
import { findPack, PACKS } from './packs';
import { parsePssVersion } from './pss';
import { runCheck, sharedOutcomes } from './run-check';
import { checkInScope, EvaluationScope, objectInScope } from './scope';
import { computeScorecard, SCORECARD_CHECKS, SCORECARD_EQUIVALENTS, ScorecardTargets } from './scorecard';
import { SUPPRESSION_CHECKS } from './suppressions';

const RBAC_KINDS = ['Role', 'ClusterRole'];

/** The PSS version checks judge against when none is given. */
export const DEFAULT_PSS_VERSION = 'latest';

/** The pack evaluated when none is given. */
export const DEFAULT_PACK = 'hardened';

/** Where an input document came from (file, position, construct). */
export interface ObjectSource {
  /** The source file. */
  readonly file?: string;
  /** 0-based document index within the file. */
  readonly index?: number;
  /** 1-based line of the document start. */
  readonly line?: number;
  /** 1-based column of a List item's first key. */
  readonly column?: number;
  /** The cdk8s construct path. */
  readonly constructPath?: string;
}

/** Options of {@link evaluate}. */
export interface EngineOptions {
  /** Pack id. @default 'hardened' */
  readonly pack?: string;
  /** PSS version (`v1.N` or `latest`). @default 'latest' */
  readonly pssVersion?: string;
  /** Target Kubernetes version (`1.N`) the API-version checks judge against. @default '1.28' */
  readonly kubernetesVersion?: string;
  /** Evaluation time. @default - now */
  readonly now?: Date;
  /** Labels marking production namespaces. @default - `environment=production` */
  readonly productionNamespaceLabels?: { [key: string]: string };
  /** Kinds declared cluster-scoped beyond the built-in data (`Kind` or `Kind.group`). @default - none */
  readonly clusterScopedKinds?: string[];
  /** Scorecard targets. @default - 100 each */
  readonly scorecardTargets?: ScorecardTargets;
  /** Per-object sources, parallel to `objects`; extra fields of an `ObjectRef` are ignored. */
  readonly refs?: ReadonlyArray<ObjectSource | undefined>;
  /** Checks to run in addition to the pack's. */
  readonly additionalChecks?: readonly ICheck[];
  /** Narrows what is judged (namespaces, check ids, severity); the scorecard measures the namespaces judged. @default - everything */
  readonly scope?: EvaluationScope;
  /**
   * Reports a finding of an object controlled by another object of the input (a Pod of a ReplicaSet
   * of a Deployment) once, on the top owner, naming the controlled objects (see owners.ts).
   *
   * @default true
   */
  readonly ownerDedup?: boolean;
  /** Suppressions for objects nobody can annotate (src/compliance/exceptions-file.ts). @default - none */
  readonly exceptions?: ExceptionsFile;
  /** Judge the objects Kubernetes manages (bootstrap RBAC) instead of reporting them suppressed. @default false */
  readonly includeManaged?: boolean;
  /** The system namespaces. @default ['kube-system', 'kube-public', 'kube-node-lease'] */
  readonly systemNamespaces?: readonly string[];
}

/** What {@link evaluateChecks} needs besides the objects. */
export interface EvaluateChecksOptions extends Omit<EngineOptions, 'pack' | 'additionalChecks'> {
  /** The pack id reported. */
  readonly pack: string;
  /** The pack's checks, in report order. */
  readonly checks: readonly ICheck[];
  /** Least-privilege checks the RBAC scorecard judges roles with. @default - the RBAC checks among `checks` */
  readonly rbacChecks?: readonly ICheck[];
}

/** The checks of a pack, in pack order, or undefined when the pack id is unknown. */
export function checksOfPack(packId: string): ICheck[] | undefined {
  const pack = findPack(packId);
  if (!pack) return undefined;
  const byId = new Map(ALL_CHECKS.map((c) => [c.id, c]));
  return pack.checkIds.map((id) => {
    const check = byId.get(id);
    if (!check) throw new Error(`pack '${packId}' lists unknown check '${id}'`);
    return check;
  });
}

/**
 * Evaluates objects against a pack from the registry.
 *
 * @param objects parsed manifests, in input order (anything: non-objects are skipped)
 * @throws when the pack id is unknown, the PSS version is malformed or a declared cluster-scoped kind is malformed
 */
export function evaluate(objects: readonly unknown[], options: EngineOptions = {}): Report {
  const pack = options.pack ?? DEFAULT_PACK;
  const checks = checksOfPack(pack);
  if (!checks) throw new Error(`unknown pack '${pack}'; use one of ${PACKS.map((p) => `'${p.id}'`).join(', ')}`);
  const version = options.pssVersion ?? DEFAULT_PSS_VERSION;
  if (parsePssVersion(version) === undefined) {
    throw new Error(`invalid Pod Security Standards version '${version}'; use 'v1.N' (e.g. 'v1.28') or 'latest'`);
  }
  const badKind = (options.clusterScopedKinds ?? []).find((k) => typeof k !== 'string' || !isKindDeclaration(k));
  if (badKind !== undefined) {
    throw new Error(`invalid cluster-scoped kind ${JSON.stringify(badKind)}; use 'Kind' or 'Kind.group' (e.g. 'Widget' or 'Widget.example.com')`);
  }
  if (options.kubernetesVersion !== undefined && kubernetesMinor(options.kubernetesVersion) === undefined) {
    throw new Error(`invalid Kubernetes version '${options.kubernetesVersion}'; use '1.N' (e.g. '1.28')`);
  }
  const extra = options.additionalChecks ?? [];
  return evaluateChecks(objects, {
    ...options,
    pack,
    pssVersion: version,
    checks: [...checks, ...extra.filter((c) => !checks.some((k) => k.id === c.id))],
    rbacChecks: [...RBAC_ROLE_CHECKS],
  });
}

interface Tally {
  passed: number;
  failed: number;
  errors: number;
  suppressed: number;
  notApplicable: number;
  managed: number;
}

/**
 * Evaluates objects against an explicit list of checks (the core of {@link evaluate}).
 *
 * Never throws on input.
 */
export function evaluateChecks(objects: readonly unknown[], options: EvaluateChecksOptions): Report {
  const now = options.now ?? new Date();
  const pssVersion = options.pssVersion ?? DEFAULT_PSS_VERSION;
  const input = Array.isArray(objects) ? objects : [];

  // Split readable objects from skipped documents.
  const skipped: SkippedObject[] = [];
  const valid: Array<{ object: Record<string, any>; ref: ObjectRef; index: number }> = [];
  input.forEach((object, i) => {
    const source = options.refs?.[i];
    const why = unreadable(object);
    if (why) skipped.push({ object: refOf(object, source), reason: why });
    else valid.push({ object: object as Record<string, any>, ref: refOf(object, source), index: valid.length });
  });

  const context = new EvaluationContext(valid.map((v) => v.object), {
    pssVersion,
    now,
    kubernetesVersion: options.kubernetesVersion,
    productionNamespaceLabels: options.productionNamespaceLabels,
    clusterScopedKinds: options.clusterScopedKinds,
    systemNamespaces: options.systemNamespaces,
    includeManaged: options.includeManaged,
  });

  const packChecks = dedupe(options.checks);
  const scope = options.scope ?? {};
  const scorecard = computeScorecard(context, {
    targets: options.scorecardTargets,
    namespaces: scope.namespaces,
    rbacChecks: options.rbacChecks ?? packChecks.filter((c) => c.kinds.some((k) => RBAC_KINDS.includes(k))),
  });

  const packIds = new Set(packChecks.map((c) => c.id));
  const engineChecks = [
    // A scorecard check is skipped when the pack already judges the same objects with its equivalents.
    ...SCORECARD_CHECKS.filter((c) => !(SCORECARD_EQUIVALENTS[c.id] ?? []).some((set) => set.every((id) => packIds.has(id)))),
    ...SUPPRESSION_CHECKS,
  ].filter((c) => !packIds.has(c.id));
  const unsuppressible = new Set(SUPPRESSION_CHECKS.map((c) => c.id));
  const all = [...packChecks, ...engineChecks].filter((c) => checkInScope(c, scope));
  const byKind = new Map<string, ICheck[]>();
  const checksFor = (kind: string): ICheck[] => {
    let list = byKind.get(kind);
    if (!list) {
      list = all.filter((c) => Array.isArray(c.kinds) && (c.kinds.includes(kind) || c.kinds.includes('*')));
      byKind.set(kind, list);
    }
    return list;
  };

  const tally: Tally = { passed: 0, failed: 0, errors: 0, suppressed: 0, notApplicable: 0, managed: 0 };
  const judged: Array<{ finding: Finding; index: number }> = [];
  const exemptions = new Exemptions({ now, includeManaged: options.includeManaged, exceptions: options.exceptions });
  const remembered = sharedOutcomes(context);
  const judge = (object: Record<string, any>, ref: ObjectRef, index: number): void => {
    const exempt = exemptions.of(object);
    // Outcomes the scorecard already computed (least-privilege checks on roles) are not computed again.
    const shared = remembered.get(object);
    for (const check of checksFor(object.kind)) {
      const outcome = shared?.get(check) ?? runCheck(check, object, context);
      if (outcome.status === CheckStatus.PASS) {
        tally.passed++;
        continue;
      }
      if (outcome.status === CheckStatus.NOT_APPLICABLE) {
        tally.notApplicable++;
        continue;
      }
      const deliberate = outcome.status === CheckStatus.FAIL && outcome.exemption !== undefined
        ? { reason: outcome.exemption, managed: false } : undefined;
      const suppression = unsuppressible.has(check.id) ? undefined : exempt(check.id) ?? deliberate;
      if (suppression) tally.suppressed++;
      else if (outcome.status === CheckStatus.FAIL) tally.failed++;
      else tally.errors++;
      if (suppression?.managed) tally.managed++;
      judged.push({ finding: finding(check, outcome, ref, suppression?.reason), index });
    }
  };
  // Every check of an object runs before the next object, sharing what they derive from it.
  let judgedObjects = 0;
  for (const { object, ref, index } of valid) {
    if (!objectInScope(object, scope)) continue;
    judgedObjects++;
    withObjectScope(object, () => judge(object, ref, index));
  }
  const findings = options.ownerDedup === false ? judged.map((j) => j.finding) : foldOwnedFindings(judged, OwnerIndex.of(valid.map((v) => v.object)));
  if (findings.length !== judged.length) recount(tally, findings);
  for (const f of exemptions.findings()) {
    findings.push(f);
    if (f.status === CheckStatus.FAIL) tally.failed++;
    else tally.errors++;
  }
  const { managed, ...counts } = tally;

  return {
    pack: options.pack,
    pssVersion,
    findings,
    summary: { objects: judgedObjects, ...counts, ...(managed > 0 ? { managed } : {}) },
    scorecard: scorecard.metrics,
    skipped,
  };
}

/** Recounts the failures, errors and suppressions after owned objects' findings were folded into their owners'. */
function recount(tally: Tally, findings: readonly Finding[]): void {
  tally.failed = 0;
  tally.errors = 0;
  tally.suppressed = 0;
  for (const f of findings) {
    if (f.suppressedReason !== undefined) tally.suppressed++;
    else if (f.status === CheckStatus.FAIL) tally.failed++;
    else tally.errors++;
  }
}

function finding(check: ICheck, outcome: CheckOutcome, object: ObjectRef, suppressedReason: string | undefined): Finding {
  // Assigned in the order the spread form had, without an intermediate object per optional field.
  const out: { -readonly [K in keyof Finding]: Finding[K] } = {
    checkId: check.id,
    title: check.title,
    severity: lowered(check.severity, outcome.severity),
    status: outcome.status,
    object,
  } as Finding;
  if (typeof outcome.reason === 'string') out.reason = outcome.reason;
  if (typeof outcome.detail === 'string') out.detail = outcome.detail;
  if (typeof outcome.location === 'string') out.location = outcome.location;
  out.controls = check.controls ? check.controls.slice() : [];
  if (suppressedReason !== undefined) out.suppressedReason = suppressedReason;
  return out;
}

const SEVERITY_RANK: Record<string, number> = { [Severity.INFO]: 0, [Severity.WARNING]: 1, [Severity.ERROR]: 2 };

/** The outcome's severity when it is a known one below the check's (outcomes only lower it). */
function lowered(severity: Severity, requested: unknown): Severity {
  const rank = typeof requested === 'string' ? SEVERITY_RANK[requested] : undefined;
  return rank !== undefined && rank < SEVERITY_RANK[severity] ? requested as Severity : severity;
}

/** Why a document cannot be judged, or undefined when it can. */
function unreadable(object: unknown): string | undefined {
  if (object === null || object === undefined) return 'empty document';
  if (Array.isArray(object)) return 'document is a list, not an object';
  if (typeof object !== 'object') return `document is a ${typeof object}, not an object`;
  const o = object as Record<string, any>;
  if (typeof o.apiVersion !== 'string' || o.apiVersion.length === 0) return 'missing apiVersion';
  if (typeof o.kind !== 'string' || o.kind.length === 0) return 'missing kind';
  return undefined;
}

/** The reference of an object: identity from the object, position from the caller's source. */
function refOf(object: unknown, source: ObjectSource | undefined): ObjectRef {
  const o = typeof object === 'object' && object !== null && !Array.isArray(object) ? object as Record<string, any> : {};
  const s = source ?? {};
  const fromSource = s as Partial<ObjectRef>;
  const metadata = typeof o.metadata === 'object' && o.metadata !== null ? o.metadata : {};
  // Assigned field by field in the order the spread form had: one object per input document.
  const ref: { -readonly [K in keyof ObjectRef]: ObjectRef[K] } = {
    apiVersion: str(o.apiVersion, str(fromSource.apiVersion, ''))!,
    kind: str(o.kind, str(fromSource.kind, ''))!,
    name: str(metadata.name, str(fromSource.name, ''))!,
  };
  if (typeof metadata.namespace === 'string') ref.namespace = metadata.namespace;
  if (typeof s.file === 'string') ref.file = s.file;
  if (typeof s.index === 'number') ref.index = s.index;
  if (typeof s.line === 'number') ref.line = s.line;
  if (typeof s.column === 'number') ref.column = s.column;
  if (typeof s.constructPath === 'string') ref.constructPath = s.constructPath;
  return ref;
}

function str(v: unknown, fallback?: string): string | undefined {
  return typeof v === 'string' ? v : fallback;
}

function dedupe(checks: readonly ICheck[]): ICheck[] {
  const seen = new Set<string>();
  return checks.filter((c) => {
    if (seen.has(c.id)) return false;
    seen.add(c.id);
    return true;
  });
}
