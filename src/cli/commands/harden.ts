/**
 * `cdk8s-hardened harden`: rewrites manifests nobody wrote with our constructs to the hardened
 * defaults, keeping every byte it does not change, and lists what a person must still fix.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as jsyaml from 'js-yaml';
import { collectFiles, InputError, STDIN } from '../../compliance/loader';
import { parsePssVersion } from '../../compliance/pss';
import { unifiedDiff } from '../../harden/diff';
import { ADDED_FILE, hardenYaml, YamlHardeningResult, YamlObjectLocation } from '../../harden/harden-yaml';
import { DEFAULT_RESOURCES, ImageSettings, PlanOptions, ResourceDefaults } from '../../harden/plan';
import { CliIo, EXIT_FINDINGS, EXIT_OK, UsageError, writeFileAtomic } from '../io';

/** Options of the harden command. */
export interface HardenCommandOptions {
  readonly output?: string;
  readonly report?: string;
  readonly dryRun?: boolean;
  readonly assumeNonRoot?: boolean;
  readonly imageSettings?: string;
  readonly digests?: string;
  readonly cpuRequest?: string;
  readonly cpuLimit?: string;
  readonly memoryRequest?: string;
  readonly memoryLimit?: string;
  readonly ephemeralStorageRequest?: string;
  readonly ephemeralStorageLimit?: string;
  readonly pssVersion?: string;
  readonly networkPolicies?: boolean;
}

/** Where one input file is written: its name relative to the directory argument it came from. */
interface Input {
  readonly file: string;
  readonly relative: string;
  readonly text: string;
}

