/**
 * The Pod Security Standards in Rego v1: one implementation per check revision, written from the
 * standard (https://kubernetes.io/docs/concepts/security/pod-security-standards/) and the field
 * paths of the rule model, for Gatekeeper ConstraintTemplates with
 * `code: [{engine: Rego, source: {version: v1, rego: ...}}]` (Gatekeeper 3.19+).
 *
 * Rego cannot be executed here (no OPA we may rely on in npm), so these are proven structurally by
 * the conformance suite: every check revision of the evaluator has one, and the fields each one
 * reads (extracted from the Rego text by `rego-paths.ts`) equal the model's `fieldPaths` of the
 * same revision, which the CEL variant is proven against the upstream fixtures with.
 *
 * Conventions, relied on by the field-path extraction (`rego-paths.ts`):
 * - the prelude binds `pod_spec`, `pod_metadata` and `containers` (init, regular, ephemeral) for a
 *   Pod and for every pod controller, like the model's binding variables;
 * - fields are read only as dotted paths from `pod_spec`, `pod_metadata`, a `container` or a
 *   `volume` (also as function parameters of those names), or from a local bound by `:=` or
 *   `some ... in` to such a path;
 * - annotations are read by a literal key, by `concat` of a literal prefix, or by iterating with
 *   `some key, value in pod_metadata.annotations` filtered by `startswith(key, "<prefix>")`;
 * - `object.get(x, "name", "")` (container and volume names, for messages) is not a field read.
 *
 * Rego reads an absent field as undefined, which makes the expression undefined and the rule body
 * fail; each rule is written so that an absent field means "allowed" exactly where the standard
 * allows it (`not x == false` when the field must be set, `x != ""` when only a set value is
 * forbidden).
 */
import { BASELINE_ALLOWED_CAPABILITIES } from '../../compliance/pss/checks/capabilities_baseline';
import { SAFE_SYSCTLS } from '../../compliance/pss/checks/sysctls';

