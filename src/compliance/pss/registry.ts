/**
 * Resolves which check revisions judge a pod at a level and version, as upstream's registry does
 * (policy/registry.go):
 *
 * - each check uses its newest revision whose minimumVersion is <= the policy version;
 * - versions newer than the newest revision of any check (and `latest`) evaluate as that newest version;
 * - baseline evaluates the baseline checks; restricted evaluates the restricted checks plus every
 *   baseline check not overridden by a restricted revision in force at that version;
 * - results are ordered baseline ids (sorted) first, then restricted ids (sorted).
 */
import { PSS_CHECKS } from './checks';
import { PodSecurityLevel } from './level';
import { PssCheck, VersionedPssCheck } from './types';

/** A check revision selected for one level and version. */
export interface ResolvedPssCheck {
  /** The check. */
  readonly check: PssCheck;
  /** The revision in force. */
  readonly revision: VersionedPssCheck;
}

/** The minor of a `v1.N` version string; undefined when it is not one. */
export function minorOf(version: string): number | undefined {
  const match = /^v1\.(0|[1-9][0-9]*)$/.exec(version);
  return match ? Number(match[1]) : undefined;
}

/** Validates the registry: unique ids, known levels, strictly increasing versions, overrides of baseline ids only. */
export function validateRegistry(checks: readonly PssCheck[]): string[] {
  const errors: string[] = [];
  const levels = new Map<string, PodSecurityLevel>();
  for (const check of checks) {
    if (levels.has(check.id)) errors.push(`multiple checks registered for id ${check.id}`);
    levels.set(check.id, check.level);
    if (check.level !== PodSecurityLevel.BASELINE && check.level !== PodSecurityLevel.RESTRICTED) {
      errors.push(`check ${check.id}: invalid level ${check.level}`);
    }
    if (check.versions.length === 0) errors.push(`check ${check.id}: no versions`);
    let previous = -1;
    for (const revision of check.versions) {
      const minor = minorOf(revision.minimumVersion);
      if (minor === undefined) {
        errors.push(`check ${check.id}: invalid minimumVersion ${revision.minimumVersion}`);
        continue;
      }
      if (minor <= previous) errors.push(`check ${check.id}: versions must be strictly increasing`);
      previous = minor;
    }
  }
  for (const check of checks) {
    for (const revision of check.versions) {
      for (const id of revision.overrides ?? []) {
        if (check.level !== PodSecurityLevel.RESTRICTED) errors.push(`check ${check.id}: only restricted checks may override`);
        if (levels.get(id) !== PodSecurityLevel.BASELINE) errors.push(`check ${check.id}: overrides ${id}, which is not a baseline check`);
      }
    }
  }
  return errors;
}

/** The newest minimumVersion of any check: `latest` and any newer version evaluate as this one. */
export const MAX_MINOR: number = Math.max(...PSS_CHECKS.map((c) => minorOf(c.versions[c.versions.length - 1].minimumVersion) ?? 0));

function goCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

const ORDERED: readonly PssCheck[] = [
  ...PSS_CHECKS.filter((c) => c.level === PodSecurityLevel.BASELINE).sort((a, b) => goCompare(a.id, b.id)),
  ...PSS_CHECKS.filter((c) => c.level === PodSecurityLevel.RESTRICTED).sort((a, b) => goCompare(a.id, b.id)),
];

function revisionAt(check: PssCheck, minor: number): VersionedPssCheck | undefined {
  let found: VersionedPssCheck | undefined;
  for (const revision of check.versions) {
    if ((minorOf(revision.minimumVersion) ?? Infinity) <= minor) found = revision;
  }
  return found;
}

const cache = new Map<string, readonly ResolvedPssCheck[]>();

/**
 * The check revisions that judge a pod at a level and policy minor version, in upstream order.
 * The privileged level has none.
 */
export function checksFor(level: PodSecurityLevel, minor: number): readonly ResolvedPssCheck[] {
  const effective = Math.min(minor, MAX_MINOR);
  const key = `${level}:${effective}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let resolved: ResolvedPssCheck[] = [];
  if (level === PodSecurityLevel.BASELINE || level === PodSecurityLevel.RESTRICTED) {
    for (const check of ORDERED) {
      if (check.level === PodSecurityLevel.RESTRICTED && level !== PodSecurityLevel.RESTRICTED) continue;
      const revision = revisionAt(check, effective);
      if (revision) resolved.push({ check, revision });
    }
    if (level === PodSecurityLevel.RESTRICTED) {
      const overridden = new Set(resolved.flatMap((r) => (r.check.level === PodSecurityLevel.RESTRICTED ? r.revision.overrides ?? [] : [])));
      resolved = resolved.filter((r) => !(r.check.level === PodSecurityLevel.BASELINE && overridden.has(r.check.id)));
    }
  }
  cache.set(key, resolved);
  return resolved;
}
