/**
 * Conformance: the Kyverno ClusterPolicy and Gatekeeper Rego backends, which cannot be executed
 * here (no Kyverno engine, no OPA), proven as far as they can be without one.
 *
 * - Schemas: every emitted ClusterPolicy, PolicyException and ConstraintTemplate validates against
 *   the Kyverno 1.19 / Gatekeeper 3.23 CRDs in the corpus; every constraint against its template
 *   (kind, name, enforcementAction, match fields, parameters schema).
 * - Coverage, per PSS level and every version: the ClusterPolicy has exactly one rule per model rule
 *   (same ids, same CEL, per-rule failureAction, no spec-level validationFailureAction,
 *   `background: true`, Pod-only match with the autogen annotation naming every controller), and
 *   there is one Rego template per model rule whose Rego reads exactly the model's field paths
 *   (extracted from the Rego text), starts with the shared prelude and passes the structural Rego
 *   checks (package = template name, `violation contains ... if`, balanced brackets).
 * - Kyverno autogen: the ClusterPolicy's `validate.cel` is evaluated with `@bufbuild/cel` on every
 *   upstream Pod Security fixture of its level and version, as a Pod (the rule as written), as a
 *   Deployment (Kyverno's `autogen-` rewrite: `object.spec` to `object.spec.template.spec`,
 *   `object.metadata` to `object.spec.template.metadata`) and as a CronJob (`autogen-cronjob-`):
 *   100% agreement with the fixtures, no evaluation error. This proves the CEL and the autogen
 *   text rewrite, not Kyverno's engine.
 * - Exceptions: the PolicyException names every covered rule with its `autogen-` and
 *   `autogen-cronjob-` variants; the Rego constraints' match blocks select exactly the objects
 *   outside the exemptions, over a grid of namespaces and labels.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as yaml from 'js-yaml';
import { CelPrograms, CelRequest, evaluateCelPolicy } from './cel/evaluator';
import { synthPack } from './policy-cel';
import { validatePolicyObjects } from './policy-objects';
import { ManifestValidator } from './schema';
import { ConformanceSection } from './section';
import { PSS_CHECKS } from '../src/compliance/pss';
import { PodSecurityLevel } from '../src/compliance/pss/level';
import { pssRules } from '../src/policy/cel';
import { GatekeeperConstraintTemplate, regoError } from '../src/policy/gatekeeper/custom-template';
import { gatekeeperKind } from '../src/policy/gatekeeper/native-validation';
import { GatekeeperRegoBackend } from '../src/policy/gatekeeper/rego';
import { normalizeFieldPaths, regoFieldPaths } from '../src/policy/gatekeeper/rego-paths';
import { PSS_REGO, REGO_POD_PRELUDE } from '../src/policy/gatekeeper/rego-pss';
import { KYVERNO_AUTOGEN_ANNOTATION, KYVERNO_AUTOGEN_CONTROLLERS, KyvernoClusterPolicyBackend, kyvernoPodBindingVariables } from '../src/policy/kyverno/cluster-policy';
import { AdmissionException, POD_RESOURCES, PolicyRule } from '../src/policy/model';
import { PolicyEngine } from '../src/policy/policy-pack';
import { GatekeeperPresets } from '../src/policy/presets/gatekeeper-presets';
import { KyvernoPresets } from '../src/policy/presets/kyverno-presets';

type Obj = Record<string, any>;

function versionsOf(dir: string): string[] {
  return fs.readdirSync(dir).filter((v) => /^v1\.\d+$/.test(v)).sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
}

const kyverno = () => PolicyEngine.fromBackend(new KyvernoClusterPolicyBackend());
const rego = () => PolicyEngine.fromBackend(new GatekeeperRegoBackend());

/** Kyverno's autogen rewrite of a rule's CEL (pkg/autogen: byte-wise ReplaceAll, in this order). */
export function kyvernoAutogenRewrite(value: unknown, controller: 'pods' | 'cronjobs'): any {
  const spec = controller === 'pods' ? 'object.spec.template.spec' : 'object.spec.jobTemplate.spec.template.spec';
  const meta = controller === 'pods' ? 'object.spec.template.metadata' : 'object.spec.jobTemplate.spec.template.metadata';
  let text = JSON.stringify(value);
  text = text.split('object.spec').join(spec);
  text = text.split('oldObject.spec').join(`oldObject${spec.slice('object'.length)}`);
  text = text.split('object.metadata').join(meta);
  text = text.split('oldObject.metadata').join(`oldObject${meta.slice('object'.length)}`);
  return JSON.parse(text);
}

