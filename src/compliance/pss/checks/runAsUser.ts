/*
 * runAsUser (restricted, v1.23+)
 *
 * Containers must not set runAsUser: 0.
 *
 * Restricted fields:
 *   spec.securityContext.runAsUser
 *   spec.containers[*].securityContext.runAsUser (and init, ephemeral containers)
 * Allowed values: any non-zero value, undefined/null
 *
 * v1.35+: pods in a user namespace (spec.hostUsers: false) are exempt (KEP-127); before v1.35 the
 * exemption sat behind an alpha feature gate that was off by default.
 */
import { ALLOWED, FieldReader, isUserNamespacePod, joinQuote, outcome, pluralize, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';
import { PssCheck, PssCheckOutcome } from '../types';

function runAsUserV1Dot23(_metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  const r = new FieldReader();
  const setters: string[] = [];
  let location: string | undefined;
  if (r.integer(r.object(spec, 'securityContext', '/spec'), 'runAsUser', '/spec/securityContext') === 0) {
    setters.push('pod');
    location = '/spec/securityContext/runAsUser';
  }
  const bad: string[] = [];
  for (const c of visitContainers(spec, r)) {
    const sc = r.object(c.container, 'securityContext', c.pointer);
    if (r.integer(sc, 'runAsUser', `${c.pointer}/securityContext`) === 0) {
      bad.push(c.name);
      location ??= `${c.pointer}/securityContext/runAsUser`;
    }
  }
  if (bad.length > 0) setters.push(`${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)}`);
  const detail = setters.length > 0 ? `${setters.join(' and ')} must not set runAsUser=0` : undefined;
  return outcome('runAsUser=0', detail, location, r);
}

function runAsUserV1Dot35(metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  if (isUserNamespacePod(spec)) return ALLOWED;
  return runAsUserV1Dot23(metadata, spec);
}

/** Neither the pod nor any container sets runAsUser: 0 (user-namespace pods exempt from v1.35). */
export const runAsUser: PssCheck = {
  id: 'runAsUser',
  level: PodSecurityLevel.RESTRICTED,
  title: 'Pod and containers do not set runAsUser to 0 (user-namespace pods exempt from v1.35)',
  versions: [
    { minimumVersion: 'v1.23', evaluate: runAsUserV1Dot23 },
    { minimumVersion: 'v1.35', evaluate: runAsUserV1Dot35 },
  ],
};
