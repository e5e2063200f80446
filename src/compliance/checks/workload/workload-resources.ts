/**
 * workload-resources: containers request and limit cpu, memory and ephemeral-storage.
 *
 * Restricted: resources.requests and resources.limits of spec.containers[*] and
 * spec.initContainers[*] (ephemeral containers cannot set resources). Required keys: `cpu`,
 * `memory`, `ephemeral-storage`, in both. Without limits one pod can starve the node (CPU, memory,
 * disk via logs and emptyDir) and evict its neighbours; without requests the scheduler overcommits.
 */
import { ICheck, Severity } from '../../check';
import { checkov, kubeLinter, kubeScore, polaris, trivy } from '../../peers/catalog';
import { fail, isObject, isOutcome, notApplicable, pass, pci, podOf, soc2 } from '../support';

const RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

export const workloadResources: ICheck = {
  id: 'workload-resources',
  title: 'Containers set cpu, memory and ephemeral-storage requests and limits',
  description: 'Every regular and init container sets requests and limits for cpu, memory and ephemeral-storage, '
    + 'so no workload can exhaust a node\'s resources and take its neighbours down.',
  severity: Severity.WARNING,
  controls: [...soc2('CC7.2'), ...pci('2.2.1')],
  kinds: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'],
  peers: [
    kubeScore('container-resources'),
    kubeScore('container-ephemeral-storage-request-and-limit'),
    kubeLinter('unset-cpu-requirements'),
    kubeLinter('unset-memory-requirements'),
    polaris('cpuLimitsMissing'),
    polaris('cpuRequestsMissing'),
    polaris('memoryLimitsMissing'),
    polaris('memoryRequestsMissing'),
    checkov('CKV_K8S_10'),
    checkov('CKV_K8S_11'),
    checkov('CKV_K8S_12'),
    checkov('CKV_K8S_13'),
    trivy('KSV011'),
    trivy('KSV015'),
    trivy('KSV016'),
    trivy('KSV018'),
  ],
  evaluate: (object) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const containers = pod.containers.filter((c) => c.field !== 'ephemeralContainers');
    if (containers.length === 0) return notApplicable('no containers');
    const bad: string[] = [];
    let location: string | undefined;
    for (const c of containers) {
      const resources = isObject(c.container.resources) ? c.container.resources : {};
      const missing: string[] = [];
      for (const section of ['requests', 'limits']) {
        const values = isObject(resources[section]) ? resources[section] : {};
        for (const r of RESOURCES) {
          const v = values[r];
          if (!((typeof v === 'string' && v.length > 0) || typeof v === 'number')) missing.push(`${section}.${r}`);
        }
      }
      if (missing.length === 0) continue;
      bad.push(`container ${JSON.stringify(c.name)} must set resources.${missing.join(', resources.')}`);
      location ??= `${c.pointer}/resources`;
    }
    if (bad.length === 0) return pass();
    return fail('missing resource requests or limits', bad.join('; '), location);
  },
};