function wrap(pod: Obj, kind: 'Deployment' | 'CronJob'): Obj {
  const template = { metadata: { ...(pod.metadata ?? {}), labels: { app: 'test' } }, spec: pod.spec };
  if (kind === 'Deployment') {
    return { apiVersion: 'apps/v1', kind, metadata: { name: 'test', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'test' } }, template } };
  }
  return { apiVersion: 'batch/v1', kind, metadata: { name: 'test', namespace: 'default' }, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template } } } };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** ClusterPolicy coverage of the model rules; returns the number of rules checked. */
function kyvernoCoverage(label: string, rules: PolicyRule[], objects: Obj[], failures: string[]): number {
  const policies = objects.filter((o) => o.kind === 'ClusterPolicy');
  if (policies.length !== 1) {
    failures.push(`kyverno ${label}: expected one ClusterPolicy, got ${policies.length}`);
    return 0;
  }
  const policy = policies[0];
  const spec = policy.spec ?? {};
  if (spec.validationFailureAction !== undefined) failures.push(`kyverno ${label}: spec-level validationFailureAction is deprecated and must not be set`);
  if (spec.background !== true) failures.push(`kyverno ${label}: background must be true`);
  const controllers = String(policy.metadata?.annotations?.[KYVERNO_AUTOGEN_ANNOTATION] ?? '').split(',');
  if (!same([...controllers].sort(), [...KYVERNO_AUTOGEN_CONTROLLERS].sort())) failures.push(`kyverno ${label}: autogen annotation must name ${KYVERNO_AUTOGEN_CONTROLLERS.join(',')}`);
  const names = (spec.rules ?? []).map((r: Obj) => r.name);
  if (!same(names, rules.map((r) => r.id))) failures.push(`kyverno ${label}: rules ${names.join(',')} differ from the model's ${rules.map((r) => r.id).join(',')}`);
  for (const rule of rules) {
    const r = (spec.rules ?? []).find((x: Obj) => x.name === rule.id);
    if (!r) continue;
    if (!['Enforce', 'Audit'].includes(r.validate?.failureAction)) failures.push(`kyverno ${label} ${rule.id}: no per-rule failureAction`);
    if (!same(r.match?.any?.[0]?.resources?.kinds, ['Pod']) || (r.match?.any ?? []).length !== 1) failures.push(`kyverno ${label} ${rule.id}: must match only Pod (autogen)`);
    const cel = r.validate?.cel ?? {};
    if (!same((cel.expressions ?? []).map((e: Obj) => e.expression), rule.validations.map((v) => v.expression))) failures.push(`kyverno ${label} ${rule.id}: CEL differs from the model's`);
    const want = [...kyvernoPodBindingVariables(), ...rule.variables].map((v) => [v.name, v.expression]);
    if (!same((cel.variables ?? []).map((v: Obj) => [v.name, v.expression]), want)) failures.push(`kyverno ${label} ${rule.id}: variables differ from the pod bindings + the model's`);
  }
  return rules.length;
}

