/**
 * workload-probes: long-running containers declare readiness and liveness probes.
 *
 * Restricted: spec.containers[*].readinessProbe and .livenessProbe (regular containers only: init
 * and ephemeral containers cannot have them). Allowed: any probe. Applies to long-running kinds:
 * Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController (not Job, CronJob).
 * Without readiness, traffic reaches pods that cannot serve; without liveness, a hung process is
 * never restarted.
 */
import { ICheck, Severity } from '../../check';
import { checkov, kubeLinter, kubeScore, polaris } from '../../peers/catalog';
import { fail, isObject, isOutcome, notApplicable, pass, podOf, quoted, soc2 } from '../support';

const LONG_RUNNING = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController'];

export const workloadProbes: ICheck = {
  id: 'workload-probes',
  title: 'Containers declare readiness and liveness probes',
  description: 'Every regular container of a long-running workload declares a readinessProbe (traffic only to '
    + 'pods that can serve) and a livenessProbe (hung processes are restarted).',
  severity: Severity.WARNING,
  controls: [...soc2('CC7.2')],
  kinds: LONG_RUNNING,
  peers: [
    kubeScore('pod-probes', 'kube-score also judges identical probes, as workload-probes-distinct does'),
    kubeLinter('no-liveness-probe'),
    kubeLinter('no-readiness-probe'),
    polaris('livenessProbeMissing'),
    polaris('readinessProbeMissing'),
    checkov('CKV_K8S_8'),
    checkov('CKV_K8S_9'),
  ],
  evaluate: (object) => {
    const pod = podOf(object, LONG_RUNNING);
    if (isOutcome(pod)) return pod;
    const containers = pod.containers.filter((c) => c.field === 'containers');
    if (containers.length === 0) return notApplicable('no containers');
    const noReadiness = containers.filter((c) => !isObject(c.container.readinessProbe));
    const noLiveness = containers.filter((c) => !isObject(c.container.livenessProbe));
    if (noReadiness.length === 0 && noLiveness.length === 0) return pass();
    const parts: string[] = [];
    if (noReadiness.length > 0) parts.push(`containers ${quoted(noReadiness.map((c) => c.name))} must set readinessProbe`);
    if (noLiveness.length > 0) parts.push(`containers ${quoted(noLiveness.map((c) => c.name))} must set livenessProbe`);
    return fail('missing probes', parts.join('; '), (noReadiness[0] ?? noLiveness[0]).pointer);
  },
};
