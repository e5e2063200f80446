import * as fc from 'fast-check';
import { admits, judge } from './judge';
import { evaluatePodSecurity, PodSecurityLevel } from '../../../src/compliance/pss';
import { pssCheckId } from '../../../src/compliance/pss-checks';
import { PSS_CEL, pssRevisionKeys, pssRules, pssTranslation } from '../../../src/policy/cel/pss';
import { PolicyRule, RuleSubject } from '../../../src/policy/model';

/** A pod that passes every restricted check at every version. */
function restrictedPod(): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'app', namespace: 'default' },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'app',
        image: 'registry.example.com/app@sha256:' + 'a'.repeat(64),
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      }],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    },
  };
}

function ruleOf(rules: PolicyRule[], upstreamId: string): PolicyRule {
  const rule = rules.find((r) => r.pss?.checkId === upstreamId);
  if (!rule) throw new Error(`no rule for ${upstreamId}`);
  return rule;
}

function asDeployment(pod: any): any {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: {}, template: { metadata: pod.metadata, spec: pod.spec } } };
}

function asCronJob(pod: any): any {
  return { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { metadata: pod.metadata, spec: pod.spec } } } } };
}

describe('the CEL translation of the Pod Security Standards', () => {
  test('has a translation for every revision of every check of the evaluator', () => {
    const missing = pssRevisionKeys().filter((k) => !PSS_CEL[k]);
    expect(missing).toEqual([]);
  });

  test('has no translation for a revision the evaluator does not have', () => {
    const keys = new Set(pssRevisionKeys());
    expect(Object.keys(PSS_CEL).filter((k) => !keys.has(k))).toEqual([]);
  });

  test('fails to translate an unknown revision, naming the file to extend', () => {
    expect(() => pssTranslation('newCheck', 'v1.40')).toThrow('no CEL translation for Pod Security check newCheck revision v1.40; add it to src/policy/cel/pss.ts');
  });

  test('selects the revisions the evaluator selects: runAsUser from v1.23, capabilities_restricted replaces the baseline check from v1.22', () => {
    const ids = (v: string) => pssRules(PodSecurityLevel.RESTRICTED, v).map((r) => r.pss!.checkId);
    expect(ids('v1.22')).not.toContain('runAsUser');
    expect(ids('v1.23')).toContain('runAsUser');
    expect(ids('v1.21')).toContain('capabilities_baseline');
    expect(ids('v1.22')).not.toContain('capabilities_baseline');
    expect(ids('latest')).not.toContain('hostPathVolumes');
  });

  test('names rules with the engine check ids and records level, version and revision', () => {
    const rule = ruleOf(pssRules(PodSecurityLevel.RESTRICTED, 'v1.30'), 'runAsNonRoot');
    expect(rule.id).toBe(pssCheckId(PodSecurityLevel.RESTRICTED, 'runAsNonRoot'));
    expect(rule.id).toBe('pss-restricted-run-as-non-root');
    expect(rule.pss).toEqual({ level: 'restricted', version: 'v1.30', checkId: 'runAsNonRoot', revision: 'v1.0' });
    expect(rule.subject).toBe(RuleSubject.PODS);
    expect(rule.resources.map((r) => r.kind)).toEqual(['Pod', 'ReplicationController', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
    expect(rule.fieldPaths).toContain('spec.securityContext.runAsNonRoot');
  });

  test('words the message as Pod Security Admission does', () => {
    const rule = ruleOf(pssRules(PodSecurityLevel.RESTRICTED, 'latest'), 'allowPrivilegeEscalation');
    expect(rule.message).toBe('violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (containers must set securityContext.allowPrivilegeEscalation=false)');
  });

  test('fails for an invalid version or the privileged level', () => {
    expect(() => pssRules(PodSecurityLevel.RESTRICTED, '1.28')).toThrow('invalid Pod Security Standards version "1.28": use "latest" or "v1.N", e.g. "v1.28"');
    expect(() => pssRules(PodSecurityLevel.PRIVILEGED, 'latest')).toThrow('Pod Security level "privileged" has no checks; use "baseline" or "restricted"');
  });

  test('admits the restricted pod under every rule of every version, as a Pod, Deployment and CronJob', () => {
    for (const version of ['v1.0', 'v1.19', 'v1.25', 'v1.31', 'latest']) {
      for (const rule of pssRules(PodSecurityLevel.RESTRICTED, version)) {
        for (const object of [restrictedPod(), asDeployment(restrictedPod()), asCronJob(restrictedPod())]) {
          expect([rule.id, version, object.kind, admits(rule, object)]).toEqual([rule.id, version, object.kind, true]);
        }
      }
    }
  });

  const violations: Array<[string, string, (p: any) => void]> = [
    ['privileged', 'privileged init container', (p) => { p.spec.initContainers = [{ name: 'init', image: 'x', securityContext: { privileged: true } }]; }],
    ['hostNamespaces', 'hostPID', (p) => { p.spec.hostPID = true; }],
    ['windowsHostProcess', 'pod hostProcess', (p) => { p.spec.securityContext.windowsOptions = { hostProcess: true }; }],
    ['hostPorts', 'hostPort 80', (p) => { p.spec.containers[0].ports = [{ containerPort: 80, hostPort: 80 }]; }],
    ['appArmorProfile', 'Unconfined annotation', (p) => { p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' }; }],
    ['appArmorProfile', 'Unconfined field', (p) => { p.spec.containers[0].securityContext.appArmorProfile = { type: 'Unconfined' }; }],
    ['seLinuxOptions', 'custom user', (p) => { p.spec.securityContext.seLinuxOptions = { user: 'root' }; }],
    ['sysctls', 'unsafe sysctl', (p) => { p.spec.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]; }],
    ['procMount_restricted', 'Unmasked in an ephemeral container', (p) => { p.spec.ephemeralContainers = [{ name: 'debug', image: 'x', securityContext: { procMount: 'Unmasked' } }]; }],
    ['hostProbesAndHostLifecycle', 'probe host', (p) => { p.spec.containers[0].livenessProbe = { tcpSocket: { host: '10.0.0.1', port: 80 } }; }],
    ['restrictedVolumes', 'nfs volume', (p) => { p.spec.volumes.push({ name: 'nfs', nfs: { server: 'x', path: '/' } }); }],
    ['allowPrivilegeEscalation', 'missing field', (p) => { delete p.spec.containers[0].securityContext.allowPrivilegeEscalation; }],
    ['runAsNonRoot', 'container false', (p) => { p.spec.containers[0].securityContext.runAsNonRoot = false; }],
    ['runAsNonRoot', 'unset everywhere', (p) => { delete p.spec.securityContext.runAsNonRoot; }],
    ['runAsUser', 'pod runAsUser 0', (p) => { p.spec.securityContext.runAsUser = 0; }],
    ['seccompProfile_restricted', 'container Unconfined', (p) => { p.spec.containers[0].securityContext.seccompProfile = { type: 'Unconfined' }; }],
    ['seccompProfile_restricted', 'unset everywhere', (p) => { delete p.spec.securityContext.seccompProfile; }],
    ['capabilities_restricted', 'adds NET_RAW', (p) => { p.spec.containers[0].securityContext.capabilities.add = ['NET_RAW']; }],
    ['capabilities_restricted', 'drops nothing', (p) => { delete p.spec.containers[0].securityContext.capabilities; }],
  ];

  test.each(violations)('denies %s (%s) as the evaluator does, as a Pod and a Deployment', (checkId, _what, mutate) => {
    const pod = restrictedPod();
    mutate(pod);
    const rule = ruleOf(pssRules(PodSecurityLevel.RESTRICTED, 'latest'), checkId);
    expect(admits(rule, pod)).toBe(false);
    expect(admits(rule, asDeployment(pod))).toBe(false);
    const evaluation = evaluatePodSecurity(PodSecurityLevel.RESTRICTED, 'latest', pod.metadata, pod.spec);
    expect(evaluation.results.map((r) => r.checkId)).toContain(checkId);
  });

  test('names the offending containers in the message', () => {
    const pod = restrictedPod();
    pod.spec.containers.push({ name: 'sidecar', image: 'x', securityContext: { allowPrivilegeEscalation: true, capabilities: { drop: ['ALL'] } } });
    const verdict = judge(ruleOf(pssRules(PodSecurityLevel.RESTRICTED, 'latest'), 'allowPrivilegeEscalation'), pod);
    expect(verdict.denials).toEqual([
      'violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (containers must set securityContext.allowPrivilegeEscalation=false); offending containers: sidecar',
    ]);
  });

  test('exempts Windows pods from the restricted capability, seccomp and privilege-escalation checks from v1.25 only', () => {
    const pod = restrictedPod();
    pod.spec.os = { name: 'windows' };
    delete pod.spec.containers[0].securityContext;
    delete pod.spec.securityContext.seccompProfile;
    for (const id of ['capabilities_restricted', 'seccompProfile_restricted', 'allowPrivilegeEscalation']) {
      expect([id, admits(ruleOf(pssRules(PodSecurityLevel.RESTRICTED, 'v1.25'), id), pod)]).toEqual([id, true]);
      expect([id, admits(ruleOf(pssRules(PodSecurityLevel.RESTRICTED, 'v1.24'), id), pod)]).toEqual([id, false]);
    }
  });

  test('exempts user-namespace pods from runAsNonRoot and runAsUser from v1.35, but not from procMount_restricted', () => {
    const pod = restrictedPod();
    pod.spec.hostUsers = false;
    pod.spec.securityContext = { seccompProfile: { type: 'RuntimeDefault' }, runAsUser: 0 };
    pod.spec.containers[0].securityContext.procMount = 'Unmasked';
    const at = (v: string, id: string) => admits(ruleOf(pssRules(PodSecurityLevel.RESTRICTED, v), id), pod);
    expect(at('v1.35', 'runAsNonRoot')).toBe(true);
    expect(at('v1.35', 'runAsUser')).toBe(true);
    expect(at('v1.34', 'runAsNonRoot')).toBe(false);
    expect(at('v1.35', 'procMount_restricted')).toBe(false);
    expect(admits(ruleOf(pssRules(PodSecurityLevel.BASELINE, 'v1.35'), 'procMount'), pod)).toBe(true);
  });

  test('judges the pre-v1.19 seccomp annotations by container name', () => {
    const pod = restrictedPod();
    pod.metadata.annotations = { 'container.seccomp.security.alpha.kubernetes.io/app': 'unconfined' };
    expect(admits(ruleOf(pssRules(PodSecurityLevel.BASELINE, 'v1.18'), 'seccompProfile_baseline'), pod)).toBe(false);
    pod.metadata.annotations = { 'container.seccomp.security.alpha.kubernetes.io/other': 'unconfined' };
    expect(admits(ruleOf(pssRules(PodSecurityLevel.BASELINE, 'v1.18'), 'seccompProfile_baseline'), pod)).toBe(true);
  });

  test('allows container_engine_t from v1.31 and the v1.37 sysctls from v1.37 only', () => {
    const pod = restrictedPod();
    pod.spec.securityContext.seLinuxOptions = { type: 'container_engine_t' };
    expect(admits(ruleOf(pssRules(PodSecurityLevel.BASELINE, 'v1.30'), 'seLinuxOptions'), pod)).toBe(false);
    expect(admits(ruleOf(pssRules(PodSecurityLevel.BASELINE, 'v1.31'), 'seLinuxOptions'), pod)).toBe(true);
    pod.spec.securityContext.sysctls = [{ name: 'net.ipv4.tcp_notsent_lowat', value: '1' }];
    expect(admits(ruleOf(pssRules(PodSecurityLevel.BASELINE, 'v1.36'), 'sysctls'), pod)).toBe(false);
    expect(admits(ruleOf(pssRules(PodSecurityLevel.BASELINE, 'v1.37'), 'sysctls'), pod)).toBe(true);
  });
});

/** Generated pods from a vocabulary of compliant and violating values of every restricted field. */
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const boolish = opt(fc.boolean());
const securityContextArb = fc.record({
  privileged: boolish,
  allowPrivilegeEscalation: boolish,
  runAsNonRoot: boolish,
  runAsUser: opt(fc.constantFrom(0, 1000, 10001)),
  procMount: opt(fc.constantFrom('Default', 'Unmasked')),
  capabilities: opt(fc.record({ drop: opt(fc.subarray(['ALL', 'NET_RAW'])), add: opt(fc.subarray(['NET_BIND_SERVICE', 'CHOWN', 'SYS_ADMIN'])) })),
  seccompProfile: opt(fc.record({ type: opt(fc.constantFrom('RuntimeDefault', 'Localhost', 'Unconfined')) })),
  appArmorProfile: opt(fc.record({ type: opt(fc.constantFrom('RuntimeDefault', 'Localhost', 'Unconfined')) })),
  seLinuxOptions: opt(fc.record({ type: opt(fc.constantFrom('', 'container_t', 'container_engine_t', 'spc_t')), user: opt(fc.constantFrom('', 'root')), role: opt(fc.constantFrom('', 'sysadm_r')) })),
  windowsOptions: opt(fc.record({ hostProcess: boolish })),
}, { requiredKeys: [] });
const handlerArb = opt(fc.record({ httpGet: opt(fc.record({ host: opt(fc.constantFrom('', '10.0.0.1')), port: fc.constant(80) })) }, { requiredKeys: [] }));
const containerArb = (name: string) => fc.record({
  name: fc.constant(name),
  image: fc.constant('x'),
  securityContext: opt(securityContextArb),
  ports: opt(fc.array(fc.record({ containerPort: fc.constant(80), hostPort: opt(fc.constantFrom(0, 8080)) }), { maxLength: 2 })),
  readinessProbe: handlerArb,
}, { requiredKeys: ['name', 'image'] });
const podArb = fc.record({
  annotations: opt(fc.dictionary(fc.constantFrom(
    'container.apparmor.security.beta.kubernetes.io/app', 'seccomp.security.alpha.kubernetes.io/pod', 'container.seccomp.security.alpha.kubernetes.io/app', 'other',
  ), fc.constantFrom('', 'runtime/default', 'localhost/x', 'unconfined', 'docker/default'))),
  hostNetwork: boolish,
  hostPID: boolish,
  hostUsers: boolish,
  os: opt(fc.record({ name: fc.constantFrom('linux', 'windows') })),
  podSc: opt(fc.record({
    runAsNonRoot: boolish,
    runAsUser: opt(fc.constantFrom(0, 1000)),
    seccompProfile: opt(fc.record({ type: opt(fc.constantFrom('RuntimeDefault', 'Unconfined')) })),
    sysctls: opt(fc.array(fc.record({ name: fc.constantFrom('kernel.shm_rmid_forced', 'net.ipv4.tcp_rmem', 'kernel.msgmax'), value: fc.constant('1') }), { maxLength: 2 })),
    seLinuxOptions: opt(fc.record({ type: opt(fc.constantFrom('container_t', 'spc_t')) })),
  }, { requiredKeys: [] })),
  containers: fc.array(containerArb('app'), { minLength: 1, maxLength: 2 }),
  initContainers: opt(fc.array(containerArb('init'), { maxLength: 1 })),
  volumes: opt(fc.array(fc.constantFrom({ name: 'a', emptyDir: {} }, { name: 'b', hostPath: { path: '/' } }, { name: 'c', nfs: { server: 's', path: '/' } }, { name: 'd', secret: { secretName: 's' } }), { maxLength: 2 })),
}, { requiredKeys: ['containers'] });

function strip(value: any): any {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, strip(v)]));
  }
  return value;
}

