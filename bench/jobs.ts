/**
 * The measurements, each run in a fresh child process by `child.ts`: warm up on a small input, then
 * measure on the real one.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Layout, Variant } from './apps';
import { best, collectGarbage, measure, measureAsync, Sample } from './measure';
import type { PeerRun } from './peer';

// Modules load on use, so a cold run pays for loading exactly what its path needs (as the CLI does).
/* eslint-disable @typescript-eslint/no-require-imports */
const lazy = {
  apps: () => require('./apps') as typeof import('./apps'),
  peer: () => require('./peer') as typeof import('./peer'),
  lib: () => require('../src') as typeof import('../src'),
  cli: () => require('../src/cli/main') as typeof import('../src/cli/main'),
  engine: () => require('../src/compliance/engine') as typeof import('../src/compliance/engine'),
  loader: () => require('../src/compliance/loader') as typeof import('../src/compliance/loader'),
  jsyaml: () => require('js-yaml') as typeof import('js-yaml'),
  yaml: () => require('yaml') as typeof import('yaml'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** How a synth is followed. */
export type SynthMode =
  /** `app.synthYaml()`: the manifests as one string, no files. */
  | 'yaml'
  /** `Compliance.check(app)` then `app.synthYaml()`. */
  | 'lib-check'
  /** `app.synth()`: manifests written to an outdir, as `cdk8s synth` does. */
  | 'files'
  /** `app.synth()` then the HardenedValidation plugin on the written files, as `cdk8s synth` with `validations:`. */
  | 'plugin';

/** A job for a child process. */
export type Job =
  | { readonly type: 'synth'; readonly variant: Variant; readonly n: number; readonly mode: SynthMode; readonly reps: number; readonly layout?: Layout }
  /**
   * Overhead of a check on synth: the hardened app without (`modes[0]`) and with (`modes[1]`) the
   * check, alternating in one process after a warm-up of both, so load drift and heap state hit both alike.
   */
  | { readonly type: 'pair'; readonly n: number; readonly modes: readonly [SynthMode, SynthMode]; readonly reps: number }
  /** Where synth memory goes: the construct tree after building (live, after a full GC), then `app.synthYaml()`. */
  | { readonly type: 'memory'; readonly variant: Variant; readonly n: number; readonly layout: Layout }
  | { readonly type: 'read'; readonly tool: ReadTool; readonly dir: string; readonly warmDir: string; readonly reps: number; readonly cold?: boolean }
  /**
   * Two readers of one corpus (`tools[0]` the baseline, e.g. the parse floor; `tools[1]` measured
   * against it), alternating in one process after a warm-up of both, the order flipping every round,
   * so a slow spell of a shared machine hits both sides alike and their ratio stays meaningful.
   */
  | { readonly type: 'read-pair'; readonly tools: readonly [ReadTool, ReadTool]; readonly dir: string; readonly warmDir: string; readonly reps: number };

/** End-to-end readers of a corpus directory. */
export type ReadTool = 'check-text' | 'check-sarif' | 'pss' | 'floor-js-yaml' | 'floor-js-yaml-core' | 'floor-yaml' | 'peer' | 'coverage';

/** What a job reports back. */
export interface JobResult {
  readonly job: Job;
  /** The best of the measured runs (fastest time, largest peaks). */
  readonly sample: Sample;
  /** Every measured time, ms. */
  readonly times: number[];
  /** Objects emitted (synth) or read (read jobs). */
  readonly objects: number;
  /** Bytes written (report or manifests). */
  readonly bytes?: number;
  /** CLI exit code, when a CLI ran. */
  readonly exitCode?: number;
  readonly peer?: PeerRun;
  /** Distinct objects failing each of our checks (coverage job). */
  readonly failingObjectsByCheck?: { [checkId: string]: number };
  /** Pair job: the run without the check (`sample` is the run with it). */
  readonly baseline?: { readonly sample: Sample; readonly times: number[] };
  /** Memory job: live heap before building, and held by the built construct tree (after a full GC), bytes. */
  readonly memory?: { readonly before: number; readonly tree: number };
}

/** Runs a job (in the child). */
export async function runJob(job: Job): Promise<JobResult> {
  switch (job.type) {
    case 'synth': return synthJob(job);
    case 'pair': return pairJob(job);
    case 'memory': return memoryJob(job);
    case 'read-pair': return readPairJob(job);
    default: return readJob(job);
  }
}

// ---------------------------------------------------------------- synth

interface SynthOutput {
  readonly objects: number;
  readonly bytes: number;
}

function synthOnce(variant: Variant, n: number, mode: SynthMode, outdir: string, layout: Layout): Promise<SynthOutput> | SynthOutput {
  const app = lazy.apps().buildApp(variant, n, mode === 'files' || mode === 'plugin' ? outdir : undefined, layout);
  if (mode === 'yaml' || mode === 'lib-check') {
    if (mode === 'lib-check') {
      const report = lazy.lib().Compliance.check(app);
      if (report.summary.objects === 0) throw new Error('bench: the compliance check saw no object');
    }
    const text = app.synthYaml();
    return { objects: countDocuments(text), bytes: text.length };
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  app.synth();
  const files = fs.readdirSync(outdir).map((f) => path.join(outdir, f));
  if (mode === 'files') return { objects: -1, bytes: files.length };
  return validateWithPlugin(files).then(() => ({ objects: -1, bytes: files.length }));
}

async function validateWithPlugin(manifests: string[]): Promise<void> {
  let status = '';
  let violations = 0;
  await new (lazy.lib().HardenedValidation)({ pack: 'hardened' }).validate({
    manifests,
    report: {
      addViolation: () => { violations++; },
      submit: (s: string) => { status = s; },
    },
  });
  if (status === '') throw new Error('bench: the validation plugin did not submit a report');
}

function countDocuments(yamlText: string): number {
  let count = 0;
  for (let i = yamlText.indexOf('kind: '); i >= 0; i = yamlText.indexOf('kind: ', i + 1)) {
    if (i === 0 || yamlText[i - 1] === '\n') count++;
  }
  return count;
}

async function synthJob(job: Extract<Job, { type: 'synth' }>): Promise<JobResult> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardened-bench-'));
  try {
    // Warm up: load every module and let the JIT see the code paths once.
    await synthOnce(job.variant, Math.min(job.n, 100), job.mode, outdir, job.layout ?? 'chart-per-namespace');
    const samples: Sample[] = [];
    let objects = 0;
    let bytes = 0;
    for (let r = 0; r < job.reps; r++) {
      const { result, sample } = await measureAsync(async () => synthOnce(job.variant, job.n, job.mode, outdir, job.layout ?? 'chart-per-namespace'));
      samples.push(sample);
      objects = result.objects;
      bytes = result.bytes;
    }
    if (objects < 0) {
      // Files mode: count the emitted objects after timing.
      objects = fs.readdirSync(outdir).reduce((sum, f) => sum + countDocuments(fs.readFileSync(path.join(outdir, f), 'utf8')), 0);
    }
    return { job, sample: best(samples), times: samples.map((s) => s.ms), objects, bytes };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

async function pairJob(job: Extract<Job, { type: 'pair' }>): Promise<JobResult> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardened-bench-'));
  try {
    const [without, withCheck] = job.modes;
    for (const mode of job.modes) await synthOnce('hardened', Math.min(job.n, 100), mode, outdir, 'chart-per-namespace');
    const samples: { [mode: string]: Sample[] } = { [without]: [], [withCheck]: [] };
    let objects = 0;
    for (let r = 0; r < job.reps; r++) {
      // Alternate which goes first, so neither always runs on the heap the other left.
      for (const mode of r % 2 === 0 ? job.modes : [withCheck, without]) {
        const { result, sample } = await measureAsync(async () => synthOnce('hardened', job.n, mode, outdir, 'chart-per-namespace'));
        samples[mode].push(sample);
        if (result.objects >= 0) objects = result.objects;
      }
    }
    return {
      job,
      sample: best(samples[withCheck]),
      times: samples[withCheck].map((x) => x.ms),
      objects,
      baseline: { sample: best(samples[without]), times: samples[without].map((x) => x.ms) },
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function memoryJob(job: Extract<Job, { type: 'memory' }>): JobResult {
  // Warm up (modules loaded, JIT), then measure from a clean heap.
  lazy.apps().buildApp(job.variant, Math.min(job.n, 100), undefined, job.layout).synthYaml();
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const app = lazy.apps().buildApp(job.variant, job.n, undefined, job.layout);
  collectGarbage();
  const tree = process.memoryUsage().heapUsed - before;
  const { result, sample } = measure(() => app.synthYaml());
  return { job, sample, times: [sample.ms], objects: countDocuments(result), bytes: result.length, memory: { before, tree } };
}

// ---------------------------------------------------------------- read (check throughput)

const SILENT_IO = (sink: { bytes: number }) => ({
  out: (text: string) => { sink.bytes += text.length; },
  err: (text: string) => { sink.bytes += text.length; },
  readStdin: () => '',
  stdinIsTTY: false,
  stderrIsTTY: false,
});

async function readJob(job: Extract<Job, { type: 'read' }>): Promise<JobResult> {
  const reportFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardened-bench-')), 'report');
  try {
    if (job.tool === 'coverage') return coverageJob(job);
    const runner = await readerFor(job.tool, reportFile);
    // Cold: the first run of a fresh process, paying for module loading and an unwarmed JIT, as
    // one `cdk8s-hardened check` invocation does (process start-up itself excluded).
    if (!job.cold) await runner(job.warmDir);
    const samples: Sample[] = [];
    let last: ReaderResult = { objects: 0 };
    for (let r = 0; r < job.reps; r++) {
      const { result, sample } = await measureAsync(() => runner(job.dir));
      samples.push(sample);
      last = result;
    }
    return { job, sample: best(samples), times: samples.map((s) => s.ms), ...last };
  } finally {
    fs.rmSync(path.dirname(reportFile), { recursive: true, force: true });
  }
}

async function readPairJob(job: Extract<Job, { type: 'read-pair' }>): Promise<JobResult> {
  const reportFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardened-bench-')), 'report');
  try {
    const [baseTool, tool] = job.tools;
    const runners = { [baseTool]: await readerFor(baseTool, reportFile), [tool]: await readerFor(tool, reportFile) };
    for (const t of job.tools) await runners[t](job.warmDir);
    const samples: { [tool: string]: Sample[] } = { [baseTool]: [], [tool]: [] };
    let last: ReaderResult = { objects: 0 };
    for (let r = 0; r < job.reps; r++) {
      for (const t of r % 2 === 0 ? job.tools : [tool, baseTool]) {
        const { result, sample } = await measureAsync(() => runners[t](job.dir));
        samples[t].push(sample);
        if (t === tool) last = result;
      }
    }
    return {
      job,
      sample: best(samples[tool]),
      times: samples[tool].map((x) => x.ms),
      ...last,
      baseline: { sample: best(samples[baseTool]), times: samples[baseTool].map((x) => x.ms) },
    };
  } finally {
    fs.rmSync(path.dirname(reportFile), { recursive: true, force: true });
  }
}

interface ReaderResult {
  readonly objects: number;
  readonly bytes?: number;
  readonly exitCode?: number;
  readonly peer?: PeerRun;
}

type Reader = (dir: string) => Promise<ReaderResult>;

async function readerFor(tool: ReadTool, reportFile: string): Promise<Reader> {
  switch (tool) {
    case 'check-text':
    case 'check-sarif': {
      const format = tool === 'check-text' ? 'text' : 'sarif';
      return async (dir) => {
        const sink = { bytes: 0 };
        const exitCode = lazy.cli().run(['check', '--pack', 'hardened', '--format', format, '--fail-on', 'error', '--output', reportFile, dir], SILENT_IO(sink));
        if (exitCode === 2) throw new Error(`bench: check failed on ${dir}`);
        return { objects: -1, bytes: fs.statSync(reportFile).size, exitCode };
      };
    }
    case 'pss':
      return async (dir) => {
        const sink = { bytes: 0 };
        const exitCode = lazy.cli().run(['pss', '--level', 'restricted', dir], SILENT_IO(sink));
        if (exitCode === 2) throw new Error(`bench: pss failed on ${dir}`);
        return { objects: -1, bytes: sink.bytes, exitCode };
      };
    case 'floor-js-yaml':
      return async (dir) => ({ objects: floor(dir, (text) => lazy.jsyaml().loadAll(text)) });
    case 'floor-js-yaml-core':
      return async (dir) => ({ objects: floor(dir, (text) => lazy.jsyaml().loadAll(text, undefined, { schema: lazy.jsyaml().CORE_SCHEMA })) });
    case 'floor-yaml':
      return async (dir) => ({ objects: floor(dir, (text) => lazy.yaml().parseAllDocuments(text).map((d: any) => d.toJSON())) });
    case 'peer': {
      const peer = await lazy.peer().createPeer();
      return async (dir) => {
        const result = await peer.run(lazy.loader().collectFiles([dir]), reportFile);
        return { objects: result.resources, bytes: result.reportBytes, peer: result };
      };
    }
    default:
      throw new Error(`bench: unknown tool ${tool}`);
  }
}

/** Reads and parses every file of the corpus (the physical floor); returns the object count. */
function floor(dir: string, parse: (text: string) => unknown[]): number {
  let objects = 0;
  for (const file of lazy.loader().collectFiles([dir])) {
    for (const doc of parse(fs.readFileSync(file, 'utf8'))) {
      const o = doc as any;
      objects += o && o.kind === 'List' && Array.isArray(o.items) ? o.items.length : 1;
    }
  }
  return objects;
}

/** Our findings per check on the corpus (untimed): what the coverage comparison counts. */
function coverageJob(job: Extract<Job, { type: 'read' }>): JobResult {
  const { result, sample } = measure(() => {
    const input = lazy.loader().loadPaths([job.dir]);
    const report = lazy.engine().evaluate(input.objects, { pack: 'hardened', refs: input.refs });
    const flagged = new Map<string, Set<string>>();
    for (const f of report.findings) {
      if (f.status !== 'fail' || f.suppressedReason !== undefined) continue;
      const key = `${f.object.file}#${f.object.index}/${f.object.kind}/${f.object.name}`;
      let set = flagged.get(f.checkId);
      if (!set) flagged.set(f.checkId, set = new Set());
      set.add(key);
    }
    return { objects: input.objects.length, failing: Object.fromEntries([...flagged].map(([id, s]) => [id, s.size])) };
  });
  return { job, sample, times: [sample.ms], objects: result.objects, failingObjectsByCheck: result.failing };
}
