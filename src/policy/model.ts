/**
 * The one intent model every admission backend renders: a pack becomes a list of `PolicyRule`s
 * (one per engine check id: what it matches, its CEL variables and validations, the fields it
 * reads), and a backend (ValidatingAdmissionPolicy, Kyverno ValidatingPolicy or ClusterPolicy,
 * Gatekeeper CEL or Rego) turns the rules into cluster objects.
 *
 * The CEL of a rule is written against three engine-neutral variables bound by
 * `bindingVariables()`: `variables.podSpec`, `variables.podMeta` and `variables.containers` for pod
 * rules (whatever the kind: Pod, a controller's `spec.template`, a CronJob's
 * `spec.jobTemplate.spec.template`), `variables.rules` for Role and ClusterRole rules. Each backend
 * binds them from the object as its engine exposes it (`object`, or Gatekeeper's
 * `variables.anyObject`), so one expression set judges every kind on every engine.
 *
 * Exceptions: a named, reasoned, time-limited exemption of some rules for some namespaces and/or
 * labelled objects. CEL backends render an exception as a match condition that skips the covered
 * requests (`exceptionMatchExpression`); the Kyverno ClusterPolicy backend renders a PolicyException.
 * Every object that carries an exception is annotated with `EXCEPTION_EXPIRES_ANNOTATION` (the
 * earliest expiry it holds), which the compliance check `policy-exception-expired` fails once past.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Severity } from '../compliance/check';
import { PodSecurityLevel } from '../compliance/pss/level';
import { expiryInstant } from '../compliance/suppressions';

/** Namespace label that exempts a whole namespace from every emitted policy (value ignored). */
export const POLICY_EXEMPT_LABEL = 'cdk8s-hardened.io/policy-exempt';
/** Annotation with the expiry date (`YYYY-MM-DD`) of the exception(s) an object carries. */
export const EXCEPTION_EXPIRES_ANNOTATION = 'cdk8s-hardened.io/expires';
/** Annotation with the reason of the exception an object carries. */
export const EXCEPTION_REASON_ANNOTATION = 'cdk8s-hardened.io/reason';
/** Annotation with the id(s) of the exception(s) an object carries (comma-separated). */
export const EXCEPTION_ID_ANNOTATION = 'cdk8s-hardened.io/exception';
/** Annotation naming the rule (engine check id) a policy object enforces. */
export const RULE_ID_ANNOTATION = 'cdk8s-hardened.io/rule';
/** The namespace label the API server sets on every namespace (used to exempt namespaces by name). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * What an emitted policy does with a violation.
 */
export enum PolicyAction {
  /** Deny the request (VAP `Deny`, Kyverno `Enforce`, Gatekeeper `deny`). */
  ENFORCE = 'enforce',
  /** Admit and record the violation (VAP and Kyverno `Audit`, Gatekeeper `dryrun`). */
  AUDIT = 'audit',
  /** Admit and return a warning to the client (VAP `Warn`, Kyverno `Warn`/Audit, Gatekeeper `warn`). */
  WARN = 'warn',
}

/** The kind of object a rule judges. */
export enum RuleSubject {
  /** Pods and pod-bearing controllers, judged by their pod (template). */
  PODS = 'pods',
  /** Roles and ClusterRoles, judged by their rules. */
  ROLES = 'roles',
  /** RoleBindings and ClusterRoleBindings, judged by their roleRef and subjects. */
  BINDINGS = 'bindings',
}

/** One resource a rule matches. */
export interface MatchedResource {
  /** API group, `''` for core. */
  readonly apiGroup: string;
  /** API version, e.g. `v1`. */
  readonly apiVersion: string;
  /** Plural resource, e.g. `deployments`. */
  readonly resource: string;
  /** Kind, e.g. `Deployment`. */
  readonly kind: string;
}

/** A named CEL expression, evaluated lazily and referenced as `variables.<name>`. */
export interface CelVariable {
  /** Identifier, e.g. `podSpec`. */
  readonly name: string;
  /** The CEL expression. */
  readonly expression: string;
}

/** A CEL validation: the request is admitted when `expression` is true. */
export interface CelValidation {
  /** CEL expression that must be true. */
  readonly expression: string;
  /** Static message (no line breaks), used when there is no messageExpression or it fails. */
  readonly message: string;
  /**
   * CEL expression producing a specific message (e.g. naming the offending containers).
   *
   * @default - the static message
   */
  readonly messageExpression?: string;
  /**
   * The HTTP status reason of a denial.
   *
   * @default 'Forbidden'
   */
  readonly reason?: string;
}

