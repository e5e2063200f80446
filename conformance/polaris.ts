/**
 * Conformance sections for Polaris: the evaluator against Polaris's own fixtures, then every
 * check against the hardened output at the default severities.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { SynthesizedCase } from './cases';
import {
  PolarisCheck, PolarisConfig, auditObjects, configureTypesFromCorpus, loadBuiltInChecks, loadDefaultConfig, parseManifestFile, parsePolarisCheck,
} from './polaris/evaluator';
import { applyMutations } from './polaris/mutate';
import { ConformanceSection } from './section';

type Obj = Record<string, unknown>;

function fixtureVerdict(dir: string, file: string, conf: PolarisConfig, builtIn: Map<string, PolarisCheck>, text: string): string | undefined {
  const results = auditObjects(conf, builtIn, parseManifestFile(text)).filter((r) => r.checkId === dir);
  const dangers = results.filter((r) => !r.success).length;
  const successes = results.filter((r) => r.success).length;
  if (successes + dangers < 1) return `${dir}/${file}: expected the check to run but it did not apply`;
  if (file.includes('failure')) {
    return dangers >= 1 ? undefined : `${dir}/${file}: expected a failure but the check passed`;
  }
  return dangers === 0 && successes >= 1 ? undefined : `${dir}/${file}: expected a pass but the check failed ${dangers} time(s)`;
}

/**
 * Polaris's TestMutations: the mutations computed for the failing resource (`failure*` file),
 * applied to the `mutated*` manifest, must leave it unchanged (the mutated manifest is the fixed
 * point). We compare parsed objects instead of yaml.v3's formatting, and additionally require the
 * mutated manifest to pass the check.
 */
function mutationVerdict(dir: string, file: string, conf: PolarisConfig, builtIn: Map<string, PolarisCheck>, checkDir: string): string | undefined {
  const source = file.replace(/mutated/g, 'failure');
  const objects = parseManifestFile(fs.readFileSync(path.join(checkDir, source), 'utf8'));
  const failing = auditObjects({ ...conf, mutations: [dir] }, builtIn, objects).filter((r) => r.checkId === dir && !r.success);
  const mutations = failing.flatMap((r) => r.mutations ?? []);
  if (mutations.length === 0) return `${dir}/${file}: expected ${source} to yield mutations but it yielded none`;
  const expected = parseManifestFile(fs.readFileSync(path.join(checkDir, file), 'utf8'));
  const mutated = expected.map((o) => applyMutations(o, mutations));
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(mutated)), JSON.parse(JSON.stringify(expected)))) {
    return `${dir}/${file}: applying the mutations of ${source} changed the expected manifest`;
  }
  // Beyond upstream's test: the mutated manifest must now pass the check.
  const still = auditObjects(conf, builtIn, expected).filter((r) => r.checkId === dir && !r.success).length;
  return still === 0 ? undefined : `${dir}/${file}: the mutated manifest still fails the check ${still} time(s)`;
}

/** Section `polaris fixtures`: every `success*`, `failure*` and `mutated*` fixture in `polaris/test/checks/`. */
export function runPolarisFixtures(corpusDir: string): ConformanceSection {
  const polarisDir = path.join(corpusDir, 'polaris');
  const builtIn = loadBuiltInChecks(polarisDir);
  configureTypesFromCorpus(corpusDir);
  const checksDir = path.join(polarisDir, 'test', 'checks');
  const failures: string[] = [];
  let checked = 0;
  let mutations = 0;
  let dirs = 0;
  for (const dir of fs.readdirSync(checksDir).sort()) {
    const checkDir = path.join(checksDir, dir);
    if (!fs.statSync(checkDir).isDirectory()) continue;
    dirs++;
    const customPath = path.join(checkDir, 'check.yaml');
    const custom = fs.existsSync(customPath) ? parsePolarisCheck(dir, fs.readFileSync(customPath, 'utf8')) : undefined;
    const conf: PolarisConfig = { checks: { [dir]: 'danger' }, customChecks: custom ? { [dir]: custom } : undefined };
    for (const file of fs.readdirSync(checkDir).filter((f) => /\.ya?ml$/.test(f) && f !== 'check.yaml').sort()) {
      checked++;
      try {
        if (!custom && !builtIn.has(dir)) {
          failures.push(`${dir}/${file}: unsupported: no built-in check and no check.yaml`);
          continue;
        }
        const verdict = file.startsWith('mutated')
          ? mutationVerdict(dir, file, conf, builtIn, checkDir)
          : fixtureVerdict(dir, file, conf, builtIn, fs.readFileSync(path.join(checkDir, file), 'utf8'));
        if (file.startsWith('mutated')) mutations++;
        if (verdict) failures.push(verdict);
      } catch (e) {
        failures.push(`${dir}/${file}: evaluator error: ${(e as Error).message}`);
      }
    }
  }
  return {
    name: 'polaris fixtures',
    checked,
    failures,
    notes: [`${dirs} check dirs, ${builtIn.size} built-in checks; ${checked - mutations} pass/fail fixtures, ${mutations} mutation fixtures; agreement ${checked - failures.length}/${checked}`],
  };
}