/** A Rego set literal of strings, e.g. `{"a", "b"}`. */
export function regoSet(values: readonly string[]): string {
  return `{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}

const WINDOWS_HELPER = `# Windows pods (spec.os.name: windows) are exempt: the API rejects these fields for them.
windows_pod if pod_spec.os.name == "windows"`;

const USER_NAMESPACE_HELPER = `# Pods in a user namespace (spec.hostUsers: false) are exempt: root in the pod is not root on the node.
user_namespace_pod if pod_spec.hostUsers == false`;

/** One revision's Rego: rules after the prelude, with `{{exempt}}` marking where an exemption goes. */
interface RegoCheck {
  /** The rules (violation rules and helpers). */
  readonly body: string;
}

function exemptLine(helper: 'windows_pod' | 'user_namespace_pod' | undefined): string {
  return helper ? `\n\tnot ${helper}` : '';
}

function withExemption(body: (exempt: string) => string, helper?: 'windows_pod' | 'user_namespace_pod'): RegoCheck {
  const helperRule = helper === 'windows_pod' ? WINDOWS_HELPER : helper === 'user_namespace_pod' ? USER_NAMESPACE_HELPER : '';
  return { body: [body(exemptLine(helper)), helperRule].filter((s) => s.length > 0).join('\n\n') };
}

const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost'];

function seLinux(types: readonly string[]): RegoCheck {
  return withExemption(() => `selinux_types := ${regoSet(types)}

violation contains {"msg": message} if {
	selinux_type := pod_spec.securityContext.seLinuxOptions.type
	not selinux_type in selinux_types
}

violation contains {"msg": message} if {
	pod_spec.securityContext.seLinuxOptions.user != ""
}

violation contains {"msg": message} if {
	pod_spec.securityContext.seLinuxOptions.role != ""
}

violation contains {"msg": container_message(container)} if {
	some container in containers
	selinux_type := container.securityContext.seLinuxOptions.type
	not selinux_type in selinux_types
}

violation contains {"msg": container_message(container)} if {
	some container in containers
	container.securityContext.seLinuxOptions.user != ""
}

violation contains {"msg": container_message(container)} if {
	some container in containers
	container.securityContext.seLinuxOptions.role != ""
}`);
}

function sysctls(allowed: readonly string[]): RegoCheck {
  return withExemption(() => `safe_sysctls := ${regoSet(allowed)}

violation contains {"msg": sprintf("%s; forbidden sysctl: %v", [message, object.get(sysctl, "name", "")])} if {
	some sysctl in pod_spec.securityContext.sysctls
	not sysctl.name in safe_sysctls
}`);
}

const procMount = (exempt?: 'user_namespace_pod'): RegoCheck => withExemption((e) => `violation contains {"msg": container_message(container)} if {
	some container in containers
	container.securityContext.procMount != "Default"${e}
}`, exempt);

const allowPrivilegeEscalation = (exempt?: 'windows_pod'): RegoCheck => withExemption((e) => `violation contains {"msg": container_message(container)} if {
	some container in containers
	not container.securityContext.allowPrivilegeEscalation == false${e}
}`, exempt);

const runAsNonRoot = (exempt?: 'user_namespace_pod'): RegoCheck => withExemption((e) => `violation contains {"msg": message} if {
	pod_spec.securityContext.runAsNonRoot == false${e}
}

violation contains {"msg": container_message(container)} if {
	some container in containers
	container.securityContext.runAsNonRoot == false${e}
}

# A container that leaves runAsNonRoot unset inherits the pod's, which must then be true.
violation contains {"msg": container_message(container)} if {
	some container in containers
	not is_boolean(container.securityContext.runAsNonRoot)
	not pod_spec.securityContext.runAsNonRoot == true${e}
}`, exempt);

const runAsUser = (exempt?: 'user_namespace_pod'): RegoCheck => withExemption((e) => `violation contains {"msg": message} if {
	pod_spec.securityContext.runAsUser == 0${e}
}

violation contains {"msg": container_message(container)} if {
	some container in containers
	container.securityContext.runAsUser == 0${e}
}`, exempt);

const seccompRestricted = (exempt?: 'windows_pod'): RegoCheck => withExemption((e) => `seccomp_types := ${regoSet(SECCOMP_TYPES)}

violation contains {"msg": message} if {
	profile := pod_spec.securityContext.seccompProfile
	not profile.type in seccomp_types${e}
}

violation contains {"msg": container_message(container)} if {
	some container in containers
	profile := container.securityContext.seccompProfile
	not profile.type in seccomp_types${e}
}

# A container without a profile inherits the pod's, which must then be set to an allowed type.
violation contains {"msg": container_message(container)} if {
	some container in containers
	not is_object(container.securityContext.seccompProfile)
	not pod_seccomp_allowed${e}
}

pod_seccomp_allowed if pod_spec.securityContext.seccompProfile.type in seccomp_types`, exempt);

const capabilitiesRestricted = (exempt?: 'windows_pod'): RegoCheck => withExemption((e) => `violation contains {"msg": container_message(container)} if {
	some container in containers
	not "ALL" in container.securityContext.capabilities.drop${e}
}

violation contains {"msg": container_message(container)} if {
	some container in containers
	some capability in container.securityContext.capabilities.add
	capability != "NET_BIND_SERVICE"${e}
}`, exempt);

const RESTRICTED_VOLUME_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume',
  'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk',
  'portworxVolume', 'scaleIO', 'storageos',
];

const HOST_HANDLERS = ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle.postStart', 'lifecycle.preStop'];

/** Rego per `<checkId>@<minimumVersion>`. */
export const PSS_REGO: { readonly [revision: string]: RegoCheck } = {
  'windowsHostProcess@v1.0': withExemption(() => `violation contains {"msg": message} if {
	pod_spec.securityContext.windowsOptions.hostProcess == true
}

violation contains {"msg": container_message(container)} if {
	some container in containers
	container.securityContext.windowsOptions.hostProcess == true
}`),
  'hostNamespaces@v1.0': withExemption(() => `violation contains {"msg": message} if {
	pod_spec.hostNetwork == true
}

violation contains {"msg": message} if {
	pod_spec.hostPID == true
}

violation contains {"msg": message} if {
	pod_spec.hostIPC == true
}`),
  'privileged@v1.0': withExemption(() => `violation contains {"msg": container_message(container)} if {
	some container in containers
	container.securityContext.privileged == true
}`),
  'capabilities_baseline@v1.0': withExemption(() => `baseline_capabilities := ${regoSet([...BASELINE_ALLOWED_CAPABILITIES].sort())}

violation contains {"msg": container_message(container)} if {
	some container in containers
	some capability in container.securityContext.capabilities.add
	not capability in baseline_capabilities
}`),
  'hostPathVolumes@v1.0': withExemption(() => `violation contains {"msg": volume_message(volume)} if {
	some volume in pod_spec.volumes
	volume.hostPath != null
}`),
  'hostPorts@v1.0': withExemption(() => `violation contains {"msg": container_message(container)} if {
	some container in containers
	some port in container.ports
	port.hostPort != 0
}`),
  'appArmorProfile@v1.0': withExemption(() => `apparmor_types := ${regoSet(['RuntimeDefault', 'Localhost'])}

violation contains {"msg": message} if {
	profile := pod_spec.securityContext.appArmorProfile
	not profile.type in apparmor_types
}

violation contains {"msg": container_message(container)} if {
	some container in containers
	profile := container.securityContext.appArmorProfile
	not profile.type in apparmor_types
}

violation contains {"msg": sprintf("%s; forbidden annotation: %v=%v", [message, key, value])} if {
	some key, value in pod_metadata.annotations
	startswith(key, "container.apparmor.security.beta.kubernetes.io/")
	not apparmor_annotation_allowed(value)
}

apparmor_annotation_allowed(value) if value == ""

apparmor_annotation_allowed(value) if value == "runtime/default"

apparmor_annotation_allowed(value) if startswith(value, "localhost/")`),
  'seLinuxOptions@v1.0': seLinux(['', 'container_t', 'container_init_t', 'container_kvm_t']),
  'seLinuxOptions@v1.31': seLinux(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']),
  'procMount@v1.0': procMount(),
  'procMount@v1.35': procMount('user_namespace_pod'),
  'seccompProfile_baseline@v1.0': withExemption(() => `violation contains {"msg": message} if {
	value := pod_metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]
	not seccomp_annotation_allowed(value)
}

