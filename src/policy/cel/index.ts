/**
 * Rules per pack: the admission-judgeable part of an engine pack, as CEL rules.
 *
 * - `pss-baseline`, `pss-restricted`: every Pod Security check revision in force at the version.
 * - `rbac-least-privilege`: the Role/ClusterRole rule checks and the binding checks (the
 *   ServiceAccount token checks need other objects or defaults admission does not see).
 * - `hardened`: pss-restricted, the RBAC rules and `image-digest` (signature verification,
 *   probes, NetworkPolicy coverage and the namespace checks need other objects or runtime data).
 */
import { PodSecurityLevel } from '../../compliance/pss/level';
import { PolicyRule } from '../model';
import { imageDigestRule } from './image';
import { pssRules } from './pss';
import { rbacRules } from './rbac';

/** The packs a PolicyPack can render. */
export const POLICY_PACKS: readonly string[] = ['pss-baseline', 'pss-restricted', 'rbac-least-privilege', 'hardened'];

/**
 * The rules of a pack at a Pod Security version.
 *
 * @throws for an unknown pack or an invalid version
 */
export function rulesForPack(pack: string, pssVersion: string): PolicyRule[] {
  switch (pack) {
    case 'pss-baseline': return pssRules(PodSecurityLevel.BASELINE, pssVersion);
    case 'pss-restricted': return pssRules(PodSecurityLevel.RESTRICTED, pssVersion);
    case 'rbac-least-privilege': return rbacRules();
    case 'hardened': return [...pssRules(PodSecurityLevel.RESTRICTED, pssVersion), imageDigestRule(), ...rbacRules()];
    default: throw new Error(`pack ${JSON.stringify(pack)} has no admission rules; use one of ${POLICY_PACKS.map((p) => `'${p}'`).join(', ')}`);
  }
}

export { pssRules } from './pss';
export { rbacRules } from './rbac';
export { imageDigestRule } from './image';
