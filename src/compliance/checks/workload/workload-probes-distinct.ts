/**
 * workload-probes-distinct: readiness and liveness probes check different things.
 *
 * Restricted: readinessProbe and livenessProbe of every regular container of long-running kinds.
 * Forbidden: the two probes running the same handler: the same httpGet path and port, the same
 * tcpSocket port, the same grpc port and service, or the same exec command. A busy pod then fails
 * liveness exactly when it should only leave the endpoints, and is restarted under load, which
 * cascades. Containers without one of the probes are judged by workload-probes.
 */
import { ICheck, Severity } from '../../check';
import { kubeScore } from '../../peers/catalog';
import { fail, isObject, isOutcome, notApplicable, pass, podOf, soc2 } from '../support';
import { LONG_RUNNING_KINDS } from '../workload-support';

/** What a probe runs, as a comparable string, or undefined when it has no known handler. */
export function probeHandler(probe: any): string | undefined {
  if (!isObject(probe)) return undefined;
  if (isObject(probe.httpGet)) return `GET ${JSON.stringify(probe.httpGet.path ?? '/')} on port ${JSON.stringify(probe.httpGet.port)}`;
  if (isObject(probe.tcpSocket)) return `TCP port ${JSON.stringify(probe.tcpSocket.port)}`;
  if (isObject(probe.grpc)) return `gRPC port ${JSON.stringify(probe.grpc.port)} service ${JSON.stringify(probe.grpc.service ?? '')}`;
  if (isObject(probe.exec)) return `exec ${JSON.stringify(probe.exec.command)}`;
  return undefined;
}

export const workloadProbesDistinct: ICheck = {
  id: 'workload-probes-distinct',
  title: 'Readiness and liveness probes check different handlers',
  description: 'No container\'s readinessProbe and livenessProbe run the same HTTP path and port, TCP port, gRPC service '
    + 'or command, so a busy pod is taken out of rotation instead of restarted.',
  severity: Severity.WARNING,
  controls: [...soc2('CC7.2')],
  kinds: [...LONG_RUNNING_KINDS],
  peers: [kubeScore('pod-probes-identical')],
  evaluate: (object) => {
    const pod = podOf(object, LONG_RUNNING_KINDS);
    if (isOutcome(pod)) return pod;
    const containers = pod.containers.filter((c) => c.field === 'containers');
    if (containers.length === 0) return notApplicable('no containers');
    const bad: string[] = [];
    let location: string | undefined;
    for (const c of containers) {
      const readiness = probeHandler(c.container.readinessProbe);
      if (readiness === undefined || readiness !== probeHandler(c.container.livenessProbe)) continue;
      bad.push(`container ${JSON.stringify(c.name)} readiness and liveness both ${readiness}`);
      location ??= `${c.pointer}/livenessProbe`;
    }
    if (bad.length === 0) return pass();
    return fail('identical readiness and liveness probes', `${bad.join('; ')}; check different paths, ports or commands (e.g. /readyz and /livez)`, location);
  },
};
