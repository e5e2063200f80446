/**
 * The Pod Security Standards in CEL: one translation per check revision, exactly equivalent to the
 * evaluator's revision (`src/compliance/pss/checks/*.ts`) on every pod the API server admits to
 * validation (decoded, defaulted and schema-valid: no malformed fields, no nulls).
 *
 * Which revisions judge a pod at a level and version is not re-derived here: `checksFor()` of the
 * evaluator's registry selects them (newest revision <= version; restricted overrides). This file
 * only maps `<checkId>@<minimumVersion>` to CEL; a missing translation throws, and a test asserts
 * every revision of `PSS_CHECKS` has one.
 *
 * Each translation is a pod predicate (over `variables.podSpec` / `variables.podMeta`), a container
 * predicate over `c` (every init, regular and ephemeral container must satisfy it) and an
 * exemption (Windows pods, user-namespace pods) under which the check passes.
 */
import { Severity } from '../../compliance/check';
import { parsePssVersion, PSS_CHECKS } from '../../compliance/pss';
import { BASELINE_ALLOWED_CAPABILITIES } from '../../compliance/pss/checks/capabilities_baseline';
import { SAFE_SYSCTLS } from '../../compliance/pss/checks/sysctls';
import { PodSecurityLevel } from '../../compliance/pss/level';
import { checksFor } from '../../compliance/pss/registry';
import { pssCheckId } from '../../compliance/pss-checks';
import { PolicyRule, resourcesOf, RuleSubject } from '../model';
import { and, CONTAINERS, fieldIs, META, or, present, SPEC, str, strList } from './expr';

/** The CEL of one check revision. */
export interface PssCelTranslation {
  /** Pod-level predicate; true when the pod-level fields comply. */
  readonly pod?: string;
  /** Container predicate over `c`; true when the container complies. */
  readonly container?: string;
  /** When true, the check does not apply (and passes). */
  readonly exempt?: string;
  /** The short reason, in upstream's words. */
  readonly reason: string;
  /** What is required, for the message. */
  readonly requirement: string;
  /** Field paths read, relative to the pod. */
  readonly fieldPaths: string[];
}

const CONTAINER_PATH = '{containers,initContainers,ephemeralContainers}[*]';
const WINDOWS = fieldIs(SPEC, 'os.name', "== 'windows'");
const USER_NAMESPACE = fieldIs(SPEC, 'hostUsers', '== false');

function notTrue(base: string, path: string): string {
  return `!${fieldIs(base, path, '== true')}`;
}

function containerPaths(...paths: string[]): string[] {
  return paths.map((p) => `spec.${CONTAINER_PATH}.${p}`);
}

/** A profile object's type, when the profile is set, is one of `types`. */
function profileTypeIn(base: string, path: string, types: readonly string[]): string {
  return `!(${present(base, path)}) || (has(${base}.${path}.type) && ${base}.${path}.type in ${strList(types)})`;
}

const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';
const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';
const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost'];

function seccompAnnotationValid(value: string): string {
  return `${value} == 'runtime/default' || ${value} == 'docker/default' || ${value}.startsWith('localhost/')`;
}

function seLinuxOptionsValid(o: string, types: readonly string[]): string {
  return and(`!has(${o}.type) || ${o}.type in ${strList(types)}`, `!has(${o}.user) || ${o}.user == ''`, `!has(${o}.role) || ${o}.role == ''`);
}

function seLinux(types: readonly string[]): PssCelTranslation {
  return {
    pod: `!(${present(SPEC, 'securityContext.seLinuxOptions')}) || (${seLinuxOptionsValid(`${SPEC}.securityContext.seLinuxOptions`, types)})`,
    container: `!(${present('c', 'securityContext.seLinuxOptions')}) || (${seLinuxOptionsValid('c.securityContext.seLinuxOptions', types)})`,
    reason: 'seLinuxOptions',
    requirement: `securityContext.seLinuxOptions may set type only to ${types.filter((t) => t).map((t) => `"${t}"`).join(', ')} and must not set user or role`,
    fieldPaths: [
      'spec.securityContext.seLinuxOptions.type', 'spec.securityContext.seLinuxOptions.user', 'spec.securityContext.seLinuxOptions.role',
      ...containerPaths('securityContext.seLinuxOptions.type', 'securityContext.seLinuxOptions.user', 'securityContext.seLinuxOptions.role'),
    ],
  };
}

