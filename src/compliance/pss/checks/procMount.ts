/*
 * procMount (baseline, v1.0+)
 *
 * The default /proc masks are set up to reduce attack surface, and should be required unless the
 * pod runs in a user namespace.
 *
 * Restricted fields:
 *   spec.containers[*].securityContext.procMount
 *   spec.initContainers[*].securityContext.procMount
 *   spec.ephemeralContainers[*].securityContext.procMount
 * Allowed values: undefined/null, "Default"
 *
 * v1.35+: any value is allowed when the pod runs in a user namespace (spec.hostUsers: false).
 * (Before v1.35 upstream gated this relaxation on the alpha UserNamespacesPodSecurityStandards
 * feature gate, off by default; a default cluster never relaxed it, and neither do we.)
 *
 * At the restricted level (v1.35+) procMount_restricted replaces this check and keeps the
 * unconditional v1.0 rule.
 */
import { FieldReader, isUserNamespacePod, joinQuote, outcome, pluralize, sortedSet, visitContainers, ALLOWED } from '../helpers';
import { PodSecurityLevel } from '../level';
import { PssCheck, PssCheckOutcome } from '../types';

/** Forbids any procMount but Default, whatever the pod (shared with procMount_restricted). */
export function procMountV1Dot0(_metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  const r = new FieldReader();
  const bad: string[] = [];
  const types: string[] = [];
  let location: string | undefined;
  for (const c of visitContainers(spec, r)) {
    const sc = r.object(c.container, 'securityContext', c.pointer);
    const procMount = r.string(sc, 'procMount', `${c.pointer}/securityContext`);
    if (procMount !== undefined && procMount !== 'Default') {
      bad.push(c.name);
      types.push(procMount);
      location ??= `${c.pointer}/securityContext/procMount`;
    }
  }
  const detail = bad.length > 0
    ? `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}`
    : undefined;
  return outcome('procMount', detail, location, r);
}

function procMountV1Dot35(metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  if (isUserNamespacePod(spec)) return ALLOWED;
  return procMountV1Dot0(metadata, spec);
}

/** Containers keep the default /proc masks (unless the pod is in a user namespace, v1.35+). */
export const procMount: PssCheck = {
  id: 'procMount',
  level: PodSecurityLevel.BASELINE,
  title: 'Containers keep the default /proc mask (any mask in a user namespace from v1.35)',
  versions: [
    { minimumVersion: 'v1.0', evaluate: procMountV1Dot0 },
    { minimumVersion: 'v1.35', evaluate: procMountV1Dot35 },
  ],
};
