import { Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import * as D from './defaults';
import { constructError, quote } from '../private/errors';
import { DNS1123_SUBDOMAIN_RULE, isDns1123Subdomain } from '../private/validation';

/**
 * Context key naming the default PriorityClass of hardened workloads.
 *
 * Set it on the app before adding charts (`app.node.setContext(PRIORITY_CLASS_NAME_CONTEXT_KEY, 'team-a-workload')`)
 * to share a cluster with another cdk8s-hardened app that uses other priorities; a chart-level value
 * names the class for that chart's workloads. Default `cdk8s-hardened-workload`.
 */
export const PRIORITY_CLASS_NAME_CONTEXT_KEY = 'cdk8s-hardened:priorityClassName';

/** Construct id of the emitted PriorityClass in its chart (part of the contract: escape hatches find it). */
export const PRIORITY_CLASS_ID = 'cdk8s-hardened.PriorityClass';

/** Per construct tree (the app), the PriorityClass emitted for each name. */
const EMITTED = new WeakMap<IConstruct, Map<string, kplus.k8s.KubePriorityClass>>();

/**
 * The name of the default PriorityClass for workloads under `scope`: the context value of
 * `PRIORITY_CLASS_NAME_CONTEXT_KEY`, else `cdk8s-hardened-workload`.
 */
export function defaultPriorityClassName(scope: IConstruct): string {
  const name = scope.node.tryGetContext(PRIORITY_CLASS_NAME_CONTEXT_KEY) ?? D.PRIORITY_CLASS.name;
  if (!isDns1123Subdomain(name)) {
    throw constructError(scope, `context '${PRIORITY_CLASS_NAME_CONTEXT_KEY}' ${quote(name)} is not a PriorityClass name; use ${DNS1123_SUBDOMAIN_RULE} (e.g. '${D.PRIORITY_CLASS.name}')`);
  }
  if (name.startsWith('system-')) {
    throw constructError(scope, `context '${PRIORITY_CLASS_NAME_CONTEXT_KEY}' ${quote(name)} is not allowed; the 'system-' prefix is reserved for Kubernetes' own priority classes, choose another name (e.g. '${D.PRIORITY_CLASS.name}')`);
  }
  return name;
}

/**
 * Creates the default PriorityClass once per app and returns its name.
 *
 * Every hardened workload that is not given a `priorityClassName` uses it, so the pods are
 * scheduled with a non-zero priority that never preempts other pods (Polaris `priorityClassNotSet`).
 *
 * A PriorityClass is cluster-scoped: one app emits it once, in the chart of the first workload that
 * needs it (child id `cdk8s-hardened.PriorityClass`), without a namespace even in a chart that has
 * one; workloads in later charts reference it by name. cdk8s writes one file per chart, so apply all
 * of an app's files (Kubernetes retries the pods of a workload applied before the class exists). No
 * chart dependency is added for it: that could close a cycle with the app's own dependencies.
 */
export function ensureDefaultPriorityClass(scope: IConstruct): string {
  const name = defaultPriorityClassName(scope);
  const root = scope.node.root;
  let byName = EMITTED.get(root);
  if (!byName) {
    byName = new Map();
    EMITTED.set(root, byName);
  }
  if (!byName.has(name)) {
    const chart = Chart.of(scope);
    const id = name === D.PRIORITY_CLASS.name ? PRIORITY_CLASS_ID : `${PRIORITY_CLASS_ID}.${name}`;
    const pc = new kplus.k8s.KubePriorityClass(chart, id, {
      metadata: { name },
      value: D.PRIORITY_CLASS.value,
      preemptionPolicy: D.PRIORITY_CLASS.preemptionPolicy,
      globalDefault: D.PRIORITY_CLASS.globalDefault,
      description: D.PRIORITY_CLASS.description,
    });
    // PriorityClass is cluster-scoped: drop the namespace a Chart-level default would add.
    if (chart.namespace) pc.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    byName.set(name, pc);
  }
  return name;
}
