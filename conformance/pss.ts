/**
 * Conformance: the Pod Security Standards evaluator against upstream pod-security-admission's
 * fixtures (`pss/{baseline,restricted}/v1.N/{pass,fail}/*.yaml` in the corpus).
 *
 * A fixture under `pass/` must be allowed and one under `fail/` denied, at that level and version;
 * the same pod wrapped in a Deployment must get the same verdict (admission judges templates too).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ConformanceSection } from './section';
import { evaluateObjectPodSecurity, formatPssDenial, PodSecurityLevel } from '../src/compliance/pss';

const LEVELS: PodSecurityLevel[] = [PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED];

/** Wraps a pod in a Deployment, as upstream's fixture test does for controllers. */
function asDeployment(pod: any): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'test' },
    spec: {
      selector: { matchLabels: { app: 'test' } },
      template: { metadata: { ...(pod.metadata ?? {}), labels: { app: 'test' } }, spec: pod.spec },
    },
  };
}

/** Runs every PSS fixture of the corpus through the evaluator, as a Pod and as a Deployment. */
export function runPssFixtures(corpusDir: string): ConformanceSection {
  const root = path.join(corpusDir, 'pss');
  const failures: string[] = [];
  const counts = new Map<string, { pass: number; fail: number }>();
  let checked = 0;

  for (const level of LEVELS) {
    const levelDir = path.join(root, level);
    if (!fs.existsSync(levelDir)) {
      failures.push(`${path.relative(corpusDir, levelDir)}: expected a fixture folder but it is missing`);
      continue;
    }
    const versions = fs.readdirSync(levelDir).filter((v) => /^v1\.\d+$/.test(v)).sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
    for (const version of versions) {
      for (const expectation of ['pass', 'fail'] as const) {
        const dir = path.join(levelDir, version, expectation);
        if (!fs.existsSync(dir)) continue;
        for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
          const rel = path.relative(corpusDir, path.join(dir, file));
          checked++;
          const key = `${level} ${expectation}`;
          const c = counts.get(key) ?? { pass: 0, fail: 0 };
          counts.set(key, c);
          let pod: any;
          try {
            pod = yaml.load(fs.readFileSync(path.join(dir, file), 'utf8'));
          } catch (e) {
            failures.push(`${rel}: expected a YAML Pod but it does not parse (${(e as Error).message.split('\n')[0]})`);
            continue;
          }
          const wantAllowed = expectation === 'pass';
          let ok = true;
          for (const [label, object] of [['Pod', pod], ['Deployment', asDeployment(pod)]] as const) {
            const evaluation = evaluateObjectPodSecurity(level, version, object);
            if (!evaluation) {
              failures.push(`${rel} (${label}): expected a verdict but the object was not recognised as pod-bearing`);
              ok = false;
              continue;
            }
            if (evaluation.allowed !== wantAllowed) {
              ok = false;
              failures.push(wantAllowed
                ? `${rel} (${label}): expected allowed at ${level}:${version} but ${formatPssDenial(level, version, evaluation)}`
                : `${rel} (${label}): expected denied at ${level}:${version} but it was allowed`);
            }
          }
          if (ok) c.pass++; else c.fail++;
        }
      }
    }
  }

  const notes = [...counts.entries()].map(([key, c]) => `${key} fixtures: ${c.pass} agree, ${c.fail} disagree`);
  const agreed = [...counts.values()].reduce((sum, c) => sum + c.pass, 0);
  notes.push(`agreement: ${checked === 0 ? 0 : ((100 * agreed) / checked).toFixed(2)}% of ${checked} fixtures (each as a Pod and as a Deployment)`);
  return { name: 'pss fixtures', checked, failures, notes };
}