/**
 * Section `polaris hardened output`: every check at the severities of `pkg/config/default.yaml`
 * against each synthesized case (cross-object checks see the case's whole object set).
 * Exemptions (config and annotations) are disallowed so nothing can hide a finding, with one
 * exception: a per-object Polaris exemption that the constructs wrote where a Polaris rule contradicts
 * least privilege or does not apply to the kind counts only when the object also names the check and
 * its reason in `cdk8s-hardened.io/polaris-exemption-reason`; such results are listed in the notes.
 */
export function runPolarisHardened(corpusDir: string, cases: SynthesizedCase[]): ConformanceSection {
  const polarisDir = path.join(corpusDir, 'polaris');
  const builtIn = loadBuiltInChecks(polarisDir);
  configureTypesFromCorpus(corpusDir);
  const defaults = loadDefaultConfig(polarisDir);
  const conf: PolarisConfig = { checks: defaults.checks, disallowExemptions: true };
  const failures: string[] = [];
  let checked = 0;
  const perCheck = new Map<string, number>();
  const exempted = new Map<string, number>();
  for (const c of cases) {
    try {
      const results = auditObjects(conf, builtIn, c.objects as Obj[]);
      checked += results.length;
      for (const r of results.filter((x) => !x.success)) {
        if (reasonedExemption(c.objects as Obj[], r)) {
          exempted.set(r.checkId, (exempted.get(r.checkId) ?? 0) + 1);
          continue;
        }
        perCheck.set(r.checkId, (perCheck.get(r.checkId) ?? 0) + 1);
        const where = `${r.kind} ${r.namespace ? r.namespace + '/' : ''}${r.name}${r.container ? ` container "${r.container}"` : ''}`;
        failures.push(`${c.name}: ${r.checkId} (${r.severity}) on ${where}: ${r.message}`);
      }
    } catch (e) {
      failures.push(`${c.name}: evaluator error: ${(e as Error).message}`);
    }
  }
  // Self-check: an unhardened Deployment must be flagged, so a silent evaluator cannot pass.
  const probe = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'probe', namespace: 'probe' },
    spec: { selector: { matchLabels: { app: 'probe' } }, template: { metadata: { labels: { app: 'probe' } }, spec: { containers: [{ name: 'c', image: 'nginx:latest' }] } } },
  };
  const flagged = new Set(auditObjects(conf, builtIn, [probe]).filter((r) => !r.success).map((r) => r.checkId));
  checked++;
  for (const id of ['runAsRootAllowed', 'tagNotSpecified', 'missingNetworkPolicy', 'deploymentMissingReplicas', 'cpuLimitsMissing']) {
    if (!flagged.has(id)) failures.push(`self-check: an unhardened Deployment should fail ${id} but did not`);
  }
  const active = Object.entries(defaults.checks).filter(([, s]) => s === 'danger' || s === 'warning').length;
  const notes = [
    `${active} active checks (danger+warning) over ${cases.length} cases: ${checked - 1} results; self-check flagged ${flagged.size} checks on an unhardened Deployment`,
  ];
  if (perCheck.size > 0) notes.push(`findings by check: ${[...perCheck].map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (exempted.size > 0) notes.push(`exempted per object with a reason: ${[...exempted].map(([k, v]) => `${k}=${v}`).join(', ')}`);
  return { name: 'polaris hardened output', checked, failures, notes };
}

/**
 * Whether the failing result's object carries both Polaris' own per-object exemption for the check and
 * the reason the constructs recorded for it (`<check>: <reason>` in `cdk8s-hardened.io/polaris-exemption-reason`).
 */
function reasonedExemption(objects: Obj[], r: { kind: string; name: string; namespace?: string; checkId: string }): boolean {
  const object: any = objects.find((o: any) => o?.kind === r.kind && o?.metadata?.name === r.name
    && (o?.metadata?.namespace ?? '') === (r.namespace ?? ''));
  const annotations = object?.metadata?.annotations ?? {};
  if (annotations[`polaris.fairwinds.com/${r.checkId}-exempt`] !== 'true') return false;
  const reasons = String(annotations['cdk8s-hardened.io/polaris-exemption-reason'] ?? '').split('; ');
  return reasons.some((entry) => entry.startsWith(`${r.checkId}: `) && entry.length > r.checkId.length + 12);
}
