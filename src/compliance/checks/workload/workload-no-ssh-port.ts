/**
 * workload-no-ssh-port: no container exposes the SSH port.
 *
 * Restricted: ports[*].containerPort of every regular and init container. Forbidden: 22 (TCP, the
 * default protocol). An SSH daemon in a container is a second, unaudited way in, with its own keys,
 * beside `kubectl exec` and its RBAC.
 */
import { ICheck, Severity } from '../../check';
import { kubeLinter } from '../../peers/catalog';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { fail, isObject, isOutcome, pass, pci, podOf, soc2 } from '../support';
import { podContainers } from '../workload-support';

/** The SSH port. */
export const SSH_PORT = 22;

export const workloadNoSshPort: ICheck = {
  id: 'workload-no-ssh-port',
  title: 'Containers do not expose port 22 (SSH)',
  description: 'No container declares containerPort 22 over TCP: remote shells go through `kubectl exec`, which RBAC '
    + 'and the audit log govern.',
  severity: Severity.WARNING,
  controls: [...soc2('CC6.6'), ...pci('1.2.5', '2.2.4')],
  kinds: [...POD_BEARING_KINDS],
  peers: [kubeLinter('ssh-port')],
  evaluate: (object) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    for (const c of podContainers(pod)) {
      const ports = Array.isArray(c.container.ports) ? c.container.ports : [];
      const index = ports.findIndex((p: any) => isObject(p) && p.containerPort === SSH_PORT && (p.protocol ?? 'TCP') === 'TCP');
      if (index >= 0) return fail('SSH port exposed', `container ${JSON.stringify(c.name)} declares containerPort ${SSH_PORT}; remove the SSH daemon and use kubectl exec`, `${c.pointer}/ports/${index}`);
    }
    return pass();
  },
};
