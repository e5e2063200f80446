/**
 * Building blocks shared by the checks: outcomes, control references and the RBAC rule-check shape.
 *
 * Not a check itself (the registry lists checks explicitly); kept next to them so each check file
 * stays the policy plus a few lines.
 */
import { CheckOutcome, CheckStatus, Control, Framework, ICheck, ICheckContext, PeerCheck, PeerTool, Severity } from '../check';
import { systemNamespaceIn } from '../context';
import { ContainerRef, containersOf, podTemplateOf } from '../pod-spec';
import { asLatentUnlessBound } from '../rbac/latent';
import { NormalizedRule, normalizeRule, ruleGrants } from '../rbac/rules';

/** The kinds that hold RBAC rules. */
export const ROLE_KINDS: string[] = ['Role', 'ClusterRole'];
/** The kinds that bind roles to subjects. */
export const BINDING_KINDS: string[] = ['RoleBinding', 'ClusterRoleBinding'];

/** Every RBAC verb of the built-in resources (for "any access" checks); `*` matches each of them. */
export const ANY_VERB: readonly string[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
/** Verbs that change an object. */
export const WRITE_VERBS: readonly string[] = ['create', 'update', 'patch', 'delete', 'deletecollection'];

export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a field is written (neither undefined nor null). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function pass(reason?: string): CheckOutcome {
  return reason ? { status: CheckStatus.PASS, reason } : { status: CheckStatus.PASS };
}

export function fail(reason: string, detail?: string, location?: string): CheckOutcome {
  return { status: CheckStatus.FAIL, reason, ...(detail ? { detail } : {}), ...(location !== undefined ? { location } : {}) };
}

export function notApplicable(reason: string): CheckOutcome {
  return { status: CheckStatus.NOT_APPLICABLE, reason };
}

export function errorOutcome(reason: string, location?: string): CheckOutcome {
  return { status: CheckStatus.ERROR, reason, ...(location !== undefined ? { location } : {}) };
}

/** `"a", "b"`: names quoted as upstream PSA details quote them. */
export function quoted(names: readonly string[]): string {
  return names.map((n) => JSON.stringify(n)).join(', ');
}

/**
 * A CIS Kubernetes Benchmark recommendation in both numberings the project tracks.
 *
 * The plain id is CIS Benchmark v1.10 (Kubernetes 1.28); the id prefixed `1.12:` is CIS v1.12.
 * Section 5.1, 5.3, 5.4 and 5.5 keep their numbers; 1.12 dropped 5.2.9 ("added capabilities"), so
 * 5.2.10-5.2.13 became 5.2.9-5.2.12, and "General Policies" moved from 5.7 to 5.6.
 *
 * @param v110 the v1.10 id, e.g. `5.7.4`
 * @param v112 the v1.12 id when it differs, e.g. `5.6.4`; omit when v1.12 has no such recommendation
 *   (pass `null`) or the same number (omit)
 */
export function cis(v110: string, v112?: string | null): Control[] {
  const controls: Control[] = [{ framework: Framework.CIS, id: v110 }];
  if (v112 !== null) controls.push({ framework: Framework.CIS, id: `1.12:${v112 ?? v110}` });
  return controls;
}

export function soc2(...ids: string[]): Control[] {
  return ids.map((id) => ({ framework: Framework.SOC2, id }));
}

export function pci(...ids: string[]): Control[] {
  return ids.map((id) => ({ framework: Framework.PCI_DSS, id }));
}

export function hipaa(...ids: string[]): Control[] {
  return ids.map((id) => ({ framework: Framework.HIPAA, id }));
}

/** A permission a least-privilege check forbids: verbs on one resource of one API group. */
export interface ForbiddenPermission {
  /** Verbs that are forbidden (a rule with `*` verbs grants each of them). */
  readonly verbs: readonly string[];
  /** API group, `''` for core. */
  readonly apiGroup: string;
  /** Plural resource. */
  readonly resource: string;
  /** Subresource, e.g. `exec`. */
  readonly subresource?: string;
  /** Verbs allowed anyway when the rule is restricted to named objects (`resourceNames`). */
  readonly allowedWhenNamed?: readonly string[];
}

/** What a rule grants of the forbidden permissions, e.g. `get, list on secrets`. */
export function forbiddenGrants(rule: NormalizedRule, forbidden: readonly ForbiddenPermission[]): readonly string[] {
  // Every role is asked about every forbidden permission of a dozen checks, and nearly all answers
  // are "none": nothing is allocated until a verb is granted.
  let out: string[] | undefined;
  for (const p of forbidden) {
    let verbs: string[] | undefined;
    for (const v of p.verbs) {
      if (!ruleGrants(rule, v, p.apiGroup, p.resource, p.subresource)) continue;
      if (rule.resourceNames.length > 0 && p.allowedWhenNamed !== undefined && p.allowedWhenNamed.includes(v)) continue;
      (verbs ??= []).push(v);
    }
    if (verbs === undefined) continue;
    const resource = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
    (out ??= []).push(`${verbs.join(', ')} on ${p.apiGroup ? `${resource}.${p.apiGroup}` : resource}`);
  }
  return out ?? NONE;
}

/** The empty answer of {@link forbiddenGrants}, shared (frozen: callers only read it). */
const NONE: readonly string[] = Object.freeze([]);

/** Where a role check reports latent rules: the context (to find bindings) and the check's severity. */
export interface LatentScope {
  readonly context: ICheckContext;
  readonly severity: Severity;
}

/** What a rule grants that it should not (empty when nothing). */
export type RuleJudge = (rule: NormalizedRule, raw: any) => readonly string[];

/**
 * Walks the rules of a Role or ClusterRole and fails on every rule for which `judge` returns what it
 * grants that it should not. Malformed rules are an error; a role without rules passes. With a
 * `latent` scope, the failure of a role nothing in the set binds is reported as latent, one
 * severity lower (see `rbac/latent.ts`).
 */
export function evaluateRules(object: any, what: string, judge: RuleJudge, latent?: LatentScope): CheckOutcome {
  const outcome = judgeRules(object, what, judge);
  return latent ? asLatentUnlessBound(outcome, object, latent.context, latent.severity) : outcome;
}

function judgeRules(object: any, what: string, judge: RuleJudge): CheckOutcome {
  if (!isObject(object)) return errorOutcome('object is not a map');
  const rules = object.rules;
  if (rules === undefined || rules === null) return pass('no rules');
  if (!Array.isArray(rules)) return errorOutcome('rules is not a list', '/rules');
  const findings: string[] = [];
  let first: number | undefined;
  const normalized = normalizedRules(object, rules);
  for (let i = 0; i < rules.length; i++) {
    if (!isObject(rules[i])) return errorOutcome(`rules[${i}] is not a map`, `/rules/${i}`);
    const granted = judge(normalized[i], rules[i]);
    if (granted.length === 0) continue;
    first ??= i;
    findings.push(`rules[${i}] grants ${granted.join('; ')}`);
  }
  if (findings.length === 0) return pass();
  return fail(what, findings.join('; '), `/rules/${first}`);
}

/**
 * The rules of a role, normalized: once per object while it is judged ({@link withObjectScope}: the
 * dozen least-privilege checks of a role share them), else afresh.
 */
function normalizedRules(object: unknown, rules: unknown[]): NormalizedRule[] {
  const scope = objectScope;
  if (scope !== undefined && scope.object === object) {
    if (scope.rules === undefined || scope.rules.source !== rules) scope.rules = { source: rules, normalized: rules.map(normalizeRule) };
    return scope.rules.normalized;
  }
  return rules.map(normalizeRule);
}

/** The fields every RBAC rule check shares. */
export interface RuleCheckProps {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly controls: Control[];
  /** The short reason of a failure, e.g. `grants read access to secrets`. */
  readonly reason: string;
  readonly forbidden: readonly ForbiddenPermission[];
  /** The peer checkers' equivalents. @default - none */
  readonly peers?: PeerCheck[];
}

/** An RBAC check over Roles and ClusterRoles that forbids a set of permissions. */
export function ruleCheck(props: RuleCheckProps): ICheck {
  return {
    id: props.id,
    title: props.title,
    description: props.description,
    severity: props.severity,
    controls: props.controls,
    kinds: ROLE_KINDS,
    ...(props.peers ? { peers: props.peers } : {}),
    evaluate: (object: any, context: ICheckContext) => evaluateRules(object, props.reason, (rule) => forbiddenGrants(rule, props.forbidden),
      { context, severity: props.severity }),
  };
}

/** Normalized subjects of a binding as written, with their index; malformed entries are returned as strings. */
export function bindingSubjects(binding: any): Array<{ kind: string; name: string; namespace?: string; index: number }> | string {
  if (!isObject(binding)) return 'object is not a map';
  const subjects = binding.subjects;
  if (subjects === undefined || subjects === null) return [];
  if (!Array.isArray(subjects)) return 'subjects is not a list';
  const out: Array<{ kind: string; name: string; namespace?: string; index: number }> = [];
  for (let i = 0; i < subjects.length; i++) {
    const s = subjects[i];
    if (!isObject(s) || typeof s.kind !== 'string' || typeof s.name !== 'string') return `subjects[${i}] has no kind or name`;
    out.push({ kind: s.kind, name: s.name, ...(typeof s.namespace === 'string' ? { namespace: s.namespace } : {}), index: i });
  }
  return out;
}

/**
 * A binding check that fails when a subject matches `forbidden` (returning why it is forbidden).
 */
export function subjectCheck(props: Omit<RuleCheckProps, 'forbidden'> & {
  forbidden: (subject: { kind: string; name: string; namespace?: string }, binding: any) => boolean;
}): ICheck {
  return {
    id: props.id,
    title: props.title,
    description: props.description,
    severity: props.severity,
    controls: props.controls,
    kinds: BINDING_KINDS,
    ...(props.peers ? { peers: props.peers } : {}),
    evaluate: (object: any) => {
      const subjects = bindingSubjects(object);
      if (typeof subjects === 'string') return errorOutcome(subjects, '/subjects');
      const bad = subjects.filter((s) => props.forbidden(s, object));
      if (bad.length === 0) return pass();
      const names = bad.map((s) => `${s.kind} ${JSON.stringify(s.namespace ? `${s.namespace}/${s.name}` : s.name)}`);
      return fail(props.reason, `binds ${names.join(', ')}`, `/subjects/${bad[0].index}`);
    },
  };
}

/** Peer equivalents, e.g. `peer(PeerTool.TRIVY, 'KSV041')`; `partial` says what differs. */
export function peer(tool: PeerTool, id: string, partial?: string): PeerCheck {
  return partial ? { tool, id, partial } : { tool, id };
}

/** Re-exported for checks that build rules. */
export { normalizeRule };

/** One well-formed (named) env entry of a container, with its JSON pointer. */
export interface NamedEnv {
  readonly name: string;
  readonly entry: Record<string, any>;
  readonly pointer: string;
}

/** The env entries of a container that are maps with a string name, in order; malformed ones are skipped. */
export function namedEnv(container: ContainerRef): NamedEnv[] {
  const env = Array.isArray(container.container.env) ? container.container.env : [];
  const out: NamedEnv[] = [];
  env.forEach((e: unknown, i: number) => {
    if (isObject(e) && typeof e.name === 'string') out.push({ name: e.name, entry: e, pointer: `${container.pointer}/env/${i}` });
  });
  return out;
}

/** The pod of a pod-bearing object, for the pod checks. */
export interface PodView {
  readonly spec: any;
  readonly specPointer: string;
  readonly metadata: any;
  readonly containers: ContainerRef[];
}

/**
 * Shared walk of the pod-bearing checks: every container of the object's pod spec, or a reason the
 * check does not apply.
 */
export function podOf(object: unknown, kinds?: readonly string[]): PodView | CheckOutcome {
  let view: PodView | null;
  const scope = objectScope;
  if (scope !== undefined && scope.object === object) {
    if (scope.view === undefined) scope.view = podViewOf(object);
    view = scope.view;
  } else {
    view = podViewOf(object);
  }
  if (view === null) return notApplicable('not a pod-bearing object');
  if (kinds && !kinds.includes((object as any).kind)) return notApplicable(`does not apply to ${(object as any).kind}`);
  return view;
}

function podViewOf(object: unknown): PodView | null {
  const template = podTemplateOf(object);
  if (!template) return null;
  const containers = containersOf(template.spec, template.specPointer);
  return { spec: template.spec, specPointer: template.specPointer, metadata: template.metadata, containers };
}

/**
 * The object being judged by every check (`withObjectScope`), with what its checks derive from it
 * once built: the pod view and the normalized RBAC rules.
 */
let objectScope: {
  readonly object: unknown;
  view?: PodView | null;
  rules?: { readonly source: unknown[]; readonly normalized: NormalizedRule[] };
} | undefined;

/**
 * Runs `f`, the checks of one object, with what they derive from that object ({@link podOf}'s view,
 * a role's normalized rules) built once and shared (the checks only read it). Outside, or for
 * another object, each call builds its own, so a caller that changes an object between two calls
 * always gets fresh data.
 */
export function withObjectScope<T>(object: unknown, f: () => T): T {
  const previous = objectScope;
  objectScope = { object };
  try {
    return f();
  } finally {
    objectScope = previous;
  }
}

/** Whether a value returned by {@link podOf} is an outcome (the check does not apply). */
export function isOutcome(value: unknown): value is CheckOutcome {
  return isObject(value) && typeof value.status === 'string';
}

/** The name of a Namespace object, or an outcome when it has none or is a system namespace of the evaluation. */
export function namespaceName(object: unknown, context: ICheckContext): string | CheckOutcome {
  if (!isObject(object) || !isObject(object.metadata) || typeof object.metadata.name !== 'string' || object.metadata.name === '') {
    return errorOutcome('Namespace has no metadata.name', '/metadata');
  }
  const name = object.metadata.name;
  if (systemNamespaceIn(context, name)) return notApplicable(`${name} is a system namespace`);
  return name;
}

/** The Pod Security admission enforce label. */
export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
export const ENFORCE_VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';

/**
 * Passes when the namespace enforces `restricted`. An `enforce-version` label, when present, must be
 * `latest` or `v1.N` (an invalid one makes admission fall back to `latest`, and is a typo to fix).
 */
export function judgeRestrictedEnforcement(namespace: any): CheckOutcome {
  const labels = isObject(namespace.metadata.labels) ? namespace.metadata.labels : {};
  const level = labels[ENFORCE_LABEL];
  const location = '/metadata/labels';
  if (level !== 'restricted') {
    return fail('restricted not enforced', level === undefined
      ? `label ${ENFORCE_LABEL} is unset (the cluster default, usually privileged, applies); set it to "restricted"`
      : `label ${ENFORCE_LABEL}=${JSON.stringify(level)}; set it to "restricted"`, location);
  }
  const version = labels[ENFORCE_VERSION_LABEL];
  if (version !== undefined && (typeof version !== 'string' || !/^(latest|v1\.(0|[1-9][0-9]*))$/.test(version))) {
    return fail('invalid enforce-version', `label ${ENFORCE_VERSION_LABEL}=${JSON.stringify(version)} is not "latest" or "v1.N"`, location);
  }
  return pass(`enforce=restricted${version ? ` (${version})` : ''}`);
}