/** The Pod Security Standards level and version a rule was built for. */
export interface PssTarget {
  /** baseline or restricted. */
  readonly level: PodSecurityLevel;
  /** Policy version as given: `v1.N` or `latest`. */
  readonly version: string;
  /** Upstream check id, e.g. `runAsNonRoot`. */
  readonly checkId: string;
  /** The check revision in force at that version, e.g. `v1.35`. */
  readonly revision: string;
}

/**
 * One admission rule: an engine check expressed in CEL, engine-neutral.
 */
export interface PolicyRule {
  /** The engine check id, e.g. `pss-restricted-run-as-non-root`, `rbac-no-wildcards`. */
  readonly id: string;
  /** The compliant condition. */
  readonly title: string;
  /** The denial message (static). */
  readonly message: string;
  /** The engine check's severity. */
  readonly severity: Severity;
  /** What the rule judges, which decides the binding variables and matched resources. */
  readonly subject: RuleSubject;
  /** The resources the rule matches. */
  readonly resources: MatchedResource[];
  /**
   * The PSS level, version and check revision, for Pod Security rules.
   *
   * @default - not a Pod Security rule
   */
  readonly pss?: PssTarget;
  /** Rule-specific variables, after the binding variables and able to reference earlier ones. */
  readonly variables: CelVariable[];
  /** Validations, all of which must hold. */
  readonly validations: CelValidation[];
  /**
   * Field paths the rule reads, relative to the pod (`spec.containers[*].securityContext.privileged`,
   * `metadata.annotations[container.apparmor.security.beta.kubernetes.io/*]`) or to the role
   * (`rules[*].verbs`); every backend variant of the rule must read the same paths.
   */
  readonly fieldPaths: string[];
}

/**
 * A time-limited, documented exemption from some admission rules.
 *
 * @see https://kyverno.io/docs/exceptions/
 */
export interface AdmissionException {
  /** Stable id, lower-case kebab (`[a-z0-9]([-a-z0-9]*[a-z0-9])?`), e.g. `legacy-batch-root`. */
  readonly id: string;
  /** Why the exemption is needed and who owns it (at least 10 characters). */
  readonly reason: string;
  /**
   * The last day (`YYYY-MM-DD`, UTC) the exemption holds.
   *
   * An exception already expired throws at construction; the compliance check `policy-exception-expired` fails on an expired one in
   * manifests.
   */
  readonly expires: string;
  /**
   * Rule ids (engine check ids) exempted; `*` suffix matches a prefix (`pss-restricted-*`).
   *
   * Security note: an exception weakens the rules it names for the requests it matches.
   *
   * @default - every rule of the pack
   */
  readonly rules?: string[];
  /**
   * Namespaces exempted.
   *
   * With `matchLabels` too, only labelled objects in these namespaces.
   *
   * @default - any namespace (then `matchLabels` is required)
   */
  readonly namespaces?: string[];
  /**
   * Labels the exempted object carries (all of them).
   *
   * For controllers this is the controller's own labels.
   *
   * @default - any object (then `namespaces` is required)
   */
  readonly matchLabels?: { [key: string]: string };
}

/** How a backend renders a set of rules. */
export interface PolicyRenderOptions {
  /** The pack the rules come from, e.g. `pss-restricted`. */
  readonly pack: string;
  /** What a violation does. */
  readonly action: PolicyAction;
  /** Namespaces exempted from every rule (in addition to namespaces labelled `POLICY_EXEMPT_LABEL`). */
  readonly exemptNamespaces: string[];
  /** Validated, unexpired exceptions. */
  readonly exceptions: AdmissionException[];
  /** Target Kubernetes minor version, e.g. `1.28` (decides e.g. VAP v1beta1 vs v1). */
  readonly kubernetesVersion: string;
  /** Prefix of every emitted object name, e.g. `hardened-`. */
  readonly namePrefix: string;
}

/**
 * An admission engine backend: renders rules as cluster objects under a scope.
 */
export interface IPolicyBackend {
  /** Engine name for messages and docs, e.g. `ValidatingAdmissionPolicy`. */
  readonly engineName: string;
  /**
   * Renders the rules under `scope` and returns the created objects.
   *
   * @param scope the construct to add the objects to
   * @param rules the rules, validated
   * @param options what a violation does, exemptions, target version
   */
  render(scope: Construct, rules: PolicyRule[], options: PolicyRenderOptions): ApiObject[];
}

