/**
 * The Pod Security Standards as engine checks: one `ICheck` per upstream check per level.
 *
 * Id scheme: `pss-<level>-<upstream id in kebab-case>`, the upstream id's `_` and camelCase words
 * becoming dashes (`pss-baseline-host-namespaces`, `pss-restricted-run-as-non-root`,
 * `pss-restricted-capabilities-restricted`), with `seLinux` and `appArmor` spelled `selinux` and
 * `apparmor`. The level is in the id, so a suppression can name a whole level
 * (`pss-restricted-*`).
 *
 * - `baseline` has one check per baseline check; `restricted` has one per check that can judge a
 *   pod at the restricted level at some version: the restricted checks and every baseline check
 *   (a baseline check overridden by its restricted twin at the evaluated version, such as
 *   `capabilities_baseline` from v1.22, is `not-applicable` there, as upstream drops it).
 * - The version is the context's `pssVersion`; a check not in force at that version (e.g.
 *   `runAsUser` before v1.23) is `not-applicable`.
 * - The object's pod is evaluated once per level and version (cached per object), not once per
 *   check: every check of a level reads the same evaluation.
 */
import { CheckOutcome, CheckStatus, Control, Framework, ICheck, ICheckContext, PeerCheck, Severity } from './check';
import { checkov, kubeLinter, kubeScore, polaris, trivy } from './peers/catalog';
import { POD_BEARING_KINDS } from './pod-spec';
import { evaluateObjectPodSecurity, parsePssVersion, PSS_CHECK_IDS, PSS_CHECKS as PSS_DEFINITIONS, PssEvaluation } from './pss';
import { PodSecurityLevel } from './pss/level';
import { checksFor } from './pss/registry';

/** Readable spellings for words a mechanical kebab-case would split. */
const SPELLINGS: Array<[RegExp, string]> = [[/seLinux/g, 'selinux'], [/appArmor/g, 'apparmor']];

/** The engine check id of an upstream PSS check at a level, e.g. `pss-restricted-run-as-non-root`. */
export function pssCheckId(level: PodSecurityLevel, upstreamId: string): string {
  let s = upstreamId;
  for (const [re, to] of SPELLINGS) s = s.replace(re, to);
  const kebab = s.replace(/_/g, '-').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return `pss-${level}-${kebab}`;
}

/** CIS Benchmark v1.10 ids (with the v1.12 id when it differs; `null` when v1.12 has none). */
const CIS: Record<string, Array<[string, (string | null)?]>> = {
  privileged: [['5.2.2']],
  hostNamespaces: [['5.2.3'], ['5.2.4'], ['5.2.5']],
  allowPrivilegeEscalation: [['5.2.6']],
  runAsNonRoot: [['5.2.7']],
  runAsUser: [['5.2.7']],
  capabilities_baseline: [['5.2.9', null]],
  capabilities_restricted: [['5.2.8'], ['5.2.9', null], ['5.2.10', '5.2.9']],
  windowsHostProcess: [['5.2.11', '5.2.10']],
  hostPathVolumes: [['5.2.12', '5.2.11']],
  restrictedVolumes: [['5.2.12', '5.2.11']],
  hostPorts: [['5.2.13', '5.2.12']],
  seccompProfile_baseline: [['5.7.2', '5.6.2']],
  seccompProfile_restricted: [['5.7.2', '5.6.2']],
};
/** Every hostPath is forbidden, so every peer check of a dangerous host path is covered. */
const HOST_PATH_PEERS: PeerCheck[] = [
  kubeLinter('docker-sock'), kubeLinter('sensitive-host-mounts'), kubeLinter('writable-host-mount'), polaris('hostPathSet'), checkov('CKV_K8S_27'),
  trivy('KSV006'), trivy('KSV023'), trivy('KSV121'),
];
const PROC_MOUNT_PEERS: PeerCheck[] = [kubeLinter('unsafe-proc-mount'), polaris('procMount'), trivy('KSV027')];

