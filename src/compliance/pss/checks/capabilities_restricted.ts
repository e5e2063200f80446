/*
 * capabilities_restricted (restricted, v1.22+)
 *
 * Containers must drop ALL capabilities, and may only add back NET_BIND_SERVICE.
 *
 * Restricted fields:
 *   spec.containers[*].securityContext.capabilities.drop (and init, ephemeral containers)
 * Allowed values: must include "ALL"
 *
 * Restricted fields:
 *   spec.containers[*].securityContext.capabilities.add (and init, ephemeral containers)
 * Allowed values: undefined/empty, "NET_BIND_SERVICE"
 *
 * v1.22+: replaces capabilities_baseline at the restricted level.
 * v1.25+: Windows pods (spec.os.name: windows) are exempt; the API rejects the field for them.
 */
import { ALLOWED, FieldReader, isWindowsPod, joinQuote, outcome, pluralize, sortedSet, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';
import { PssCheck, PssCheckOutcome } from '../types';

function capabilitiesRestrictedV1Dot22(_metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  const r = new FieldReader();
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbidden: string[] = [];
  let location: string | undefined;

  for (const c of visitContainers(spec, r)) {
    const sc = r.object(c.container, 'securityContext', c.pointer);
    const capsPointer = `${c.pointer}/securityContext/capabilities`;
    const caps = r.object(sc, 'capabilities', `${c.pointer}/securityContext`);
    if (!caps) {
      missingDropAll.push(c.name);
      location ??= sc ? capsPointer : `${c.pointer}/securityContext`;
      continue;
    }
    const drop = r.array(caps, 'drop', capsPointer);
    drop.forEach((cap, i) => {
      if (typeof cap !== 'string' && cap !== null) r.flag(`${capsPointer}/drop/${i}`, 'string', cap);
    });
    if (!drop.includes('ALL')) {
      missingDropAll.push(c.name);
      location ??= `${capsPointer}/drop`;
    }
    let addedForbidden = false;
    r.array(caps, 'add', capsPointer).forEach((cap, i) => {
      if (typeof cap !== 'string') {
        if (cap !== null) r.flag(`${capsPointer}/add/${i}`, 'string', cap);
        return;
      }
      if (cap !== 'NET_BIND_SERVICE') {
        addedForbidden = true;
        forbidden.push(cap);
        location ??= `${capsPointer}/add/${i}`;
      }
    });
    if (addedForbidden) addingForbidden.push(c.name);
  }

  const details: string[] = [];
  if (missingDropAll.length > 0) {
    details.push(`${pluralize('container', 'containers', missingDropAll.length)} ${joinQuote(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden.length > 0) {
    details.push(`${pluralize('container', 'containers', addingForbidden.length)} ${joinQuote(addingForbidden)} must not include ${joinQuote(sortedSet(forbidden))} in securityContext.capabilities.add`);
  }
  return outcome('unrestricted capabilities', details.length > 0 ? details.join('; ') : undefined, location, r);
}

function capabilitiesRestrictedV1Dot25(metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  if (isWindowsPod(spec)) return ALLOWED;
  return capabilitiesRestrictedV1Dot22(metadata, spec);
}

/** Containers drop ALL capabilities and add back at most NET_BIND_SERVICE (Windows pods exempt from v1.25). */
export const capabilitiesRestricted: PssCheck = {
  id: 'capabilities_restricted',
  level: PodSecurityLevel.RESTRICTED,
  title: 'Containers drop ALL capabilities and add at most NET_BIND_SERVICE',
  versions: [
    { minimumVersion: 'v1.22', evaluate: capabilitiesRestrictedV1Dot22, overrides: ['capabilities_baseline'] },
    { minimumVersion: 'v1.25', evaluate: capabilitiesRestrictedV1Dot25, overrides: ['capabilities_baseline'] },
  ],
};