/** Pods and every pod-bearing controller, as admission matches them. */
export const POD_RESOURCES: readonly MatchedResource[] = [
  { apiGroup: '', apiVersion: 'v1', resource: 'pods', kind: 'Pod' },
  { apiGroup: '', apiVersion: 'v1', resource: 'replicationcontrollers', kind: 'ReplicationController' },
  { apiGroup: 'apps', apiVersion: 'v1', resource: 'deployments', kind: 'Deployment' },
  { apiGroup: 'apps', apiVersion: 'v1', resource: 'replicasets', kind: 'ReplicaSet' },
  { apiGroup: 'apps', apiVersion: 'v1', resource: 'statefulsets', kind: 'StatefulSet' },
  { apiGroup: 'apps', apiVersion: 'v1', resource: 'daemonsets', kind: 'DaemonSet' },
  { apiGroup: 'batch', apiVersion: 'v1', resource: 'jobs', kind: 'Job' },
  { apiGroup: 'batch', apiVersion: 'v1', resource: 'cronjobs', kind: 'CronJob' },
];

/** Roles and ClusterRoles. */
export const ROLE_RESOURCES: readonly MatchedResource[] = [
  { apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1', resource: 'roles', kind: 'Role' },
  { apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1', resource: 'clusterroles', kind: 'ClusterRole' },
];

/** RoleBindings and ClusterRoleBindings. */
export const BINDING_RESOURCES: readonly MatchedResource[] = [
  { apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1', resource: 'rolebindings', kind: 'RoleBinding' },
  { apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1', resource: 'clusterrolebindings', kind: 'ClusterRoleBinding' },
];

/** The resources a subject matches. */
export function resourcesOf(subject: RuleSubject): MatchedResource[] {
  switch (subject) {
    case RuleSubject.PODS: return [...POD_RESOURCES];
    case RuleSubject.ROLES: return [...ROLE_RESOURCES];
    default: return [...BINDING_RESOURCES];
  }
}

/** The matched resources of one API group. */
export interface ResourceGroup { apiGroup: string; apiVersions: string[]; resources: string[]; kinds: string[] }

/** Groups matched resources by API group (for `resourceRules` and `match.kinds`), in first-seen order. */
export function resourcesByGroup(resources: readonly MatchedResource[]): ResourceGroup[] {
  const out: ResourceGroup[] = [];
  for (const r of resources) {
    let g = out.find((x) => x.apiGroup === r.apiGroup);
    if (!g) out.push(g = { apiGroup: r.apiGroup, apiVersions: [], resources: [], kinds: [] });
    if (!g.apiVersions.includes(r.apiVersion)) g.apiVersions.push(r.apiVersion);
    g.resources.push(r.resource);
    g.kinds.push(r.kind);
  }
  return out;
}

function guarded(base: string, path: string[]): string {
  // has() tests only the last field: guard every step so an absent parent never errors.
  const tests: string[] = [];
  let at = base;
  for (const p of path) {
    at = `${at}.${p}`;
    tests.push(`has(${at})`);
  }
  return tests.join(' && ');
}

/**
 * The binding variables of a subject, reading the object from `root` (`object` for VAP and
 * Kyverno, `variables.anyObject` for Gatekeeper). Pod rules get `podSpec`, `podMeta` (`{}` when a
 * template has no metadata) and `containers` (init, regular, ephemeral); role rules get `rules`;
 * binding rules get `roleRef` (`{}` when absent) and `subjects`.
 */
export function bindingVariables(subject: RuleSubject, root: string = 'object'): CelVariable[] {
  if (subject === RuleSubject.ROLES) {
    return [{ name: 'rules', expression: `has(${root}.rules) ? ${root}.rules : []` }];
  }
  if (subject === RuleSubject.BINDINGS) {
    return [
      { name: 'roleRef', expression: `has(${root}.roleRef) ? ${root}.roleRef : {}` },
      { name: 'subjects', expression: `has(${root}.subjects) ? ${root}.subjects : []` },
    ];
  }
  const template = `${root}.spec.template`;
  const cronTemplate = `${root}.spec.jobTemplate.spec.template`;
  const specOf = (t: string, p: string[]) => `(${guarded(root, [...p, 'spec'])} ? ${t}.spec : {})`;
  const metaOf = (t: string, p: string[]) => `(${guarded(root, [...p, 'metadata'])} ? ${t}.metadata : {})`;
  const cron = ['spec', 'jobTemplate', 'spec', 'template'];
  const ctrl = ['spec', 'template'];
  return [
    {
      name: 'podSpec',
      expression: `${root}.kind == 'Pod' ? (has(${root}.spec) ? ${root}.spec : {}) : ${root}.kind == 'CronJob' ? ${specOf(cronTemplate, cron)} : ${specOf(template, ctrl)}`,
    },
    {
      name: 'podMeta',
      expression: `${root}.kind == 'Pod' ? (has(${root}.metadata) ? ${root}.metadata : {}) : ${root}.kind == 'CronJob' ? ${metaOf(cronTemplate, cron)} : ${metaOf(template, ctrl)}`,
    },
    {
      name: 'containers',
      expression: ['initContainers', 'containers', 'ephemeralContainers']
        .map((f) => `(has(variables.podSpec.${f}) ? variables.podSpec.${f} : [])`).join(' + '),
    },
  ];
}

/** The binding variables a rule needs followed by its own variables. */
export function allVariables(rule: PolicyRule, root: string = 'object'): CelVariable[] {
  return [...bindingVariables(rule.subject, root), ...rule.variables];
}

const EXCEPTION_ID = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Whether a rule id pattern (`id` or `prefix*`) names the rule. */
export function ruleIdMatches(pattern: string, ruleId: string): boolean {
  return pattern.endsWith('*') ? ruleId.startsWith(pattern.slice(0, -1)) : pattern === ruleId;
}

/** Whether an exception covers the rule (no `rules` covers every rule). */
export function exceptionCovers(exception: AdmissionException, ruleId: string): boolean {
  return exception.rules === undefined || exception.rules.some((p) => ruleIdMatches(p, ruleId));
}

/**
 * Why an exception is invalid (one message, naming the value and the fix), or undefined.
 *
 * @param ruleIds the ids of the rules it may name
 * @param now the time against which `expires` is judged
 */
export function exceptionError(exception: AdmissionException, ruleIds: readonly string[], now: Date): string | undefined {
  const e = exception;
  const name = `exception ${JSON.stringify(e.id)}`;
  if (typeof e.id !== 'string' || !EXCEPTION_ID.test(e.id) || e.id.length > 63) {
    return `exception id ${JSON.stringify(e.id)} is invalid; use lower-case letters, digits and '-' (at most 63), e.g. 'legacy-batch-root'`;
  }
  if (typeof e.reason !== 'string' || e.reason.trim().length < 10) {
    return `${name} has reason ${JSON.stringify(e.reason)}; give a reason of at least 10 characters (why, and who owns it)`;
  }
  const until = expiryInstant(e.expires);
  if (until === undefined) return `${name} has expires ${JSON.stringify(e.expires)}, which is not a date; use 'YYYY-MM-DD', e.g. '2026-06-30'`;
  if (now.getTime() >= until.getTime()) {
    return `${name} expired on ${e.expires}; renew it with a new reason and a future 'expires' date, or remove it`;
  }
  const namespaces = e.namespaces ?? [];
  const labels = Object.entries(e.matchLabels ?? {});
  if (namespaces.length === 0 && labels.length === 0) {
    return `${name} names neither namespaces nor matchLabels, so it would exempt everything; set namespaces and/or matchLabels`;
  }
  const badNs = namespaces.find((n) => typeof n !== 'string' || !NAMESPACE.test(n));
  if (badNs !== undefined) return `${name} has namespace ${JSON.stringify(badNs)}, which is not a namespace name (RFC 1123 label)`;
  for (const [k, v] of labels) {
    if (!LABEL_KEY.test(k) || k.length > 316) return `${name} has label key ${JSON.stringify(k)}, which is not a valid label key`;
    if (typeof v !== 'string' || !LABEL_VALUE.test(v)) return `${name} has label value ${JSON.stringify(v)} for ${JSON.stringify(k)}, which is not a valid label value (at most 63 characters)`;
  }
  if (e.rules !== undefined) {
    if (e.rules.length === 0) return `${name} has an empty rules list; omit rules to cover every rule, or name rule ids`;
    const unknown = e.rules.find((p) => !ruleIds.some((id) => ruleIdMatches(p, id)));
    if (unknown !== undefined) {
      return `${name} names rule ${JSON.stringify(unknown)}, which matches no rule of the pack; use one of ${ruleIds.slice(0, 5).map((i) => `'${i}'`).join(', ')}${ruleIds.length > 5 ? ', ...' : ''} (or a 'prefix-*' pattern)`;
    }
  }
  return undefined;
}

/** A CEL string literal. */
export function celString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A CEL list of string literals. */
export function celStringList(values: readonly string[]): string {
  return `[${values.map(celString).join(', ')}]`;
}

/**
 * A CEL condition, true when the request is covered by the exception: its namespace (from
 * `request.namespace`) is listed and/or the object carries all the labels. `root` is where the
 * object is bound (`object`).
 */
export function exceptionMatchExpression(exception: AdmissionException, root: string = 'object'): string {
  const parts: string[] = [];
  if (exception.namespaces && exception.namespaces.length > 0) {
    parts.push(`request.namespace in ${celStringList(exception.namespaces)}`);
  }
  const labels = Object.entries(exception.matchLabels ?? {});
  if (labels.length > 0) {
    parts.push(`has(${root}.metadata.labels)`);
    for (const [k, v] of labels) parts.push(`${celString(k)} in ${root}.metadata.labels && ${root}.metadata.labels[${celString(k)}] == ${celString(v)}`);
  }
  return parts.join(' && ');
}

/** The match condition name of an exception (a VAP matchCondition name is a qualified name). */
export function exceptionConditionName(exception: AdmissionException): string {
  return `exception-${exception.id}`.slice(0, 63).replace(/-+$/, '');
}

/**
 * The match conditions that skip requests covered by the rule's exceptions (`name`, `expression`),
 * plus the annotations recording them on the emitted object (id, earliest expiry).
 */
export function exceptionConditions(rule: PolicyRule, exceptions: readonly AdmissionException[], root: string = 'object'): {
  conditions: Array<{ name: string; expression: string }>;
  annotations: { [key: string]: string };
} {
  const covering = exceptions.filter((e) => exceptionCovers(e, rule.id));
  if (covering.length === 0) return { conditions: [], annotations: {} };
  const earliest = [...covering].sort((a, b) => (a.expires < b.expires ? -1 : a.expires > b.expires ? 1 : 0))[0];
  return {
    conditions: covering.map((e) => ({ name: exceptionConditionName(e), expression: `!(${exceptionMatchExpression(e, root)})` })),
    annotations: {
      [EXCEPTION_ID_ANNOTATION]: covering.map((e) => e.id).join(','),
      [EXCEPTION_EXPIRES_ANNOTATION]: earliest.expires,
    },
  };
}

/** One label selector requirement. */
export interface SelectorRequirement { key: string; operator: string; values?: string[] }

/** The `kubernetes.io/metadata.name NotIn` and exempt-label expressions of a namespace selector. */
export function exemptNamespaceSelector(exemptNamespaces: readonly string[]): { matchExpressions: SelectorRequirement[] } {
  const matchExpressions: SelectorRequirement[] = [{ key: POLICY_EXEMPT_LABEL, operator: 'DoesNotExist' }];
  if (exemptNamespaces.length > 0) matchExpressions.push({ key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: [...exemptNamespaces] });
  return { matchExpressions };
}

/** Parses a Kubernetes version (`1.28`, `v1.30`, `1.30.2`) into its minor, or undefined. */
export function kubernetesMinor(version: string): number | undefined {
  const m = /^v?1\.(\d+)(\.\d+)?$/.exec(version);
  return m ? Number(m[1]) : undefined;
}

/** Turns a rule id into a Kubernetes kind-like PascalCase name, e.g. `PssRestrictedRunAsNonRoot`. */
export function pascalCase(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter((p) => p.length > 0).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
}

/**
 * The admission rules of a pack (`pss-baseline`, `pss-restricted`, `rbac-least-privilege`,
 * `hardened`) at a Pod Security version (`v1.N` or `latest`).
 *
 * @throws for an unknown pack or an invalid version
 */
export function policyRulesFor(pack: string, pssVersion: string): PolicyRule[] {
  // Loaded on use: the rule builders import this module's types and helpers.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cel = require('./cel') as typeof import('./cel');
  return cel.rulesForPack(pack, pssVersion);
}