/** The peer checks each upstream PSS check covers (at either level). */
const PEERS: Record<string, PeerCheck[]> = {
  privileged: [kubeScore('container-security-context-privileged'), kubeLinter('privileged-container'), polaris('runAsPrivileged'), checkov('CKV_K8S_16'), trivy('KSV017')],
  hostNamespaces: [
    kubeLinter('host-ipc'), kubeLinter('host-network'), kubeLinter('host-pid'), polaris('hostIPCSet'), polaris('hostNetworkSet'), polaris('hostPIDSet'),
    checkov('CKV_K8S_17'), checkov('CKV_K8S_18'), checkov('CKV_K8S_19'), trivy('KSV008'), trivy('KSV009'), trivy('KSV010'),
  ],
  hostPathVolumes: HOST_PATH_PEERS,
  restrictedVolumes: [...HOST_PATH_PEERS, trivy('KSV028')],
  hostPorts: [polaris('hostPortSet'), checkov('CKV_K8S_26'), trivy('KSV024')],
  capabilities_baseline: [
    polaris('dangerousCapabilities'), checkov('CKV_K8S_39'), trivy('KSV005'), trivy('KSV120'),
    checkov('CKV_K8S_25', 'Checkov flags any added capability; baseline allows the default set, restricted only NET_BIND_SERVICE'),
    trivy('KSV022', 'Trivy flags any added capability; baseline allows the default set, restricted only NET_BIND_SERVICE'),
  ],
  capabilities_restricted: [
    kubeLinter('drop-net-raw-capability'), polaris('insecureCapabilities'), checkov('CKV_K8S_28'), checkov('CKV_K8S_37'), checkov('CKV_K8S_25'),
    trivy('KSV003'), trivy('KSV004'), trivy('KSV022'), trivy('KSV106'), trivy('KSV119'),
  ],
  allowPrivilegeEscalation: [
    kubeLinter('privilege-escalation-container'), polaris('privilegeEscalationAllowed'), checkov('CKV_K8S_20'), trivy('KSV001'),
    checkov('CKV_K8S_30', 'Checkov asks for a container securityContext; ours for allowPrivilegeEscalation: false in it'),
  ],
  runAsNonRoot: [
    kubeLinter('run-as-non-root'), polaris('runAsRootAllowed'), checkov('CKV_K8S_23'), trivy('KSV012'),
    checkov('CKV_K8S_29', 'Checkov asks for a pod securityContext; ours for runAsNonRoot: true in it or in every container'),
    trivy('KSV118', 'Trivy asks for a security context; ours for runAsNonRoot: true in it'),
  ],
  runAsUser: [trivy('KSV105')],
  seccompProfile_baseline: [trivy('KSV104')],
  seccompProfile_restricted: [
    kubeScore('container-seccomp-profile'), checkov('CKV_K8S_31'), trivy('KSV030'),
    polaris('linuxHardening', 'Polaris accepts AppArmor, SELinux or dropped capabilities instead of a seccomp profile'),
  ],
  appArmorProfile: [trivy('KSV002', 'Trivy asks for the runtime/default profile; ours forbids Unconfined and accepts an unset profile')],
  procMount: PROC_MOUNT_PEERS,
  procMount_restricted: PROC_MOUNT_PEERS,
  sysctls: [kubeLinter('unsafe-sysctls'), trivy('KSV026')],
  seLinuxOptions: [trivy('KSV025')],
  windowsHostProcess: [polaris('hostProcess'), trivy('KSV103')],
};

/** Every other PSS check maps to "Apply SecurityContext to your Pods and Containers". */
const CIS_SECURITY_CONTEXT: Array<[string, (string | null)?]> = [['5.7.3', '5.6.3']];

function controlsOf(level: PodSecurityLevel, upstreamId: string): Control[] {
  const controls: Control[] = [{ framework: Framework.PSS, id: `${level}/${upstreamId}` }];
  for (const [v110, v112] of CIS[upstreamId] ?? CIS_SECURITY_CONTEXT) {
    controls.push({ framework: Framework.CIS, id: v110 });
    if (v112 !== null) controls.push({ framework: Framework.CIS, id: `1.12:${v112 ?? v110}` });
  }
  controls.push({ framework: Framework.SOC2, id: 'CC6.8' }, { framework: Framework.PCI_DSS, id: '2.2.1' });
  return controls;
}

const applicableCache = new Map<string, { readonly label: string; readonly ids: ReadonlySet<string> } | undefined>();

/** The upstream ids judged at a level and version string (undefined when the version is malformed), computed once per pair. */
function applicableIds(level: PodSecurityLevel, versionString: string): { readonly label: string; readonly ids: ReadonlySet<string> } | undefined {
  const key = `${level}:${versionString}`;
  if (applicableCache.has(key)) return applicableCache.get(key);
  const version = parsePssVersion(versionString);
  const value = version ? { label: version.label, ids: new Set(checksFor(level, version.minor).map((r) => r.check.id)) } : undefined;
  if (typeof versionString === 'string') applicableCache.set(key, value);
  return value;
}