function sysctls(allowed: readonly string[]): PssCelTranslation {
  return {
    pod: `!(${present(SPEC, 'securityContext.sysctls')}) || ${SPEC}.securityContext.sysctls.all(s, has(s.name) && s.name in ${strList(allowed)})`,
    reason: 'forbidden sysctls',
    requirement: `spec.securityContext.sysctls may set only ${allowed.join(', ')}`,
    fieldPaths: ['spec.securityContext.sysctls[*].name'],
  };
}

const PROC_MOUNT: PssCelTranslation = {
  container: `!(${present('c', 'securityContext.procMount')}) || c.securityContext.procMount == 'Default'`,
  reason: 'procMount',
  requirement: 'containers must not set securityContext.procMount other than "Default"',
  fieldPaths: containerPaths('securityContext.procMount'),
};

const ALLOW_PRIVILEGE_ESCALATION: PssCelTranslation = {
  container: fieldIs('c', 'securityContext.allowPrivilegeEscalation', '== false'),
  reason: 'allowPrivilegeEscalation != false',
  requirement: 'containers must set securityContext.allowPrivilegeEscalation=false',
  fieldPaths: containerPaths('securityContext.allowPrivilegeEscalation'),
};

const POD_RUN_AS_NON_ROOT_TRUE = fieldIs(SPEC, 'securityContext.runAsNonRoot', '== true');
const RUN_AS_NON_ROOT: PssCelTranslation = {
  pod: `!${fieldIs(SPEC, 'securityContext.runAsNonRoot', '== false')}`,
  container: `${present('c', 'securityContext.runAsNonRoot')} ? c.securityContext.runAsNonRoot == true : ${POD_RUN_AS_NON_ROOT_TRUE}`,
  reason: 'runAsNonRoot != true',
  requirement: 'pod or containers must set securityContext.runAsNonRoot=true (and none may set it to false)',
  fieldPaths: ['spec.securityContext.runAsNonRoot', ...containerPaths('securityContext.runAsNonRoot')],
};

const RUN_AS_USER: PssCelTranslation = {
  pod: `!${fieldIs(SPEC, 'securityContext.runAsUser', '== 0')}`,
  container: `!${fieldIs('c', 'securityContext.runAsUser', '== 0')}`,
  reason: 'runAsUser=0',
  requirement: 'pod and containers must not set runAsUser=0',
  fieldPaths: ['spec.securityContext.runAsUser', ...containerPaths('securityContext.runAsUser')],
};

const POD_SECCOMP_VALID = `(${present(SPEC, 'securityContext.seccompProfile.type')} && ${SPEC}.securityContext.seccompProfile.type in ${strList(SECCOMP_TYPES)})`;
const SECCOMP_RESTRICTED: PssCelTranslation = {
  pod: profileTypeIn(SPEC, 'securityContext.seccompProfile', SECCOMP_TYPES),
  container: `${present('c', 'securityContext.seccompProfile')} ? (has(c.securityContext.seccompProfile.type) && c.securityContext.seccompProfile.type in ${strList(SECCOMP_TYPES)}) : ${POD_SECCOMP_VALID}`,
  reason: 'seccompProfile',
  requirement: 'pod or containers must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
  fieldPaths: ['spec.securityContext.seccompProfile.type', ...containerPaths('securityContext.seccompProfile.type')],
};

