/**
 * Admission as each engine performs it on the emitted objects: match (resources, namespace
 * selector, kinds, excluded namespaces), then the CEL policy (`evaluator.ts`).
 *
 * - ValidatingAdmissionPolicy: the policy's `matchConstraints.resourceRules` (group, version,
 *   resource, operation) and the binding's `matchResources.namespaceSelector`; actions from the
 *   binding's `validationActions`.
 * - Kyverno ValidatingPolicy: `spec.matchConstraints` (resourceRules and namespaceSelector).
 * - Gatekeeper: the constraint's `match.kinds`, `excludedNamespaces` and `namespaceSelector`, the
 *   template's operations; the CEL source with Gatekeeper's preamble and `params` = the constraint.
 */
import { CelPrograms, CelRequest, CelVerdict, evaluateCelPolicy, GATEKEEPER_PREAMBLE } from './evaluator';

type Obj = Record<string, any>;

/** The resource (plural) of each kind the policies match. */
const RESOURCE_OF: Record<string, string> = {
  Pod: 'pods',
  ReplicationController: 'replicationcontrollers',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  Role: 'roles',
  ClusterRole: 'clusterroles',
  RoleBinding: 'rolebindings',
  ClusterRoleBinding: 'clusterrolebindings',
};

function groupVersion(apiVersion: string): [string, string] {
  return apiVersion.includes('/') ? (apiVersion.split('/') as [string, string]) : ['', apiVersion];
}