/** Rego coverage and field paths; returns the number of rules checked. */
function regoCoverage(label: string, rules: PolicyRule[], objects: Obj[], failures: string[], pathChecks: { n: number }): number {
  for (const rule of rules) {
    const kind = gatekeeperKind(rule, 'hardened-');
    const template = objects.find((o) => o.kind === 'ConstraintTemplate' && o.spec?.crd?.spec?.names?.kind === kind);
    if (!template) {
      failures.push(`rego ${label} ${rule.id}: no template of kind ${kind}`);
      continue;
    }
    const code = (template.spec.targets?.[0]?.code ?? []).find((c: Obj) => c.engine === 'Rego');
    if (!code || code.source?.version !== 'v1' || typeof code.source?.rego !== 'string') {
      failures.push(`rego ${label} ${rule.id}: no Rego v1 code`);
      continue;
    }
    const text: string = code.source.rego;
    const problem = regoError(text, template.metadata.name);
    if (problem) failures.push(`rego ${label} ${rule.id}: ${problem}`);
    const at = text.indexOf(REGO_POD_PRELUDE);
    if (at < 0) {
      failures.push(`rego ${label} ${rule.id}: the pod prelude is missing or altered`);
      continue;
    }
    pathChecks.n++;
    const got = regoFieldPaths(text.slice(at + REGO_POD_PRELUDE.length));
    const want = normalizeFieldPaths(rule.fieldPaths);
    if (!same(got, want)) {
      const missing = want.filter((p) => !got.includes(p));
      const extra = got.filter((p) => !want.includes(p));
      failures.push(`rego ${label} ${rule.id}: field paths differ from the model's (missing ${missing.join(', ') || '-'}; extra ${extra.join(', ') || '-'})`);
    }
    const constraints = objects.filter((o) => o.kind === kind);
    const kinds = new Set(constraints.flatMap((c) => (c.spec?.match?.kinds ?? []).flatMap((k: Obj) => k.kinds)));
    if (constraints.length === 0 || POD_RESOURCES.some((r) => !kinds.has(r.kind))) failures.push(`rego ${label} ${rule.id}: constraint must match every pod kind`);
  }
  return rules.length;
}

function constraintMatches(c: Obj, namespace: string, labels: Record<string, string>): boolean {
  const m = c.spec?.match ?? {};
  if ((m.excludedNamespaces ?? []).includes(namespace)) return false;
  if (m.namespaces && !m.namespaces.includes(namespace)) return false;
  for (const e of m.labelSelector?.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    if (e.operator === 'In' && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values.includes(labels[e.key])) return false;
  }
  return true;
}

function exceptionChecks(validator: ManifestValidator, failures: string[]): number {
  let checked = 0;
  const exceptions: AdmissionException[] = [
    { id: 'batch-root', reason: 'legacy batch image runs as root until the rebuild (team-batch)', expires: '2099-12-31', rules: ['pss-restricted-run-as-non-root', 'pss-restricted-run-as-user'], namespaces: ['batch'], matchLabels: { app: 'legacy', tier: 'jobs' } },
    { id: 'vendor', reason: 'vendor agent needs host ports, tracked in SEC-42', expires: '2099-06-30', rules: ['pss-restricted-host-ports'], matchLabels: { vendor: 'acme' } },
    { id: 'sandbox', reason: 'sandbox namespace for the platform team (PLAT-7)', expires: '2099-01-31', namespaces: ['sandbox'] },
  ];
  const k = synthPack({ pack: 'pss-restricted', engine: kyverno(), exemptNamespaces: ['kube-system'], exceptions });
  for (const o of k.filter((x) => x.kind === 'PolicyException')) {
    checked++;
    for (const err of validator.validate(o)) failures.push(`exceptions: PolicyException ${o.metadata?.name}: ${err}`);
    const id = o.metadata?.annotations?.['cdk8s-hardened.io/exception'];
    const e = exceptions.find((x) => x.id === id);
    if (!e || o.metadata?.annotations?.['cdk8s-hardened.io/expires'] !== e.expires) {
      failures.push(`exceptions: PolicyException ${o.metadata?.name} must carry its id and expiry annotations`);
      continue;
    }
    const ruleIds = pssRules(PodSecurityLevel.RESTRICTED, 'latest').map((r) => r.id).filter((r) => !e.rules || e.rules.includes(r));
    const want = ruleIds.flatMap((r) => [r, `autogen-${r}`, `autogen-cronjob-${r}`]);
    const got = (o.spec?.exceptions ?? []).flatMap((x: Obj) => x.ruleNames);
    if (!same([...got].sort(), [...want].sort())) failures.push(`exceptions: PolicyException ${id} must name ${want.length} rules (with autogen variants), names ${got.length}`);
  }
  if (k.filter((x) => x.kind === 'PolicyException').length !== exceptions.length) failures.push('exceptions: one PolicyException per exception expected');

  // Rego: the constraints of each rule select exactly the objects no exception covers.
  const g = synthPack({ pack: 'pss-restricted', engine: rego(), exemptNamespaces: ['kube-system'], exceptions });
  const namespaces = ['default', 'batch', 'sandbox', 'kube-system'];
  const labelSets: Array<Record<string, string>> = [{}, { app: 'legacy' }, { app: 'legacy', tier: 'jobs' }, { tier: 'jobs' }, { vendor: 'acme' }, { app: 'other', tier: 'jobs', vendor: 'acme' }];
  for (const rule of pssRules(PodSecurityLevel.RESTRICTED, 'latest')) {
    const constraints = g.filter((o) => o.kind === gatekeeperKind(rule, 'hardened-'));
    for (const ns of namespaces) {
      for (const labels of labelSets) {
        checked++;
        const exempt = ns === 'kube-system' || exceptions.some((e) => (!e.rules || e.rules.includes(rule.id))
          && (!e.namespaces || e.namespaces.includes(ns))
          && Object.entries(e.matchLabels ?? {}).every(([key, v]) => labels[key] === v));
        const matching = constraints.filter((c) => constraintMatches(c, ns, labels)).length;
        if (exempt ? matching !== 0 : matching !== 1) {
          failures.push(`exceptions: rego ${rule.id} ns=${ns} labels=${JSON.stringify(labels)}: expected ${exempt ? 'no' : 'exactly one'} constraint to match, ${matching} do`);
        }
      }
    }
  }
  return checked;
}

