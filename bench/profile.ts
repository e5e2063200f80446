/**
 * Profiling entry (not part of `npm run bench`): repeats one end-to-end path in a warm process so
 * `node --cpu-prof .bench/build/bench/profile.js <what> [size]` shows where its time goes.
 *
 * what: check-text | check-sarif | check-policies | pss | lib-check | plugin | synth-plain | synth-hardened
 * (check-policies: the many-image-policies corpus of `npm run bench` section 6, text report)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from './apps';
import { ensureCorpus } from './corpus';
import { Compliance, HardenedValidation } from '../src';
import { run } from '../src/cli/main';

const what = process.argv[2] ?? 'check-text';
const size = Number(process.argv[3] ?? 10_000);
const reps = Number(process.argv[4] ?? 5);
const io = { out: () => {}, err: () => {}, readStdin: () => '', stdinIsTTY: false, stderrIsTTY: false };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardened-profile-'));

async function once(): Promise<void> {
  switch (what) {
    case 'check-text':
    case 'check-sarif':
      run(['check', '--pack', 'hardened', '--format', what.slice(6), '--output', path.join(tmp, 'report'), ensureCorpus(`.bench/corpus-${size}`, size).dir], io);
      return;
    case 'check-policies':
      run(['check', '--pack', 'hardened', '--output', path.join(tmp, 'report'), ensureCorpus(`.bench/policies-${size}`, size, 'many-policies').dir], io);
      return;
    case 'pss':
      run(['pss', '--level', 'restricted', ensureCorpus(`.bench/corpus-${size}`, size).dir], io);
      return;
    case 'lib-check': {
      const app = buildApp('hardened', size);
      Compliance.check(app);
      app.synthYaml();
      return;
    }
    case 'plugin': {
      const outdir = path.join(tmp, 'dist');
      fs.rmSync(outdir, { recursive: true, force: true });
      const app = buildApp('hardened', size, outdir);
      app.synth();
      await new HardenedValidation().validate({
        manifests: fs.readdirSync(outdir).map((f) => path.join(outdir, f)),
        report: { addViolation: () => {}, submit: () => {} },
      });
      return;
    }
    default:
      buildApp(what === 'synth-plain' ? 'plain' : 'hardened', size).synthYaml();
  }
}

(async () => {
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await once();
    process.stderr.write(`${what} ${size}: ${(performance.now() - t0).toFixed(0)} ms\n`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
})().catch((e) => { console.error(e); process.exit(1); });
