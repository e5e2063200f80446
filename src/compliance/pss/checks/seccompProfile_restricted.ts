/*
 * seccompProfile_restricted (restricted, v1.19+)
 *
 * Seccomp profiles must be specified, and only runtime default and localhost profiles are allowed.
 *
 * Restricted fields:
 *   spec.securityContext.seccompProfile.type
 *   spec.containers[*].securityContext.seccompProfile.type (and init, ephemeral containers)
 * Allowed values: "RuntimeDefault", "Localhost"; container-level fields may be undefined/null if
 *   the pod-level field is set to an allowed value.
 *
 * v1.19+: replaces seccompProfile_baseline at the restricted level.
 * v1.25+: Windows pods (spec.os.name: windows) are exempt; the API rejects the field for them.
 */
import { ALLOWED, FieldReader, isWindowsPod, joinQuote, outcome, pluralize, sortedSet, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';
import { PssCheck, PssCheckOutcome } from '../types';
import { validSeccompType } from './seccompProfile_baseline';

function seccompProfileRestrictedV1Dot19(_metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  const r = new FieldReader();
  const setters: string[] = [];
  const badValues: string[] = [];
  let location: string | undefined;
  let podSeccompSet = false;

  const podProfile = r.object(r.object(spec, 'securityContext', '/spec'), 'seccompProfile', '/spec/securityContext');
  if (podProfile) {
    const type = r.string(podProfile, 'type', '/spec/securityContext/seccompProfile') ?? '';
    if (!validSeccompType(type)) {
      setters.push('pod');
      badValues.push(type);
      location = '/spec/securityContext/seccompProfile/type';
    } else {
      podSeccompSet = true;
    }
  }

  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  let implicitLocation: string | undefined;
  for (const c of visitContainers(spec, r)) {
    const profile = r.object(r.object(c.container, 'securityContext', c.pointer), 'seccompProfile', `${c.pointer}/securityContext`);
    if (profile) {
      const type = r.string(profile, 'type', `${c.pointer}/securityContext/seccompProfile`) ?? '';
      if (!validSeccompType(type)) {
        explicitlyBad.push(c.name);
        badValues.push(type);
        location ??= `${c.pointer}/securityContext/seccompProfile/type`;
      }
    } else if (!podSeccompSet) {
      implicitlyBad.push(c.name);
      implicitLocation ??= c.pointer;
    }
  }
  if (explicitlyBad.length > 0) {
    setters.push(`${pluralize('container', 'containers', explicitlyBad.length)} ${joinQuote(explicitlyBad)}`);
  }

  let detail: string | undefined;
  if (setters.length > 0) {
    detail = `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badValues))}`;
  } else if (implicitlyBad.length > 0) {
    detail = `pod or ${pluralize('container', 'containers', implicitlyBad.length)} ${joinQuote(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`;
    location = implicitLocation;
  }
  return outcome('seccompProfile', detail, location, r);
}

function seccompProfileRestrictedV1Dot25(metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  if (isWindowsPod(spec)) return ALLOWED;
  return seccompProfileRestrictedV1Dot19(metadata, spec);
}

/** Seccomp is set to RuntimeDefault or Localhost for every container (Windows pods exempt from v1.25). */
export const seccompProfileRestricted: PssCheck = {
  id: 'seccompProfile_restricted',
  level: PodSecurityLevel.RESTRICTED,
  title: 'Seccomp is explicitly RuntimeDefault or a Localhost profile for every container',
  versions: [
    { minimumVersion: 'v1.19', evaluate: seccompProfileRestrictedV1Dot19, overrides: ['seccompProfile_baseline'] },
    { minimumVersion: 'v1.25', evaluate: seccompProfileRestrictedV1Dot25, overrides: ['seccompProfile_baseline'] },
  ],
};
