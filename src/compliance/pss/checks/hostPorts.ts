/*
 * hostPorts (baseline, v1.0+)
 *
 * HostPorts should be disallowed entirely.
 *
 * Restricted fields:
 *   spec.containers[*].ports[*].hostPort
 *   spec.initContainers[*].ports[*].hostPort
 *   spec.ephemeralContainers[*].ports[*].hostPort
 * Allowed values: undefined/null, 0
 */
import { FieldReader, isObject, joinQuote, outcome, pluralize, sortedSet, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';
import { PssCheck, PssCheckOutcome } from '../types';

function hostPortsV1Dot0(_metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  const r = new FieldReader();
  const bad: string[] = [];
  const ports: string[] = [];
  let location: string | undefined;
  for (const c of visitContainers(spec, r)) {
    let valid = true;
    r.array(c.container, 'ports', c.pointer).forEach((port, i) => {
      const pointer = `${c.pointer}/ports/${i}`;
      if (port === null) return;
      if (!isObject(port)) {
        r.flag(pointer, 'object', port);
        return;
      }
      const hostPort = r.integer(port, 'hostPort', pointer);
      if (hostPort !== undefined && hostPort !== 0) {
        valid = false;
        ports.push(String(hostPort));
        location ??= `${pointer}/hostPort`;
      }
    });
    if (!valid) bad.push(c.name);
  }
  const distinct = sortedSet(ports);
  const detail = bad.length > 0
    ? `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', distinct.length)} ${distinct.join(', ')}`
    : undefined;
  return outcome('hostPort', detail, location, r);
}

/** Containers must not bind host ports. */
export const hostPorts: PssCheck = {
  id: 'hostPorts',
  level: PodSecurityLevel.BASELINE,
  title: 'Containers bind no host ports',
  versions: [{ minimumVersion: 'v1.0', evaluate: hostPortsV1Dot0 }],
};