function podFrom(g: any): any {
  return strip({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', annotations: g.annotations },
    spec: {
      hostNetwork: g.hostNetwork,
      hostPID: g.hostPID,
      hostUsers: g.hostUsers,
      os: g.os,
      securityContext: g.podSc,
      containers: g.containers,
      initContainers: g.initContainers,
      volumes: g.volumes,
    },
  });
}

describe('the CEL translation agrees with the evaluator on generated pods', () => {
  const versions = ['v1.0', 'v1.18', 'v1.19', 'v1.22', 'v1.23', 'v1.25', 'v1.31', 'v1.34', 'v1.35', 'latest'];
  const levels = [PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED];
  const rulesByKey = new Map<string, PolicyRule[]>();
  for (const l of levels) for (const v of versions) rulesByKey.set(`${l}:${v}`, pssRules(l, v));

  test('check by check, at every level and a spread of versions', () => {
    fc.assert(fc.property(podArb, fc.constantFrom(...levels), fc.constantFrom(...versions), (g, level, version) => {
      const pod = podFrom(g);
      const failed = new Set(evaluatePodSecurity(level, version, pod.metadata, pod.spec).results.map((r) => r.checkId));
      for (const rule of rulesByKey.get(`${level}:${version}`)!) {
        const celAdmits = admits(rule, pod);
        if (celAdmits === failed.has(rule.pss!.checkId)) {
          throw new Error(`${rule.id} at ${version}: CEL ${celAdmits ? 'admits' : 'denies'}, evaluator ${failed.has(rule.pss!.checkId) ? 'fails' : 'passes'} ${JSON.stringify(pod)}`);
        }
      }
    }), { numRuns: 300, seed: 8 });
  });
});
