/**
 * `cdk8s-hardened check`: runs a rule pack over manifests and prints the findings and the scorecard.
 */
import { Report } from '../../compliance/check';
import { checksOfPack, evaluate } from '../../compliance/engine';
import { loadExceptionsFile } from '../../compliance/exceptions-file';
import { PACKS } from '../../compliance/packs';
import { parsePssVersion } from '../../compliance/pss';
import { ReportFormatter } from '../../compliance/reporters';
import { FAIL_ON, failsRun } from '../../compliance/reporters/common';
import { loadInputs } from '../inputs';
import { CliIo, EXIT_FINDINGS, EXIT_OK, UsageError, writeFileAtomic } from '../io';

/** Options of the check command. */
export interface CheckCommandOptions {
  readonly pack: string;
  readonly format: string;
  readonly output?: string;
  readonly failOn: string;
  readonly pssVersion: string;
  readonly toolVersion?: string;
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

/** Runs the command; returns the exit code. */
export function runCheck(paths: string[], options: CheckCommandOptions, io: CliIo): number {
  const checks = checksOfPack(options.pack);
  if (!checks) {
    throw new UsageError(`unknown pack '${options.pack}'; use one of ${PACKS.map((p) => `'${p.id}'`).join(', ')}`);
  }
  if (!parsePssVersion(options.pssVersion)) {
    throw new UsageError(`invalid --pss-version '${options.pssVersion}'; use 'v1.N' (e.g. 'v1.28') or 'latest'`);
  }
  if (!(options.failOn in FAIL_ON)) throw new UsageError(`invalid --fail-on '${options.failOn}'; use 'error', 'warning' or 'never'`);
  if (!ReportFormatter.FORMATS.includes(options.format)) {
    throw new UsageError(`invalid --format '${options.format}'; use one of ${ReportFormatter.FORMATS.join(', ')}`);
  }

  const systemNamespaces = parseSystemNamespaces(options.systemNamespaces);
  const exceptions = readExceptions(options.exceptions);
  const input = loadInputs(paths, io);
  const evaluated = evaluate(input.objects, {
    pack: options.pack,
    pssVersion: options.pssVersion,
    refs: input.refs,
    now: options.now,
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
