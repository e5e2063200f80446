import { Corpus } from '../../bench/corpus';
import { Job, JobResult } from '../../bench/jobs';
import { Sample } from '../../bench/measure';
import { formatReport, PEER_RULE_EQUIVALENTS, Results } from '../../bench/report';

const MB = 2 ** 20;

function sample(ms: number, peakHeap = 100 * MB, peakLive = peakHeap): Sample {
  return { ms, cpuMs: ms, peakHeap, peakLive, maxRss: 2 * peakHeap };
}

function result(job: Job, ms: number, objects: number, extra: Partial<JobResult> = {}): JobResult {
  return { job, sample: sample(ms), times: [ms], objects, ...extra };
}

const corpus = (objects: number): Corpus => ({ dir: `/c/${objects}`, objects, files: objects / 10, bytes: objects * 700, kinds: { Deployment: objects } });
const C10 = corpus(10_000);
const C50 = corpus(50_000);
const PODS = corpus(5000);

/** A run where every target holds except those `overrides` break. */
function results(overrides: { peerMs?: number; hardenedPeak?: number; libCheckMs?: number } = {}): Results {
  const synth = (variant: 'plain' | 'hardened', n: number, ms: number, objects: number, layout?: 'single-chart', peak = 100 * MB) =>
    ({ ...result({ type: 'synth', variant, n, mode: 'yaml', reps: 3, ...(layout ? { layout } : {}) }, ms, objects), sample: sample(ms, peak) });
  const read = (tool: any, c: Corpus, ms: number, cold = false) =>
    result({ type: 'read', tool, dir: c.dir, warmDir: '/w', reps: 3, ...(cold ? { cold } : {}) }, ms, c.objects);
  const all = Object.fromEntries(Object.keys(PEER_RULE_EQUIVALENTS).map((id) => [id, 1]));
  const ours = Object.fromEntries(Object.values(PEER_RULE_EQUIVALENTS).flat().map((id) => [id, 1]));
  return {
    results: [
      synth('plain', 500, 500, 500), synth('hardened', 500, 2000, 2000),
      synth('plain', 5000, 5000, 5000), synth('hardened', 5000, 20_000, 20_000, undefined, overrides.hardenedPeak ?? 200 * MB),
      synth('plain', 500, 500, 500, 'single-chart'), synth('hardened', 500, 2000, 2000, 'single-chart'),
      synth('plain', 5000, 5000, 5000, 'single-chart'), synth('hardened', 5000, 20_000, 20_000, 'single-chart'),
      { ...result({ type: 'memory', variant: 'plain', n: 5000, layout: 'single-chart' }, 5000, 5000, { bytes: 7 * MB, memory: { before: 18 * MB, tree: 27 * MB } }), sample: sample(5000, 120 * MB) },
      {
        ...result({ type: 'memory', variant: 'hardened', n: 5000, layout: 'single-chart' }, 20_000, 20_000, { bytes: 21 * MB, memory: { before: 18 * MB, tree: 81 * MB } }),
        sample: sample(20_000, 300 * MB),
      },
      result({ type: 'pair', n: 1000, modes: ['yaml', 'lib-check'], reps: 5 }, overrides.libCheckMs ?? 1300, 4140, { baseline: { sample: sample(1000), times: [1000] } }),
      result({ type: 'pair', n: 1000, modes: ['files', 'plugin'], reps: 5 }, 1100, -1, { baseline: { sample: sample(1000), times: [1000] } }),
      read('floor-js-yaml', C10, 400), read('floor-js-yaml-core', C10, 380), read('check-text', C10, 500), read('check-sarif', C10, 600),
      read('floor-js-yaml', C50, 2000), read('floor-js-yaml-core', C50, 2100), read('check-text', C50, 3000), read('check-sarif', C50, 4000),
      read('floor-js-yaml', C50, 2000, true), read('check-text', C50, 3000, true), read('check-sarif', C50, 3900, true),
      result({ type: 'read', tool: 'peer', dir: C10.dir, warmDir: '/w', reps: 3 }, overrides.peerMs ?? 6000, 10_000, {
        times: [6500, overrides.peerMs ?? 6000, 7000],
        bytes: 1000,
        peer: {
          resources: 10_000, resultsByRule: all, resourcesByRule: all, ruleNames: {}, totalResults: 17, reportBytes: 1000, networkAttempts: [],
        },
      }),
      result({ type: 'read', tool: 'coverage', dir: C10.dir, warmDir: '/w', reps: 1 }, 1, 10_000, { failingObjectsByCheck: ours }),
      read('peer', PODS, 5000), read('check-sarif', PODS, 500), read('floor-js-yaml-core', PODS, 250),
    ],
    corpora: [C10, C50],
    synthSizes: [500, 5000],
    overheadSize: 1000,
    peerSize: 10_000,
    pods: PODS,
    machine: { cpu: '2 x test', memory: '1 GiB', os: 'test', node: 'v20', loadBefore: [0, 0, 0], loadAfter: [0, 0, 0] },
    command: 'npm run bench',
    date: '2026-11-27T00:00:00.000Z',
    elapsedSeconds: 1,
  };
}

