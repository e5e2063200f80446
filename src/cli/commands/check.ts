/**
 * `cdk8s-hardened check`: runs a rule pack over manifests and prints the findings and the scorecard.
 */
import { kubernetesMinor } from '../../compliance/api-versions';
import { Report, Severity } from '../../compliance/check';
import { isKindDeclaration } from '../../compliance/cluster-scoped-kinds';
import { checksOfPack, evaluate } from '../../compliance/engine';
import { loadExceptionsFile } from '../../compliance/exceptions-file';
import { PACKS } from '../../compliance/packs';
import { parsePssVersion } from '../../compliance/pss';
import { ReportFormatter } from '../../compliance/reporters';
import { FAIL_ON, failsRun } from '../../compliance/reporters/common';
import { idMatches } from '../../compliance/scope';
import { SCORECARD_CHECKS, SCORECARD_METRIC_IDS, ScorecardTargets } from '../../compliance/scorecard';
import { SUPPRESSION_CHECKS } from '../../compliance/suppressions';
import { loadInputs } from '../inputs';
import { CliIo, EXIT_FINDINGS, EXIT_OK, UsageError, writeFileAtomic } from '../io';

/** Options of the check command. */
export interface CheckCommandOptions {
  readonly pack: string;
  readonly format: string;
  readonly output?: string;
  readonly failOn: string;
  readonly pssVersion: string;
  /** Kinds declared cluster-scoped (`--cluster-scoped-kind`, repeatable). */
  readonly clusterScopedKind?: string[];
  /** Target Kubernetes version (`1.N`) of the API-version checks. @default '1.28' */
  readonly kubernetesVersion?: string;
  readonly toolVersion?: string;
  /** Accept an input without objects. */
  readonly allowEmpty?: boolean;
  /** Judge only objects in these namespaces. */
  readonly namespace?: string[];
  /** Run only these check ids (or `prefix-*`). */
  readonly check?: string[];
  /** Never run these check ids (or `prefix-*`). */
  readonly skipCheck?: string[];
  /** Run only checks of this severity or above. */
  readonly minSeverity?: string;
  /** Fold controlled objects' findings into their owner's (commander's `--no-owner-dedup` sets false). */
  readonly ownerDedup?: boolean;
  /** `key=value` labels marking production namespaces. */
  readonly productionLabel?: string[];
  /** `metric=percent` scorecard targets. */
  readonly target?: string[];
  /** Evaluation time, for reproducible tests. */
  readonly now?: Date;
  /** An exceptions file (src/compliance/exceptions-file.ts). */
  readonly exceptions?: string;
  /** Judge the objects Kubernetes manages instead of reporting them suppressed. */
  readonly includeManaged?: boolean;
  /** Comma-separated system namespaces, as typed. */
  readonly systemNamespaces?: string;
}

const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** `--system-namespaces a,b` as a list (empty for ''), checked. */
export function parseSystemNamespaces(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((n) => n.trim()).filter((n) => n !== '');
  const bad = names.find((n) => !NAMESPACE_NAME.test(n));
  if (bad !== undefined) throw new UsageError(`invalid --system-namespaces entry '${bad}'; give namespace names separated by commas, e.g. 'kube-system,kube-public,kube-node-lease'`);
  return names;
}

