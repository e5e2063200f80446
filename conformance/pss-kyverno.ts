/**
 * Conformance: the Pod Security Standards evaluator against the expectations of the Kyverno
 * pod-security sample policies (`kyverno-policies/pod-security/**\/.kyverno-test/`).
 *
 * Only rules that correspond exactly to a PSS check (or to one clearly separable part of one) are
 * counted; a resource Kyverno expects to `fail` a rule must fail that check (part) at `latest`, one
 * it expects to `pass` must pass it. Rules built on Kyverno's `validate.podSecurity` subrule are
 * judged by the whole level, minus the excluded controls. Everything else is listed as excluded.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ConformanceSection } from './section';
import { evaluateObjectPodSecurity, PodSecurityLevel, PssCheckResult } from '../src/compliance/pss';

/** A Kyverno rule that enforces exactly one PSS check, or one separable part of it. */
interface RuleMapping {
  readonly policy: string;
  readonly rule: string;
  readonly level: PodSecurityLevel;
  readonly checkId: string;
  /** The part of the check the rule covers, told by the detail upstream words for it. */
  readonly part?: { readonly label: string; readonly matches: (detail: string) => boolean };
}

const B = PodSecurityLevel.BASELINE;
const R = PodSecurityLevel.RESTRICTED;

/** Kyverno pod-security policy/rule -> PSS check. */
export const KYVERNO_RULE_MAPPINGS: readonly RuleMapping[] = [
  { policy: 'disallow-capabilities', rule: 'adding-capabilities', level: B, checkId: 'capabilities_baseline' },
  { policy: 'disallow-host-namespaces', rule: 'host-namespaces', level: B, checkId: 'hostNamespaces' },
  { policy: 'disallow-host-path', rule: 'host-path', level: B, checkId: 'hostPathVolumes' },
  { policy: 'disallow-host-ports', rule: 'host-ports-none', level: B, checkId: 'hostPorts' },
  { policy: 'disallow-host-process', rule: 'host-process-containers', level: B, checkId: 'windowsHostProcess' },
  { policy: 'disallow-privileged-containers', rule: 'privileged-containers', level: B, checkId: 'privileged' },
  { policy: 'disallow-proc-mount', rule: 'check-proc-mount', level: B, checkId: 'procMount' },
  {
    policy: 'disallow-selinux',
    rule: 'selinux-type',
    level: B,
    checkId: 'seLinuxOptions',
    part: { label: 'type', matches: (d) => /: types? "/.test(d) },
  },
  {
    policy: 'disallow-selinux',
    rule: 'selinux-user-role',
    level: B,
    checkId: 'seLinuxOptions',
    part: { label: 'user/role', matches: (d) => d.includes('user may not be set') || d.includes('role may not be set') },
  },
  { policy: 'restrict-apparmor-profiles', rule: 'app-armor', level: B, checkId: 'appArmorProfile' },
  { policy: 'restrict-seccomp', rule: 'check-seccomp', level: B, checkId: 'seccompProfile_baseline' },
  { policy: 'restrict-sysctls', rule: 'check-sysctls', level: B, checkId: 'sysctls' },
  {
    policy: 'disallow-capabilities-strict',
    rule: 'require-drop-all',
    level: R,
    checkId: 'capabilities_restricted',
    part: { label: 'drop ALL', matches: (d) => d.includes('capabilities.drop=["ALL"]') },
  },
  {
    policy: 'disallow-capabilities-strict',
    rule: 'adding-capabilities-strict',
    level: R,
    checkId: 'capabilities_restricted',
    part: { label: 'add', matches: (d) => d.includes('in securityContext.capabilities.add') },
  },
  { policy: 'disallow-privilege-escalation', rule: 'privilege-escalation', level: R, checkId: 'allowPrivilegeEscalation' },
  { policy: 'require-run-as-non-root-user', rule: 'run-as-non-root-user', level: R, checkId: 'runAsUser' },
  { policy: 'require-run-as-nonroot', rule: 'run-as-non-root', level: R, checkId: 'runAsNonRoot' },
  { policy: 'restrict-seccomp-strict', rule: 'check-seccomp-strict', level: R, checkId: 'seccompProfile_restricted' },
  { policy: 'restrict-volume-types', rule: 'restricted-volumes', level: R, checkId: 'restrictedVolumes' },
];

/** Rules that do not correspond to a PSS check, with the reason. */
export const KYVERNO_EXCLUDED_RULES: readonly { policy: string; rule: string; why: string }[] = [
  { policy: 'disallow-host-ports-range', rule: 'host-port-range', why: 'allows host ports in a configured range; PSS forbids every host port' },
];

/** Kyverno podSecurity control names -> the PSS checks they cover. */
const KYVERNO_CONTROLS: { readonly [control: string]: readonly string[] } = {
  'HostProcess': ['windowsHostProcess'],
  'Host Namespaces': ['hostNamespaces'],
  'Privileged Containers': ['privileged'],
  'Capabilities': ['capabilities_baseline', 'capabilities_restricted'],
  'HostPath Volumes': ['hostPathVolumes'],
  'Host Ports': ['hostPorts'],
  'AppArmor': ['appArmorProfile'],
  'SELinux': ['seLinuxOptions'],
  '/proc Mount Type': ['procMount', 'procMount_restricted'],
  'Seccomp': ['seccompProfile_baseline', 'seccompProfile_restricted'],
  'Sysctls': ['sysctls'],
  'Volume Types': ['restrictedVolumes'],
  'Privilege Escalation': ['allowPrivilegeEscalation'],
  'Running as Non-root': ['runAsNonRoot'],
  'Running as Non-root user': ['runAsUser'],
};

function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return findTests(p);
    return e.name === 'kyverno-test.yaml' && path.basename(dir) === '.kyverno-test' ? [p] : [];
  });
}

