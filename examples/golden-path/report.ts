/**
 * Prints what `cdk8s synth` produced for the golden path, then its compliance report and scorecard.
 *
 * Judges the rendered manifests in dist/ (after JSON patches), exactly as the CLI and the cdk8s
 * validation plugin do, and exits non-zero when the golden path is not compliant. Uses only the
 * package's public API, so it runs unchanged in your own project.
 */
import * as path from 'path';
import { Compliance, Hardening, ReportFormatter } from 'cdk8s-hardened';
import { buildGoldenPathApp } from './app';

const dist = path.join(__dirname, 'dist');
const loaded = Compliance.loadManifests([dist]);

const kinds = new Map<string, number>();
for (const o of loaded.objects) kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
const files = loaded.files.map((f) => path.relative(process.cwd(), f)).join(', ');
console.log(`Synthesized ${loaded.objects.length} objects to ${files}:`);
console.log(`  ${[...kinds].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${n} ${k}`).join(', ')}`);

// Every opt-out the golden path takes, and the reason it was acknowledged with (strict mode refuses the rest).
const warnings = Hardening.of(buildGoldenPathApp()).warnings;
console.log(`Hardening opt-outs:${warnings.length === 0 ? ' none' : ''}`);
for (const w of warnings) {
  console.log(`  ${w.id} at ${w.path}: ${w.acknowledgedReason === undefined ? 'NOT ACKNOWLEDGED' : `acknowledged (${w.acknowledgedReason})`}`);
}

let compliant = warnings.every((w) => w.acknowledgedReason !== undefined);
const verdicts: string[] = [];
for (const pack of Compliance.packIds()) {
  const report = Compliance.evaluate(loaded.objects, { pack, pssVersion: 'v1.28', refs: loaded.refs });
  const active = report.findings.filter((f) => f.suppressedReason === undefined).length;
  compliant = compliant && active === 0;
  verdicts.push(`${pack}: ${active === 0 ? 'compliant' : `${active} findings`}`);
  if (pack === 'hardened') {
    console.log('');
    console.log(ReportFormatter.render('text', report).trimEnd());
  }
}
console.log('');
console.log(`Every pack: ${verdicts.join(', ')}`);
process.exitCode = compliant ? 0 : 1;
