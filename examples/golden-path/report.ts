/**
 * Prints what `cdk8s synth` produced for the golden path, then its compliance report and scorecard.
 *
 * Judges the rendered manifests in dist/ (after JSON patches), exactly as the CLI and the cdk8s
 * validation plugin do, and exits non-zero when the golden path is not compliant.
 */
import * as path from 'path';
import { buildGoldenPathApp } from './app';
import { evaluate } from '../../src/compliance/engine';
import { loadPaths } from '../../src/compliance/loader';
import { PACKS } from '../../src/compliance/packs';
import { textReport } from '../../src/compliance/reporters';
import { Hardening } from '../../src/warnings';

const dist = path.join(__dirname, 'dist');
const loaded = loadPaths([dist]);

const kinds = new Map<string, number>();
for (const o of loaded.objects) kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
const files = loaded.files.map((f) => path.relative(process.cwd(), f)).join(', ');
console.log(`Synthesized ${loaded.objects.length} objects to ${files}:`);
console.log(`  ${[...kinds].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${n} ${k}`).join(', ')}`);

const warnings = Hardening.of(buildGoldenPathApp()).unacknowledgedWarnings;
console.log(`Hardening opt-outs: ${warnings.length === 0 ? 'none' : warnings.map((w) => `${w.id} at ${w.path}`).join('; ')}`);

let compliant = true;
const verdicts: string[] = [];
for (const pack of PACKS) {
  const report = evaluate(loaded.objects, { pack: pack.id, pssVersion: 'v1.28', refs: loaded.refs });
  const active = report.findings.filter((f) => f.suppressedReason === undefined).length;
  compliant = compliant && active === 0;
  verdicts.push(`${pack.id}: ${active === 0 ? 'compliant' : `${active} findings`}`);
  if (pack.id === 'hardened') {
    console.log('');
    console.log(textReport(report).trimEnd());
  }
}
console.log('');
console.log(`Every pack: ${verdicts.join(', ')}`);
process.exitCode = compliant ? 0 : 1;
