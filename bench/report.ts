/**
 * Turns the measurements into the tables of BENCHMARKS.md (and stdout), with a verdict per target.
 */
import type { Layout } from './apps';
import { Corpus } from './corpus';
import { JobResult, ReadTool, SynthMode } from './jobs';

/** Everything a run measured. */
export interface Results {
  readonly results: JobResult[];
  readonly corpora: Corpus[];
  readonly synthSizes: number[];
  readonly overheadSize: number;
  readonly peerSize: number;
  /** The Pods-only corpus the peer is also compared on. */
  readonly pods?: Corpus;
  /** Corpora where one object in 20 is an image verification policy, smallest first. */
  readonly policyCorpora?: Corpus[];
  readonly machine: { cpu: string; memory: string; os: string; node: string; loadBefore: number[]; loadAfter: number[] };
  readonly command: string;
  readonly date: string;
  readonly elapsedSeconds: number;
  /** Hand-written record of the fixes, with before/after numbers (bench/history.md). */
  readonly history?: string;
}

/** Each monokle PSS rule and the checks of ours that judge the same control. */
export const PEER_RULE_EQUIVALENTS: { [ruleId: string]: string[] } = {
  PSS101: ['pss-restricted-windows-host-process'],
  PSS102: ['pss-restricted-host-namespaces'],
  PSS103: ['pss-restricted-privileged'],
  // At the restricted level the restricted capabilities check overrides the baseline one (as upstream does).
  PSS104: ['pss-restricted-capabilities-baseline', 'pss-restricted-capabilities-restricted'],
  // At the restricted level a hostPath volume is judged by the volume-type allow-list (as upstream does).
  PSS105: ['pss-restricted-restricted-volumes'],
  PSS106: ['pss-restricted-host-ports'],
  PSS107: ['pss-restricted-apparmor-profile'],
  PSS108: ['pss-restricted-selinux-options'],
  PSS109: ['pss-restricted-proc-mount', 'pss-restricted-proc-mount-restricted'],
  PSS110: ['pss-restricted-seccomp-profile-baseline'],
  PSS111: ['pss-restricted-sysctls'],
  PSS201: ['pss-restricted-restricted-volumes'],
  PSS202: ['pss-restricted-allow-privilege-escalation'],
  PSS203: ['pss-restricted-run-as-non-root'],
  PSS204: ['pss-restricted-run-as-user'],
  PSS205: ['pss-restricted-seccomp-profile-restricted'],
  PSS206: ['pss-restricted-capabilities-restricted'],
};

export interface Target {
  readonly name: string;
  readonly limit: string;
  readonly measured: string;
  readonly holds: boolean;
}