/** Kyverno-style wildcard (`*` any run of characters, `?` one character). */
function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('').map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`);
}

/** A podSecurity subrule: level, version and excluded controls. */
interface SubruleSpec {
  readonly level: PodSecurityLevel;
  readonly version: string;
  readonly exclude: { controlName: string; images?: string[] }[];
}

function subrulesOf(policy: any): Map<string, SubruleSpec> {
  const out = new Map<string, SubruleSpec>();
  for (const rule of policy?.spec?.rules ?? []) {
    const ps = rule?.validate?.podSecurity;
    if (ps) out.set(rule.name, { level: ps.level, version: ps.version ?? 'latest', exclude: ps.exclude ?? [] });
  }
  return out;
}

/** Removes the containers whose image matches one of the patterns (for image-scoped exclusions). */
function withoutImages(object: any, patterns: string[]): any {
  const regexes = patterns.map(wildcard);
  const copy = JSON.parse(JSON.stringify(object));
  const spec = copy.kind === 'Pod' ? copy.spec : copy.kind === 'CronJob' ? copy.spec?.jobTemplate?.spec?.template?.spec : copy.spec?.template?.spec;
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    if (Array.isArray(spec?.[field])) spec[field] = spec[field].filter((c: any) => !regexes.some((re) => re.test(String(c?.image ?? ''))));
  }
  return copy;
}

/** The failures of a whole-level subrule after Kyverno's exclusions. */
function subruleFailures(spec: SubruleSpec, object: any): PssCheckResult[] | string {
  const all = evaluateObjectPodSecurity(spec.level, spec.version, object);
  if (!all) return 'not a pod-bearing object';
  let results = all.results;
  for (const ex of spec.exclude) {
    const ids = KYVERNO_CONTROLS[ex.controlName];
    if (!ids) return `unknown control ${JSON.stringify(ex.controlName)}`;
    if (!ex.images || ex.images.length === 0) {
      results = results.filter((r) => !ids.includes(r.checkId));
    } else {
      const reduced = evaluateObjectPodSecurity(spec.level, spec.version, withoutImages(object, ex.images))!;
      // Exclusions only ever remove violations: a control still failing without the excluded images stays.
      results = results.filter((r) => !ids.includes(r.checkId) || reduced.results.some((x) => x.checkId === r.checkId));
    }
  }
  return results;
}

/** Checks our evaluator against every corresponding Kyverno pod-security test expectation. */
export function runKyvernoPssExpectations(corpusDir: string): ConformanceSection {
  const root = path.join(corpusDir, 'kyverno-policies', 'pod-security');
  const failures: string[] = [];
  const perRule = new Map<string, number>();
  const unmapped = new Set<string>();
  let checked = 0;

  for (const testFile of findTests(root).sort()) {
    const rel = path.relative(corpusDir, testFile);
    const dir = path.dirname(testFile);
    let test: any;
    const resources: any[] = [];
    const subrules = new Map<string, SubruleSpec>();
    try {
      test = yaml.load(fs.readFileSync(testFile, 'utf8'));
      for (const file of test?.resources ?? []) {
        for (const doc of yaml.loadAll(fs.readFileSync(path.resolve(dir, file), 'utf8'))) if (doc) resources.push(doc);
      }
      for (const file of test?.policies ?? []) {
        for (const doc of yaml.loadAll(fs.readFileSync(path.resolve(dir, file), 'utf8'))) {
          for (const [name, spec] of subrulesOf(doc)) subrules.set(name, spec);
        }
      }
    } catch (e) {
      failures.push(`${rel}: expected a readable kyverno test but ${(e as Error).message.split('\n')[0]}`);
      continue;
    }

    for (const result of test?.results ?? []) {
      const names: string[] = result.resources ?? (result.resource ? [result.resource] : []);
      const policy = path.basename(path.dirname(dir));
      const mapping = KYVERNO_RULE_MAPPINGS.find((m) => m.rule === result.rule && (m.policy === result.policy || m.policy === policy));
      const subrule = subrules.get(result.rule);
      if (!mapping && !subrule) {
        if (!KYVERNO_EXCLUDED_RULES.some((x) => x.rule === result.rule)) unmapped.add(`${result.policy}/${result.rule}`);
        continue;
      }
      if (result.result !== 'pass' && result.result !== 'fail') continue;
      const wantFail = result.result === 'fail';
      for (const name of names) {
        const object = resources.find((r) => r?.kind === result.kind && r?.metadata?.name === name);
        const item = `${rel} ${result.rule} ${result.kind}/${name}`;
        checked++;
        const key = mapping ? `${result.rule} -> ${mapping.checkId}${mapping.part ? ` (${mapping.part.label})` : ''}` : `${result.rule} -> podSecurity ${subrule!.level}:${subrule!.version}`;
        perRule.set(key, (perRule.get(key) ?? 0) + 1);
        if (!object) {
          failures.push(`${item}: expected the resource in the test's resources but it is missing`);
          continue;
        }
        let failing: PssCheckResult[];
        let what: string;
        if (mapping) {
          const evaluation = evaluateObjectPodSecurity(mapping.level, 'latest', object);
          if (!evaluation) {
            failures.push(`${item}: expected a pod-bearing object but got kind ${object.kind}`);
            continue;
          }
          failing = evaluation.results.filter((r) => r.checkId === mapping.checkId && (!mapping.part || mapping.part.matches(r.detail)));
          what = `${mapping.checkId}${mapping.part ? ` (${mapping.part.label})` : ''} at ${mapping.level}:latest`;
        } else {
          const out = subruleFailures(subrule!, object);
          if (typeof out === 'string') {
            failures.push(`${item}: expected a judgeable subrule but ${out}`);
            continue;
          }
          failing = out;
          what = `${subrule!.level}:${subrule!.version}`;
        }
        if (wantFail && failing.length === 0) failures.push(`${item}: expected to fail ${what} but it passed`);
        if (!wantFail && failing.length > 0) failures.push(`${item}: expected to pass ${what} but ${failing.map((r) => `${r.reason} (${r.detail})`).join(', ')}`);
      }
    }
  }

  const notes = [
    ...[...perRule.entries()].sort().map(([k, n]) => `${k}: ${n} expectations`),
    ...KYVERNO_EXCLUDED_RULES.map((x) => `excluded ${x.policy}/${x.rule}: ${x.why}`),
    ...[...unmapped].sort().map((x) => `excluded ${x}: no corresponding PSS check`),
  ];
  return { name: 'pss kyverno expectations', checked, failures, notes };
}
