/*
 * allowPrivilegeEscalation (restricted, v1.8+)
 *
 * Privilege escalation (such as via set-user-ID or set-group-ID file mode) should not be allowed.
 *
 * Restricted fields:
 *   spec.containers[*].securityContext.allowPrivilegeEscalation
 *   spec.initContainers[*].securityContext.allowPrivilegeEscalation
 *   spec.ephemeralContainers[*].securityContext.allowPrivilegeEscalation
 * Allowed values: false
 *
 * v1.8+:  the field exists from Kubernetes 1.8.
 * v1.25+: Windows pods (spec.os.name: windows) are exempt; the API rejects the field for them.
 */
import { ALLOWED, FieldReader, isWindowsPod, joinQuote, outcome, pluralize, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';
import { PssCheck, PssCheckOutcome } from '../types';

function allowPrivilegeEscalationV1Dot8(_metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  const r = new FieldReader();
  const bad: string[] = [];
  let location: string | undefined;
  for (const c of visitContainers(spec, r)) {
    const sc = r.object(c.container, 'securityContext', c.pointer);
    if (r.bool(sc, 'allowPrivilegeEscalation', `${c.pointer}/securityContext`) !== false) {
      bad.push(c.name);
      location ??= sc ? `${c.pointer}/securityContext/allowPrivilegeEscalation` : `${c.pointer}/securityContext`;
    }
  }
  const detail = bad.length > 0
    ? `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must set securityContext.allowPrivilegeEscalation=false`
    : undefined;
  return outcome('allowPrivilegeEscalation != false', detail, location, r);
}

function allowPrivilegeEscalationV1Dot25(metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  if (isWindowsPod(spec)) return ALLOWED;
  return allowPrivilegeEscalationV1Dot8(metadata, spec);
}

/** Every container sets allowPrivilegeEscalation: false. */
export const allowPrivilegeEscalation: PssCheck = {
  id: 'allowPrivilegeEscalation',
  level: PodSecurityLevel.RESTRICTED,
  title: 'Containers set allowPrivilegeEscalation to false',
  versions: [
    { minimumVersion: 'v1.8', evaluate: allowPrivilegeEscalationV1Dot8 },
    { minimumVersion: 'v1.25', evaluate: allowPrivilegeEscalationV1Dot25 },
  ],
};