violation contains {"msg": container_message(container)} if {
	some container in containers
	value := pod_metadata.annotations[concat("", ["container.seccomp.security.alpha.kubernetes.io/", object.get(container, "name", "")])]
	not seccomp_annotation_allowed(value)
}

seccomp_annotation_allowed(value) if value == "runtime/default"

seccomp_annotation_allowed(value) if value == "docker/default"

seccomp_annotation_allowed(value) if startswith(value, "localhost/")`),
  'seccompProfile_baseline@v1.19': withExemption(() => `seccomp_types := ${regoSet(SECCOMP_TYPES)}

violation contains {"msg": message} if {
	profile := pod_spec.securityContext.seccompProfile
	not profile.type in seccomp_types
}

violation contains {"msg": container_message(container)} if {
	some container in containers
	profile := container.securityContext.seccompProfile
	not profile.type in seccomp_types
}`),
  ...Object.fromEntries(Object.entries(SAFE_SYSCTLS).map(([version, allowed]) => [`sysctls@${version}`, sysctls(allowed)])),
  'hostProbesAndHostLifecycle@v1.34': withExemption(() => `violation contains {"msg": container_message(container)} if {
	some container in containers
	handler_host_set(container)
}

${HOST_HANDLERS.flatMap((h) => ['httpGet', 'tcpSocket'].map((k) => `handler_host_set(container) if container.${h}.${k}.host != ""`)).join('\n\n')}`),
  'restrictedVolumes@v1.0': withExemption(() => `# A volume has exactly one source (the API server rejects more before validating admission), so a
# volume is restricted exactly when that source is one of these.
violation contains {"msg": volume_message(volume)} if {
	some volume in pod_spec.volumes
	restricted_source(volume)
}

${RESTRICTED_VOLUME_SOURCES.map((s) => `restricted_source(volume) if volume.${s} != null`).join('\n\n')}`),
  'allowPrivilegeEscalation@v1.8': allowPrivilegeEscalation(),
  'allowPrivilegeEscalation@v1.25': allowPrivilegeEscalation('windows_pod'),
  'runAsNonRoot@v1.0': runAsNonRoot(),
  'runAsNonRoot@v1.35': runAsNonRoot('user_namespace_pod'),
  'runAsUser@v1.23': runAsUser(),
  'runAsUser@v1.35': runAsUser('user_namespace_pod'),
  'seccompProfile_restricted@v1.19': seccompRestricted(),
  'seccompProfile_restricted@v1.25': seccompRestricted('windows_pod'),
  'capabilities_restricted@v1.22': capabilitiesRestricted(),
  'capabilities_restricted@v1.25': capabilitiesRestricted('windows_pod'),
  'procMount_restricted@v1.35': procMount(),
};

/** The Rego rules of a check revision; throws when there is none (a new revision without Rego). */
export function pssRegoBody(checkId: string, minimumVersion: string): string {
  const r = PSS_REGO[`${checkId}@${minimumVersion}`];
  if (!r) throw new Error(`no Rego implementation for Pod Security check ${checkId} revision ${minimumVersion}; add it to src/policy/gatekeeper/rego-pss.ts`);
  return r.body;
}

/**
 * The prelude every Pod Security template starts with (after `package` and `message`): binds the
 * pod of a Pod or of any pod controller, its containers, and the message helpers.
 */
export const REGO_POD_PRELUDE = `# The pod under review: a Pod, or the pod template of a controller.
controller_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"}

pod := input.review.object if input.review.object.kind == "Pod"

pod := object.get(input.review.object, ["spec", "template"], {}) if input.review.object.kind in controller_kinds

pod := object.get(input.review.object, ["spec", "jobTemplate", "spec", "template"], {}) if input.review.object.kind == "CronJob"

pod_spec := object.get(pod, "spec", {})

pod_metadata := object.get(pod, "metadata", {})

# Init, regular and ephemeral containers, in that order.
containers := array.concat(
	array.concat(object.get(pod_spec, "initContainers", []), object.get(pod_spec, "containers", [])),
	object.get(pod_spec, "ephemeralContainers", [])
)

container_message(container) := sprintf("%s; offending container: %v", [message, object.get(container, "name", "")])

volume_message(volume) := sprintf("%s; offending volume: %v", [message, object.get(volume, "name", "")])`;