function presetChecks(validator: ManifestValidator, failures: string[]): number {
  const app = new App();
  const chart = new Chart(app, 'presets');
  KyvernoPresets.requireRunAsNonRoot(chart, 'nonroot');
  const labels: GatekeeperConstraintTemplate = GatekeeperPresets.k8sRequiredLabels(chart, 'labels');
  labels.addConstraint('ns-owner', { name: 'ns-must-have-owner', kinds: [{ apiGroups: [''], kinds: ['Namespace'] }], parameters: { labels: ['owner'] } });
  const objects = chart.toJson() as Obj[];
  const seen = new Set<string>();
  const checked = validatePolicyObjects(validator, objects, seen, failures);
  const policy = objects.find((o) => o.kind === 'ClusterPolicy');
  if (policy?.spec?.rules?.[0]?.validate?.failureAction !== 'Enforce' || policy?.spec?.validationFailureAction !== undefined) {
    failures.push('presets: require-run-as-nonroot must use a per-rule failureAction Enforce');
  }
  return checked;
}

/**
 * The rules' CEL as few sources as possible: rules with identical variables (the pod bindings) are
 * evaluated as one source whose validations are all of theirs, which is the same verdict (every
 * validation must hold) for a fraction of the cost.
 */
function merged(cels: Obj[]): Obj[] {
  const groups = new Map<string, Obj>();
  for (const cel of cels) {
    const key = JSON.stringify(cel.variables ?? []);
    const group = groups.get(key);
    if (group) group.expressions.push(...cel.expressions);
    else groups.set(key, { variables: cel.variables ?? [], expressions: [...cel.expressions] });
  }
  return [...groups.values()];
}

