/**
 * Label selectors and NetworkPolicy selection, exactly as Kubernetes evaluates them.
 *
 * Shared by the checks (NetworkPolicy coverage, PDBs) and the scorecard, so every place that asks
 * "which policies select this pod?" gets the same answer as the API server and the CNI would.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import { ICheckContext } from './check';
import { cachedIn } from './context';
import { podTemplateOf } from './pod-spec';

/** The namespace an object without `metadata.namespace` lands in when applied. */
export const DEFAULT_NAMESPACE = 'default';

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Why a label selector is invalid, or undefined when it is valid.
 *
 * Mirrors `metav1.LabelSelectorAsSelector`: `In`/`NotIn` need at least one value, `Exists`/
 * `DoesNotExist` take none, other operators are unknown. The API server rejects objects with an
 * invalid selector, so an invalid selector selects nothing here.
 */
export function labelSelectorError(selector: unknown): string | undefined {
  if (selector === undefined || selector === null) return undefined;
  if (!isObject(selector)) return 'selector is not an object';
  const { matchLabels, matchExpressions } = selector;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isObject(matchLabels)) return 'matchLabels is not an object';
    for (const [k, v] of Object.entries(matchLabels)) {
      if (typeof v !== 'string') return `matchLabels "${k}" is not a string`;
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) return 'matchExpressions is not a list';
    for (const [i, e] of matchExpressions.entries()) {
      if (!isObject(e) || typeof e.key !== 'string') return `matchExpressions[${i}] has no key`;
      const values = e.values ?? [];
      if (!Array.isArray(values) || values.some((v: unknown) => typeof v !== 'string')) return `matchExpressions[${i}].values is not a list of strings`;
      switch (e.operator) {
        case 'In':
        case 'NotIn':
          if (values.length === 0) return `matchExpressions[${i}]: for '${e.operator}' operator, values set can't be empty`;
          break;
        case 'Exists':
        case 'DoesNotExist':
          if (values.length > 0) return `matchExpressions[${i}]: values set must be empty for '${e.operator}' operator`;
          break;
        default:
          return `matchExpressions[${i}]: ${JSON.stringify(e.operator)} is not a valid label selector operator`;
      }
    }
  }
  return undefined;
}

/**
 * Whether a `metav1.LabelSelector` selects an object with these labels.
 *
 * `matchLabels` and every `matchExpressions` requirement are ANDed. An empty selector (`{}`)
 * selects everything; a missing (`null`/`undefined`) or invalid selector selects nothing, as
 * `LabelSelectorAsSelector` returns `labels.Nothing()` for nil. `NotIn` and `DoesNotExist` match
 * objects that lack the key.
 *
 * @param selector the selector as written in the manifest
 * @param labels the object's labels (`metadata.labels`); non-string values are ignored
 */
export function matchesLabelSelector(selector: unknown, labels: unknown): boolean {
  if (selector === undefined || selector === null) return false;
  if (!isValidSelector(selector)) return false;
  return matchesValidSelector(selector as Record<string, any>, labels);
}

/**
 * The items whose labels a selector selects, in order: {@link matchesLabelSelector} for each, the
 * selector validated once (a Service or PodDisruptionBudget is matched against every pod owner of
 * its namespace).
 */
export function selectedBy<T>(selector: unknown, items: readonly T[], labelsOf: (item: T) => unknown): T[] {
  if (selector === undefined || selector === null || !isValidSelector(selector)) return [];
  const sel = selector as Record<string, any>;
  return items.filter((item) => matchesValidSelector(sel, labelsOf(item)));
}

/** Whether a selector selects any of the items: {@link selectedBy}, stopping at the first match. */
export function selectsAny<T>(selector: unknown, items: readonly T[], labelsOf: (item: T) => unknown): boolean {
  if (selector === undefined || selector === null || !isValidSelector(selector)) return false;
  const sel = selector as Record<string, any>;
  return items.some((item) => matchesValidSelector(sel, labelsOf(item)));
}

