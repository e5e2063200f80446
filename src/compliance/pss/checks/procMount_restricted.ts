/*
 * procMount_restricted (restricted, v1.35+)
 *
 * The default /proc masks are set up to reduce attack surface, and are required by the restricted
 * profile even for pods in a user namespace.
 *
 * Restricted fields:
 *   spec.containers[*].securityContext.procMount (and init, ephemeral containers)
 * Allowed values: undefined/null, "Default"
 *
 * v1.35+: baseline procMount relaxes for user-namespace pods; this check keeps the unconditional
 * v1.0 rule at the restricted level and replaces the baseline check there.
 */
import { PodSecurityLevel } from '../level';
import { PssCheck } from '../types';
import { procMountV1Dot0 } from './procMount';

/** Containers keep the default /proc masks, user namespace or not. */
export const procMountRestricted: PssCheck = {
  id: 'procMount_restricted',
  level: PodSecurityLevel.RESTRICTED,
  title: 'Containers keep the default /proc mask, even in a user namespace',
  versions: [{ minimumVersion: 'v1.35', evaluate: procMountV1Dot0, overrides: ['procMount'] }],
};