/** Section `policy structure`. */
export function runPolicyStructure(corpusDir: string): ConformanceSection {
  const started = Date.now();
  const root = path.join(corpusDir, 'pss');
  const validator = new ManifestValidator(corpusDir);
  const programs = new CelPrograms();
  const failures: string[] = [];
  const seen = new Set<string>();
  let schemaChecked = 0;
  let kyvernoRules = 0;
  let regoRules = 0;
  const pathChecks = { n: 0 };
  const autogen = { forms: 0, agree: 0, evaluations: 0 };

  // Every check revision of the evaluator has a Rego implementation.
  const revisions = PSS_CHECKS.flatMap((c) => c.versions.map((v) => `${c.id}@${v.minimumVersion}`)).sort();
  if (!same(revisions, Object.keys(PSS_REGO).sort())) failures.push(`rego: implementations ${Object.keys(PSS_REGO).length} differ from the evaluator's ${revisions.length} check revisions`);

  for (const level of [PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED]) {
    const levelDir = path.join(root, level);
    const versions = fs.existsSync(levelDir) ? versionsOf(levelDir) : [];
    if (versions.length === 0) failures.push(`pss/${level}: no fixture versions`);
    for (const version of [...versions, 'latest']) {
      const rules = pssRules(level, version);
      const label = `${level}:${version}`;
      const k = synthPack({ pack: `pss-${level}`, pssVersion: version, engine: kyverno() });
      const g = synthPack({ pack: `pss-${level}`, pssVersion: version, engine: rego() });
      schemaChecked += validatePolicyObjects(validator, k, seen, failures) + validatePolicyObjects(validator, g, seen, failures);
      kyvernoRules += kyvernoCoverage(label, rules, k, failures);
      regoRules += regoCoverage(label, rules, g, failures, pathChecks);
      if (version === 'latest') continue;

      // Kyverno autogen: the ClusterPolicy's CEL on every fixture, as Pod, Deployment and CronJob.
      const policyRules: Obj[] = k.find((o) => o.kind === 'ClusterPolicy')?.spec?.rules ?? [];
      const sources = {
        pod: merged(policyRules.map((r) => r.validate.cel)),
        deployment: merged(policyRules.map((r) => kyvernoAutogenRewrite(r.validate.cel, 'pods'))),
        cronjob: merged(policyRules.map((r) => kyvernoAutogenRewrite(r.validate.cel, 'cronjobs'))),
      };
      for (const expectation of ['pass', 'fail']) {
        const dir = path.join(levelDir, version, expectation);
        if (!fs.existsSync(dir)) continue;
        for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
          const pod = yaml.load(fs.readFileSync(path.join(dir, file), 'utf8')) as Obj;
          const forms: Array<[string, Obj, Obj[]]> = [
            ['Pod', pod, sources.pod], ['Deployment', wrap(pod, 'Deployment'), sources.deployment], ['CronJob', wrap(pod, 'CronJob'), sources.cronjob],
          ];
          for (const [kind, object, cels] of forms) {
            autogen.forms++;
            const request: CelRequest = { object, namespace: 'default', key: JSON.stringify(object) };
            const verdicts = cels.map((cel) => evaluateCelPolicy(programs, { variables: cel.variables, validations: cel.expressions }, request));
            autogen.evaluations += cels.reduce((n, c) => n + c.expressions.length, 0);
            const errors = verdicts.flatMap((v) => v.errors);
            const admitted = verdicts.every((v) => v.admitted);
            if (errors.length > 0) failures.push(`kyverno autogen ${level}/${version}/${expectation}/${file} (${kind}): evaluation errors: ${errors.slice(0, 2).join('; ')}`);
            else if (admitted !== (expectation === 'pass')) failures.push(`kyverno autogen ${level}/${version}/${expectation}/${file} (${kind}): expected ${expectation === 'pass' ? 'admitted' : 'denied'} but ${admitted ? 'admitted' : 'denied'}`);
            else autogen.agree++;
          }
        }
      }
    }
  }

  const exceptions = exceptionChecks(validator, failures);
  const presets = presetChecks(validator, failures);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return {
    name: 'policy structure (kyverno clusterpolicy, gatekeeper rego)',
    checked: schemaChecked + kyvernoRules + regoRules + autogen.forms + exceptions + presets,
    failures,
    notes: [
      `${schemaChecked} distinct ClusterPolicy / ConstraintTemplate / constraint objects schema-checked (Kyverno 1.19, Gatekeeper 3.23 CRDs; constraints vs their template); ${presets} preset objects`,
      `coverage over every level x version (+ latest): ${kyvernoRules} ClusterPolicy rules = model rules (same CEL); ${regoRules} Rego templates, ${pathChecks.n} field-path sets equal to the model's`,
      `kyverno autogen CEL: ${autogen.agree}/${autogen.forms} fixture forms agree (Pod, Deployment via autogen-, CronJob via autogen-cronjob-), ${autogen.evaluations} rule validations evaluated`,
      `${exceptions} exception checks (PolicyException rule names with autogen variants; Rego match blocks over a namespace x label grid); Rego itself is not executed (no OPA); ${seconds}s`,
    ],
  };
}