function matchesValidSelector(sel: Record<string, any>, labels: unknown): boolean {
  const have = isObject(labels) ? labels : undefined;
  // Called for every (policy, pod) and (service, pod) pair of a namespace: no allocation here.
  const matchLabels = sel.matchLabels;
  if (isObject(matchLabels)) {
    for (const key in matchLabels) {
      if (!HAS_OWN.call(matchLabels, key)) continue;
      if (labelOf(have, key) !== matchLabels[key]) return false;
    }
  }
  const expressions = sel.matchExpressions as Array<{ key: string; operator: string; values?: string[] }> | undefined | null;
  if (expressions === undefined || expressions === null) return true;
  for (const e of expressions) {
    const value = labelOf(have, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (value === undefined) return false;
        break;
      case 'DoesNotExist':
        if (value !== undefined) return false;
        break;
    }
  }
  return true;
}

const HAS_OWN = Object.prototype.hasOwnProperty;

/** A label's value: only string values are labels; own keys only, so prototype keys (`constructor`) are not labels. */
function labelOf(labels: Record<string, any> | undefined, key: string): string | undefined {
  if (labels === undefined || !HAS_OWN.call(labels, key)) return undefined;
  const value = labels[key];
  return typeof value === 'string' ? value : undefined;
}

const validity = new WeakMap<object, boolean>();

/** Whether a selector is valid, computed once per selector object. */
function isValidSelector(selector: unknown): boolean {
  if (!isObject(selector)) return false;
  let valid = validity.get(selector);
  if (valid === undefined) {
    valid = labelSelectorError(selector) === undefined;
    validity.set(selector, valid);
  }
  return valid;
}

/** The namespace an object is applied to: `metadata.namespace`, else `default`. */
export function namespaceOf(object: unknown): string {
  const ns = isObject(object) && isObject(object.metadata) ? object.metadata.namespace : undefined;
  return typeof ns === 'string' && ns.length > 0 ? ns : DEFAULT_NAMESPACE;
}

/**
 * The directions a NetworkPolicy applies to, as the API server defaults `spec.policyTypes`.
 *
 * Without `policyTypes`, a policy always affects Ingress, and Egress only when it has an `egress`
 * section.
 */
export function networkPolicyTypes(policy: unknown): { ingress: boolean; egress: boolean } {
  const spec = isObject(policy) && isObject(policy.spec) ? policy.spec : {};
  if (Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0) {
    return { ingress: spec.policyTypes.includes('Ingress'), egress: spec.policyTypes.includes('Egress') };
  }
  return { ingress: true, egress: spec.egress !== undefined && spec.egress !== null };
}

/**
 * The pod selector of a NetworkPolicy. `spec.podSelector` is a required, non-pointer field in the
 * API, so a missing one decodes as the empty selector: all pods of the namespace.
 */
function podSelectorOf(policy: any): unknown {
  const spec = isObject(policy?.spec) ? policy.spec : {};
  return spec.podSelector === undefined || spec.podSelector === null ? {} : spec.podSelector;
}

/**
 * The NetworkPolicies of the set that select a pod with these labels in this namespace.
 *
 * @param labels the pod labels (a workload's pod template labels)
 * @param namespace the pod's namespace
 */
export function networkPoliciesSelecting(labels: unknown, namespace: string, context: ICheckContext): any[] {
  return objectsInNamespace(context, 'NetworkPolicy', namespace).filter((p) => matchesLabelSelector(podSelectorOf(p), labels));
}

/**
 * Objects of a kind applied to a namespace, in input order: those whose `metadata.namespace` is it
 * and, for `default`, also those without a namespace. Uses the context's index (no walk of the set).
 */
