/*
 * appArmorProfile (baseline, v1.0+)
 *
 * On supported hosts, the RuntimeDefault AppArmor profile is applied by default. The baseline
 * policy prevents overriding or disabling the default profile, or restricts overrides to an
 * allowed set of profiles.
 *
 * Restricted fields:
 *   spec.securityContext.appArmorProfile.type
 *   spec.containers[*].securityContext.appArmorProfile.type
 *   spec.initContainers[*].securityContext.appArmorProfile.type
 *   spec.ephemeralContainers[*].securityContext.appArmorProfile.type
 * Allowed values: undefined/null, "RuntimeDefault", "Localhost"
 *
 * Restricted fields:
 *   metadata.annotations["container.apparmor.security.beta.kubernetes.io/*"]
 * Allowed values: undefined, "" , "runtime/default", "localhost/*"
 *
 * Versions: one revision at v1.0. Upstream added the field form (Kubernetes 1.30) to the v1.0
 * function rather than a new version, so both the fields and the deprecated annotations are judged
 * at every policy version, exactly as a current API server does.
 */
import { FieldReader, goQuote, joinQuote, outcome, pluralize, pointerToken, sortedSet, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';
import { PssCheck, PssCheckOutcome } from '../types';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function allowedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

function appArmorProfileV1Dot0(metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  const r = new FieldReader();
  const setters: string[] = [];
  const badValues: string[] = [];
  let location: string | undefined;

  const podProfile = r.object(r.object(spec, 'securityContext', '/spec'), 'appArmorProfile', '/spec/securityContext');
  if (podProfile) {
    const type = r.string(podProfile, 'type', '/spec/securityContext/appArmorProfile') ?? '';
    if (!allowedType(type)) {
      setters.push('pod');
      badValues.push(type);
      location = '/spec/securityContext/appArmorProfile/type';
    }
  }

  const badContainers: string[] = [];
  for (const c of visitContainers(spec, r)) {
    const profile = r.object(r.object(c.container, 'securityContext', c.pointer), 'appArmorProfile', `${c.pointer}/securityContext`);
    if (!profile) continue;
    const type = r.string(profile, 'type', `${c.pointer}/securityContext/appArmorProfile`) ?? '';
    if (!allowedType(type)) {
      badContainers.push(c.name);
      badValues.push(type);
      location ??= `${c.pointer}/securityContext/appArmorProfile/type`;
    }
  }
  if (badContainers.length > 0) {
    setters.push(`${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`);
  }

  const forbiddenAnnotations: string[] = [];
  const annotations = r.object(metadata, 'annotations', '/metadata') ?? {};
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.startsWith(ANNOTATION_PREFIX)) continue;
    const pointer = `/metadata/annotations/${pointerToken(key)}`;
    if (typeof value !== 'string') {
      if (value !== null) r.flag(pointer, 'string', value);
      continue;
    }
    if (!allowedAnnotationValue(value)) {
      forbiddenAnnotations.push(`${key}=${goQuote(value)}`);
      location ??= pointer;
    }
  }

  const values = sortedSet(badValues);
  if (forbiddenAnnotations.length > 0) {
    values.push(...sortedSet(forbiddenAnnotations));
    setters.push(pluralize('annotation', 'annotations', forbiddenAnnotations.length));
  }
  const detail = setters.length > 0
    ? `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(values)}`
    : undefined;
  return outcome(pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', Math.max(values.length, 1)), detail, location, r);
}

/** AppArmor may only be RuntimeDefault or a Localhost profile; it must not be disabled. */
export const appArmorProfile: PssCheck = {
  id: 'appArmorProfile',
  level: PodSecurityLevel.BASELINE,
  title: 'AppArmor is not disabled or overridden beyond RuntimeDefault or Localhost profiles',
  versions: [{ minimumVersion: 'v1.0', evaluate: appArmorProfileV1Dot0 }],
};
