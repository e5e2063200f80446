/**
 * Helpers shared by the reporters: how an object and a finding are named, which findings count.
 */
import { CheckStatus, Control, Finding, ObjectRef, Report, Severity } from '../check';

/**
 * What a reporter may know about a check besides what its findings carry.
 *
 * An ICheck satisfies it, so the CLI passes the pack's checks as they are.
 */
export interface ReportRuleInfo {
  /** The check id. */
  readonly id: string;
  /** The compliant condition. */
  readonly title: string;
  /**
   * Policy-language intent.
   *
   * @default - the title
   */
  readonly description?: string;
  /** Severity. */
  readonly severity: Severity;
  /** Controls. */
  readonly controls: Control[];
}

/**
 * Options every reporter accepts.
 *
 * Reports hold findings only; the rules let formats that list checks (SARIF, JUnit) show all of them.
 */
export interface ReporterOptions {
  /**
   * The checks of the evaluated pack, so that reports can list checks without findings (JUnit passes,
   * SARIF rules) and carry their descriptions.
   *
   * @default - only the checks that have findings, described by their titles
   */
  readonly rules?: ReportRuleInfo[];
  /**
   * The tool version to record in the report.
   *
   * @default - this package's version (package.json)
   */
  readonly toolVersion?: string;
}

/** A reporter: a pure function from a report to text. */
export type Reporter = (report: Report, options?: ReporterOptions) => string;

/** `Deployment team-a/api` (no namespace part for cluster-scoped or unnamespaced objects). */
export function describeObject(o: ObjectRef): string {
  const name = o.name === '' ? '<unnamed>' : o.name;
  const kind = o.kind === '' ? '<no kind>' : o.kind;
  return o.namespace ? `${kind} ${o.namespace}/${name}` : `${kind} ${name}`;
}

/**
 * `file.yaml:12`, `file.yaml:12:3` (an item of a List) or `file.yaml#3` (document index), or '' when
 * the object did not come from a file.
 */
export function describeSource(o: ObjectRef): string {
  if (o.file === undefined) return o.constructPath ?? '';
  if (o.line !== undefined) return o.column !== undefined ? `${o.file}:${o.line}:${o.column}` : `${o.file}:${o.line}`;
  if (o.index !== undefined) return `${o.file}#${o.index}`;
  return o.file;
}

/** Controlled objects named in full in a finding; the rest are counted. */
const OWNED_SHOWN = 5;

/**
 * `also on 3 controlled objects: ReplicaSet shop/web-5d4f, Pod shop/web-5d4f-abcde, ...`, or undefined
 * when the finding names none (owner dedup folded nothing into it).
 */
export function describeOwned(f: Finding): string | undefined {
  const owned = f.owned ?? [];
  if (owned.length === 0) return undefined;
  const shown = owned.slice(0, OWNED_SHOWN).map(describeObject).join(', ');
  const more = owned.length > OWNED_SHOWN ? ` and ${owned.length - OWNED_SHOWN} more` : '';
  return `also on ${owned.length} controlled ${owned.length === 1 ? 'object' : 'objects'}: ${shown}${more}`;
}

/** `reason: detail`, or whichever is present. */
export function describeProblem(f: Finding): string {
  if (f.reason && f.detail) return `${f.reason}: ${f.detail}`;
  return f.reason ?? f.detail ?? f.title;
}

/** `CIS 5.2.6, SOC2 CC6.1`. */
export function describeControls(controls: Control[]): string {
  return controls.map((c) => `${c.framework} ${c.id}`).join(', ');
}

/** Whether a finding is an active (unsuppressed) failure or error. */
export function isActive(f: Finding): boolean {
  return f.suppressedReason === undefined && (f.status === CheckStatus.FAIL || f.status === CheckStatus.ERROR);
}

/** Whether a finding is covered by a suppression. */
export function isSuppressed(f: Finding): boolean {
  return f.suppressedReason !== undefined;
}

/** The rules of a report: the given ones, plus any check id seen in findings but not given, in first-seen order. */
export function rulesOf(report: Report, rules?: ReportRuleInfo[]): ReportRuleInfo[] {
  const out: ReportRuleInfo[] = [...(rules ?? [])];
  const seen = new Set(out.map((r) => r.id));
  for (const f of report.findings) {
    if (seen.has(f.checkId)) continue;
    seen.add(f.checkId);
    out.push({ id: f.checkId, title: f.title, severity: f.severity, controls: f.controls });
  }
  return out;
}

/** `100%`, `87.5%`: at most one decimal. */
export function formatPercent(p: number): string {
  return `${Math.round(p * 10) / 10}%`;
}

/** Severity order, most severe first. */
export const SEVERITY_RANK: Record<string, number> = { [Severity.ERROR]: 0, [Severity.WARNING]: 1, [Severity.INFO]: 2 };

/** The severities that fail a run, per `--fail-on` (CLI) or `failOn` (validation plugin) value. */
export const FAIL_ON: Record<string, Severity[]> = {
  error: [Severity.ERROR],
  warning: [Severity.ERROR, Severity.WARNING],
  never: [],
};

/** Whether a finding fails a run at a `failOn` threshold: active, and of a failing severity. */
export function failsRun(finding: Finding, failOn: string): boolean {
  return isActive(finding) && (FAIL_ON[failOn] ?? []).includes(finding.severity);
}