/** The target table rows: name -> [measured, holds]. */
function targets(markdown: string): Map<string, [string, string]> {
  const section = markdown.split('## Targets')[1].split('\n## ')[0];
  const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| target') && !l.startsWith('| ---'));
  return new Map(rows.map((l) => {
    const cells = l.split(' | ').map((c) => c.replace(/^\| /, '').replace(/ \|$/, ''));
    return [cells[0], [cells[2], cells[3]]];
  }));
}

describe('bench report', () => {
  test('every target holds on a run that meets them, with the ratio each one is about', () => {
    const t = targets(formatReport(results()).markdown);
    expect([...t.values()].filter(([, holds]) => holds !== 'yes')).toEqual([]);
    expect(t.get('Peak heap, hardened vs plain synth, chart per namespace (N=5,000)')).toEqual(['2.00x', 'yes']);
    expect(t.get('Synth with `Compliance.check(app)` vs without')).toEqual(['1.30x', 'yes']);
    expect(t.get('Synth with the validation plugin vs without')).toEqual(['1.10x', 'yes']);
    expect(t.get('End to end vs @monokle/validation (10,000 objects)')).toEqual(['10.00x', 'yes']);
    expect(t.get('End to end vs @monokle/validation (5,000 Pods)')).toEqual(['10.00x', 'yes']);
    expect(t.get('`check --pack hardened --format sarif --output` end to end vs parse floor, warm (50,000 objects)')).toEqual(['2.00x', 'yes']);
    expect(t.get('`check --pack hardened --format sarif --output` end to end vs parse floor, cold process (50,000 objects)')).toEqual(['1.95x', 'yes']);
  });

  describe('check vs the floor, side by side', () => {
    const WARM_SARIF = '`check --pack hardened --format sarif --output` end to end vs parse floor, warm (50,000 objects)';
    const WARM_TEXT = '`check --pack hardened --output` (text) end to end vs parse floor, warm (50,000 objects)';
    const COLD_TEXT = '`check --pack hardened --output` (text) end to end vs parse floor, cold process (50,000 objects)';
    const pair = (tool: 'check-text' | 'check-sarif', floorTimes: number[], checkTimes: number[]) => result(
      { type: 'read-pair', tools: ['floor-js-yaml-core', tool], dir: C50.dir, warmDir: '/w', reps: checkTimes.length }, Math.min(...checkTimes), C50.objects,
      { times: checkTimes, baseline: { sample: sample(Math.min(...floorTimes)), times: floorTimes } });

    test('the warm targets take the ratio of the alternating pair over the separate rows, and list its runs', () => {
      const base = results();
      // Separate rows: check-sarif 4000 ms vs a 2000 ms floor (2.00x); side by side: 3300 vs 1500 (2.20x).
      const md = formatReport({ ...base, results: [...base.results, pair('check-sarif', [1600, 1500, 1550], [3400, 3300, 3350]), pair('check-text', [1500, 1450, 1500], [2600, 2500, 2550])] }).markdown;
      const t = targets(md);
      expect(t.get(WARM_SARIF)).toEqual(['2.20x', '**no**']);
      expect(t.get(WARM_TEXT)).toEqual(['1.72x', 'yes']);
      expect([...t.keys()].filter((k) => k === WARM_SARIF)).toHaveLength(1);
      expect(md).toContain('| 50,000 | `check --pack hardened --format sarif --output` | 1500 ms | 3300 ms | 2.20x | 1600, 1500, 1550 | 3400, 3300, 3350 |');
    });

    test('cold runs: the best of the fresh processes of each run counts, every run listed', () => {
      const base = results();
      const cold = (tool: any, ms: number) => result({ type: 'read', tool, dir: C50.dir, warmDir: '/w', reps: 1, cold: true }, ms, C50.objects);
      const md = formatReport({ ...base, results: [...base.results, cold('floor-js-yaml', 2400), cold('check-text', 4500), cold('check-text', 3500)] }).markdown;
      // The floor's best stays 2000 ms (of 2000 and 2400); check text's best is 3000 ms of 3000, 4500 and 3500.
      expect(targets(md).get(COLD_TEXT)).toEqual(['1.50x', 'yes']);
      expect(md).toContain('| 50,000 | `check --pack hardened --output` (text) | 3000 ms |');
      expect(md).toMatch(/\| 1\.50x \| [^|]+ \| 3000, 4500, 3500 \|/);
    });
  });

  test('a target just past its limit is reported as missed', () => {
    const t = targets(formatReport(results({ peerMs: 5990, hardenedPeak: 201 * MB, libCheckMs: 1310 })).markdown);
    expect(t.get('Peak heap, hardened vs plain synth, chart per namespace (N=5,000)')).toEqual(['2.01x', '**no**']);
    expect(t.get('Synth with `Compliance.check(app)` vs without')).toEqual(['1.31x', '**no**']);
    expect(t.get('End to end vs @monokle/validation (10,000 objects)')).toEqual(['9.98x', '**no**']);
  });

  test('the overhead compares the two sides of one pair, and lists every run', () => {
    const md = formatReport(results()).markdown;
    expect(md).toContain('| `Compliance.check(app)` + `app.synthYaml()` | 1300 ms | 1.30x |');
    expect(md).toMatch(/\| `app\.synthYaml\(\)` \| 1000 ms \|  \| 100 MB \| 1000 \|/);
  });

  test('the peer comparison states its runs and the bound the parse floor sets', () => {
    const md = formatReport(results()).markdown;
    expect(md).toContain('best of 3 runs after a warm-up on the 1,000-object corpus (peer runs: 6500, 6000, 7000 ms)');
    expect(md).toContain('peer / floor = **15.79x**');
    expect(md).toContain('| read + js-yaml `loadAll` (core schema): the floor | 250 ms | 20,000/s | 20.00x (the bound) |');
  });

  test('memory is broken down and normalised per object and per byte of YAML', () => {
    const md = formatReport(results()).markdown;
    expect(md).toContain('| hardened / plain | 4.00x | 3.00x | 3.00x | 2.50x | 2.50x | 0.63x | 0.83x |');
  });
});

