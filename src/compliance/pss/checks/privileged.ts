/*
 * privileged (baseline, v1.0+)
 *
 * Privileged Pods disable most security mechanisms and must be disallowed.
 *
 * Restricted fields:
 *   spec.containers[*].securityContext.privileged
 *   spec.initContainers[*].securityContext.privileged
 *   spec.ephemeralContainers[*].securityContext.privileged
 * Allowed values: undefined/null, false
 */
import { FieldReader, joinQuote, outcome, pluralize, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';
import { PssCheck, PssCheckOutcome } from '../types';

function privilegedV1Dot0(_metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  const r = new FieldReader();
  const bad: string[] = [];
  let location: string | undefined;
  for (const c of visitContainers(spec, r)) {
    const sc = r.object(c.container, 'securityContext', c.pointer);
    if (r.bool(sc, 'privileged', `${c.pointer}/securityContext`) === true) {
      bad.push(c.name);
      location ??= `${c.pointer}/securityContext/privileged`;
    }
  }
  const detail = bad.length > 0
    ? `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not set securityContext.privileged=true`
    : undefined;
  return outcome('privileged', detail, location, r);
}

/** Containers must not run privileged. */
export const privileged: PssCheck = {
  id: 'privileged',
  level: PodSecurityLevel.BASELINE,
  title: 'Containers do not run privileged',
  versions: [{ minimumVersion: 'v1.0', evaluate: privilegedV1Dot0 }],
};
