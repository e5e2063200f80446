/**
 * workload-probe-ports: probes check a port the container declares.
 *
 * Restricted: the port of httpGet, tcpSocket and grpc handlers of readinessProbe, livenessProbe and
 * startupProbe, of every regular and init container. Allowed: a number equal to one of the
 * container's ports[*].containerPort, or a name equal to one of its ports[*].name (named ports only
 * resolve against the container's own list). A probe of an undeclared port checks something the
 * NetworkPolicies and Services do not know about, or never succeeds after a port change.
 */
import { ICheck, Severity } from '../../check';
import { kubeLinter } from '../../peers/catalog';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { fail, isObject, isOutcome, pass, podOf, soc2 } from '../support';
import { podContainers } from '../workload-support';

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'];
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'];

export const workloadProbePorts: ICheck = {
  id: 'workload-probe-ports',
  title: 'Probes check ports the container declares',
  description: 'Every httpGet, tcpSocket and grpc probe names a port the container declares, by number '
    + '(ports[*].containerPort) or by name (ports[*].name).',
  severity: Severity.WARNING,
  controls: [...soc2('CC7.2')],
  kinds: [...POD_BEARING_KINDS],
  peers: [kubeLinter('liveness-port'), kubeLinter('readiness-port'), kubeLinter('startup-port')],
  evaluate: (object) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const bad: string[] = [];
    let location: string | undefined;
    for (const c of podContainers(pod)) {
      const ports: any[] = (Array.isArray(c.container.ports) ? c.container.ports : []).filter(isObject);
      for (const probe of PROBES) {
        const p = c.container[probe];
        if (!isObject(p)) continue;
        const handler = HANDLERS.find((h) => isObject(p[h]));
        if (handler === undefined) continue;
        const port = p[handler].port;
        const declared = typeof port === 'string'
          ? ports.some((d) => d.name === port) || (/^[0-9]+$/.test(port) && ports.some((d) => d.containerPort === Number(port)))
          : ports.some((d) => d.containerPort === port);
        if (declared) continue;
        bad.push(`container ${JSON.stringify(c.name)} ${probe} checks port ${JSON.stringify(port)}`);
        location ??= `${c.pointer}/${probe}/${handler}/port`;
      }
    }
    if (bad.length === 0) return pass();
    return fail('probe of an undeclared port', `${bad.join('; ')}, which the container does not declare; probe a port of its ports list`, location);
  },
};
