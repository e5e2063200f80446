/**
 * workload-no-privileged-ports: containers listen on unprivileged ports.
 *
 * Restricted: ports[*].containerPort of every regular and init container. Allowed: 1024 and above.
 * A port below 1024 can only be bound by root or with CAP_NET_BIND_SERVICE, so declaring one means
 * the container runs with a privilege the hardened containers drop; a Service maps any external port
 * to an unprivileged container port instead.
 */
import { ICheck, Severity } from '../../check';
import { kubeLinter, trivy } from '../../peers/catalog';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { fail, isObject, isOutcome, pass, pci, podOf, soc2 } from '../support';
import { podContainers } from '../workload-support';

/** The lowest port a process without CAP_NET_BIND_SERVICE can bind. */
export const FIRST_UNPRIVILEGED_PORT = 1024;

export const workloadNoPrivilegedPorts: ICheck = {
  id: 'workload-no-privileged-ports',
  title: 'Containers listen on ports 1024 and above',
  description: `No container declares a containerPort below ${FIRST_UNPRIVILEGED_PORT}: binding one needs root or `
    + 'CAP_NET_BIND_SERVICE; map external ports in the Service instead.',
  severity: Severity.WARNING,
  controls: [...soc2('CC6.8'), ...pci('2.2.6')],
  kinds: [...POD_BEARING_KINDS],
  peers: [kubeLinter('privileged-ports'), trivy('KSV117')],
  evaluate: (object) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const bad: string[] = [];
    let location: string | undefined;
    for (const c of podContainers(pod)) {
      (Array.isArray(c.container.ports) ? c.container.ports : []).forEach((p: any, i: number) => {
        if (!isObject(p) || !Number.isInteger(p.containerPort) || p.containerPort >= FIRST_UNPRIVILEGED_PORT) return;
        bad.push(`container ${JSON.stringify(c.name)} declares containerPort ${p.containerPort}`);
        location ??= `${c.pointer}/ports/${i}/containerPort`;
      });
    }
    if (bad.length === 0) return pass();
    return fail('privileged port', `${bad.join('; ')}; listen on a port >= ${FIRST_UNPRIVILEGED_PORT} and map it in the Service`, location);
  },
};
