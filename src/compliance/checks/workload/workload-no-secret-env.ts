/**
 * workload-no-secret-env: Secrets reach containers as files, never as environment variables.
 *
 * Restricted: env[*].valueFrom.secretKeyRef and envFrom[*].secretRef of every container. Allowed:
 * secret volumes (or projected volumes) mounted read-only. Environment variables leak into crash
 * dumps, child processes, `/proc/<pid>/environ` and logs, and cannot be rotated without a restart.
 * CIS 5.4.1 (v1.10 and v1.12).
 */
import { ICheck, Severity } from '../../check';
import { checkov, kubeLinter } from '../../peers/catalog';
import { cis, fail, hipaa, isObject, isOutcome, pass, pci, podOf, soc2 } from '../support';

export const workloadNoSecretEnv: ICheck = {
  id: 'workload-no-secret-env',
  title: 'Containers read Secrets from mounted files, not environment variables',
  description: 'No container takes a Secret through env valueFrom.secretKeyRef or envFrom.secretRef; mount the '
    + 'Secret as a read-only volume instead.',
  severity: Severity.ERROR,
  controls: [...cis('5.4.1'), ...soc2('CC6.1'), ...pci('8.6.2'), ...hipaa('164.312(a)(1)')],
  kinds: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'],
  peers: [kubeLinter('read-secret-from-env-var'), checkov('CKV_K8S_35')],
  evaluate: (object) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const bad: string[] = [];
    let location: string | undefined;
    for (const c of pod.containers) {
      const uses: string[] = [];
      (Array.isArray(c.container.env) ? c.container.env : []).forEach((e: any, i: number) => {
        if (isObject(e) && isObject(e.valueFrom) && isObject(e.valueFrom.secretKeyRef)) {
          uses.push(`env ${JSON.stringify(typeof e.name === 'string' ? e.name : `<${i}>`)}`);
          location ??= `${c.pointer}/env/${i}/valueFrom/secretKeyRef`;
        }
      });
      (Array.isArray(c.container.envFrom) ? c.container.envFrom : []).forEach((e: any, i: number) => {
        if (isObject(e) && isObject(e.secretRef)) {
          uses.push(`envFrom secret ${JSON.stringify(typeof e.secretRef.name === 'string' ? e.secretRef.name : `<${i}>`)}`);
          location ??= `${c.pointer}/envFrom/${i}/secretRef`;
        }
      });
      if (uses.length > 0) bad.push(`container ${JSON.stringify(c.name)} takes ${uses.join(', ')} from a Secret`);
    }
    if (bad.length === 0) return pass();
    return fail('Secret in environment variables', `${bad.join('; ')}; mount the Secret as a read-only volume instead`, location);
  },
};