/** level -> object -> version -> evaluation. */
const evaluations = new Map<PodSecurityLevel, WeakMap<object, Map<string, PssEvaluation | undefined>>>();

/** The object's evaluation at a level and version, computed once per object. */
function evaluationOf(object: object, level: PodSecurityLevel, version: string): PssEvaluation | undefined {
  let byObject = evaluations.get(level);
  if (!byObject) {
    byObject = new WeakMap();
    evaluations.set(level, byObject);
  }
  let byVersion = byObject.get(object);
  if (!byVersion) {
    byVersion = new Map();
    byObject.set(object, byVersion);
  }
  let evaluation = byVersion.get(version);
  if (evaluation === undefined && !byVersion.has(version)) {
    evaluation = evaluateObjectPodSecurity(level, version, object);
    byVersion.set(version, evaluation);
  }
  return evaluation;
}

function pssCheck(level: PodSecurityLevel, upstreamId: string): ICheck {
  const definition = PSS_DEFINITIONS.find((c) => c.id === upstreamId);
  const title = definition?.title ?? upstreamId;
  const levelName = level === PodSecurityLevel.BASELINE ? 'Baseline' : 'Restricted';
  // The applicable ids of the last version string seen (one per run in practice).
  let lastVersion: string | undefined;
  let lastApplicable: ReturnType<typeof applicableIds>;
  return {
    id: pssCheckId(level, upstreamId),
    title,
    description: `Pod Security Standards, ${levelName} level, check ${upstreamId}: ${title}. Judged exactly as Pod Security Admission `
      + 'judges the pod (or pod template) at the configured policy version, with upstream\'s reasons and details.',
    severity: Severity.ERROR,
    controls: controlsOf(level, upstreamId),
    kinds: [...POD_BEARING_KINDS],
    peers: PEERS[upstreamId] ?? [],
    evaluate(object: any, context: ICheckContext): CheckOutcome {
      if (lastVersion === undefined || lastVersion !== context.pssVersion) {
        lastApplicable = applicableIds(level, context.pssVersion);
        lastVersion = typeof context.pssVersion === 'string' ? context.pssVersion : undefined;
      }
      const applicable = lastApplicable;
      if (!applicable) {
        return { status: CheckStatus.ERROR, reason: `invalid Pod Security Standards version ${JSON.stringify(context.pssVersion)}` };
      }
      if (typeof object !== 'object' || object === null) return { status: CheckStatus.NOT_APPLICABLE };
      if (!applicable.ids.has(upstreamId)) {
        return { status: CheckStatus.NOT_APPLICABLE, reason: `${upstreamId} is not part of ${level}:${applicable.label}` };
      }
      const evaluation = evaluationOf(object, level, context.pssVersion);
      if (!evaluation) return { status: CheckStatus.NOT_APPLICABLE, reason: 'not a pod-bearing object' };
      const result = evaluation.results.length === 0 ? undefined : evaluation.results.find((r) => r.checkId === upstreamId);
      if (!result) return { status: CheckStatus.PASS };
      return {
        status: CheckStatus.FAIL,
        reason: result.reason,
        ...(result.detail ? { detail: result.detail } : {}),
        ...(result.location !== undefined ? { location: result.location } : {}),
      };
    },
  };
}

/** The PSS adapter checks: baseline ids first, then restricted ids, each in upstream order. */
export const PSS_CHECKS: readonly ICheck[] = [
  ...PSS_CHECK_IDS.baseline.map((id) => pssCheck(PodSecurityLevel.BASELINE, id)),
  ...PSS_CHECK_IDS.restricted.map((id) => pssCheck(PodSecurityLevel.RESTRICTED, id)),
];

/** The adapter ids of a level, in order (what the `pss-<level>` packs list). */
export function pssCheckIds(level: PodSecurityLevel): string[] {
  const ids = level === PodSecurityLevel.BASELINE ? PSS_CHECK_IDS.baseline : level === PodSecurityLevel.RESTRICTED ? PSS_CHECK_IDS.restricted : [];
  return ids.map((id) => pssCheckId(level, id));
}
