/*
 * seccompProfile_baseline (baseline, v1.0+)
 *
 * If seccomp profiles are specified, only runtime default and localhost profiles are allowed.
 *
 * v1.0 - v1.18:
 *   Restricted fields:
 *     metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]
 *     metadata.annotations["container.seccomp.security.alpha.kubernetes.io/<container name>"]
 *   Allowed values: undefined, "runtime/default", "docker/default", "localhost/*"
 *
 * v1.19+:
 *   Restricted fields:
 *     spec.securityContext.seccompProfile.type
 *     spec.containers[*].securityContext.seccompProfile.type (and init, ephemeral containers)
 *   Allowed values: undefined/null, "RuntimeDefault", "Localhost"
 *
 * At the restricted level (v1.19+) seccompProfile_restricted replaces this check.
 */
import { FieldReader, goQuote, isObject, joinQuote, outcome, pluralize, pointerToken, sortedSet, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';
import { PssCheck, PssCheckOutcome } from '../types';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/** Whether a seccompProfile.type is RuntimeDefault or Localhost. */
export function validSeccompType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function validAnnotationValue(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

function seccompProfileBaselineV1Dot0(metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  const r = new FieldReader();
  const forbidden: string[] = [];
  let location: string | undefined;
  const annotations = r.object(metadata, 'annotations', '/metadata');

  const judge = (key: string): void => {
    if (!isObject(annotations) || !Object.prototype.hasOwnProperty.call(annotations, key) || annotations[key] === undefined) return;
    const value = annotations[key];
    const pointer = `/metadata/annotations/${pointerToken(key)}`;
    if (typeof value !== 'string') {
      // null decodes to "" in a map[string]string, which is not an allowed value
      if (value !== null) r.flag(pointer, 'string', value);
      else forbidden.push(`${key}=""`);
      location ??= pointer;
      return;
    }
    if (!validAnnotationValue(value)) {
      forbidden.push(`${key}=${goQuote(value)}`);
      location ??= pointer;
    }
  };

  judge(POD_ANNOTATION);
  for (const c of visitContainers(spec, r)) judge(CONTAINER_ANNOTATION_PREFIX + c.rawName);

  const values = sortedSet(forbidden);
  const detail = values.length > 0
    ? `forbidden ${pluralize('annotation', 'annotations', values.length)} ${values.join(', ')}`
    : undefined;
  return outcome('seccompProfile', detail, location, r);
}

function seccompProfileBaselineV1Dot19(_metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  const r = new FieldReader();
  const setters: string[] = [];
  const badValues: string[] = [];
  let location: string | undefined;

  const podProfile = r.object(r.object(spec, 'securityContext', '/spec'), 'seccompProfile', '/spec/securityContext');
  if (podProfile) {
    const type = r.string(podProfile, 'type', '/spec/securityContext/seccompProfile') ?? '';
    if (!validSeccompType(type)) {
      setters.push('pod');
      badValues.push(type);
      location = '/spec/securityContext/seccompProfile/type';
    }
  }
  const badContainers: string[] = [];
  for (const c of visitContainers(spec, r)) {
    const profile = r.object(r.object(c.container, 'securityContext', c.pointer), 'seccompProfile', `${c.pointer}/securityContext`);
    if (!profile) continue;
    const type = r.string(profile, 'type', `${c.pointer}/securityContext/seccompProfile`) ?? '';
    if (!validSeccompType(type)) {
      badContainers.push(c.name);
      badValues.push(type);
      location ??= `${c.pointer}/securityContext/seccompProfile/type`;
    }
  }
  if (badContainers.length > 0) {
    setters.push(`${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`);
  }
  const detail = setters.length > 0
    ? `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badValues))}`
    : undefined;
  return outcome('seccompProfile', detail, location, r);
}

/** A seccomp profile, if set, is RuntimeDefault or Localhost (never Unconfined). */
export const seccompProfileBaseline: PssCheck = {
  id: 'seccompProfile_baseline',
  level: PodSecurityLevel.BASELINE,
  title: 'Seccomp, if set, is RuntimeDefault or a Localhost profile (not Unconfined)',
  versions: [
    { minimumVersion: 'v1.0', evaluate: seccompProfileBaselineV1Dot0 },
    { minimumVersion: 'v1.19', evaluate: seccompProfileBaselineV1Dot19 },
  ],
};
