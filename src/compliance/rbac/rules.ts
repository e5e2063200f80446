/**
 * RBAC policy rules as the Kubernetes RBAC authorizer reads them.
 *
 * A rule allows a request when its verbs, API groups, resources (with `*\/subresource`) and resource
 * names all match, exactly as `k8s.io/component-helpers/auth/rbac/validation` does; `*` matches
 * anything in verbs, apiGroups, resources and as a trailing wildcard in nonResourceURLs. RBAC is
 * case-sensitive and only additive: there are no deny rules.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 */

/** The wildcard of verbs, apiGroups, resources and nonResourceURLs. */
export const WILDCARD = '*';

/** A policy rule with every field an array of strings (non-strings dropped, missing fields empty). */
export interface NormalizedRule {
  readonly verbs: string[];
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly resourceNames: string[];
  readonly nonResourceURLs: string[];
}

/** A resource request attribute set, as `kubectl auth can-i` sends it. */
export interface ResourceRequest {
  /** e.g. `get`, `list`, `create`, `impersonate`. */
  readonly verb: string;
  /** Plural resource, e.g. `pods`. */
  readonly resource: string;
  /** e.g. `exec` for `pods/exec`. */
  readonly subresource?: string;
  /** API group, `''` (core) when omitted. */
  readonly apiGroup?: string;
  /** A specific object name. */
  readonly name?: string;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Reads one rule; anything malformed becomes an empty list (an empty list matches nothing). */
export function normalizeRule(rule: unknown): NormalizedRule {
  const r = isObject(rule) ? rule : {};
  return {
    verbs: strings(r.verbs),
    apiGroups: strings(r.apiGroups),
    resources: strings(r.resources),
    resourceNames: strings(r.resourceNames),
    nonResourceURLs: strings(r.nonResourceURLs),
  };
}

/** The rules of a Role or ClusterRole as written (aggregation not resolved), normalized. */
export function rulesOf(role: unknown): NormalizedRule[] {
  if (!isObject(role) || !Array.isArray(role.rules)) return [];
  return role.rules.map(normalizeRule);
}

/** Splits `pods/exec` into `{ resource: 'pods', subresource: 'exec' }`. */
export function splitResource(resource: string): { resource: string; subresource?: string } {
  const slash = resource.indexOf('/');
  if (slash < 0) return { resource };
  return { resource: resource.slice(0, slash), subresource: resource.slice(slash + 1) };
}

/** Whether the rule lists the verb or `*`. */
export function verbMatches(rule: NormalizedRule, verb: string): boolean {
  return rule.verbs.some((v) => v === WILDCARD || v === verb);
}

/** Whether the rule lists the API group or `*`. */
export function apiGroupMatches(rule: NormalizedRule, apiGroup: string): boolean {
  return rule.apiGroups.some((g) => g === WILDCARD || g === apiGroup);
}

/**
 * Whether the rule lists the resource: `*`, the exact `resource[/subresource]`, or `*\/subresource`.
 */
export function resourceMatches(rule: NormalizedRule, resource: string, subresource?: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return rule.resources.some((r) => r === WILDCARD || r === combined || (!!subresource && r === `*/${subresource}`));
}

/** Whether the rule allows the name: any name when resourceNames is empty, else only listed names. */
export function resourceNameMatches(rule: NormalizedRule, name?: string): boolean {
  if (rule.resourceNames.length === 0) return true;
  return name !== undefined && name !== '' && rule.resourceNames.includes(name);
}

/** Whether the rule allows the resource request (all four attributes match). */
export function ruleAllows(rule: NormalizedRule, request: ResourceRequest): boolean {
  return verbMatches(rule, request.verb)
    && apiGroupMatches(rule, request.apiGroup ?? '')
    && resourceMatches(rule, request.resource, request.subresource)
    && resourceNameMatches(rule, request.name);
}

/** Whether the rule allows the verb on a non-resource URL (`/healthz`, `/metrics`; `/api/*` as a prefix). */
export function ruleAllowsNonResource(rule: NormalizedRule, verb: string, url: string): boolean {
  if (!verbMatches(rule, verb)) return false;
  return rule.nonResourceURLs.some((u) => u === WILDCARD || u === url || (u.endsWith('*') && url.startsWith(u.slice(0, -1))));
}

/**
 * Whether the rule grants the verb on the resource for at least one object, ignoring names.
 *
 * Used by the least-privilege checks: `get secrets` restricted to `resourceNames` still grants a get.
 */
export function ruleGrants(rule: NormalizedRule, verb: string, apiGroup: string, resource: string, subresource?: string): boolean {
  return verbMatches(rule, verb) && apiGroupMatches(rule, apiGroup) && resourceMatches(rule, resource, subresource);
}

/** The verbs of `verbs` that the rule grants on the resource (ignoring names), in the given order. */
export function grantedVerbs(rule: NormalizedRule, verbs: readonly string[], apiGroup: string, resource: string, subresource?: string): string[] {
  return verbs.filter((v) => ruleGrants(rule, v, apiGroup, resource, subresource));
}
