/**
 * `cdk8s-hardened pss`: judges every Pod and pod template exactly as Pod Security Admission would.
 */
import { isPodBearing } from '../../compliance/pod-spec';
import { evaluateObjectPodSecurity, formatPssReason, parsePssVersion, PodSecurityLevel } from '../../compliance/pss';
import { loadInputs } from '../inputs';
import { CliIo, EXIT_FINDINGS, EXIT_OK, UsageError } from '../io';

/** Options of the pss command. */
export interface PssCommandOptions {
  readonly level: string;
  readonly version: string;
  readonly format: string;
}

/** One entry of `pss --format json`: the contract documented in docs/cli.md. */
export interface PssVerdict {
  readonly file: string;
  readonly index: number;
  readonly kind: string;
  readonly name: string;
  /** metadata.namespace, when the object sets one. */
  readonly namespace?: string;
  readonly allowed: boolean;
  readonly reasons: string[];
}

const LEVELS: Record<string, PodSecurityLevel> = {
  baseline: PodSecurityLevel.BASELINE,
  restricted: PodSecurityLevel.RESTRICTED,
};

/** Runs the command; returns the exit code. */
export function runPss(paths: string[], options: PssCommandOptions, io: CliIo): number {
  const level = LEVELS[options.level];
  if (!level) throw new UsageError(`invalid --level '${options.level}'; use 'baseline' or 'restricted'`);
  const version = parsePssVersion(options.version);
  if (!version) throw new UsageError(`invalid --version '${options.version}'; use 'v1.N' (e.g. 'v1.28') or 'latest'`);

  const input = loadInputs(paths, io);
  const verdicts: PssVerdict[] = [];
  input.objects.forEach((object, i) => {
    if (!isPodBearing(object)) return;
    const evaluation = evaluateObjectPodSecurity(level, version.label, object);
    if (!evaluation) return;
    const ref = input.refs[i];
    verdicts.push({
      file: ref.file ?? '-',
      index: ref.index ?? 0,
      kind: ref.kind,
      name: ref.name,
      ...(ref.namespace !== undefined ? { namespace: ref.namespace } : {}),
      allowed: evaluation.allowed,
      reasons: evaluation.results.map(formatPssReason),
    });
  });

  if (options.format === 'json') {
    io.out(JSON.stringify(verdicts, null, 2) + '\n');
  } else {
    io.out(pssText(verdicts, options.level, version.label));
  }
  return verdicts.every((v) => v.allowed) ? EXIT_OK : EXIT_FINDINGS;
}

function pssText(verdicts: PssVerdict[], level: string, version: string): string {
  const lines: string[] = [];
  for (const v of verdicts) {
    const name = v.name || '<unnamed>';
    const where = `${v.file}#${v.index} ${v.kind || '<no kind>'} ${v.namespace ? `${v.namespace}/${name}` : name}`;
    if (v.allowed) {
      lines.push(`allowed  ${where}`);
    } else {
      lines.push(`DENIED   ${where}: violates PodSecurity "${level}:${version}": ${v.reasons.join(', ')}`);
    }
  }
  const denied = verdicts.filter((v) => !v.allowed).length;
  lines.push(`${verdicts.length} pods and pod templates at ${level}:${version}: ${verdicts.length - denied} allowed, ${denied} denied`);
  return lines.join('\n') + '\n';
}