/** Whether a label selector (matchLabels, matchExpressions) selects the labels. */
export function selects(selector: Obj | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In': if (!has || !e.values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && e.values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

function namespaceLabels(request: CelRequest): Record<string, string> {
  const ns = request.namespaceObject as Obj | undefined;
  return { 'kubernetes.io/metadata.name': request.namespace ?? 'default', ...(ns?.metadata?.labels ?? {}) };
}

function resourceRulesMatch(rules: Obj[] | undefined, object: Obj, operation: string): boolean {
  const [group, version] = groupVersion(String(object.apiVersion));
  const resource = RESOURCE_OF[String(object.kind)];
  return (rules ?? []).some((r) => (r.apiGroups ?? []).some((g: string) => g === '*' || g === group)
    && (r.apiVersions ?? []).some((v: string) => v === '*' || v === version)
    && (r.operations ?? []).some((o: string) => o === '*' || o === operation)
    && (r.resources ?? []).some((x: string) => x === '*' || x === resource));
}

const SOURCES = new WeakMap<object, Obj>();

/** The CEL parts of a policy (one object per policy, so identical CEL across engines shares memoized verdicts). */
function celSource(holder: Obj): Obj {
  let s = SOURCES.get(holder);
  if (!s) {
    s = { matchConditions: holder.matchConditions ?? [], variables: holder.variables ?? [], validations: holder.validations ?? [] };
    SOURCES.set(holder, s);
  }
  return s;
}

const NOT_MATCHED: CelVerdict = { matched: false, admitted: true, denials: [], errors: [] };

/** A ValidatingAdmissionPolicy with its binding, on one request. */
export function admitVap(programs: CelPrograms, policy: Obj, binding: Obj, request: CelRequest): CelVerdict {
  const object = request.object as Obj;
  if (!resourceRulesMatch(policy.spec?.matchConstraints?.resourceRules, object, request.operation ?? 'CREATE')) return NOT_MATCHED;
  if (!selects(binding.spec?.matchResources?.namespaceSelector, namespaceLabels(request))) return NOT_MATCHED;
  const verdict = evaluateCelPolicy(programs, celSource(policy.spec) as any, request);
  const deny = (binding.spec?.validationActions ?? []).includes('Deny');
  return deny ? verdict : { ...verdict, admitted: true };
}

/** A Kyverno ValidatingPolicy on one request. */
export function admitKyvernoValidatingPolicy(programs: CelPrograms, policy: Obj, request: CelRequest): CelVerdict {
  const object = request.object as Obj;
  const mc = policy.spec?.matchConstraints ?? {};
  if (!resourceRulesMatch(mc.resourceRules, object, request.operation ?? 'CREATE')) return NOT_MATCHED;
  if (!selects(mc.namespaceSelector, namespaceLabels(request))) return NOT_MATCHED;
  const verdict = evaluateCelPolicy(programs, celSource(policy.spec) as any, request);
  const deny = (policy.spec?.validationActions ?? []).includes('Deny');
  return deny ? verdict : { ...verdict, admitted: true };
}

/** A Gatekeeper ConstraintTemplate (K8sNativeValidation) with its constraint, on one request. */
export function admitGatekeeper(programs: CelPrograms, template: Obj, constraint: Obj, request: CelRequest): CelVerdict {
  const object = request.object as Obj;
  const [group] = groupVersion(String(object.apiVersion));
  const match = constraint.spec?.match ?? {};
  const kindMatches = (match.kinds ?? []).some((k: Obj) => (k.apiGroups ?? []).some((g: string) => g === '*' || g === group)
    && (k.kinds ?? []).some((x: string) => x === '*' || x === object.kind));
  if (!kindMatches) return NOT_MATCHED;
  if ((match.excludedNamespaces ?? []).includes(request.namespace ?? 'default')) return NOT_MATCHED;
  if (!selects(match.namespaceSelector, namespaceLabels(request))) return NOT_MATCHED;
  const target = (template.spec?.targets ?? [])[0] ?? {};
  if (target.operations && !target.operations.includes(request.operation ?? 'CREATE')) return NOT_MATCHED;
  const code = (target.code ?? []).find((c: Obj) => c.engine === 'K8sNativeValidation');
  if (!code) return { matched: true, admitted: false, denials: [], errors: ['template has no K8sNativeValidation code'] };
  const params = { spec: { parameters: constraint.spec?.parameters } };
  const verdict = evaluateCelPolicy(programs, celSource(code.source) as any, request, params, GATEKEEPER_PREAMBLE);
  return constraint.spec?.enforcementAction === 'deny' ? verdict : { ...verdict, admitted: true };
}

/** The engines the proof covers, and how to judge a request against one engine's emitted objects. */
export interface Admission { admitted: boolean; matched: number; verdicts: Array<{ name: string; verdict: CelVerdict }> }

/** Every emitted policy of a set on one request. */
export function admitAll(programs: CelPrograms, objects: Obj[], request: CelRequest): Admission {
  const verdicts: Array<{ name: string; verdict: CelVerdict }> = [];
  const byName = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
  for (const o of objects) {
    if (o.kind === 'ValidatingAdmissionPolicyBinding') {
      const policy = byName('ValidatingAdmissionPolicy', o.spec.policyName);
      const verdict = policy ? admitVap(programs, policy, o, request) : { matched: true, admitted: false, denials: [], errors: [`binding ${o.metadata.name}: policy ${o.spec.policyName} not emitted`] };
      verdicts.push({ name: o.metadata.name, verdict });
    } else if (o.kind === 'ValidatingPolicy') {
      verdicts.push({ name: o.metadata.name, verdict: admitKyvernoValidatingPolicy(programs, o, request) });
    } else if (String(o.apiVersion).startsWith('constraints.gatekeeper.sh/')) {
      const template = objects.find((t) => t.kind === 'ConstraintTemplate' && t.spec?.crd?.spec?.names?.kind === o.kind);
      const verdict = template ? admitGatekeeper(programs, template, o, request) : { matched: true, admitted: false, denials: [], errors: [`constraint ${o.metadata.name}: no template for kind ${o.kind}`] };
      verdicts.push({ name: o.metadata.name, verdict });
    }
  }
  return { admitted: verdicts.every((v) => v.verdict.admitted), matched: verdicts.filter((v) => v.verdict.matched).length, verdicts };
}