const CAPS = 'c.securityContext.capabilities';
const CAPABILITIES_RESTRICTED: PssCelTranslation = {
  container: and(present('c', 'securityContext.capabilities'), `has(${CAPS}.drop) && 'ALL' in ${CAPS}.drop`, `!has(${CAPS}.add) || ${CAPS}.add.all(cap, cap == 'NET_BIND_SERVICE')`),
  reason: 'unrestricted capabilities',
  requirement: 'containers must set securityContext.capabilities.drop=["ALL"] and may add only "NET_BIND_SERVICE"',
  fieldPaths: containerPaths('securityContext.capabilities.drop', 'securityContext.capabilities.add'),
};

const HOST_HANDLERS = ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle.postStart', 'lifecycle.preStop'];
const ALLOWED_VOLUME_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];
const RESTRICTED_VOLUME_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume',
  'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk',
  'portworxVolume', 'scaleIO', 'storageos',
];

/** CEL per `<checkId>@<minimumVersion>`. */
export const PSS_CEL: { readonly [revision: string]: PssCelTranslation } = {
  'windowsHostProcess@v1.0': {
    pod: notTrue(SPEC, 'securityContext.windowsOptions.hostProcess'),
    container: notTrue('c', 'securityContext.windowsOptions.hostProcess'),
    reason: 'hostProcess',
    requirement: 'pod and containers must not set securityContext.windowsOptions.hostProcess=true',
    fieldPaths: ['spec.securityContext.windowsOptions.hostProcess', ...containerPaths('securityContext.windowsOptions.hostProcess')],
  },
  'hostNamespaces@v1.0': {
    pod: and(notTrue(SPEC, 'hostNetwork'), notTrue(SPEC, 'hostPID'), notTrue(SPEC, 'hostIPC')),
    reason: 'host namespaces',
    requirement: 'spec.hostNetwork, spec.hostPID and spec.hostIPC must not be true',
    fieldPaths: ['spec.hostNetwork', 'spec.hostPID', 'spec.hostIPC'],
  },
  'privileged@v1.0': {
    container: notTrue('c', 'securityContext.privileged'),
    reason: 'privileged',
    requirement: 'containers must not set securityContext.privileged=true',
    fieldPaths: containerPaths('securityContext.privileged'),
  },
  'capabilities_baseline@v1.0': {
    container: `!(${present('c', 'securityContext.capabilities.add')}) || ${CAPS}.add.all(cap, cap in ${strList([...BASELINE_ALLOWED_CAPABILITIES].sort())})`,
    reason: 'non-default capabilities',
    requirement: 'containers must not add capabilities beyond the default set to securityContext.capabilities.add',
    fieldPaths: containerPaths('securityContext.capabilities.add'),
  },
  'hostPathVolumes@v1.0': {
    pod: `!has(${SPEC}.volumes) || ${SPEC}.volumes.all(v, !has(v.hostPath))`,
    reason: 'hostPath volumes',
    requirement: 'spec.volumes must not use hostPath',
    fieldPaths: ['spec.volumes[*].hostPath'],
  },
  'hostPorts@v1.0': {
    container: '!has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0)',
    reason: 'hostPort',
    requirement: 'containers must not set ports[*].hostPort',
    fieldPaths: containerPaths('ports[*].hostPort'),
  },
  'appArmorProfile@v1.0': {
    pod: and(
      profileTypeIn(SPEC, 'securityContext.appArmorProfile', ['RuntimeDefault', 'Localhost']),
      `!has(${META}.annotations) || ${META}.annotations.all(k, !k.startsWith(${str(APPARMOR_ANNOTATION)}) || ${META}.annotations[k] == '' `
        + `|| ${META}.annotations[k] == 'runtime/default' || ${META}.annotations[k].startsWith('localhost/'))`,
    ),
    container: profileTypeIn('c', 'securityContext.appArmorProfile', ['RuntimeDefault', 'Localhost']),
    reason: 'forbidden AppArmor profile',
    requirement: 'pod, containers and annotations must not set an AppArmor profile other than RuntimeDefault or Localhost',
    fieldPaths: [
      'spec.securityContext.appArmorProfile.type', ...containerPaths('securityContext.appArmorProfile.type'),
      `metadata.annotations[${APPARMOR_ANNOTATION}*]`,
    ],
  },
  'seLinuxOptions@v1.0': seLinux(['', 'container_t', 'container_init_t', 'container_kvm_t']),
  'seLinuxOptions@v1.31': seLinux(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']),
  'procMount@v1.0': PROC_MOUNT,
  'procMount@v1.35': { ...PROC_MOUNT, exempt: USER_NAMESPACE, fieldPaths: [...PROC_MOUNT.fieldPaths, 'spec.hostUsers'] },
  'seccompProfile_baseline@v1.0': {
    pod: `!has(${META}.annotations) || !(${str(SECCOMP_POD_ANNOTATION)} in ${META}.annotations) || ${seccompAnnotationValid(`${META}.annotations[${str(SECCOMP_POD_ANNOTATION)}]`)}`,
    container: `!has(${META}.annotations) || !((${str(SECCOMP_CONTAINER_ANNOTATION)} + (has(c.name) ? c.name : '')) in ${META}.annotations) || `
      + seccompAnnotationValid(`${META}.annotations[${str(SECCOMP_CONTAINER_ANNOTATION)} + (has(c.name) ? c.name : '')]`),
    reason: 'seccompProfile',
    requirement: 'seccomp annotations must be "runtime/default", "docker/default" or "localhost/*"',
    fieldPaths: [`metadata.annotations[${SECCOMP_POD_ANNOTATION}]`, `metadata.annotations[${SECCOMP_CONTAINER_ANNOTATION}*]`],
  },
  'seccompProfile_baseline@v1.19': {
    pod: profileTypeIn(SPEC, 'securityContext.seccompProfile', SECCOMP_TYPES),
    container: profileTypeIn('c', 'securityContext.seccompProfile', SECCOMP_TYPES),
    reason: 'seccompProfile',
    requirement: 'pod and containers must not set securityContext.seccompProfile.type other than "RuntimeDefault" or "Localhost"',
    fieldPaths: ['spec.securityContext.seccompProfile.type', ...containerPaths('securityContext.seccompProfile.type')],
  },
  ...Object.fromEntries(Object.entries(SAFE_SYSCTLS).map(([version, allowed]) => [`sysctls@${version}`, sysctls(allowed)])),
  'hostProbesAndHostLifecycle@v1.34': {
    container: and(...HOST_HANDLERS.flatMap((h) => ['httpGet', 'tcpSocket'].map((k) => `!${fieldIs('c', `${h}.${k}.host`, "!= ''")}`))),
    reason: 'probe or lifecycle host',
    requirement: 'containers must not set host in probes or lifecycle handlers',
    fieldPaths: containerPaths(...HOST_HANDLERS.flatMap((h) => [`${h}.httpGet.host`, `${h}.tcpSocket.host`])),
  },
  'restrictedVolumes@v1.0': {
    pod: `!has(${SPEC}.volumes) || ${SPEC}.volumes.all(v, ${or(...ALLOWED_VOLUME_SOURCES.map((s) => `has(v.${s})`))} || !(${or(...RESTRICTED_VOLUME_SOURCES.map((s) => `has(v.${s})`))}))`,
    reason: 'restricted volume types',
    requirement: `spec.volumes may use only ${ALLOWED_VOLUME_SOURCES.join(', ')}`,
    fieldPaths: RESTRICTED_VOLUME_SOURCES.map((s) => `spec.volumes[*].${s}`),
  },
  'allowPrivilegeEscalation@v1.8': ALLOW_PRIVILEGE_ESCALATION,
  'allowPrivilegeEscalation@v1.25': { ...ALLOW_PRIVILEGE_ESCALATION, exempt: WINDOWS, fieldPaths: [...ALLOW_PRIVILEGE_ESCALATION.fieldPaths, 'spec.os.name'] },
  'runAsNonRoot@v1.0': RUN_AS_NON_ROOT,
  'runAsNonRoot@v1.35': { ...RUN_AS_NON_ROOT, exempt: USER_NAMESPACE, fieldPaths: [...RUN_AS_NON_ROOT.fieldPaths, 'spec.hostUsers'] },
  'runAsUser@v1.23': RUN_AS_USER,
  'runAsUser@v1.35': { ...RUN_AS_USER, exempt: USER_NAMESPACE, fieldPaths: [...RUN_AS_USER.fieldPaths, 'spec.hostUsers'] },
  'seccompProfile_restricted@v1.19': SECCOMP_RESTRICTED,
  'seccompProfile_restricted@v1.25': { ...SECCOMP_RESTRICTED, exempt: WINDOWS, fieldPaths: [...SECCOMP_RESTRICTED.fieldPaths, 'spec.os.name'] },
  'capabilities_restricted@v1.22': CAPABILITIES_RESTRICTED,
  'capabilities_restricted@v1.25': { ...CAPABILITIES_RESTRICTED, exempt: WINDOWS, fieldPaths: [...CAPABILITIES_RESTRICTED.fieldPaths, 'spec.os.name'] },
  'procMount_restricted@v1.35': PROC_MOUNT,
};

/** The translation of a check revision; throws when there is none (a new revision without CEL). */
export function pssTranslation(checkId: string, minimumVersion: string): PssCelTranslation {
  const t = PSS_CEL[`${checkId}@${minimumVersion}`];
  if (!t) throw new Error(`no CEL translation for Pod Security check ${checkId} revision ${minimumVersion}; add it to src/policy/cel/pss.ts`);
  return t;
}

/** The validation expression of a translation: exempt, or pod and every container comply. */
export function pssExpression(t: PssCelTranslation): string {
  const body = and(t.pod ?? '', t.container ? `${CONTAINERS}.all(c, ${t.container})` : '');
  return t.exempt ? or(t.exempt, body) : body;
}

/** A message expression naming the offending containers when there are any. */
function pssMessageExpression(message: string, t: PssCelTranslation): string | undefined {
  if (!t.container) return undefined;
  const bad = `${CONTAINERS}.filter(c, !(${t.container}))`;
  return `size(${bad}) > 0 ? ${str(`${message}; offending containers: `)} + ${bad}.map(c, has(c.name) ? c.name : '').join(', ') : ${str(message)}`;
}

/**
 * The rules of a Pod Security level at a version: one per check revision in force, in upstream
 * order, ids as the engine's (`pss-restricted-run-as-non-root`).
 *
 * @throws for the privileged level, or a version that is not `latest` or `v1.N`
 */
export function pssRules(level: PodSecurityLevel, version: string): PolicyRule[] {
  const parsed = parsePssVersion(version);
  if (!parsed) throw new Error(`invalid Pod Security Standards version ${JSON.stringify(version)}: use "latest" or "v1.N", e.g. "v1.28"`);
  if (level !== PodSecurityLevel.BASELINE && level !== PodSecurityLevel.RESTRICTED) {
    throw new Error(`Pod Security level ${JSON.stringify(level)} has no checks; use "baseline" or "restricted"`);
  }
  return checksFor(level, parsed.minor).map(({ check, revision }) => {
    const t = pssTranslation(check.id, revision.minimumVersion);
    const message = `violates PodSecurity "${level}:${parsed.label}": ${t.reason} (${t.requirement})`;
    const messageExpression = pssMessageExpression(message, t);
    return {
      id: pssCheckId(level, check.id),
      title: check.title,
      message,
      severity: Severity.ERROR,
      subject: RuleSubject.PODS,
      resources: resourcesOf(RuleSubject.PODS),
      pss: { level, version: parsed.label, checkId: check.id, revision: revision.minimumVersion },
      variables: [],
      validations: [{ expression: pssExpression(t), message, ...(messageExpression ? { messageExpression } : {}), reason: 'Forbidden' }],
      fieldPaths: [...t.fieldPaths],
    };
  });
}

/** Every `<checkId>@<minimumVersion>` of the evaluator (for the completeness test). */
export function pssRevisionKeys(): string[] {
  return PSS_CHECKS.flatMap((c) => c.versions.map((v) => `${c.id}@${v.minimumVersion}`));
}
