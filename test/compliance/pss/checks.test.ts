import { baselinePod, restrictedPod, tweak } from './fixtures';
import { evaluatePodSecurity, PodSecurityLevel, PSS_CHECKS } from '../../../src/compliance/pss';

const B = PodSecurityLevel.BASELINE;
const R = PodSecurityLevel.RESTRICTED;

/** The result of one check, or undefined when it passed (or did not run). */
function resultOf(checkId: string, level: PodSecurityLevel, version: string, pod: { metadata: any; spec: any }) {
  return evaluatePodSecurity(level, version, pod.metadata, pod.spec).results.find((r) => r.checkId === checkId);
}

type Pod = { metadata: any; spec: any };
interface Case {
  readonly name: string;
  readonly checkId: string;
  readonly level: PodSecurityLevel;
  readonly version: string;
  readonly pod: Pod;
  /** Expected [reason, detail] when the check must fail; undefined when it must pass. */
  readonly fails?: [string, string];
}

const base = baselinePod();
const strict = restrictedPod();
const app = (p: Pod) => p.spec.containers[0];
const init = (p: Pod) => p.spec.initContainers[0];

const CASES: Case[] = [
  // windowsHostProcess
  { name: 'allows hostProcess false', checkId: 'windowsHostProcess', level: B, version: 'latest', pod: tweak(base, (p) => { app(p).securityContext = { windowsOptions: { hostProcess: false } }; }) },
  {
    name: 'fails a pod-level and a container-level hostProcess',
    checkId: 'windowsHostProcess',
    level: B,
    version: 'v1.0',
    pod: tweak(base, (p) => {
      p.spec.securityContext = { windowsOptions: { hostProcess: true } };
      app(p).securityContext = { windowsOptions: { hostProcess: true } };
    }),
    fails: ['hostProcess', 'pod and container "app" must not set securityContext.windowsOptions.hostProcess=true'],
  },
  // hostNamespaces
  { name: 'allows host namespaces set to false', checkId: 'hostNamespaces', level: B, version: 'latest', pod: tweak(base, (p) => { p.spec.hostNetwork = false; p.spec.hostPID = false; p.spec.hostIPC = false; }) },
  {
    name: 'fails every host namespace, in upstream order',
    checkId: 'hostNamespaces',
    level: B,
    version: 'v1.0',
    pod: tweak(base, (p) => { p.spec.hostIPC = true; p.spec.hostPID = true; p.spec.hostNetwork = true; }),
    fails: ['host namespaces', 'hostNetwork=true, hostPID=true, hostIPC=true'],
  },
  // privileged
  { name: 'allows privileged false', checkId: 'privileged', level: B, version: 'latest', pod: tweak(base, (p) => { app(p).securityContext = { privileged: false }; }) },
  {
    name: 'fails privileged init and regular containers',
    checkId: 'privileged',
    level: B,
    version: 'latest',
    pod: tweak(base, (p) => { init(p).securityContext = { privileged: true }; app(p).securityContext = { privileged: true }; }),
    fails: ['privileged', 'containers "init", "app" must not set securityContext.privileged=true'],
  },
  {
    name: 'fails a privileged ephemeral container',
    checkId: 'privileged',
    level: B,
    version: 'latest',
    pod: tweak(base, (p) => { p.spec.ephemeralContainers = [{ name: 'debug', image: 'x', securityContext: { privileged: true } }]; }),
    fails: ['privileged', 'container "debug" must not set securityContext.privileged=true'],
  },
  // capabilities_baseline
  { name: 'allows default capabilities', checkId: 'capabilities_baseline', level: B, version: 'latest', pod: tweak(base, (p) => { app(p).securityContext = { capabilities: { add: ['CHOWN', 'NET_BIND_SERVICE', 'SYS_CHROOT'] } }; }) },
  {
    name: 'fails NET_RAW and SYS_ADMIN, sorted',
    checkId: 'capabilities_baseline',
    level: B,
    version: 'latest',
    pod: tweak(base, (p) => { app(p).securityContext = { capabilities: { add: ['SYS_ADMIN', 'NET_RAW', 'CHOWN'] } }; }),
    fails: ['non-default capabilities', 'container "app" must not include "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add'],
  },
  {
    name: 'fails a CAP_-prefixed name (names are exact)',
    checkId: 'capabilities_baseline',
    level: B,
    version: 'latest',
    pod: tweak(base, (p) => { app(p).securityContext = { capabilities: { add: ['CAP_CHOWN'] } }; }),
    fails: ['non-default capabilities', 'container "app" must not include "CAP_CHOWN" in securityContext.capabilities.add'],
  },
  // hostPathVolumes
  { name: 'allows an emptyDir volume', checkId: 'hostPathVolumes', level: B, version: 'latest', pod: tweak(base, (p) => { p.spec.volumes = [{ name: 'tmp', emptyDir: {} }]; }) },
  {
    name: 'fails hostPath volumes',
    checkId: 'hostPathVolumes',
    level: B,
    version: 'latest',
    pod: tweak(base, (p) => { p.spec.volumes = [{ name: 'a', hostPath: { path: '/' } }, { name: 'b', hostPath: { path: '/etc' } }]; }),
    fails: ['hostPath volumes', 'volumes "a", "b"'],
  },
  // hostPorts
  { name: 'allows hostPort 0', checkId: 'hostPorts', level: B, version: 'latest', pod: tweak(base, (p) => { app(p).ports = [{ containerPort: 80, hostPort: 0 }]; }) },
  {
    name: 'fails host ports of two containers, sorted as strings',
    checkId: 'hostPorts',
    level: B,
    version: 'latest',
    pod: tweak(base, (p) => { init(p).ports = [{ containerPort: 80, hostPort: 80 }]; app(p).ports = [{ containerPort: 443, hostPort: 443 }]; }),
    fails: ['hostPort', 'containers "init", "app" use hostPorts 443, 80'],
  },
  {
    name: 'fails one host port in singular',
    checkId: 'hostPorts',
    level: B,
    version: 'latest',
    pod: tweak(base, (p) => { app(p).ports = [{ containerPort: 8080, hostPort: 8080 }]; }),
    fails: ['hostPort', 'container "app" uses hostPort 8080'],
  },
  // appArmorProfile
  {
    name: 'allows RuntimeDefault, Localhost and allowed annotations',
    checkId: 'appArmorProfile',
    level: B,
    version: 'v1.0',
    pod: tweak(base, (p) => {
      p.spec.securityContext = { appArmorProfile: { type: 'RuntimeDefault' } };
      app(p).securityContext = { appArmorProfile: { type: 'Localhost', localhostProfile: 'p' } };
      p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/p', 'container.apparmor.security.beta.kubernetes.io/init': 'runtime/default' };
    }),
  },
  {
    name: 'fails Unconfined fields and annotations at any version',
    checkId: 'appArmorProfile',
    level: B,
    version: 'v1.0',
    pod: tweak(base, (p) => {
      p.spec.securityContext = { appArmorProfile: { type: 'Unconfined' } };
      app(p).securityContext = { appArmorProfile: { type: 'Unconfined' } };
      p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' };
    }),
    fails: ['forbidden AppArmor profiles', 'pod and container "app" and annotation must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/app="unconfined""'],
  },
  // seLinuxOptions
  { name: 'allows container_t', checkId: 'seLinuxOptions', level: B, version: 'v1.0', pod: tweak(base, (p) => { app(p).securityContext = { seLinuxOptions: { type: 'container_t', level: 's0:c1,c2' } }; }) },
  {
    name: 'fails container_engine_t before v1.31',
    checkId: 'seLinuxOptions',
    level: B,
    version: 'v1.30',
    pod: tweak(base, (p) => { app(p).securityContext = { seLinuxOptions: { type: 'container_engine_t' } }; }),
    fails: ['seLinuxOptions', 'container "app" set forbidden securityContext.seLinuxOptions: type "container_engine_t"'],
  },
  { name: 'allows container_engine_t from v1.31', checkId: 'seLinuxOptions', level: B, version: 'v1.31', pod: tweak(base, (p) => { app(p).securityContext = { seLinuxOptions: { type: 'container_engine_t' } }; }) },
  {
    name: 'fails a user and a role without a bad type',
    checkId: 'seLinuxOptions',
    level: B,
    version: 'latest',
    pod: tweak(base, (p) => { p.spec.securityContext = { seLinuxOptions: { user: 'system_u', role: 'system_r' } }; }),
    fails: ['seLinuxOptions', 'pod set forbidden securityContext.seLinuxOptions: user may not be set; role may not be set'],
  },
  // procMount
  { name: 'allows procMount Default', checkId: 'procMount', level: B, version: 'latest', pod: tweak(base, (p) => { app(p).securityContext = { procMount: 'Default' }; }) },
  {
    name: 'fails Unmasked in a user namespace before v1.35',
    checkId: 'procMount',
    level: B,
    version: 'v1.34',
    pod: tweak(base, (p) => { p.spec.hostUsers = false; app(p).securityContext = { procMount: 'Unmasked' }; }),
    fails: ['procMount', 'container "app" must not set securityContext.procMount to "Unmasked"'],
  },
  { name: 'allows Unmasked in a user namespace from v1.35', checkId: 'procMount', level: B, version: 'v1.35', pod: tweak(base, (p) => { p.spec.hostUsers = false; app(p).securityContext = { procMount: 'Unmasked' }; }) },
  {
    name: 'fails Unmasked with host users at v1.35',
    checkId: 'procMount',
    level: B,
    version: 'v1.35',
    pod: tweak(base, (p) => { p.spec.hostUsers = true; app(p).securityContext = { procMount: 'Unmasked' }; }),
    fails: ['procMount', 'container "app" must not set securityContext.procMount to "Unmasked"'],
  },
  // procMount_restricted
  {
    name: 'fails Unmasked in a user namespace at restricted v1.35',
    checkId: 'procMount_restricted',
    level: R,
    version: 'v1.35',
    pod: tweak(strict, (p) => { p.spec.hostUsers = false; app(p).securityContext.procMount = 'Unmasked'; }),
    fails: ['procMount', 'container "app" must not set securityContext.procMount to "Unmasked"'],
  },
  { name: 'allows Default in a user namespace at restricted v1.35', checkId: 'procMount_restricted', level: R, version: 'v1.35', pod: tweak(strict, (p) => { p.spec.hostUsers = false; app(p).securityContext.procMount = 'Default'; }) },
  // seccompProfile_baseline
  {
    name: 'fails an unconfined annotation before v1.19',
    checkId: 'seccompProfile_baseline',
    level: B,
    version: 'v1.18',
    pod: tweak(base, (p) => { p.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined', 'container.seccomp.security.alpha.kubernetes.io/app': 'docker/default' }; }),
    fails: ['seccompProfile', 'forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined"'],
  },
  { name: 'ignores the Unconfined field before v1.19', checkId: 'seccompProfile_baseline', level: B, version: 'v1.18', pod: tweak(base, (p) => { p.spec.securityContext = { seccompProfile: { type: 'Unconfined' } }; }) },
  {
    name: 'fails the Unconfined field from v1.19',
    checkId: 'seccompProfile_baseline',
    level: B,
    version: 'v1.19',
    pod: tweak(base, (p) => { p.spec.securityContext = { seccompProfile: { type: 'Unconfined' } }; init(p).securityContext = { seccompProfile: { type: 'Unconfined' } }; }),
    fails: ['seccompProfile', 'pod and container "init" must not set securityContext.seccompProfile.type to "Unconfined"'],
  },
  { name: 'ignores annotations from v1.19', checkId: 'seccompProfile_baseline', level: B, version: 'v1.19', pod: tweak(base, (p) => { p.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' }; }) },
  // sysctls
  {
    name: 'fails net.ipv4.ip_local_reserved_ports before v1.27',
    checkId: 'sysctls',
    level: B,
    version: 'v1.26',
    pod: tweak(base, (p) => { p.spec.securityContext = { sysctls: [{ name: 'net.ipv4.ip_local_reserved_ports', value: '1' }] }; }),
    fails: ['forbidden sysctls', 'net.ipv4.ip_local_reserved_ports'],
  },
  { name: 'allows net.ipv4.ip_local_reserved_ports from v1.27', checkId: 'sysctls', level: B, version: 'v1.27', pod: tweak(base, (p) => { p.spec.securityContext = { sysctls: [{ name: 'net.ipv4.ip_local_reserved_ports', value: '1' }] }; }) },
  {
    name: 'fails the keepalive sysctls before v1.29',
    checkId: 'sysctls',
    level: B,
    version: 'v1.28',
    pod: tweak(base, (p) => { p.spec.securityContext = { sysctls: [{ name: 'net.ipv4.tcp_keepalive_time', value: '1' }, { name: 'kernel.shm_rmid_forced', value: '1' }] }; }),
    fails: ['forbidden sysctls', 'net.ipv4.tcp_keepalive_time'],
  },
  { name: 'allows the keepalive sysctls from v1.29', checkId: 'sysctls', level: B, version: 'v1.29', pod: tweak(base, (p) => { p.spec.securityContext = { sysctls: [{ name: 'net.ipv4.tcp_keepalive_probes', value: '1' }] }; }) },
  {
    name: 'fails tcp_rmem before v1.32',
    checkId: 'sysctls',
    level: B,
    version: 'v1.31',
    pod: tweak(base, (p) => { p.spec.securityContext = { sysctls: [{ name: 'net.ipv4.tcp_rmem', value: '1' }] }; }),
    fails: ['forbidden sysctls', 'net.ipv4.tcp_rmem'],
  },
  { name: 'allows tcp_rmem from v1.32', checkId: 'sysctls', level: B, version: 'v1.32', pod: tweak(base, (p) => { p.spec.securityContext = { sysctls: [{ name: 'net.ipv4.tcp_wmem', value: '1' }] }; }) },
  {
    name: 'fails tcp_slow_start_after_idle before v1.37',
    checkId: 'sysctls',
    level: B,
    version: 'v1.36',
    pod: tweak(base, (p) => { p.spec.securityContext = { sysctls: [{ name: 'net.ipv4.tcp_slow_start_after_idle', value: '0' }] }; }),
    fails: ['forbidden sysctls', 'net.ipv4.tcp_slow_start_after_idle'],
  },
  { name: 'allows tcp_notsent_lowat from v1.37', checkId: 'sysctls', level: B, version: 'v1.37', pod: tweak(base, (p) => { p.spec.securityContext = { sysctls: [{ name: 'net.ipv4.tcp_notsent_lowat', value: '1' }] }; }) },
  // hostProbesAndHostLifecycle
  { name: 'does not judge probe hosts before v1.34', checkId: 'hostProbesAndHostLifecycle', level: B, version: 'v1.33', pod: tweak(base, (p) => { app(p).livenessProbe = { httpGet: { host: '10.0.0.1', port: 80 } }; }) },
  { name: 'allows an empty probe host', checkId: 'hostProbesAndHostLifecycle', level: B, version: 'v1.34', pod: tweak(base, (p) => { app(p).livenessProbe = { httpGet: { host: '', port: 80 } }; }) },
  {
    name: 'fails probe and lifecycle hosts from v1.34, sorted',
    checkId: 'hostProbesAndHostLifecycle',
    level: B,
    version: 'v1.34',
    pod: tweak(base, (p) => { app(p).readinessProbe = { tcpSocket: { host: 'b.example', port: 80 } }; init(p).lifecycle = { preStop: { httpGet: { host: 'a.example', port: 80 } } }; }),
    fails: ['probe or lifecycle host', 'containers "app", "init" use probe or lifecycle hosts "a.example", "b.example"'],
  },
  // restrictedVolumes
  {
    name: 'allows every non-restricted volume type, image and a source-less volume',
    checkId: 'restrictedVolumes',
    level: R,
    version: 'v1.0',
    pod: tweak(strict, (p) => {
      p.spec.volumes = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'].map((t) => ({ name: t, [t]: {} }));
      p.spec.volumes.push({ name: 'defaulted' });
    }),
  },
  {
    name: 'fails nfs and hostPath volumes',
    checkId: 'restrictedVolumes',
    level: R,
    version: 'latest',
    pod: tweak(strict, (p) => { p.spec.volumes = [{ name: 'n', nfs: { server: 's', path: '/' } }, { name: 'h', hostPath: { path: '/' } }, { name: 'ok', secret: { secretName: 's' } }]; }),
    fails: ['restricted volume types', 'volumes "n", "h" use restricted volume types "hostPath", "nfs"'],
  },
  // allowPrivilegeEscalation
  { name: 'does not exist before v1.8', checkId: 'allowPrivilegeEscalation', level: R, version: 'v1.7', pod: tweak(strict, (p) => { delete app(p).securityContext.allowPrivilegeEscalation; }) },
  {
    name: 'fails an unset allowPrivilegeEscalation from v1.8',
    checkId: 'allowPrivilegeEscalation',
    level: R,
    version: 'v1.8',
    pod: tweak(strict, (p) => { delete app(p).securityContext.allowPrivilegeEscalation; init(p).securityContext.allowPrivilegeEscalation = true; }),
    fails: ['allowPrivilegeEscalation != false', 'containers "init", "app" must set securityContext.allowPrivilegeEscalation=false'],
  },
  {
    name: 'fails a Windows pod before v1.25',
    checkId: 'allowPrivilegeEscalation',
    level: R,
    version: 'v1.24',
    pod: tweak(strict, (p) => { p.spec.os = { name: 'windows' }; delete app(p).securityContext.allowPrivilegeEscalation; }),
    fails: ['allowPrivilegeEscalation != false', 'container "app" must set securityContext.allowPrivilegeEscalation=false'],
  },
  { name: 'exempts a Windows pod from v1.25', checkId: 'allowPrivilegeEscalation', level: R, version: 'v1.25', pod: tweak(strict, (p) => { p.spec.os = { name: 'windows' }; delete app(p).securityContext.allowPrivilegeEscalation; }) },
  // runAsNonRoot
  { name: 'allows runAsNonRoot set per container', checkId: 'runAsNonRoot', level: R, version: 'latest', pod: tweak(strict, (p) => { delete p.spec.securityContext.runAsNonRoot; app(p).securityContext.runAsNonRoot = true; init(p).securityContext.runAsNonRoot = true; }) },
  {
    name: 'fails containers not covered by the pod',
    checkId: 'runAsNonRoot',
    level: R,
    version: 'latest',
    pod: tweak(strict, (p) => { delete p.spec.securityContext.runAsNonRoot; app(p).securityContext.runAsNonRoot = true; }),
    fails: ['runAsNonRoot != true', 'pod or container "init" must set securityContext.runAsNonRoot=true'],
  },
  {
    name: 'fails explicit false before implicit gaps',
    checkId: 'runAsNonRoot',
    level: R,
    version: 'latest',
    pod: tweak(strict, (p) => { p.spec.securityContext.runAsNonRoot = false; app(p).securityContext.runAsNonRoot = false; }),
    fails: ['runAsNonRoot != true', 'pod and container "app" must not set securityContext.runAsNonRoot=false'],
  },
  {
    name: 'fails a user-namespace pod before v1.35',
    checkId: 'runAsNonRoot',
    level: R,
    version: 'v1.34',
    pod: tweak(strict, (p) => { p.spec.hostUsers = false; delete p.spec.securityContext.runAsNonRoot; }),
    fails: ['runAsNonRoot != true', 'pod or containers "init", "app" must set securityContext.runAsNonRoot=true'],
  },
  { name: 'exempts a user-namespace pod from v1.35', checkId: 'runAsNonRoot', level: R, version: 'v1.35', pod: tweak(strict, (p) => { p.spec.hostUsers = false; delete p.spec.securityContext.runAsNonRoot; }) },
  // runAsUser
  { name: 'does not exist before v1.23', checkId: 'runAsUser', level: R, version: 'v1.22', pod: tweak(strict, (p) => { p.spec.securityContext.runAsUser = 0; }) },
  {
    name: 'fails runAsUser 0 from v1.23',
    checkId: 'runAsUser',
    level: R,
    version: 'v1.23',
    pod: tweak(strict, (p) => {
      p.spec.securityContext.runAsUser = 0;
      app(p).securityContext.runAsUser = 0;
      init(p).securityContext.runAsUser = 1000;
    }),
    fails: ['runAsUser=0', 'pod and container "app" must not set runAsUser=0'],
  },
  {
    name: 'fails a user-namespace pod at v1.34',
    checkId: 'runAsUser',
    level: R,
    version: 'v1.34',
    pod: tweak(strict, (p) => { p.spec.hostUsers = false; p.spec.securityContext.runAsUser = 0; }),
    fails: ['runAsUser=0', 'pod must not set runAsUser=0'],
  },
  { name: 'exempts a user-namespace pod from v1.35', checkId: 'runAsUser', level: R, version: 'v1.35', pod: tweak(strict, (p) => { p.spec.hostUsers = false; p.spec.securityContext.runAsUser = 0; }) },
  // seccompProfile_restricted
  { name: 'does not exist before v1.19', checkId: 'seccompProfile_restricted', level: R, version: 'v1.18', pod: tweak(strict, (p) => { delete p.spec.securityContext.seccompProfile; }) },
  {
    name: 'fails containers without a profile when the pod sets none',
    checkId: 'seccompProfile_restricted',
    level: R,
    version: 'v1.19',
    pod: tweak(strict, (p) => { delete p.spec.securityContext.seccompProfile; app(p).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p' }; }),
    fails: ['seccompProfile', 'pod or container "init" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"'],
  },
  {
    name: 'fails an explicit Unconfined container',
    checkId: 'seccompProfile_restricted',
    level: R,
    version: 'latest',
    pod: tweak(strict, (p) => { app(p).securityContext.seccompProfile = { type: 'Unconfined' }; }),
    fails: ['seccompProfile', 'container "app" must not set securityContext.seccompProfile.type to "Unconfined"'],
  },
  { name: 'exempts a Windows pod from v1.25', checkId: 'seccompProfile_restricted', level: R, version: 'v1.25', pod: tweak(strict, (p) => { p.spec.os = { name: 'windows' }; delete p.spec.securityContext.seccompProfile; }) },
  // capabilities_restricted
  { name: 'does not exist before v1.22', checkId: 'capabilities_restricted', level: R, version: 'v1.21', pod: tweak(strict, (p) => { delete app(p).securityContext.capabilities; }) },
  { name: 'allows adding NET_BIND_SERVICE', checkId: 'capabilities_restricted', level: R, version: 'v1.22', pod: tweak(strict, (p) => { app(p).securityContext.capabilities.add = ['NET_BIND_SERVICE']; }) },
  {
    name: 'fails a missing drop ALL and a forbidden add together',
    checkId: 'capabilities_restricted',
    level: R,
    version: 'v1.22',
    pod: tweak(strict, (p) => { delete init(p).securityContext.capabilities; app(p).securityContext.capabilities.add = ['CHOWN']; }),
    fails: ['unrestricted capabilities', 'container "init" must set securityContext.capabilities.drop=["ALL"]; container "app" must not include "CHOWN" in securityContext.capabilities.add'],
  },
  { name: 'exempts a Windows pod from v1.25', checkId: 'capabilities_restricted', level: R, version: 'v1.25', pod: tweak(strict, (p) => { p.spec.os = { name: 'windows' }; delete app(p).securityContext.capabilities; }) },
];

describe('Pod Security Standards checks', () => {
  test.each(CASES.map((c) => [`${c.checkId} at ${c.level}:${c.version} ${c.name}`, c] as const))('%s', (_name, c) => {
    const result = resultOf(c.checkId, c.level, c.version, c.pod);
    if (c.fails) {
      expect(result).toBeDefined();
      expect([result!.reason, result!.detail]).toEqual(c.fails);
    } else {
      expect(result).toBeUndefined();
    }
  });

  test('every check has at least one pass and one fail case', () => {
    for (const check of PSS_CHECKS) {
      expect([check.id, CASES.some((c) => c.checkId === check.id && c.fails)]).toEqual([check.id, true]);
      expect([check.id, CASES.some((c) => c.checkId === check.id && !c.fails)]).toEqual([check.id, true]);
    }
  });

  test('the baseline and restricted base pods pass at every version', () => {
    for (let minor = 0; minor <= 37; minor++) {
      expect([minor, evaluatePodSecurity(B, `v1.${minor}`, base.metadata, base.spec).results]).toEqual([minor, []]);
      expect([minor, evaluatePodSecurity(R, `v1.${minor}`, strict.metadata, strict.spec).results]).toEqual([minor, []]);
    }
  });
});