/** Reads `--exceptions FILE`, a refused file as a usage error. */
function readExceptions(file: string | undefined) {
  if (file === undefined) return undefined;
  try {
    return loadExceptionsFile(file);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

const SEVERITIES: Record<string, Severity> = { error: Severity.ERROR, warning: Severity.WARNING, info: Severity.INFO };

/** Scorecard metric id to ScorecardTargets field. */
const TARGET_FIELDS: Record<string, keyof ScorecardTargets> = {
  'rbac-least-privilege': 'rbacLeastPrivilege',
  'pss-restricted-production': 'pssRestrictedProduction',
  'network-policy-coverage': 'networkPolicyCoverage',
  'image-signing': 'imageSigning',
};

/** Runs the command; returns the exit code. */
export function runCheck(paths: string[], options: CheckCommandOptions, io: CliIo): number {
  const checks = checksOfPack(options.pack);
  if (!checks) {
    throw new UsageError(`unknown pack '${options.pack}'; use one of ${PACKS.map((p) => `'${p.id}'`).join(', ')}`);
  }
  if (!parsePssVersion(options.pssVersion)) {
    throw new UsageError(`invalid --pss-version '${options.pssVersion}'; use 'v1.N' (e.g. 'v1.28') or 'latest'`);
  }
  const clusterScopedKinds = options.clusterScopedKind ?? [];
  const badKind = clusterScopedKinds.find((k) => !isKindDeclaration(k));
  if (badKind !== undefined) throw new UsageError(`invalid --cluster-scoped-kind '${badKind}'; use 'Kind' or 'Kind.group' (e.g. 'Widget.example.com')`);
  if (options.kubernetesVersion !== undefined && kubernetesMinor(options.kubernetesVersion) === undefined) {
    throw new UsageError(`invalid --kubernetes-version '${options.kubernetesVersion}'; use '1.N' (e.g. '1.28')`);
  }
  if (!(options.failOn in FAIL_ON)) throw new UsageError(`invalid --fail-on '${options.failOn}'; use 'error', 'warning' or 'never'`);
  if (!ReportFormatter.FORMATS.includes(options.format)) {
    throw new UsageError(`invalid --format '${options.format}'; use one of ${ReportFormatter.FORMATS.join(', ')}`);
  }
  const minimumSeverity = options.minSeverity === undefined ? undefined : SEVERITIES[options.minSeverity];
  if (options.minSeverity !== undefined && !minimumSeverity) {
    throw new UsageError(`invalid --min-severity '${options.minSeverity}'; use 'error', 'warning' or 'info'`);
  }
  const known = [...checks, ...SCORECARD_CHECKS, ...SUPPRESSION_CHECKS].map((c) => c.id);
  validateCheckIds('--check', options.check, known, options.pack);
  validateCheckIds('--skip-check', options.skipCheck, known, options.pack);
  const productionNamespaceLabels = parseProductionLabels(options.productionLabel);
  const scorecardTargets = parseTargets(options.target);

  const systemNamespaces = parseSystemNamespaces(options.systemNamespaces);
  const exceptions = readExceptions(options.exceptions);
  const input = loadInputs(paths, io, { allowEmpty: options.allowEmpty });
  const evaluated = evaluate(input.objects, {
    pack: options.pack,
    pssVersion: options.pssVersion,
    refs: input.refs,
    now: options.now,
    kubernetesVersion: options.kubernetesVersion,
    clusterScopedKinds,
    ownerDedup: options.ownerDedup !== false,
    scope: { namespaces: options.namespace, checkIds: options.check, excludeCheckIds: options.skipCheck, minimumSeverity },
    ...(productionNamespaceLabels ? { productionNamespaceLabels } : {}),
    ...(scorecardTargets ? { scorecardTargets } : {}),
    exceptions,
    includeManaged: options.includeManaged,
    systemNamespaces,
  });
  const report: Report = { ...evaluated, skipped: [...input.skipped, ...evaluated.skipped] };
  const text = ReportFormatter.render(options.format, report, { rules: checks, toolVersion: options.toolVersion });
  if (options.output) writeFileAtomic(options.output, text);
  else io.out(text);
  return report.findings.some((f) => failsRun(f, options.failOn)) ? EXIT_FINDINGS : EXIT_OK;
}

function validateCheckIds(option: string, patterns: string[] | undefined, known: string[], pack: string): void {
  for (const p of patterns ?? []) {
    if (known.some((id) => idMatches(p, id))) continue;
    throw new UsageError(`${option} '${p}' names no check of pack '${pack}' (nor a scorecard or suppression check); `
      + "use a check id listed in RULES.md or a prefix wildcard ending in '-*' (e.g. 'pss-restricted-*')");
  }
}

function parseProductionLabels(values: string[] | undefined): { [key: string]: string } | undefined {
  if (!values || values.length === 0) return undefined;
  const labels: { [key: string]: string } = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid --production-label '${v}'; use KEY=VALUE (e.g. 'environment=production')`);
    labels[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return labels;
}

function parseTargets(values: string[] | undefined): ScorecardTargets | undefined {
  if (!values || values.length === 0) return undefined;
  const targets: { -readonly [K in keyof ScorecardTargets]: number } = {};
  for (const v of values) {
    const m = /^([a-z-]+)=(\d+(?:\.\d+)?)%?$/.exec(v);
    const field = m ? TARGET_FIELDS[m[1]] : undefined;
    const percent = m ? Number(m[2]) : NaN;
    if (!m || !field || percent > 100) {
      throw new UsageError(`invalid --target '${v}'; use METRIC=PERCENT with a percent from 0 to 100 and a metric among ${SCORECARD_METRIC_IDS.map((id) => `'${id}'`).join(', ')}`);
    }
    targets[field] = percent;
  }
  return targets;
}