const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(0)} ms`);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const us = (x: number) => `${x.toFixed(0)} µs`;
const ratio = (x: number) => `${x.toFixed(2)}x`;
const perSecond = (objects: number, millis: number) => `${Math.round(objects / (millis / 1000)).toLocaleString('en-US')}/s`;
const count = (x: number) => x.toLocaleString('en-US');

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * Section 6: check on corpora full of image verification policies, against the parse floor and per
 * object at two sizes (the policy count grows with the corpus, so a matcher that tries every image
 * against every policy shows as per-object time growing with size).
 */
export function manyPolicies(
  data: Results, find: (pred: (r: JobResult) => boolean) => JobResult | undefined,
): { section: string; targets: Target[] } | undefined {
  const corpora = data.policyCorpora ?? [];
  if (corpora.length === 0) return undefined;
  const pairIn = (corpus: Corpus) => find((r) => r.job.type === 'read-pair' && r.job.dir === corpus.dir);
  const policiesOf = (c: Corpus) => (c.kinds.ClusterPolicy ?? 0) + (c.kinds.Policy ?? 0) + (c.kinds.ClusterImagePolicy ?? 0);
  const rows: string[][] = [];
  const targets: Target[] = [];
  const perObject: number[] = [];
  for (const corpus of corpora) {
    const pair = pairIn(corpus);
    if (!pair?.baseline) continue;
    const floor = pair.baseline;
    const vsFloor = pair.sample.ms / floor.sample.ms;
    perObject.push((pair.sample.ms * 1000) / corpus.objects);
    const runs = (times: number[]) => times.map((t) => t.toFixed(0)).join(', ');
    const cells = [ms(floor.sample.ms), ms(pair.sample.ms), us(perObject[perObject.length - 1]), ratio(vsFloor), mb(pair.sample.peakHeap),
      runs(floor.times), runs(pair.times)];
    rows.push([count(corpus.objects), count(policiesOf(corpus)), ...cells]);
    if (corpus === corpora[corpora.length - 1]) {
      targets.push({
        name: `\`check --pack hardened --output\` (text) end to end vs parse floor, many image policies (${count(corpus.objects)} objects, ${count(policiesOf(corpus))} policies)`,
        limit: '<= 2x',
        measured: ratio(vsFloor),
        holds: vsFloor <= 2,
      });
    }
  }
  if (perObject.length === corpora.length && corpora.length >= 2) {
    const r = perObject[perObject.length - 1] / perObject[0];
    targets.push({
      name: `Check time per object, many image policies, ${count(corpora[corpora.length - 1].objects)} vs ${count(corpora[0].objects)} objects`,
      limit: '<= 1.3x',
      measured: ratio(r),
      holds: r <= 1.3,
    });
  }
  const section = `## 6. Check with many image verification policies

${table(['objects', 'image policies', 'parse floor (js-yaml core)', 'check (text)', 'check per object', 'vs floor', 'peak heap', 'floor runs (ms)', 'check runs (ms)'], rows)}

The floor and the check run in one process, alternating (the order flips every round) after a warm-up of
both on a 1,000-object corpus of the same shape, so a slow spell of the machine hits both sides alike; best
of the runs of each side, every run listed in order.

One object in 20 is a Kyverno ClusterPolicy or Policy, or a Sigstore ClusterImagePolicy, each verifying its
own registries (one in a hundred also two of the corpus's applications, so most images match no policy). The image-signature check and the image-signing
scorecard ask, for each container, whether an enforcing policy acting in its namespace verifies its image:
answered through an index of the policies' patterns by literal prefix, each image normalized once, each
(namespace, image) answered once (src/compliance/image-policies.ts).`;
  return { section, targets };
}