export function objectsInNamespace(context: ICheckContext, kind: string, namespace: string): any[] {
  const named = context.objectsOfKind(kind, namespace);
  if (namespace !== DEFAULT_NAMESPACE) return named;
  // Once per evaluation and kind: walking every object of the kind on each call would make the
  // checks of workloads in `default` quadratic in the size of the set.
  return cachedIn(context, `selectors.objectsInDefaultNamespace\u0000${kind}`, () => {
    const unnamed = context.objectsOfKind(kind).filter((o) => !(isObject(o.metadata) && typeof o.metadata.namespace === 'string' && o.metadata.namespace.length > 0));
    if (unnamed.length === 0) return named;
    const order = new Set([...named, ...unnamed]);
    return context.objectsOfKind(kind).filter((o) => order.has(o));
  });
}

/** Which directions the policies selecting a workload's pods isolate. */
export interface PolicyCoverage {
  /** Some selecting policy has `Ingress` among its (defaulted) policyTypes. */
  readonly ingress: boolean;
  /** Some selecting policy has `Egress` among its (defaulted) policyTypes. */
  readonly egress: boolean;
  /** The selecting policies, in input order. */
  readonly policies: any[];
}

/**
 * Whether the pods of a workload are isolated for ingress and egress by NetworkPolicies of the set.
 *
 * A pod is isolated for a direction as soon as one policy selecting it has that policy type; the
 * allowed traffic is then the union of those policies' rules (a default-deny plus allowances is
 * the intended pattern). Objects that are not pod-bearing are covered by nothing.
 */
export function policiesCovering(workload: unknown, context: ICheckContext): PolicyCoverage {
  // Asked twice per workload (the network-policy-coverage check and the scorecard): answer once.
  if (typeof workload !== 'object' || workload === null) return coverageOf(workload, context);
  const cache = cachedIn(context, 'selectors.policiesCovering', () => new WeakMap<object, PolicyCoverage>());
  let coverage = cache.get(workload);
  if (!coverage) {
    coverage = coverageOf(workload, context);
    cache.set(workload, coverage);
  }
  return coverage;
}

function coverageOf(workload: unknown, context: ICheckContext): PolicyCoverage {
  const template = podTemplateOf(workload);
  if (!template) return { ingress: false, egress: false, policies: [] };
  const policies = networkPoliciesSelecting(template.metadata.labels, namespaceOf(workload), context);
  let ingress = false;
  let egress = false;
  for (const p of policies) {
    const t = networkPolicyTypes(p);
    ingress = ingress || t.ingress;
    egress = egress || t.egress;
  }
  return { ingress, egress, policies };
}

/**
 * Whether a NetworkPolicy is a default-deny for a direction: it selects every pod of its namespace
 * (empty pod selector), has that policy type and allows nothing in that direction (no rules).
 */
export function isDefaultDeny(policy: unknown, direction: 'ingress' | 'egress'): boolean {
  if (!isObject(policy) || policy.kind !== 'NetworkPolicy') return false;
  const selector = podSelectorOf(policy);
  if (!isObject(selector) || !matchesEverything(selector)) return false;
  if (!networkPolicyTypes(policy)[direction]) return false;
  const rules = isObject(policy.spec) ? policy.spec[direction] : undefined;
  return rules === undefined || rules === null || (Array.isArray(rules) && rules.length === 0);
}

/** Whether the namespace has default-deny policies for ingress and for egress (one or two policies). */
export function namespaceDefaultDeny(namespace: string, context: ICheckContext): { ingress: boolean; egress: boolean } {
  const policies = objectsInNamespace(context, 'NetworkPolicy', namespace);
  return {
    ingress: policies.some((p) => isDefaultDeny(p, 'ingress')),
    egress: policies.some((p) => isDefaultDeny(p, 'egress')),
  };
}

function matchesEverything(selector: Record<string, any>): boolean {
  const labels = selector.matchLabels;
  const exprs = selector.matchExpressions;
  return (labels === undefined || labels === null || (isObject(labels) && Object.keys(labels).length === 0))
    && (exprs === undefined || exprs === null || (Array.isArray(exprs) && exprs.length === 0));
}
