/**
 * Conformance: the emitted CEL admission policies (ValidatingAdmissionPolicy v1beta1 and v1,
 * Kyverno ValidatingPolicy, Gatekeeper K8sNativeValidation) evaluated with a real CEL
 * implementation (`@bufbuild/cel`) against every upstream Pod Security fixture of their level and
 * version, as a Pod and wrapped in a Deployment: pass fixtures must be admitted by every policy,
 * fail fixtures denied by at least one, and no policy may error on any fixture.
 *
 * Also: every emitted object validates against its schema (VAP v1beta1 from Kubernetes 1.28, v1
 * from 1.30; Kyverno ValidatingPolicy and Gatekeeper ConstraintTemplate CRDs; Gatekeeper
 * constraints, which have no CRD until a template is installed, are checked against their
 * template's kind and parameters schema), and exemptions and exceptions skip exactly what they name.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as yaml from 'js-yaml';
import { admitAll } from './cel/engines';
import { CelPrograms, CelRequest } from './cel/evaluator';
import { validatePolicyObjects } from './policy-objects';
import { ManifestValidator } from './schema';
import { ConformanceSection } from './section';
import { POLICY_EXEMPT_LABEL, PolicyAction } from '../src/policy/model';
import { PolicyEngine, PolicyPack, PolicyPackProps } from '../src/policy/policy-pack';

type Obj = Record<string, any>;

interface EngineCase {
  readonly name: string;
  readonly engine: () => PolicyEngine;
  readonly kubernetesVersion: string;
}

const ENGINES: readonly EngineCase[] = [
  { name: 'vap v1beta1 (1.28)', engine: PolicyEngine.validatingAdmissionPolicy, kubernetesVersion: '1.28' },
  { name: 'vap v1 (1.30)', engine: PolicyEngine.validatingAdmissionPolicy, kubernetesVersion: '1.30' },
  { name: 'kyverno validatingpolicy', engine: PolicyEngine.kyvernoValidatingPolicy, kubernetesVersion: '1.28' },
  { name: 'gatekeeper k8snativevalidation', engine: PolicyEngine.gatekeeper, kubernetesVersion: '1.28' },
];

/** Synthesizes a PolicyPack and returns its manifests. */
export function synthPack(props: PolicyPackProps): Obj[] {
  const app = new App();
  const chart = new Chart(app, 'policies');
  new PolicyPack(chart, 'pack', props);
  return chart.toJson() as Obj[];
}

function asDeployment(pod: Obj): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'test', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'test' } },
      template: { metadata: { ...(pod.metadata ?? {}), labels: { app: 'test' } }, spec: pod.spec },
    },
  };
}

function versionsOf(dir: string): string[] {
  return fs.readdirSync(dir).filter((v) => /^v1\.\d+$/.test(v)).sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
}

/** Restricted-compliant pod but for runAsNonRoot (hand-written, for the exemption checks). */
function rootPod(namespace: string, privileged = false): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'legacy', namespace, labels: { app: 'legacy' } },
    spec: {
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'app',
        image: 'registry.example.com/app@sha256:' + 'a'.repeat(64),
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...(privileged ? { privileged: true } : {}) },
      }],
    },
  };
}

function exemptionChecks(programs: CelPrograms, failures: string[]): number {
  let checked = 0;
  for (const e of ENGINES) {
    const objects = synthPack({
      pack: 'pss-restricted',
      pssVersion: 'v1.30',
      engine: e.engine(),
      kubernetesVersion: e.kubernetesVersion,
      exemptNamespaces: ['legacy-ns'],
      exceptions: [{
        id: 'batch-root',
        reason: 'legacy batch image runs as root until the rebuild (team-batch)',
        expires: '2099-12-31',
        rules: ['pss-restricted-run-as-non-root'],
        namespaces: ['batch'],
      }, {
        id: 'labelled-root',
        reason: 'vendor image runs as root, replacement tracked in SEC-42',
        expires: '2099-12-31',
        rules: ['pss-restricted-run-as-non-root'],
        matchLabels: { app: 'legacy' },
      }],
    });
    const cases: Array<[string, CelRequest, boolean]> = [
      ['root pod in default is denied', { object: { ...rootPod('default'), metadata: { name: 'x', namespace: 'default' } }, namespace: 'default' }, false],
      ['root pod in an exempt namespace is admitted', { object: rootPod('legacy-ns'), namespace: 'legacy-ns' }, true],
      ['root pod in a namespace labelled policy-exempt is admitted', {
        object: { ...rootPod('tools'), metadata: { name: 'x', namespace: 'tools' } },
        namespace: 'tools',
        namespaceObject: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tools', labels: { [POLICY_EXEMPT_LABEL]: 'true' } } },
      }, true],
      ['root pod in the excepted namespace is admitted', { object: { ...rootPod('batch'), metadata: { name: 'x', namespace: 'batch' } }, namespace: 'batch' }, true],
      ['root pod with the excepted labels is admitted', { object: rootPod('default'), namespace: 'default' }, true],
      ['privileged root pod in the excepted namespace is denied (other rules still apply)', { object: rootPod('batch', true), namespace: 'batch' }, false],
      ['root Deployment in the excepted namespace is admitted', { object: { ...asDeployment(rootPod('batch')), metadata: { name: 'd', namespace: 'batch' } }, namespace: 'batch' }, true],
    ];
    for (const [name, request, want] of cases) {
      checked++;
      const got = admitAll(programs, objects, request);
      const errors = got.verdicts.flatMap((v) => v.verdict.errors.map((x) => `${v.name}: ${x}`));
      if (got.admitted !== want || errors.length > 0) {
        failures.push(`exemptions ${e.name}: ${name}: expected ${want ? 'admitted' : 'denied'} but ${got.admitted ? 'admitted' : 'denied'}${errors.length ? ` (errors: ${errors.slice(0, 2).join('; ')})` : ''}`);
      }
    }
    // audit and warn never deny
    for (const action of [PolicyAction.AUDIT, PolicyAction.WARN]) {
      checked++;
      const audit = synthPack({ pack: 'pss-restricted', engine: e.engine(), kubernetesVersion: e.kubernetesVersion, action });
      if (!admitAll(programs, audit, { object: rootPod('default'), namespace: 'default' }).admitted) failures.push(`exemptions ${e.name}: action ${action} denied a request`);
    }
  }
  return checked;
}