/** Renders the report: the markdown file and what stdout shows. */
export function formatReport(data: Results): { markdown: string; stdout: string } {
  const find = (pred: (r: JobResult) => boolean): JobResult | undefined => data.results.find(pred);
  const synth = (variant: string, n: number, mode: SynthMode = 'yaml', layout: Layout = 'chart-per-namespace') =>
    find((r) => r.job.type === 'synth' && r.job.variant === variant && r.job.n === n && r.job.mode === mode && (r.job.layout ?? 'chart-per-namespace') === layout);
  // The best of the matching runs (cold runs are one per fresh process, several processes per tool).
  const read = (tool: ReadTool, objects: number, cold = false): JobResult | undefined => {
    const corpus = data.corpora.find((c) => c.objects === objects);
    const matching = data.results.filter((r) => r.job.type === 'read' && r.job.tool === tool && corpus !== undefined && r.job.dir === corpus.dir
      && Boolean(r.job.cold) === cold);
    return matching.length === 0 ? undefined : matching.reduce((a, b) => (a.sample.ms <= b.sample.ms ? a : b));
  };
  const runsOf = (tool: ReadTool, objects: number, cold = false): number[] => {
    const corpus = data.corpora.find((c) => c.objects === objects);
    return data.results.filter((r) => r.job.type === 'read' && r.job.tool === tool && corpus !== undefined && r.job.dir === corpus.dir
      && Boolean(r.job.cold) === cold).flatMap((r) => r.times);
  };
  const sideBySide = (tool: ReadTool, objects: number): JobResult | undefined => {
    const corpus = data.corpora.find((c) => c.objects === objects);
    return find((r) => r.job.type === 'read-pair' && r.job.tools[1] === tool && corpus !== undefined && r.job.dir === corpus.dir && r.baseline !== undefined);
  };
  const perObject = (r: JobResult | undefined) => (r ? (r.sample.ms * 1000) / r.objects : NaN);
  const targets: Target[] = [];
  const sections: string[] = [];
  const largest = Math.max(...data.synthSizes);

  // 1. Synth.
  const synthRows: string[][] = [];
  for (const n of data.synthSizes) {
    const plain = synth('plain', n);
    const hard = synth('hardened', n);
    if (!plain || !hard) continue;
    for (const [label, r] of [['plain cdk8s-plus-28', plain], ['hardened', hard]] as const) {
      synthRows.push([count(n), label, ms(r.sample.ms), ms(r.sample.cpuMs), count(r.objects), us(perObject(r)),
        mb(r.sample.peakHeap), mb(r.sample.maxRss),
        label === 'hardened' ? ratio(perObject(hard) / perObject(plain)) : '', label === 'hardened' ? ratio(hard.sample.ms / plain.sample.ms) : '']);
    }
  }
  sections.push(`## 1. Synth: plain cdk8s-plus-28 vs hardened

N workloads, 50 per namespace (one chart each). Plain: a cdk8s-plus-28 Deployment with one container and
an explicit security context. Hardened: a SecureNamespace per 50 workloads (Namespace, default-deny and DNS
NetworkPolicies, ResourceQuota, LimitRange, default ServiceAccount) and a HardenedDeployment per workload
(Deployment, ServiceAccount, NetworkPolicy, PodDisruptionBudget), plus the PriorityClass of each chart.
Time: building the constructs and \`app.synthYaml()\`, best of 3 runs (2 at N=${count(largest)}), after a
warm-up, each size in a fresh process. Peak heap: V8 heap in use at its highest (GC profiler); peak RSS: the
process's.

${table(['N', 'app', 'time', 'CPU', 'objects', 'per object', 'peak heap', 'peak RSS', 'hardened/plain per object', 'hardened/plain per workload'], synthRows)}
${singleChartSection()}`);
  function singleChartSection(): string {
    const rows: string[][] = [];
    for (const size of [500, largest]) {
      const plain = synth('plain', size, 'yaml', 'single-chart');
      const hard = synth('hardened', size, 'yaml', 'single-chart');
      if (!plain || !hard) continue;
      for (const [label, r] of [['plain cdk8s-plus-28', plain], ['hardened', hard]] as const) {
        rows.push([count(size), label, ms(r.sample.ms), ms(r.sample.cpuMs), count(r.objects), us(perObject(r)),
          mb(r.sample.peakHeap), mb(r.sample.maxRss),
          label === 'hardened' ? ratio(perObject(hard) / perObject(plain)) : '', label === 'hardened' ? ratio(hard.sample.ms / plain.sample.ms) : '']);
      }
    }
    if (rows.length === 0) return '';
    return `
The same apps with every namespace in one chart. cdk8s renders each chart with \`chart.toJson()\`, which
resolves the dependencies of the whole app and runs every construct's validations again, so with a chart
per namespace synth time grows with charts x constructs (quadratic in N) for any cdk8s app; a hardened
workload is 9 constructs for 4 objects, a plain one 2 for 1. With one chart that term is gone:

${table(['N', 'app (single chart)', 'time', 'CPU', 'objects', 'per object', 'peak heap', 'peak RSS', 'hardened/plain per object', 'hardened/plain per workload'], rows)}`;
  }
  const memoryOf = (variant: string) => find((r) => r.job.type === 'memory' && r.job.variant === variant && r.job.n === largest);
  const pm = memoryOf('plain');
  const hm = memoryOf('hardened');
  if (pm?.memory && hm?.memory) {
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    const row = (label: string, r: JobResult) => [label, count(r.objects), mb(r.bytes ?? 0), mb(r.memory!.tree), mb(r.sample.peakLive),
      mb(r.sample.peakHeap), kb(r.sample.peakHeap / r.objects), kb(r.sample.peakHeap / ((r.bytes ?? 1) / 1024))];
    const q = (f: (r: JobResult) => number) => ratio(f(hm) / f(pm));
    sections[sections.length - 1] += `

Where the memory goes, N=${count(largest)}, single chart (one run each, fresh process): the construct tree
held after building (live heap after a full GC, less what was live before), then \`app.synthYaml()\`: its
peak live heap (largest heap left after a GC) and peak heap in use (garbage not yet collected included, as in
the tables above), and that peak per emitted object and per KB of YAML emitted.

${table(['app', 'objects', 'YAML', 'construct tree', 'peak live', 'peak heap', 'peak heap per object', 'peak heap per KB of YAML'], [
  row('plain cdk8s-plus-28', pm),
  row('hardened', hm),
  ['hardened / plain', q((r) => r.objects), q((r) => r.bytes ?? 0), q((r) => r.memory!.tree), q((r) => r.sample.peakLive), q((r) => r.sample.peakHeap),
    q((r) => r.sample.peakHeap / r.objects), q((r) => r.sample.peakHeap / (r.bytes ?? 1))],
])}

The hardened app emits ${q((r) => r.objects)} the objects and ${q((r) => r.bytes ?? 0)} the YAML of plain; its peak heap is
${q((r) => r.sample.peakHeap / r.objects)} plain's per emitted object and ${q((r) => r.sample.peakHeap / (r.bytes ?? 1))} per byte of YAML. The synth part is cdk8s
(\`resolve\`, JSON patches, and the \`yaml\` library building a document tree per object to print it).`;
  }
  const p5 = synth('plain', largest);
  const h5 = synth('hardened', largest);
  if (p5 && h5) {
    const r = perObject(h5) / perObject(p5);
    targets.push({ name: `Hardened synth per emitted object vs plain, chart per namespace (N=${count(largest)})`, limit: '<= 1.25x', measured: ratio(r), holds: r <= 1.25 });
    const m = h5.sample.peakHeap / p5.sample.peakHeap;
    targets.push({ name: `Peak heap, hardened vs plain synth, chart per namespace (N=${count(largest)})`, limit: '<= 2x', measured: ratio(m), holds: m <= 2 });
  }
  const p5s = synth('plain', largest, 'yaml', 'single-chart');
  const h5s = synth('hardened', largest, 'yaml', 'single-chart');
  if (p5s && h5s) {
    const r = perObject(h5s) / perObject(p5s);
    targets.push({ name: `Hardened synth per emitted object vs plain, single chart (N=${count(largest)})`, limit: '<= 1.25x', measured: ratio(r), holds: r <= 1.25 });
    const m = h5s.sample.peakHeap / p5s.sample.peakHeap;
    targets.push({ name: `Peak heap, hardened vs plain synth, single chart (N=${count(largest)})`, limit: '<= 2x', measured: ratio(m), holds: m <= 2 });
  }

  // 2. Check overhead on synth.
  const n = data.overheadSize;
  const pair = (check: SynthMode) => find((r) => r.job.type === 'pair' && r.job.n === n && r.job.modes[1] === check);
  const lib = pair('lib-check');
  const plugin = pair('plugin');
  if (lib?.baseline && plugin?.baseline) {
    const libRatio = lib.sample.ms / lib.baseline.sample.ms;
    const pluginRatio = plugin.sample.ms / plugin.baseline.sample.ms;
    const reps = lib.times.length;
    const all = (times: number[]) => times.map((t) => t.toFixed(0)).join(', ');
    sections.push(`## 2. Synth with the compliance check vs without

Hardened app, N=${count(n)} workloads (${count(lib.objects)} objects, a chart per namespace), pack \`hardened\`. Each pair
runs in one process, after a warm-up of both sides, alternating without / with (the order flips every round) so
load drift and heap state hit both alike; best of ${reps} runs each (every run listed, ms).

${table(['run', 'time', 'vs without', 'peak heap', 'runs'], [
  ['`app.synthYaml()`', ms(lib.baseline.sample.ms), '', mb(lib.baseline.sample.peakHeap), all(lib.baseline.times)],
  ['`Compliance.check(app)` + `app.synthYaml()`', ms(lib.sample.ms), ratio(libRatio), mb(lib.sample.peakHeap), all(lib.times)],
  ['`app.synth()` (files, as `cdk8s synth`)', ms(plugin.baseline.sample.ms), '', mb(plugin.baseline.sample.peakHeap), all(plugin.baseline.times)],
  ['`app.synth()` + `HardenedValidation` plugin on the files', ms(plugin.sample.ms), ratio(pluginRatio), mb(plugin.sample.peakHeap), all(plugin.times)],
])}

\`Compliance.check(app)\` renders every object (cdk8s resolves, patches and validates them) to judge what the
cluster would receive, and \`app.synthYaml()\` renders them again: about half of the check is that second
rendering, in cdk8s. The plugin judges the files \`cdk8s synth\` already wrote.`);
    targets.push({ name: 'Synth with `Compliance.check(app)` vs without', limit: '<= 1.3x', measured: ratio(libRatio), holds: libRatio <= 1.3 });
    targets.push({ name: 'Synth with the validation plugin vs without', limit: '<= 1.3x', measured: ratio(pluginRatio), holds: pluginRatio <= 1.3 });
  }

  // 3. Check throughput.
  const throughputRows: string[][] = [];
  for (const corpus of data.corpora) {
    const floors = (['floor-js-yaml', 'floor-js-yaml-core', 'floor-yaml'] as ReadTool[]).map((t) => read(t, corpus.objects)).filter((r): r is JobResult => !!r);
    if (floors.length === 0) continue;
    const floor = floors.reduce((a, b) => (a.sample.ms <= b.sample.ms ? a : b));
    const labels: { [tool: string]: string } = {
      'floor-js-yaml': 'read + js-yaml `loadAll`',
      'floor-js-yaml-core': 'read + js-yaml `loadAll` (core schema)',
      'floor-yaml': 'read + yaml `parseAllDocuments().toJSON()`',
      'pss': '`pss --level restricted`',
      'check-text': '`check --pack hardened --output` (text)',
      'check-sarif': '`check --pack hardened --format sarif --output`',
    };
    for (const tool of ['floor-js-yaml', 'floor-js-yaml-core', 'floor-yaml', 'pss', 'check-text', 'check-sarif'] as ReadTool[]) {
      const r = read(tool, corpus.objects);
      if (!r) continue;
      const vsFloor = r.sample.ms / floor.sample.ms;
      throughputRows.push([count(corpus.objects), labels[tool] + (r === floor ? ' **(floor)**' : ''), ms(r.sample.ms), ms(r.sample.cpuMs), perSecond(corpus.objects, r.sample.ms), ratio(vsFloor), mb(r.sample.peakHeap)]);
      // The warm target: side by side with the floor when the run measured it so, else these rows.
      if (corpus.objects === Math.max(...data.corpora.map((c) => c.objects)) && tool.startsWith('check') && !sideBySide(tool, corpus.objects)) {
        targets.push({ name: `${labels[tool]} end to end vs parse floor, warm (${count(corpus.objects)} objects)`, limit: '<= 2x', measured: ratio(vsFloor), holds: vsFloor <= 2 });
      }
    }
  }
  const pairRows: string[][] = [];
  const largestCorpus = Math.max(...data.corpora.map((c) => c.objects));
  for (const tool of ['check-text', 'check-sarif'] as ReadTool[]) {
    const side = sideBySide(tool, largestCorpus);
    if (!side?.baseline) continue;
    const label = tool === 'check-text' ? '`check --pack hardened --output` (text)' : '`check --pack hardened --format sarif --output`';
    const vsFloor = side.sample.ms / side.baseline.sample.ms;
    const runs = (times: number[]) => times.map((t) => t.toFixed(0)).join(', ');
    pairRows.push([count(largestCorpus), label, ms(side.baseline.sample.ms), ms(side.sample.ms), ratio(vsFloor),
      runs(side.baseline.times), runs(side.times)]);
    targets.push({
      name: `${label} end to end vs parse floor, warm (${count(largestCorpus)} objects)`, limit: '<= 2x', measured: ratio(vsFloor), holds: vsFloor <= 2,
    });
  }
  const biggest = Math.max(...data.corpora.map((c) => c.objects));
  const coldFloors = (['floor-js-yaml', 'floor-js-yaml-core'] as ReadTool[]).map((t) => read(t, biggest, true)).filter((r): r is JobResult => !!r);
  const coldRows: string[][] = [];
  if (coldFloors.length > 0) {
    const coldFloor = coldFloors.reduce((a, b) => (a.sample.ms <= b.sample.ms ? a : b));
    const coldLabels: { [tool: string]: string } = {
      'floor-js-yaml': 'read + js-yaml `loadAll`',
      'floor-js-yaml-core': 'read + js-yaml `loadAll` (core schema)',
      'check-text': '`check --pack hardened --output` (text)',
      'check-sarif': '`check --pack hardened --format sarif --output`',
    };
    for (const tool of ['floor-js-yaml', 'floor-js-yaml-core', 'check-text', 'check-sarif'] as ReadTool[]) {
      const r = read(tool, biggest, true);
      if (!r) continue;
      const vsFloor = r.sample.ms / coldFloor.sample.ms;
      coldRows.push([count(biggest), coldLabels[tool] + (r === coldFloor ? ' **(floor)**' : ''), ms(r.sample.ms), ms(r.sample.cpuMs), perSecond(biggest, r.sample.ms), ratio(vsFloor), mb(r.sample.peakHeap),
        runsOf(tool, biggest, true).map((t) => t.toFixed(0)).join(', ')]);
      if (tool.startsWith('check')) {
        targets.push({ name: `${coldLabels[tool]} end to end vs parse floor, cold process (${count(biggest)} objects)`, limit: '<= 2x', measured: ratio(vsFloor), holds: vsFloor <= 2 });
      }
    }
  }
  const corpusRows = data.corpora.map((c) => [count(c.objects), count(c.files), mb(c.bytes),
    Object.entries(c.kinds).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${count(v)}`).join(', ')]);
  sections.push(`## 3. Check throughput vs the parse floor

Generated corpora (bench/corpus.ts): one multi-document file per application (workload, Service,
ServiceAccount, Role, RoleBinding, NetworkPolicy, PodDisruptionBudget, ConfigMap), a file per namespace
(Namespace, default-deny NetworkPolicy, ResourceQuota, LimitRange), cluster RBAC files, some \`kind: List\`
dumps; about one workload in five violates something.

${table(['objects', 'files', 'size', 'kinds'], corpusRows)}

End to end: the CLI entry point (\`run(argv)\`, the same code as \`cdk8s-hardened\`) in process, after a
warm-up on a 1,000-object corpus: collect files, read, parse, judge, render the report and write it.
Floor: reading the same files and parsing them, nothing else; the fastest parser is the floor.
Best of 3 runs (1 for \`yaml\`, which is measured on the smaller corpus only).

${table(['objects', 'run', 'time', 'CPU', 'objects/s', 'vs floor', 'peak heap'], throughputRows)}
${pairRows.length > 0 ? `
Side by side, the ratio the warm targets use: each check alternating with the floor (js-yaml, core
schema) in one process, the order flipping every round, after a warm-up of both; best of the runs of
each side, every run listed in order. Rows measured in separate processes minutes apart (above) also
measure how busy the shared machine was at each moment:

${table(['objects', 'run', 'floor, same process', 'check', 'vs floor', 'floor runs (ms)', 'check runs (ms)'], pairRows)}
` : ''}${coldRows.length > 0 ? `
Cold: the first and only run of a fresh process, so loading the modules and an unwarmed JIT are
included (process start-up is not, for either side), as one \`cdk8s-hardened check\` invocation pays;
the fresh processes alternate between the runs, round after round, and each run's best counts:

${table(['objects', 'run (cold)', 'time', 'CPU', 'objects/s', 'vs floor', 'peak heap', 'runs (ms)'], coldRows)}
` : ''}`);

  // 4. Peer.
  const peer = read('peer', data.peerSize);
  const oursSarif = read('check-sarif', data.peerSize);
  const oursText = read('check-text', data.peerSize);
  const coverage = read('coverage', data.peerSize);
  if (peer && oursSarif && peer.peer && coverage?.failingObjectsByCheck) {
    const speedup = peer.sample.ms / oursSarif.sample.ms;
    const peerFloors = (['floor-js-yaml', 'floor-js-yaml-core'] as ReadTool[]).map((t) => read(t, data.peerSize)).filter((r): r is JobResult => !!r);
    const peerFloor = peerFloors.length > 0 ? peerFloors.reduce((a, b) => (a.sample.ms <= b.sample.ms ? a : b)) : undefined;
    const ours = coverage.failingObjectsByCheck;
    const covRows = Object.entries(PEER_RULE_EQUIVALENTS).map(([id, checks]) => [
      `${id} ${peer.peer!.ruleNames[id] ?? ''}`,
      count(peer.peer!.resourcesByRule[id] ?? 0),
      checks.map((c) => `\`${c}\``).join(', '),
      count(Math.max(0, ...checks.map((c) => ours[c] ?? 0))),
    ]);
    const equivalent = new Set(Object.values(PEER_RULE_EQUIVALENTS).flat());
    const extraRows = Object.entries(ours).filter(([id]) => !equivalent.has(id)).sort((a, b) => b[1] - a[1])
      .map(([id, v]) => [`\`${id}\``, count(v)]);
    sections.push(`## 4. Peer: @monokle/validation 0.33 on the same files

Its built-in pod-security-standards plugin with all 17 rules on (baseline PSS1xx and restricted PSS2xx;
the restricted ones are off by default), core plugin loader only, no other plugin, \`fetch\` refused
(network attempts: ${peer.peer.networkAttempts.length}). End to end: read, parse (yaml, with positions, as
its CLI does), validate, write the SARIF report. Ours: \`check --pack hardened --format sarif\`, which runs
${count(Object.keys(PEER_RULE_EQUIVALENTS).length)} PSS rules' equivalents and the rest of the pack.

Both sides: best of ${peer.times.length} runs after a warm-up on the 1,000-object corpus (peer runs: ${peer.times.map((t) => t.toFixed(0)).join(', ')} ms).

${table(['run', 'objects', 'time', 'objects/s', 'results', 'report'], [
  ['@monokle/validation (PSS, all rules)', count(peer.objects), ms(peer.sample.ms), perSecond(peer.objects, peer.sample.ms), count(peer.peer.totalResults), mb(peer.bytes ?? 0)],
  ['cdk8s-hardened `check --pack hardened --format sarif`', count(data.peerSize), ms(oursSarif.sample.ms), perSecond(data.peerSize, oursSarif.sample.ms), '', mb(oursSarif.bytes ?? 0)],
  ...(oursText ? [['cdk8s-hardened `check --pack hardened` (text)', count(data.peerSize), ms(oursText.sample.ms), perSecond(data.peerSize, oursText.sample.ms), '', mb(oursText.bytes ?? 0)]] : []),
])}

Speed-up (peer time / ours, SARIF both): **${ratio(speedup)}**.${peerFloor ? ` The parse floor of this corpus
(${ms(peerFloor.sample.ms)}, section 3) bounds what any checker that parses every document with the fastest
parser could show: peer / floor = **${ratio(peer.sample.ms / peerFloor.sample.ms)}**, so 10x would leave
${ratio((peer.sample.ms / 10) / peerFloor.sample.ms)} the floor for parsing, judging and reporting together.` : ''}

Objects flagged per control (each object counted once per rule; ours: the largest count among the
equivalent checks):

${table(['monokle rule', 'objects flagged', 'our equivalent', 'objects flagged'], covRows)}

Checks of ours with no monokle equivalent (objects failing):

${table(['check', 'objects failing'], extraRows)}`);
    const podsRows: string[][] = [];
    const pods = data.pods;
    const onPods = (tool: ReadTool) => (pods ? find((r) => r.job.type === 'read' && r.job.tool === tool && r.job.dir === pods.dir) : undefined);
    const peerPods = onPods('peer');
    const oursPods = onPods('check-sarif');
    const floorPods = onPods('floor-js-yaml-core');
    if (pods && peerPods && oursPods) {
      podsRows.push(['@monokle/validation (PSS, all rules)', ms(peerPods.sample.ms), perSecond(pods.objects, peerPods.sample.ms), '']);
      podsRows.push(['cdk8s-hardened `check --pack hardened --format sarif`', ms(oursPods.sample.ms), perSecond(pods.objects, oursPods.sample.ms),
        ratio(peerPods.sample.ms / oursPods.sample.ms)]);
      if (floorPods) {
        podsRows.push(['read + js-yaml `loadAll` (core schema): the floor', ms(floorPods.sample.ms), perSecond(pods.objects, floorPods.sample.ms),
          `${ratio(peerPods.sample.ms / floorPods.sample.ms)} (the bound)`]);
      }
      sections[sections.length - 1] += `

The issue's reference shape, ${count(pods.objects)} Pods (ten per file, one in five violating), where
each object is pod-bearing and a checker's per-pod cost shows most:

${table(['run', 'time', 'objects/s', 'peer / ours'], podsRows)}`;
      const r = peerPods.sample.ms / oursPods.sample.ms;
      targets.push({ name: `End to end vs @monokle/validation (${count(pods.objects)} Pods)`, limit: '>= 10x faster', measured: ratio(r), holds: r >= 10 });
    }
    const superset = Object.entries(PEER_RULE_EQUIVALENTS)
      .every(([id, checks]) => checks.some((c) => (ours[c] ?? 0) >= (peer.peer!.resourcesByRule[id] ?? 0)));
    targets.push({ name: `End to end vs @monokle/validation (${count(data.peerSize)} objects)`, limit: '>= 10x faster', measured: ratio(speedup), holds: speedup >= 10 });
    targets.push({ name: 'Covers a superset of the peer\'s checks (every rule has an equivalent flagging at least as many objects)', limit: 'yes', measured: superset ? 'yes' : 'no', holds: superset });
  }

  // 5. Scaling.
  const scalingRows: string[][] = [];
  const small = data.synthSizes.includes(500) ? 500 : data.synthSizes[0];
  for (const variant of ['plain', 'hardened']) {
    const a = synth(variant, small);
    const b = synth(variant, largest);
    if (!a || !b) continue;
    const r = perObject(b) / perObject(a);
    scalingRows.push([`${variant}, chart per namespace`, us(perObject(a)), us(perObject(b)), ratio(r)]);
    targets.push({ name: `${variant === 'plain' ? 'Plain' : 'Hardened'} synth time per object, chart per namespace, N=${count(largest)} vs N=${count(small)}`, limit: '<= 1.3x', measured: ratio(r), holds: r <= 1.3 });
  }
  for (const variant of ['plain', 'hardened']) {
    const a = synth(variant, small, 'yaml', 'single-chart');
    const b = synth(variant, largest, 'yaml', 'single-chart');
    if (!a || !b) continue;
    const r = perObject(b) / perObject(a);
    scalingRows.push([`${variant}, single chart`, us(perObject(a)), us(perObject(b)), ratio(r)]);
    targets.push({ name: `${variant === 'plain' ? 'Plain' : 'Hardened'} synth time per object, single chart, N=${count(largest)} vs N=${count(small)}`, limit: '<= 1.3x', measured: ratio(r), holds: r <= 1.3 });
  }
  sections.push(`## 5. Scaling: synth time per object

${table(['app', `N=${count(small)}`, `N=${count(largest)}`, 'ratio'], scalingRows)}

With a chart per namespace, \`app.synthYaml()\` makes cdk8s resolve the dependencies of the whole app and
validate every construct once per chart (\`App._synthChart\`): work that grows with charts x constructs, so
quadratic in N for any cdk8s app, and heavier per emitted object for the hardened one (about 9 construct nodes
per workload for 4 objects; plain: 2 for 1). The single-chart rows are the same apps without that term.`);

  const policies = manyPolicies(data, find);
  if (policies) {
    sections.push(policies.section);
    targets.push(...policies.targets);
  }

  const targetTable = table(['target', 'limit', 'measured', 'holds'], targets.map((t) => [t.name, t.limit, t.measured, t.holds ? 'yes' : '**no**']));
  const m = data.machine;
  const header = `# Benchmarks

Generated by \`${data.command}\` (bench/run.ts) on ${data.date.slice(0, 10)}; do not edit by hand.

- Machine: ${m.cpu}, ${m.memory}, ${m.os}
- Node ${m.node}; compiled JavaScript (\`tsc -p bench/tsconfig.json\`), each measurement in a fresh process
- Load average before/after: ${m.loadBefore.map((x) => x.toFixed(2)).join(' ')} / ${m.loadAfter.map((x) => x.toFixed(2)).join(' ')}
- Whole run: ${data.elapsedSeconds.toFixed(0)} s
- Time is wall clock, the best of the runs (other processes only ever add time); CPU is the process's CPU
  time over the same run, all threads (GC helpers count). A load average well above 0 before the run means
  other work shared the cores: the ratios compare runs made under the same conditions, but rerun on an idle
  machine before trusting absolute times.
- Profile a path: \`node --cpu-prof .bench/build/bench/profile.js <check-text|check-sarif|check-policies|pss|lib-check|plugin|synth-hardened> [size]\`

## Targets

${targetTable}`;
  const body = sections.join('\n\n');
  const markdown = `${header}\n\n${body}\n${data.history ? `\n${data.history.trim()}\n` : ''}`;
  return { markdown, stdout: `${header}\n\n${body}\n` };
}
