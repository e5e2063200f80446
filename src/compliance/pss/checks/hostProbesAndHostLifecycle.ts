/*
 * hostProbesAndHostLifecycle (baseline, v1.34+)
 *
 * The host field of probes and lifecycle handlers is restricted: it lets the kubelet connect to
 * other hosts (a server-side request forgery path from the node).
 *
 * Restricted fields (for containers, initContainers and ephemeralContainers):
 *   livenessProbe.httpGet.host, readinessProbe.httpGet.host, startupProbe.httpGet.host
 *   livenessProbe.tcpSocket.host, readinessProbe.tcpSocket.host, startupProbe.tcpSocket.host
 *   lifecycle.postStart.httpGet.host, lifecycle.preStop.httpGet.host
 *   lifecycle.postStart.tcpSocket.host, lifecycle.preStop.tcpSocket.host (deprecated handler)
 * Allowed values: undefined/null, ""
 */
import { FieldReader, joinQuote, outcome, pluralize, sortedSet, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';
import { PssCheck, PssCheckOutcome } from '../types';

function hostProbesAndHostLifecycleV1Dot34(_metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  const r = new FieldReader();
  const bad: string[] = [];
  const hosts: string[] = [];
  let location: string | undefined;

  for (const c of visitContainers(spec, r)) {
    let found = false;
    const judge = (handler: Record<string, any> | undefined, pointer: string): void => {
      for (const kind of ['httpGet', 'tcpSocket']) {
        const action = r.object(handler, kind, pointer);
        const host = r.string(action, 'host', `${pointer}/${kind}`);
        if (host) {
          found = true;
          hosts.push(host);
          location ??= `${pointer}/${kind}/host`;
        }
      }
    };
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      judge(r.object(c.container, probe, c.pointer), `${c.pointer}/${probe}`);
    }
    const lifecycle = r.object(c.container, 'lifecycle', c.pointer);
    for (const hook of ['postStart', 'preStop']) {
      judge(r.object(lifecycle, hook, `${c.pointer}/lifecycle`), `${c.pointer}/lifecycle/${hook}`);
    }
    if (found) bad.push(c.name);
  }

  const containers = sortedSet(bad);
  const distinct = sortedSet(hosts);
  const detail = containers.length > 0
    ? `${pluralize('container', 'containers', containers.length)} ${joinQuote(containers)} ${pluralize('uses', 'use', containers.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', distinct.length)} ${joinQuote(distinct)}`
    : undefined;
  return outcome('probe or lifecycle host', detail, location, r);
}

/** Probes and lifecycle handlers target the pod itself, never another host. */
export const hostProbesAndHostLifecycle: PssCheck = {
  id: 'hostProbesAndHostLifecycle',
  level: PodSecurityLevel.BASELINE,
  title: 'Probes and lifecycle handlers set no host',
  versions: [{ minimumVersion: 'v1.34', evaluate: hostProbesAndHostLifecycleV1Dot34 }],
};
