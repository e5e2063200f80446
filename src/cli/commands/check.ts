/**
 * `cdk8s-hardened check`: runs a rule pack over manifests and prints the findings and the scorecard.
 */
import { kubernetesMinor } from '../../compliance/api-versions';
import { Report } from '../../compliance/check';
import { checksOfPack, evaluate } from '../../compliance/engine';
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
  /** Target Kubernetes version (`1.N`) of the API-version checks. @default '1.28' */
  readonly kubernetesVersion?: string;
  readonly toolVersion?: string;
  /** Evaluation time, for reproducible tests. */
  readonly now?: Date;
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
  if (options.kubernetesVersion !== undefined && kubernetesMinor(options.kubernetesVersion) === undefined) {
    throw new UsageError(`invalid --kubernetes-version '${options.kubernetesVersion}'; use '1.N' (e.g. '1.28')`);
  }
  if (!(options.failOn in FAIL_ON)) throw new UsageError(`invalid --fail-on '${options.failOn}'; use 'error', 'warning' or 'never'`);
  if (!ReportFormatter.FORMATS.includes(options.format)) {
    throw new UsageError(`invalid --format '${options.format}'; use one of ${ReportFormatter.FORMATS.join(', ')}`);
  }

  const input = loadInputs(paths, io);
  const evaluated = evaluate(input.objects, {
    pack: options.pack, pssVersion: options.pssVersion, kubernetesVersion: options.kubernetesVersion, refs: input.refs, now: options.now,
  });
  const report: Report = { ...evaluated, skipped: [...input.skipped, ...evaluated.skipped] };
  const text = ReportFormatter.render(options.format, report, { rules: checks, toolVersion: options.toolVersion });
  if (options.output) writeFileAtomic(options.output, text);
  else io.out(text);
  return report.findings.some((f) => failsRun(f, options.failOn)) ? EXIT_FINDINGS : EXIT_OK;
}