/** Section `policy cel`: the proof. */
export function runPolicyCel(corpusDir: string): ConformanceSection {
  const started = Date.now();
  const root = path.join(corpusDir, 'pss');
  const programs = new CelPrograms();
  const validator = new ManifestValidator(corpusDir);
  const failures: string[] = [];
  const seenObjects = new Set<string>();
  let schemaChecked = 0;
  let policyCount = 0;
  const agreement = new Map<string, { fixtures: number; agree: number; policyRuns: number }>();
  let fixtureChecks = 0;

  for (const level of ['baseline', 'restricted']) {
    const levelDir = path.join(root, level);
    if (!fs.existsSync(levelDir)) {
      failures.push(`pss/${level}: missing fixture folder`);
      continue;
    }
    for (const version of versionsOf(levelDir)) {
      const fixtures: Array<{ file: string; pass: boolean; forms: CelRequest[] }> = [];
      for (const expectation of ['pass', 'fail']) {
        const dir = path.join(levelDir, version, expectation);
        if (!fs.existsSync(dir)) continue;
        for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
          const pod = yaml.load(fs.readFileSync(path.join(dir, file), 'utf8')) as Obj;
          const deployment = asDeployment(pod);
          fixtures.push({
            file: `${level}/${version}/${expectation}/${file}`,
            pass: expectation === 'pass',
            forms: [
              { object: pod, namespace: 'default', key: JSON.stringify(pod) },
              { object: deployment, namespace: 'default', key: JSON.stringify(deployment) },
            ],
          });
        }
      }
      for (const e of ENGINES) {
        const objects = synthPack({ pack: `pss-${level}`, pssVersion: version, engine: e.engine(), kubernetesVersion: e.kubernetesVersion });
        policyCount += objects.filter((o) => ['ValidatingAdmissionPolicy', 'ValidatingPolicy'].includes(o.kind) || String(o.apiVersion).startsWith('constraints.gatekeeper.sh/')).length;
        schemaChecked += validatePolicyObjects(validator, objects, seenObjects, failures);
        const stats = agreement.get(e.name) ?? { fixtures: 0, agree: 0, policyRuns: 0 };
        agreement.set(e.name, stats);
        for (const f of fixtures) {
          for (const request of f.forms) {
            fixtureChecks++;
            stats.fixtures++;
            const got = admitAll(programs, objects, request);
            stats.policyRuns += got.verdicts.length;
            const errors = got.verdicts.flatMap((v) => v.verdict.errors.map((x) => `${v.name}: ${x}`));
            const kind = (request.object as Obj).kind;
            if (got.matched !== got.verdicts.length) failures.push(`${e.name} ${f.file} (${kind}): only ${got.matched} of ${got.verdicts.length} policies matched`);
            if (errors.length > 0) {
              failures.push(`${e.name} ${f.file} (${kind}): expected no evaluation errors but ${errors.slice(0, 2).join('; ')}`);
            } else if (got.admitted !== f.pass) {
              const denials = got.verdicts.filter((v) => !v.verdict.admitted).map((v) => v.name);
              failures.push(`${e.name} ${f.file} (${kind}): expected ${f.pass ? 'admitted' : 'denied'} but ${got.admitted ? 'admitted' : `denied by ${denials.join(', ')}`}`);
            } else {
              stats.agree++;
            }
          }
        }
      }
    }
  }

  const exemptions = exemptionChecks(programs, failures);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const notes = [
    ...[...agreement].map(([name, s]) => `${name}: ${s.agree}/${s.fixtures} fixture forms agree (pod + Deployment), ${s.policyRuns} policy evaluations`),
    `${policyCount} policies emitted over every level x version x engine; ${programs.size} distinct CEL expressions planned once; `
      + `${programs.evaluations} policy evaluations run, ${programs.memoHits} answered from identical CEL on identical input`,
    `${schemaChecked} distinct emitted objects schema-checked (VAP v1beta1 @1.28, v1 @1.30; Kyverno ValidatingPolicy and Gatekeeper ConstraintTemplate CRDs; constraints vs their template)`,
    `${exemptions} exemption / exception / action checks; CEL by @bufbuild/cel (standard macros + strings ext join; no custom functions); ${seconds}s`,
  ];
  return { name: 'policy cel', checked: fixtureChecks + schemaChecked + exemptions, failures, notes };
}
