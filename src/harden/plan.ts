/**
 * The hardening planner: what to change in manifests nobody wrote with our constructs, and what must
 * be left for a person.
 *
 * Pure: it takes plain JSON objects and returns changes as JSON pointers with their before and after
 * values; the cdk8s aspect applies them as JSON patches and the CLI as text edits that keep comments.
 * Two kinds of change:
 * - `safe` (by default): fields whose hardened value does not change what a correct workload does
 *   (seccomp RuntimeDefault, no privilege escalation, capabilities dropped to what the pod provably
 *   needs, no token for a ServiceAccount without RBAC, resources, `imagePullPolicy: Always`);
 * - `opt-in`: behaviour-changing values only written when asked (non-root user, read-only root
 *   filesystem with writable paths, image digests).
 * It only writes a field that is unset (or a list that lacks a value), never one set to a compliant
 * value, and never one set on purpose to a weaker value: those stay, and Pod Security restricted,
 * evaluated on the planned object, names them as findings with the fix a person must make.
 */
import { planNetworkPolicies } from './network-policies';
import { clone, escapeToken, getPointer, setPointer } from './pointer';
import { parseQuantity } from './quantity';
import { containersOf, ContainerRef, podTemplateOf } from '../compliance/pod-spec';
import { evaluateObjectPodSecurity, PodSecurityLevel } from '../compliance/pss';
import * as D from '../workloads/defaults';

/** The kind of a change. */
export type ChangeKind = 'safe' | 'opt-in';

