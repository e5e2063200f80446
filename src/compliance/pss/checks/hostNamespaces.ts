/*
 * hostNamespaces (baseline, v1.0+)
 *
 * Sharing the host namespaces must be disallowed.
 *
 * Restricted fields:
 *   spec.hostNetwork
 *   spec.hostPID
 *   spec.hostIPC
 * Allowed values: undefined/null, false
 */
import { FieldReader, outcome } from '../helpers';
import { PodSecurityLevel } from '../level';
import { PssCheck, PssCheckOutcome } from '../types';

function hostNamespacesV1Dot0(_metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  const r = new FieldReader();
  const used: string[] = [];
  let location: string | undefined;
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (r.bool(spec, field, '/spec') === true) {
      used.push(`${field}=true`);
      location ??= `/spec/${field}`;
    }
  }
  return outcome('host namespaces', used.length > 0 ? used.join(', ') : undefined, location, r);
}

/** The pod must not share the host's network, PID or IPC namespace. */
export const hostNamespaces: PssCheck = {
  id: 'hostNamespaces',
  level: PodSecurityLevel.BASELINE,
  title: 'Pod does not share the host network, PID or IPC namespace',
  versions: [{ minimumVersion: 'v1.0', evaluate: hostNamespacesV1Dot0 }],
};
