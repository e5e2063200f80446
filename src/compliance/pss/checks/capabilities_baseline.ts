/*
 * capabilities_baseline (baseline, v1.0+)
 *
 * Adding NET_RAW or capabilities beyond the default set must be disallowed.
 *
 * Restricted fields:
 *   spec.containers[*].securityContext.capabilities.add
 *   spec.initContainers[*].securityContext.capabilities.add
 *   spec.ephemeralContainers[*].securityContext.capabilities.add
 * Allowed values: undefined/empty, or values from the default set "AUDIT_WRITE", "CHOWN",
 *   "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID",
 *   "SETPCAP", "SETUID", "SYS_CHROOT" (exact, case-sensitive names without the CAP_ prefix).
 *
 * At the restricted level (v1.22+) capabilities_restricted replaces this check.
 */
import { FieldReader, joinQuote, outcome, pluralize, sortedSet, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';
import { PssCheck, PssCheckOutcome } from '../types';

/** The container runtime's default capability set, which baseline lets containers add back. */
export const BASELINE_ALLOWED_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

function capabilitiesBaselineV1Dot0(_metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  const r = new FieldReader();
  const bad: string[] = [];
  const forbidden: string[] = [];
  let location: string | undefined;
  for (const c of visitContainers(spec, r)) {
    const sc = r.object(c.container, 'securityContext', c.pointer);
    const caps = r.object(sc, 'capabilities', `${c.pointer}/securityContext`);
    let valid = true;
    r.array(caps, 'add', `${c.pointer}/securityContext/capabilities`).forEach((cap, i) => {
      const pointer = `${c.pointer}/securityContext/capabilities/add/${i}`;
      if (typeof cap !== 'string') {
        r.flag(pointer, 'string', cap);
        return;
      }
      if (!BASELINE_ALLOWED_CAPABILITIES.has(cap)) {
        valid = false;
        forbidden.push(cap);
        location ??= pointer;
      }
    });
    if (!valid) bad.push(c.name);
  }
  const detail = bad.length > 0
    ? `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not include ${joinQuote(sortedSet(forbidden))} in securityContext.capabilities.add`
    : undefined;
  return outcome('non-default capabilities', detail, location, r);
}

/** Containers may add only capabilities of the runtime's default set. */
export const capabilitiesBaseline: PssCheck = {
  id: 'capabilities_baseline',
  level: PodSecurityLevel.BASELINE,
  title: 'Containers add no capabilities beyond the default set',
  versions: [{ minimumVersion: 'v1.0', evaluate: capabilitiesBaselineV1Dot0 }],
};