/** Runs the command; returns the exit code. */
export function runHarden(paths: string[], options: HardenCommandOptions, io: CliIo): number {
  if (!options.dryRun && !options.output) throw new UsageError("missing --output <dir|->: where to write the hardened manifests ('-' for stdout)");
  const plan = planOptions(options);
  if (paths.length === 0) {
    if (io.stdinIsTTY) throw new UsageError("no input: pass YAML files or directories, or '-' to read standard input");
    paths = [STDIN];
  }
  const inputs = readInputs(paths, io);
  const result = hardenYaml(inputs.map((i) => ({ file: i.file, text: i.text })), plan);

  // Everything parsed and planned: only now is anything written.
  if (options.dryRun) {
    io.out(result.outputs.map((o, i) => unifiedDiff(inputs[i].relative, inputs[i].text, o.text)).join('') + unifiedDiff(ADDED_FILE, '', result.added));
  } else if (options.output === '-') {
    io.out(result.outputs.map((o) => (o.text.endsWith('\n') || o.text === '' ? o.text : `${o.text}\n`))
      .concat(result.added ? [result.added] : [])
      .map((t, i) => (i > 0 && !/^---/.test(t) ? `---\n${t}` : t)).join(''));
  } else {
    writeOutputs(options.output!, inputs, result);
  }
  if (options.report && !options.dryRun) writeFileAtomic(options.report, JSON.stringify(reportOf(result), null, 2) + '\n');
  io.err(summary(result));
  return result.findings.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function readInputs(paths: string[], io: CliIo): Input[] {
  const inputs: Input[] = [];
  for (const p of paths) {
    for (const file of collectFiles([p])) {
      if (file === STDIN) {
        inputs.push({ file: STDIN, relative: 'stdin.yaml', text: io.readStdin() });
        continue;
      }
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (e: any) {
        throw new InputError(`cannot read: ${e?.code ?? e?.message ?? e}`, file);
      }
      const relative = fs.statSync(p).isDirectory() ? path.relative(p, file) : path.basename(file);
      inputs.push({ file, relative, text });
    }
  }
  const seen = new Map<string, string>();
  for (const i of inputs) {
    const other = seen.get(i.relative);
    if (other !== undefined) throw new UsageError(`inputs '${other}' and '${i.file}' would both be written as '${i.relative}'; harden them in separate runs`);
    seen.set(i.relative, i.file);
  }
  return inputs;
}

function writeOutputs(dir: string, inputs: Input[], result: YamlHardeningResult): void {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new UsageError(`--output '${dir}' is a file; pass a directory or '-'`);
  const clash = inputs.find((i) => i.relative === ADDED_FILE);
  if (result.added && clash) throw new UsageError(`input '${clash.file}' would be overwritten by the NetworkPolicies harden adds (${ADDED_FILE}); rename it`);
  inputs.forEach((input, i) => {
    const target = path.join(dir, input.relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    writeFileAtomic(target, result.outputs[i].text);
  });
  if (result.added) writeFileAtomic(path.join(dir, ADDED_FILE), result.added);
}

function planOptions(options: HardenCommandOptions): PlanOptions {
  if (options.pssVersion && !parsePssVersion(options.pssVersion)) {
    throw new UsageError(`invalid --pss-version '${options.pssVersion}'; use 'v1.N' (e.g. 'v1.28') or 'latest'`);
  }
  const resources: ResourceDefaults = {
    requests: {
      ...DEFAULT_RESOURCES.requests,
      ...defined({ 'cpu': options.cpuRequest, 'memory': options.memoryRequest, 'ephemeral-storage': options.ephemeralStorageRequest }),
    },
    limits: {
      ...DEFAULT_RESOURCES.limits,
      ...defined({ 'cpu': options.cpuLimit, 'memory': options.memoryLimit, 'ephemeral-storage': options.ephemeralStorageLimit }),
    },
  };
  const plan: PlanOptions = {
    assumeNonRoot: Boolean(options.assumeNonRoot),
    networkPolicies: Boolean(options.networkPolicies),
    resources,
    pssVersion: options.pssVersion ?? 'latest',
    ...(options.imageSettings ? { images: imageSettings(options.imageSettings) } : {}),
    ...(options.digests ? { digests: digests(options.digests) } : {}),
  };
  try {
    // The planner validates its options; a bad value is the user's, not an internal error.
    hardenYaml([], plan);
  } catch (e: any) {
    throw new UsageError(e.message);
  }
  return plan;
}

function defined(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

function readData(file: string, flag: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e: any) {
    throw new InputError(`cannot read ${flag} file: ${e?.code ?? e?.message ?? e}`, file);
  }
  try {
    return jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
  } catch (e: any) {
    throw new InputError(e.reason ?? 'malformed YAML', file, e.mark ? e.mark.line + 1 : undefined, e.mark ? e.mark.column + 1 : undefined);
  }
}

/**
 * `--image-settings FILE`: a list of `{image, runAsUser, runAsGroup, readOnlyRootFilesystem,
 * writablePaths}` (YAML or JSON), or `{images: [...]}`.
 */
function imageSettings(file: string): ImageSettings[] {
  const data: any = readData(file, '--image-settings');
  const list = Array.isArray(data) ? data : data?.images;
  if (!Array.isArray(list) || !list.every((s) => typeof s?.image === 'string')) {
    throw new InputError("expected a list of entries with 'image' (a glob), and any of runAsUser, runAsGroup, readOnlyRootFilesystem, writablePaths", file);
  }
  return list;
}

/** `--digests FILE`: a map of image to `sha256:` digest (YAML or JSON), or `{digests: {...}}`. */
function digests(file: string): Record<string, string> {
  const data: any = readData(file, '--digests');
  const map = data && typeof data === 'object' && !Array.isArray(data) && typeof data.digests === 'object' ? data.digests : data;
  if (!map || typeof map !== 'object' || Array.isArray(map) || !Object.values(map).every((v) => typeof v === 'string')) {
    throw new InputError("expected a map of image reference to digest, e.g. 'nginx:1.27: sha256:<64 hex>'", file);
  }
  return map;
}

/** The JSON change report: the contract documented in docs/harden.md. */
function reportOf(result: YamlHardeningResult): unknown {
  return {
    changes: result.changes,
    findings: result.findings,
    summary: {
      changes: result.changes.length,
      safe: result.changes.filter((c) => c.kind === 'safe').length,
      optIn: result.changes.filter((c) => c.kind === 'opt-in').length,
      findings: result.findings.length,
      filesChanged: result.outputs.filter((o) => o.changed).length,
    },
  };
}

function where(o: YamlObjectLocation): string {
  return `${o.file}${o.line !== undefined ? `:${o.line}` : ''} ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name || '<unnamed>'}`;
}

function summary(result: YamlHardeningResult): string {
  const lines: string[] = [];
  const perObject = new Map<string, number>();
  for (const c of result.changes) {
    const key = `${c.object.file} ${c.object.kind} ${c.object.namespace ? `${c.object.namespace}/` : ''}${c.object.name || '<unnamed>'}`;
    perObject.set(key, (perObject.get(key) ?? 0) + 1);
  }
  for (const [key, count] of perObject) lines.push(`hardened  ${key}: ${count} change${count === 1 ? '' : 's'}`);
  for (const f of result.findings) {
    lines.push(`NOT FIXED ${where(f.object)}: ${f.check}: ${f.detail}`);
    lines.push(`          fix: ${f.fix}`);
  }
  const safe = result.changes.filter((c) => c.kind === 'safe').length;
  lines.push(`${result.changes.length} changes (${safe} safe, ${result.changes.length - safe} opt-in) in ${result.outputs.filter((o) => o.changed).length} files; `
    + `${result.findings.length} findings left for a person`);
  return lines.join('\n') + '\n';
}