describe('bench report: many image policies', () => {
  const policyCorpus = (objects: number): Corpus => ({
    dir: `/p/${objects}`, objects, files: objects / 10, bytes: objects * 700, kinds: { Deployment: objects * 0.9, ClusterPolicy: objects / 40, Policy: objects / 40 },
  });
  const P5 = policyCorpus(5000);
  const P50 = policyCorpus(50_000);
  const withPolicies = (check5: number, check50: number): Results => {
    const base = results();
    // The floor and the check alternate in one process: `sample` is the check's best run, `baseline` the floor's.
    const pair = (c: Corpus, floorMs: number, checkMs: number) => result(
      { type: 'read-pair', tools: ['floor-js-yaml-core', 'check-text'], dir: c.dir, warmDir: '/w', reps: 2 }, checkMs, c.objects,
      { times: [checkMs + 400, checkMs], baseline: { sample: sample(floorMs), times: [floorMs, floorMs + 100] } });
    return {
      ...base,
      policyCorpora: [P5, P50],
      results: [...base.results, pair(P5, 300, check5), pair(P50, 3000, check50)],
    };
  };
  const FLOOR_TARGET = '`check --pack hardened --output` (text) end to end vs parse floor, many image policies (50,000 objects, 2,500 policies)';
  const SCALING_TARGET = 'Check time per object, many image policies, 50,000 vs 5,000 objects';

  test('reports check vs the parse floor and per-object time at both sizes, with their verdicts', () => {
    const markdown = formatReport(withPolicies(500, 5500)).markdown;
    const t = targets(markdown);
    expect(t.get(FLOOR_TARGET)).toEqual(['1.83x', 'yes']);
    expect(t.get(SCALING_TARGET)).toEqual(['1.10x', 'yes']);
    expect(markdown).toContain('## 6. Check with many image verification policies');
    expect(markdown).toContain('| 50,000 | 2,500 | 3000 ms | 5500 ms | 110 µs | 1.83x | 100 MB | 3000, 3100 | 5900, 5500 |');
    expect(markdown).toContain('alternating (the order flips every round) after a warm-up of\nboth on a 1,000-object corpus of the same shape');
  });

  test('fails the targets when check grows with the policy count', () => {
    const t = targets(formatReport(withPolicies(500, 35_000)).markdown);
    expect(t.get(FLOOR_TARGET)).toEqual(['11.67x', '**no**']);
    expect(t.get(SCALING_TARGET)).toEqual(['7.00x', '**no**']);
  });

  test('takes no separate floor or check run for the many-policies rows: only the alternating pair counts', () => {
    const base = results();
    const read = (tool: any, c: Corpus, ms: number) => result({ type: 'read', tool, dir: c.dir, warmDir: '/w', reps: 1 }, ms, c.objects);
    const md = formatReport({ ...base, policyCorpora: [P5, P50], results: [...base.results, read('floor-js-yaml-core', P50, 3000), read('check-text', P50, 1000)] }).markdown;
    expect(targets(md).get(FLOOR_TARGET)).toBeUndefined();
  });

  test('has no section when the run measured no policy corpus', () => {
    expect(formatReport(results()).markdown).not.toContain('many image');
  });
});
