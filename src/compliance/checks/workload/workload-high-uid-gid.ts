/**
 * workload-high-uid-gid: containers run with a uid and gid of 10001 or more.
 *
 * Restricted: runAsUser and runAsGroup, from the container securityContext or else the pod
 * securityContext, for every container. Allowed: integers >= 10001. Low ids collide with host
 * users and system groups (uid 1000 is often the node's first user); if a container escapes, a high
 * id owns nothing on the host. Unset ids mean the image's USER decides, which the manifest cannot
 * show. Windows pods do not apply.
 */
import { ICheck, Severity } from '../../check';
import { checkov, kubeScore, trivy } from '../../peers/catalog';
import { fail, isObject, isOutcome, notApplicable, pass, pci, podOf, soc2 } from '../support';

/** The lowest uid/gid accepted (kube-score, Checkov and Polaris agree on > 10000). */
export const MIN_ID = 10001;

export const workloadHighUidGid: ICheck = {
  id: 'workload-high-uid-gid',
  title: 'Containers run as uid and gid >= 10001',
  description: `Every container sets (itself or through the pod securityContext) runAsUser and runAsGroup to ${MIN_ID} `
    + 'or more, so its identity maps to no user or group of the host.',
  severity: Severity.WARNING,
  controls: [...soc2('CC6.8'), ...pci('2.2.6')],
  kinds: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'],
  peers: [kubeScore('container-security-context-user-group-id'), checkov('CKV_K8S_40'), trivy('KSV020'), trivy('KSV021')],
  evaluate: (object) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    if (isObject(pod.spec.os) && pod.spec.os.name === 'windows') return notApplicable('Windows pod');
    if (pod.containers.length === 0) return notApplicable('no containers');
    const podContext = isObject(pod.spec.securityContext) ? pod.spec.securityContext : {};
    const bad: string[] = [];
    let location: string | undefined;
    for (const c of pod.containers) {
      const ctx = isObject(c.container.securityContext) ? c.container.securityContext : {};
      const problems: string[] = [];
      for (const field of ['runAsUser', 'runAsGroup']) {
        const value = ctx[field] ?? podContext[field];
        if (value === undefined || value === null) problems.push(`${field} unset`);
        else if (!Number.isInteger(value) || value < MIN_ID) problems.push(`${field}=${JSON.stringify(value)}`);
      }
      if (problems.length === 0) continue;
      bad.push(`container ${JSON.stringify(c.name)} has ${problems.join(', ')}`);
      location ??= `${c.pointer}/securityContext`;
    }
    if (bad.length === 0) return pass();
    return fail(`uid or gid below ${MIN_ID}`, `${bad.join('; ')}; set runAsUser and runAsGroup >= ${MIN_ID}`, location);
  },
};