/** The object a change or finding belongs to. */
export interface PlannedObjectRef {
  /** Index of the object in the planned list. */
  readonly index: number;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** One change: set `path` (a JSON pointer into the object) from `before` to `after`. */
export interface HardeningChange {
  readonly object: PlannedObjectRef;
  /** JSON pointer into the object; an index equal to the list's length appends. */
  readonly path: string;
  /** The value before (undefined: the field was unset). */
  readonly before: unknown;
  readonly after: unknown;
  /** Why the new value is safe and what it closes. */
  readonly why: string;
  readonly kind: ChangeKind;
  /** Stable id of the rule that made the change, e.g. `seccomp`. */
  readonly rule: string;
}

/** What the planner must not fix, as Pod Security restricted judges the planned object. */
export interface HardeningFinding {
  readonly object: PlannedObjectRef;
  /** The Pod Security Standards check id, e.g. `hostNamespaces`. */
  readonly check: string;
  /** The check's reason and detail, in upstream's words. */
  readonly detail: string;
  /** JSON pointer of the first offending field. */
  readonly path?: string;
  /** What a person must change. */
  readonly fix: string;
}

/** Per-image settings for the opt-in non-root and read-only root filesystem changes. */
export interface ImageSettings {
  /** Image glob: `*` matches within a path segment, `**` across segments (`ghcr.io/org/**`). */
  readonly image: string;
  /** The uid the image runs as (also written as runAsNonRoot when not 0). */
  readonly runAsUser?: number;
  /** The gid, when set. */
  readonly runAsGroup?: number;
  /** Mount the root filesystem read-only. */
  readonly readOnlyRootFilesystem?: boolean;
  /** Paths the image writes to, each mounted as an emptyDir (size-limited) on the read-only root. */
  readonly writablePaths?: readonly string[];
}

/** Requests and limits per resource name (`cpu`, `memory`, `ephemeral-storage`). */
export interface ResourceDefaults {
  readonly requests: Readonly<Record<string, string>>;
  readonly limits: Readonly<Record<string, string>>;
}

/** Options of the planner. */
export interface PlanOptions {
  /** Write `runAsNonRoot: true` on pods that do not run as uid 0 explicitly. @default false */
  readonly assumeNonRoot?: boolean;
  /** Per-image non-root and read-only root filesystem settings; the first matching entry wins. */
  readonly images?: readonly ImageSettings[];
  /** Image reference (as written in the manifest) to digest (`sha256:<64 hex>`). */
  readonly digests?: Readonly<Record<string, string>>;
  /** Requests and limits written where missing. @default from workloads/defaults.ts RESOURCES */
  readonly resources?: ResourceDefaults;
  /** Pod Security Standards version the findings are judged at. @default 'latest' */
  readonly pssVersion?: string;
  /** Add default-deny ingress NetworkPolicies plus what declared ports and Services imply. @default false */
  readonly networkPolicies?: boolean;
}

/** The plan for a set of objects. */
export interface HardeningPlan {
  /** The objects with every change applied (copies; objects without changes are copied too). */
  readonly objects: unknown[];
  readonly changes: HardeningChange[];
  readonly findings: HardeningFinding[];
  /**
   * New objects (the opt-in NetworkPolicies); each has one change with path '' whose object index
   * is `objects.length` plus its place here.
   */
  readonly added: unknown[];
}

/** The resources the planner writes by default: the constructs' values. */
export const DEFAULT_RESOURCES: ResourceDefaults = {
  requests: {
    'cpu': `${D.RESOURCES.cpuRequestMillis}m`,
    'memory': `${D.RESOURCES.memoryRequestMiB}Mi`,
    'ephemeral-storage': `${D.RESOURCES.ephemeralStorageRequestMiB}Mi`,
  },
  limits: {
    'cpu': `${D.RESOURCES.cpuLimitMillis}m`,
    'memory': `${D.RESOURCES.memoryLimitMiB}Mi`,
    'ephemeral-storage': `${D.RESOURCES.ephemeralStorageLimitMiB}Mi`,
  },
};

/** Prefix of the emptyDir volumes written for writable paths. */
export const WRITABLE_VOLUME_PREFIX = 'harden-writable-';

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** What a person must do about each Pod Security check the planner leaves failing. */
const FIXES: Record<string, string> = {
  hostNamespaces: 'remove hostNetwork, hostPID and hostIPC, or run the pod in a namespace exempted at privileged/baseline level',
  privileged: 'remove securityContext.privileged: true; grant only the capabilities the process needs',
  hostPathVolumes: 'replace the hostPath volume with an emptyDir, a PersistentVolumeClaim, a configMap or a secret',
  restrictedVolumes: 'replace the volume with one of configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret',
  hostPorts: 'remove hostPort and expose the port through a Service',
  capabilities_baseline: 'remove the added capabilities; a port below 1024 needs only NET_BIND_SERVICE',
  capabilities_restricted: 'remove added capabilities other than NET_BIND_SERVICE, and drop ALL',
  allowPrivilegeEscalation: 'set securityContext.allowPrivilegeEscalation: false (remove privileged and CAP_SYS_ADMIN first)',
  seccompProfile_baseline: 'remove the Unconfined seccomp profile; use RuntimeDefault or a Localhost profile',
  seccompProfile_restricted: 'set securityContext.seccompProfile.type: RuntimeDefault (or a Localhost profile) on the pod',
  runAsNonRoot: 'run the image as a non-root user and set runAsNonRoot: true (harden --assume-non-root, or --image-settings with a uid)',
  runAsUser: 'set runAsUser to a non-zero uid (e.g. 65532)',
  procMount: 'remove procMount or set it to Default',
  procMount_restricted: 'remove procMount or set it to Default',
  seLinuxOptions: 'remove seLinuxOptions.user and role; use type container_t, container_init_t or container_kvm_t',
  sysctls: 'remove unsafe sysctls; only the namespaced safe set is allowed',
  appArmorProfile: 'use the RuntimeDefault or a Localhost AppArmor profile',
  windowsHostProcess: 'remove windowsOptions.hostProcess',
  hostProbesAndHostLifecycle: 'remove the host field from probes and lifecycle handlers',
};

interface Ctx {
  readonly ref: PlannedObjectRef;
  readonly object: Record<string, any>;
  readonly changes: HardeningChange[];
}

/**
 * Plans the hardening of a set of objects (the whole input: ServiceAccounts and their RBAC bindings
 * decide the token change). Objects that are not pod-bearing are copied unchanged.
 */
export function planHardening(objects: readonly unknown[], options: PlanOptions = {}): HardeningPlan {
  validateOptions(options);
  const bound = boundServiceAccounts(objects);
  const changes: HardeningChange[] = [];
  const findings: HardeningFinding[] = [];
  const out = objects.map((input, index) => {
    const object = clone(input);
    const template = podTemplateOf(object);
    if (!template) return object;
    const o = object as Record<string, any>;
    const ref: PlannedObjectRef = {
      index,
      kind: o.kind,
      name: typeof o.metadata?.name === 'string' ? o.metadata.name : '',
      ...(typeof o.metadata?.namespace === 'string' ? { namespace: o.metadata.namespace } : {}),
    };
    const ctx: Ctx = { ref, object: o, changes };
    if (isObject(getPointer(o, template.specPointer))) {
      hardenPod(ctx, template.specPointer, template.metadata, options, bound);
    }
    const evaluation = evaluateObjectPodSecurity(PodSecurityLevel.RESTRICTED, options.pssVersion ?? 'latest', o);
    for (const result of evaluation?.results ?? []) {
      findings.push({
        object: ref,
        check: result.checkId,
        detail: result.detail ? `${result.reason} (${result.detail})` : result.reason,
        ...(result.location ? { path: result.location } : {}),
        fix: FIXES[result.checkId] ?? 'change the pod so Pod Security restricted admits it',
      });
    }
    return object;
  });
  const added = options.networkPolicies ? planNetworkPolicies(objects) : [];
  added.forEach(({ policy, why }, i) => {
    const object = { index: objects.length + i, kind: policy.kind, name: policy.metadata.name, namespace: policy.metadata.namespace };
    changes.push({ object, path: '', before: undefined, after: clone(policy), why, kind: 'opt-in', rule: 'network-policy' });
  });
  return { objects: out, changes, findings, added: added.map((a) => a.policy) };
}

function validateOptions(options: PlanOptions): void {
  for (const [image, digest] of Object.entries(options.digests ?? {})) {
    if (!DIGEST.test(digest)) throw new Error(`digest of image '${image}' is '${digest}'; use 'sha256:<64 lowercase hex>'`);
  }
  const resources = options.resources;
  if (resources) {
    for (const section of ['requests', 'limits'] as const) {
      for (const [name, value] of Object.entries(resources[section])) {
        if (parseQuantity(value) === undefined) throw new Error(`resource ${section}.${name} is '${value}'; use a Kubernetes quantity such as '100m' or '256Mi'`);
      }
    }
    for (const [name, request] of Object.entries(resources.requests)) {
      const limit = resources.limits[name];
      if (limit !== undefined && parseQuantity(request)! > parseQuantity(limit)!) {
        throw new Error(`resource request ${name}=${request} is above its limit ${limit}; a request may not exceed its limit`);
      }
    }
  }
  for (const s of options.images ?? []) {
    if (s.runAsUser !== undefined && !(Number.isInteger(s.runAsUser) && s.runAsUser >= 0)) {
      throw new Error(`image settings '${s.image}': runAsUser is ${JSON.stringify(s.runAsUser)}; use a non-negative integer uid`);
    }
    for (const p of s.writablePaths ?? []) {
      if (typeof p !== 'string' || !p.startsWith('/')) throw new Error(`image settings '${s.image}': writable path ${JSON.stringify(p)} is not absolute; use e.g. '/tmp'`);
    }
  }
}

function change(ctx: Ctx, path: string, after: unknown, rule: string, why: string, kind: ChangeKind = 'safe'): void {
  const before = getPointer(ctx.object, path);
  ctx.changes.push({ object: ctx.ref, path, before: clone(before), after: clone(after), why, kind, rule });
  setPointer(ctx.object, path, after);
}

function hardenPod(ctx: Ctx, specPointer: string, podMetadata: any, options: PlanOptions, bound: BoundAccounts): void {
  const spec = getPointer(ctx.object, specPointer) as Record<string, any>;
  const windows = isObject(spec.os) && spec.os.name === 'windows';
  const containers = containersOf(spec, specPointer);
  const podSc = isObject(spec.securityContext) ? spec.securityContext : spec.securityContext === undefined ? {} : undefined;

  if (!windows && podSc) {
    hardenSeccomp(ctx, specPointer, podSc, podMetadata, containers);
    if (options.assumeNonRoot) assumeNonRoot(ctx, specPointer, podSc, containers);
  }
  for (const c of containers) hardenContainer(ctx, c, windows, options);
  if (spec.automountServiceAccountToken === undefined) {
    const account = typeof spec.serviceAccountName === 'string' && spec.serviceAccountName
      ? spec.serviceAccountName
      : typeof spec.serviceAccount === 'string' && spec.serviceAccount ? spec.serviceAccount : 'default';
    const namespace = ctx.ref.namespace;
    if (!bound.has(account, namespace) && !bound.accountDisablesAutomount(account, namespace)) {
      change(ctx, `${specPointer}/automountServiceAccountToken`, false, 'service-account-token',
        `ServiceAccount '${account}' has no RoleBinding or ClusterRoleBinding in the input, so its token grants nothing the pod uses; an unmounted token cannot be stolen from the pod`);
    }
  }
}

function hardenSeccomp(ctx: Ctx, specPointer: string, podSc: Record<string, any>, podMetadata: any, containers: ContainerRef[]): void {
  const profile = podSc.seccompProfile;
  if (profile !== undefined && !(isObject(profile) && profile.type === undefined)) return;
  // The deprecated annotation must agree with the field; leave a pod that still uses it to a person.
  const annotations = isObject(podMetadata?.annotations) ? podMetadata.annotations : {};
  if (Object.keys(annotations).some((k) => k.startsWith('seccomp.security.alpha.kubernetes.io/'))) return;
  const uncovered = containers.some((c) => {
    const own = c.container.securityContext?.seccompProfile;
    return !isObject(own) || own.type === undefined;
  });
  if (!uncovered) return;
  const path = profile === undefined ? `${specPointer}/securityContext/seccompProfile` : `${specPointer}/securityContext/seccompProfile/type`;
  const after = profile === undefined ? { type: D.SECURITY_CONTEXT.seccompProfileType } : D.SECURITY_CONTEXT.seccompProfileType;
  change(ctx, path, after, 'seccomp',
    'RuntimeDefault is the container runtime\'s default syscall filter (what Docker applied before Kubernetes made Unconfined the default); it blocks syscalls ordinary processes never make, such as kernel module loading');
}

function assumeNonRoot(ctx: Ctx, specPointer: string, podSc: Record<string, any>, containers: ContainerRef[]): void {
  if (podSc.runAsNonRoot !== undefined || podSc.runAsUser === 0) return;
  const explicitRoot = containers.some((c) => {
    const sc = c.container.securityContext;
    return isObject(sc) && (sc.runAsUser === 0 || sc.runAsNonRoot === false);
  });
  if (explicitRoot) return;
  change(ctx, `${specPointer}/securityContext/runAsNonRoot`, true, 'run-as-non-root',
    'asked for with assumeNonRoot: the kubelet refuses to start a container whose image would run as uid 0, so a container escape does not start as root', 'opt-in');
}

function hardenContainer(ctx: Ctx, c: ContainerRef, windows: boolean, options: PlanOptions): void {
  const container = c.container;
  const scValue = container.securityContext;
  if (!windows && (scValue === undefined || isObject(scValue))) {
    const sc: Record<string, any> = scValue ?? {};
    const scPath = `${c.pointer}/securityContext`;
    const caps = isObject(sc.capabilities) ? sc.capabilities : sc.capabilities === undefined ? {} : undefined;
    const added: unknown[] = Array.isArray(caps?.add) ? caps!.add : [];
    if (sc.allowPrivilegeEscalation === undefined && sc.privileged !== true && !added.includes('SYS_ADMIN') && !added.includes('CAP_SYS_ADMIN')) {
      change(ctx, `${scPath}/allowPrivilegeEscalation`, false, 'allow-privilege-escalation',
        'no_new_privs: a setuid binary or file capability cannot give the process more privileges than it started with');
    }
    if (caps && sc.privileged !== true) hardenCapabilities(ctx, c, scPath, caps);
    hardenImageSettings(ctx, c, scPath, sc, options);
  }
  if (container.imagePullPolicy === undefined || container.imagePullPolicy === 'IfNotPresent') {
    change(ctx, `${c.pointer}/imagePullPolicy`, D.IMAGE_PULL_POLICY, 'image-pull-policy',
      'Always makes the kubelet check the registry\'s credentials for every pod, so a pod cannot run an image cached on the node that its own pull secret could not fetch');
  }
  if (c.field !== 'ephemeralContainers') hardenResources(ctx, c, options.resources ?? DEFAULT_RESOURCES);
  pinDigest(ctx, c, options.digests);
}

function hardenCapabilities(ctx: Ctx, c: ContainerRef, scPath: string, caps: Record<string, any>): void {
  const capsPath = `${scPath}/capabilities`;
  const drop = caps.drop;
  if (drop === undefined) {
    change(ctx, `${capsPath}/drop`, [...D.SECURITY_CONTEXT.capabilitiesDrop], 'capabilities-drop',
      'dropping ALL removes the capabilities a root process gets by default (CHOWN, NET_RAW, SETUID, ...); the process keeps only those added back');
  } else if (Array.isArray(drop) && !drop.includes('ALL')) {
    change(ctx, `${capsPath}/drop/${drop.length}`, 'ALL', 'capabilities-drop',
      'dropping ALL removes the capabilities a root process gets by default (CHOWN, NET_RAW, SETUID, ...); the process keeps only those added back');
  } else {
    return;
  }
  const lowPorts = (Array.isArray(c.container.ports) ? c.container.ports : [])
    .map((p: any) => p?.containerPort).filter((p: any) => typeof p === 'number' && p < D.FIRST_UNPRIVILEGED_PORT);
  const add = caps.add;
  if (lowPorts.length === 0 || (add !== undefined && !Array.isArray(add))) return;
  const list: unknown[] = add ?? [];
  if (list.includes('NET_BIND_SERVICE') || list.includes('ALL')) return;
  const why = `the container declares port ${lowPorts[0]}, below ${D.FIRST_UNPRIVILEGED_PORT}: binding it needs NET_BIND_SERVICE, the one capability Pod Security restricted allows`;
  if (add === undefined) change(ctx, `${capsPath}/add`, ['NET_BIND_SERVICE'], 'capabilities-drop', why);
  else change(ctx, `${capsPath}/add/${list.length}`, 'NET_BIND_SERVICE', 'capabilities-drop', why);
}

function hardenResources(ctx: Ctx, c: ContainerRef, defaults: ResourceDefaults): void {
  const resources = c.container.resources;
  if (resources !== undefined && !isObject(resources)) return;
  const path = `${c.pointer}/resources`;
  const why = 'requests let the scheduler place the pod; limits stop one container from starving the node and evicting its neighbours';
  // Both sections are judged on the container as written, before either is filled in.
  const written = { requests: resources?.requests, limits: resources?.limits };
  const planned: Array<[string, Record<string, string>]> = [];
  for (const section of ['requests', 'limits'] as const) {
    const current = written[section];
    if (current !== undefined && !isObject(current)) continue;
    const missing: Record<string, string> = {};
    for (const name of Object.keys(defaults[section]).filter((n) => current?.[n] === undefined)) {
      const value = section === 'limits' ? limitFor(written.requests?.[name], defaults.limits[name]) : requestFor(written.limits?.[name], defaults.requests[name]);
      if (value !== undefined) missing[name] = value;
    }
    if (Object.keys(missing).length > 0) planned.push([section, missing]);
  }
  for (const [section, missing] of planned) {
    if (written[section as 'requests' | 'limits'] === undefined) {
      change(ctx, `${path}/${section}`, missing, 'resources', why);
    } else {
      for (const [name, value] of Object.entries(missing)) change(ctx, `${path}/${section}/${escapeToken(name)}`, value, 'resources', why);
    }
  }
}

/** A missing limit: the default, or the request when that is higher (a request may not exceed its limit). */
function limitFor(request: unknown, fallback: string | undefined): string | undefined {
  if (request === undefined || fallback === undefined) return fallback;
  const r = parseQuantity(request);
  if (r === undefined) return undefined;
  return r > parseQuantity(fallback)! ? String(request) : fallback;
}

/** A missing request: the limit when one is set (exactly what the API server defaults it to), else the default. */
function requestFor(limit: unknown, fallback: string | undefined): string | undefined {
  if (limit !== undefined) return parseQuantity(limit) === undefined ? undefined : String(limit);
  return fallback;
}

function pinDigest(ctx: Ctx, c: ContainerRef, digests: Readonly<Record<string, string>> | undefined): void {
  const image = c.container.image;
  if (!digests || typeof image !== 'string' || image.includes('@')) return;
  const digest = digests[image];
  if (!digest) return;
  change(ctx, `${c.pointer}/image`, `${image}@${digest}`, 'digest',
    'asked for with a digest map: a digest names one immutable image, so a moved tag cannot change what runs', 'opt-in');
}

function hardenImageSettings(ctx: Ctx, c: ContainerRef, scPath: string, sc: Record<string, any>, options: PlanOptions): void {
  const image = c.container.image;
  if (typeof image !== 'string') return;
  const settings = (options.images ?? []).find((s) => globMatches(s.image, image));
  if (!settings) return;
  const from = `asked for in the image settings for '${settings.image}'`;
  if (settings.runAsUser !== undefined && sc.runAsUser === undefined) {
    change(ctx, `${scPath}/runAsUser`, settings.runAsUser, 'run-as-user', `${from}: the image runs as uid ${settings.runAsUser}`, 'opt-in');
  }
  if (settings.runAsGroup !== undefined && sc.runAsGroup === undefined) {
    change(ctx, `${scPath}/runAsGroup`, settings.runAsGroup, 'run-as-user', `${from}: the image runs as gid ${settings.runAsGroup}`, 'opt-in');
  }
  if (settings.runAsUser !== undefined && settings.runAsUser !== 0 && sc.runAsNonRoot === undefined) {
    change(ctx, `${scPath}/runAsNonRoot`, true, 'run-as-non-root', `${from}: uid ${settings.runAsUser} is not root, and the kubelet now refuses to start it as root`, 'opt-in');
  }
  if (!settings.readOnlyRootFilesystem || sc.readOnlyRootFilesystem !== undefined) return;
  change(ctx, `${scPath}/readOnlyRootFilesystem`, true, 'read-only-root-filesystem',
    `${from}: an attacker cannot replace the image's binaries or drop tools into it`, 'opt-in');
  addWritablePaths(ctx, c, settings.writablePaths ?? [], from);
}

function addWritablePaths(ctx: Ctx, c: ContainerRef, paths: readonly string[], from: string): void {
  const specPointer = c.pointer.slice(0, c.pointer.lastIndexOf(`/${c.field}/`));
  paths.forEach((mountPath, i) => {
    const mounts = c.container.volumeMounts;
    if (mounts !== undefined && !Array.isArray(mounts)) return;
    if ((mounts ?? []).some((m: any) => m?.mountPath === mountPath)) return;
    const spec = getPointer(ctx.object, specPointer) as Record<string, any>;
    if (spec.volumes !== undefined && !Array.isArray(spec.volumes)) return;
    const name = `${WRITABLE_VOLUME_PREFIX}${c.name}-${i}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63).replace(/-+$/, '');
    const why = `${from}: '${mountPath}' stays writable on the read-only root as a size-limited emptyDir`;
    if (!(spec.volumes ?? []).some((v: any) => v?.name === name)) {
      const volume = { name, emptyDir: { sizeLimit: `${D.SCRATCH_SIZE_LIMIT_MIB}Mi` } };
      appendTo(ctx, `${specPointer}/volumes`, spec.volumes, volume, 'read-only-root-filesystem', why);
    }
    appendTo(ctx, `${c.pointer}/volumeMounts`, mounts, { name, mountPath }, 'read-only-root-filesystem', why);
  });
}

function appendTo(ctx: Ctx, path: string, list: unknown[] | undefined, item: unknown, rule: string, why: string): void {
  if (list === undefined) change(ctx, path, [item], rule, why, 'opt-in');
  else change(ctx, `${path}/${list.length}`, item, rule, why, 'opt-in');
}

/** Whether an image glob matches an image: `*` within a path segment, `**` across, `?` one character. */
export function globMatches(pattern: string, image: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (ch === '*') {
      re += '[^/]*';
    } else if (ch === '?') {
      re += '[^/]';
    } else {
      re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`).test(image);
}

interface BoundAccounts {
  has(name: string, namespace: string | undefined): boolean;
  accountDisablesAutomount(name: string, namespace: string | undefined): boolean;
}

/**
 * The ServiceAccounts some RoleBinding or ClusterRoleBinding of the input names (directly, or through
 * the `system:serviceaccounts[:<namespace>]` groups). A pod without a namespace matches an account
 * of that name in any namespace, so an unknown namespace never loses a token it may use.
 */
function boundServiceAccounts(objects: readonly unknown[]): BoundAccounts {
  const subjects: Array<{ name: string; namespace?: string }> = [];
  const groups = new Set<string>();
  const disabled: Array<{ name: string; namespace?: string }> = [];
  for (const o of objects) {
    if (!isObject(o)) continue;
    if (o.kind === 'ServiceAccount' && o.automountServiceAccountToken === false && typeof o.metadata?.name === 'string') {
      disabled.push({ name: o.metadata.name, namespace: o.metadata.namespace });
    }
    if (o.kind !== 'RoleBinding' && o.kind !== 'ClusterRoleBinding') continue;
    for (const s of Array.isArray(o.subjects) ? o.subjects : []) {
      if (!isObject(s)) continue;
      if (s.kind === 'ServiceAccount' && typeof s.name === 'string') {
        subjects.push({ name: s.name, namespace: typeof s.namespace === 'string' ? s.namespace : o.metadata?.namespace });
      } else if (s.kind === 'Group' && typeof s.name === 'string' && s.name.startsWith('system:serviceaccounts')) {
        groups.add(s.name);
      } else if (s.kind === 'User' && typeof s.name === 'string' && s.name.startsWith('system:serviceaccount:')) {
        const [, , ns, name] = s.name.split(':');
        subjects.push({ name, namespace: ns });
      }
    }
  }
  const matches = (list: Array<{ name: string; namespace?: string }>, name: string, namespace?: string) =>
    list.some((s) => s.name === name && (namespace === undefined || s.namespace === undefined || s.namespace === namespace));
  return {
    has: (name, namespace) => groups.has('system:serviceaccounts')
      || (namespace === undefined ? [...groups].length > 0 : groups.has(`system:serviceaccounts:${namespace}`))
      || matches(subjects, name, namespace),
    accountDisablesAutomount: (name, namespace) => matches(disabled, name, namespace),
  };
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
