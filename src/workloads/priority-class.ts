import { Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import * as D from './defaults';

const PRIORITY_CLASS_ID = 'cdk8s-hardened.PriorityClass';

/**
 * Creates the default PriorityClass `cdk8s-hardened-workload` once and returns its name.
 *
 * Every hardened workload that is not given a `priorityClassName` uses it, so the pods are
 * scheduled with a non-zero priority that never preempts other pods (Polaris `priorityClassNotSet`).
 */
export function ensureDefaultPriorityClass(scope: IConstruct): string {
  const chart = Chart.of(scope);
  if (!chart.node.tryFindChild(PRIORITY_CLASS_ID)) {
    const pc = new kplus.k8s.KubePriorityClass(chart, PRIORITY_CLASS_ID, {
      metadata: { name: D.PRIORITY_CLASS.name },
      value: D.PRIORITY_CLASS.value,
      preemptionPolicy: D.PRIORITY_CLASS.preemptionPolicy,
      globalDefault: D.PRIORITY_CLASS.globalDefault,
      description: D.PRIORITY_CLASS.description,
    });
    // PriorityClass is cluster-scoped: drop the namespace a Chart-level default would add.
    if (chart.namespace) pc.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  return D.PRIORITY_CLASS.name;
}
