/*
 * runAsNonRoot (restricted, v1.0+)
 *
 * Containers must be required to run as non-root users.
 *
 * Restricted fields:
 *   spec.securityContext.runAsNonRoot
 *   spec.containers[*].securityContext.runAsNonRoot (and init, ephemeral containers)
 * Allowed values: true; undefined/null at container level if the pod level is true.
 *
 * v1.35+: pods in a user namespace (spec.hostUsers: false) are exempt: root in the container maps
 * to an unprivileged user on the node (KEP-127). Before v1.35 the exemption sat behind an alpha
 * feature gate that was off by default, so it does not apply.
 */
import { ALLOWED, FieldReader, isUserNamespacePod, joinQuote, outcome, pluralize, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';
import { PssCheck, PssCheckOutcome } from '../types';

function runAsNonRootV1Dot0(_metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  const r = new FieldReader();
  const setters: string[] = [];
  let location: string | undefined;

  let podRunAsNonRoot = false;
  const podValue = r.bool(r.object(spec, 'securityContext', '/spec'), 'runAsNonRoot', '/spec/securityContext');
  if (podValue === false) {
    setters.push('pod');
    location = '/spec/securityContext/runAsNonRoot';
  } else if (podValue === true) {
    podRunAsNonRoot = true;
  }

  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  let implicitLocation: string | undefined;
  for (const c of visitContainers(spec, r)) {
    const sc = r.object(c.container, 'securityContext', c.pointer);
    const value = r.bool(sc, 'runAsNonRoot', `${c.pointer}/securityContext`);
    if (value === false) {
      explicitlyBad.push(c.name);
      location ??= `${c.pointer}/securityContext/runAsNonRoot`;
    } else if (value === undefined && !podRunAsNonRoot) {
      implicitlyBad.push(c.name);
      implicitLocation ??= c.pointer;
    }
  }
  if (explicitlyBad.length > 0) {
    setters.push(`${pluralize('container', 'containers', explicitlyBad.length)} ${joinQuote(explicitlyBad)}`);
  }

  let detail: string | undefined;
  if (setters.length > 0) {
    detail = `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`;
  } else if (implicitlyBad.length > 0) {
    detail = `pod or ${pluralize('container', 'containers', implicitlyBad.length)} ${joinQuote(implicitlyBad)} must set securityContext.runAsNonRoot=true`;
    location = implicitLocation;
  }
  return outcome('runAsNonRoot != true', detail, location, r);
}

function runAsNonRootV1Dot35(metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  if (isUserNamespacePod(spec)) return ALLOWED;
  return runAsNonRootV1Dot0(metadata, spec);
}

/** The pod or every container sets runAsNonRoot: true (user-namespace pods exempt from v1.35). */
export const runAsNonRoot: PssCheck = {
  id: 'runAsNonRoot',
  level: PodSecurityLevel.RESTRICTED,
  title: 'Containers run with runAsNonRoot true (user-namespace pods exempt from v1.35)',
  versions: [
    { minimumVersion: 'v1.0', evaluate: runAsNonRootV1Dot0 },
    { minimumVersion: 'v1.35', evaluate: runAsNonRootV1Dot35 },
  ],
};
