import * as fs from 'fs';
import * as path from 'path';
import { CASES } from './cases';
import { CheckStatus, Framework, PeerTool, Severity } from '../../../src/compliance/check';
import { ALL_CHECKS, findCheck } from '../../../src/compliance/checks';
import { EvaluationContext } from '../../../src/compliance/context';
import { PSS_CHECKS } from '../../../src/compliance/pss-checks';

/** Well-formed control ids per framework. */
const CONTROL_ID: Record<string, RegExp> = {
  [Framework.CIS]: /^(1\.12:)?5\.[1-7]\.\d{1,2}$/,
  [Framework.SOC2]: /^CC[1-9]\.[1-9]$/,
  [Framework.PCI_DSS]: /^(1[0-2]|[1-9])\.\d{1,2}(\.\d{1,2}){0,2}$/,
  [Framework.HIPAA]: /^164\.(308|312)\([a-e]\)(\(\d+\))?$/,
  [Framework.PSS]: /^(baseline|restricted)\/[A-Za-z_]+$/,
};

const CHECKS_DIR = path.join(__dirname, '../../../src/compliance/checks');

describe('the check registry', () => {
  test('has unique, kebab-case ids', () => {
    const ids = ALL_CHECKS.map((c) => c.id);
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(duplicates).toEqual([]);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  test('includes every PSS adapter check', () => {
    for (const c of PSS_CHECKS) expect(findCheck(c.id)).toBe(c);
  });

  test('every check has a title, a description, a known severity and kinds', () => {
    for (const c of ALL_CHECKS) {
      expect(c.title.length).toBeGreaterThan(10);
      expect(c.description.length).toBeGreaterThan(20);
      expect(Object.values(Severity)).toContain(c.severity);
      expect(c.kinds.length).toBeGreaterThan(0);
    }
  });

  test('every control names a known framework and a well-formed id', () => {
    const bad: string[] = [];
    for (const c of ALL_CHECKS) {
      if (c.controls.length === 0) bad.push(`${c.id}: no controls`);
      for (const control of c.controls) {
        const re = CONTROL_ID[control.framework];
        if (!re) bad.push(`${c.id}: unknown framework ${JSON.stringify(control.framework)}`);
        else if (!re.test(control.id)) bad.push(`${c.id}: ${control.framework} id ${JSON.stringify(control.id)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  /** Availability and correctness checks: PCI-DSS protects cardholder data and names none of them (SOC 2 only). */
  const NO_PCI = [
    'workload-probes', 'workload-probes-distinct', 'workload-probe-ports', 'workload-pod-disruption-budget', 'workload-replicas',
    'workload-rolling-update', 'workload-spread', 'workload-priority-class', 'workload-job-limits', 'workload-cronjob-policy',
    'workload-env-unique', 'hpa-min-replicas', 'hpa-max-above-min', 'hpa-target-no-fixed-replicas', 'pdb-allows-eviction',
    'pdb-has-budget',
  ];

  test('every non-PSS check maps to SOC 2 and PCI-DSS controls (availability checks to SOC 2 only)', () => {
    for (const c of ALL_CHECKS.filter((k) => !k.id.startsWith('pss-'))) {
      const frameworks = new Set(c.controls.map((k) => k.framework));
      expect([c.id, frameworks.has(Framework.SOC2)]).toEqual([c.id, true]);
      expect([c.id, frameworks.has(Framework.PCI_DSS) || NO_PCI.includes(c.id)]).toEqual([c.id, true]);
    }
  });

  test('CIS controls come with their v1.12 twin (or a documented absence)', () => {
    for (const c of ALL_CHECKS.filter((k) => !k.id.startsWith('pss-'))) {
      const v110 = c.controls.filter((k) => k.framework === Framework.CIS && !k.id.startsWith('1.12:'));
      const v112 = c.controls.filter((k) => k.framework === Framework.CIS && k.id.startsWith('1.12:'));
      expect([c.id, v112.length]).toEqual([c.id, v110.length]);
    }
  });

  test('peer equivalents name a known tool and an id spelled as the tool spells it, each once per check', () => {
    const ID: Record<string, RegExp> = {
      [PeerTool.KUBE_SCORE]: /^[a-z0-9]+(-[a-z0-9]+)*$/,
      [PeerTool.KUBE_LINTER]: /^[a-z0-9]+(-[a-z0-9]+)*$/,
      [PeerTool.POLARIS]: /^[a-z][A-Za-z0-9]+$/,
      [PeerTool.CHECKOV]: /^CKV2?_K8S_\d+$/,
      [PeerTool.TRIVY]: /^K[SC]V\d{3,4}$/,
    };
    const bad: string[] = [];
    for (const c of ALL_CHECKS) {
      const peers = c.peers ?? [];
      for (const p of peers) {
        if (!ID[p.tool]?.test(p.id)) bad.push(`${c.id}: ${p.tool} ${JSON.stringify(p.id)}`);
        if (p.partial !== undefined && p.partial.length < 10) bad.push(`${c.id}: ${p.id} partial without a reason`);
      }
      const keys = peers.map((p) => `${p.tool}/${p.id}`);
      if (new Set(keys).size !== keys.length) bad.push(`${c.id}: a peer listed twice`);
    }
    expect(bad).toEqual([]);
  });

  test('every registered check has at least one pass and one fail case', () => {
    const missing: string[] = [];
    for (const c of ALL_CHECKS) {
      const cases = CASES[c.id] ?? [];
      if (!cases.some((k) => k.status === CheckStatus.PASS)) missing.push(`${c.id}: no pass case`);
      if (!cases.some((k) => k.status === CheckStatus.FAIL)) missing.push(`${c.id}: no fail case`);
    }
    expect(missing).toEqual([]);
  });

  test('registers no restricted twin of a baseline check that restricted overrides at every version', () => {
    expect(findCheck('pss-restricted-host-path-volumes')).toBeUndefined();
    expect(findCheck('pss-restricted-restricted-volumes')).toBeDefined();
  });

  test('has no cases for unknown check ids', () => {
    expect(Object.keys(CASES).filter((id) => !findCheck(id))).toEqual([]);
  });

  test('every check file is named after the id of the check it exports, and is registered', () => {
    const fileIds: string[] = [];
    for (const domain of fs.readdirSync(CHECKS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const file of fs.readdirSync(path.join(CHECKS_DIR, domain.name)).filter((f) => f.endsWith('.ts'))) {
        fileIds.push(file.replace(/\.ts$/, ''));
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const exported = Object.values(require(path.join(CHECKS_DIR, domain.name, file))).filter((v: any) => v && typeof v.evaluate === 'function') as any[];
        expect([file, exported.map((e) => e.id)]).toEqual([file, [file.replace(/\.ts$/, '')]]);
      }
    }
    const registered = ALL_CHECKS.filter((c) => !PSS_CHECKS.includes(c)).map((c) => c.id).sort();
    expect(fileIds.sort()).toEqual(registered);
  });

  test('no check throws on malformed input', () => {
    const context = new EvaluationContext([], { pssVersion: 'latest', now: new Date(0) });
    const inputs: any[] = [
      null, undefined, 1, 'x', [], {},
      { kind: 'Role', rules: [1, null, { verbs: 'get' }] },
      { kind: 'RoleBinding', subjects: {}, roleRef: 'x' },
      { kind: 'Deployment', spec: { replicas: 'x', template: { spec: { containers: 'x' } } } },
      { kind: 'Pod', metadata: 'x', spec: { containers: [null, 1, { name: 3, image: 4, env: 'x', envFrom: [null], securityContext: 'x', resources: [] }] } },
      { kind: 'Namespace', metadata: { name: 7, labels: 'x' } },
      { kind: 'Namespace', metadata: { name: 'n', labels: { 'pod-security.kubernetes.io/enforce': 5 } } },
      { kind: 'ServiceAccount' },
      { kind: 'CronJob', spec: { jobTemplate: null } },
    ];
    for (const c of ALL_CHECKS) {
      for (const input of inputs) {
        expect(() => c.evaluate(input, context)).not.toThrow();
      }
    }
  });
});
