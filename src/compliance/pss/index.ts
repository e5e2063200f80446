/**
 * The Pod Security Standards evaluator: judges a pod exactly as upstream Pod Security Admission
 * does, for every policy version from v1.0 to the newest (and `latest`).
 *
 * Module-internal API used by the compliance engine, the rule packs and the CLI. See
 * docs/pod-security.md for the checks, their versions and how malformed input is judged.
 */
import { podTemplateOf } from '../pod-spec';
import { PSS_CHECKS } from './checks';
import { isObject, pointerToken, withContainerCache } from './helpers';
import { PodSecurityLevel } from './level';
import { checksFor, MAX_MINOR, minorOf } from './registry';
import { PssCheck } from './types';

export { PodSecurityLevel } from './level';
export { PSS_CHECKS } from './checks';
export { PssCheck, VersionedPssCheck, PssCheckOutcome, PssCheckFn } from './types';

/** A parsed policy version. */
export interface PssVersion {
  /** The version as written, normalised: `v1.N` or `latest`. */
  readonly label: string;
  /** Whether it is `latest`. */
  readonly latest: boolean;
  /** The minor the checks evaluate at: `latest` and versions newer than the newest check revision evaluate as the newest. */
  readonly minor: number;
}

/** One failed check. */
export interface PssCheckResult {
  /** Upstream check id, e.g. `allowPrivilegeEscalation`. */
  readonly checkId: string;
  /** Short reason in upstream's words, e.g. `allowPrivilegeEscalation != false`. */
  readonly reason: string;
  /** Specific detail, e.g. `container "app" must set securityContext.allowPrivilegeEscalation=false`. */
  readonly detail: string;
  /** JSON pointer of the first offending field (relative to the Pod, or to the object for evaluateObjectPodSecurity). */
  readonly location?: string;
}

/** The verdict on one pod. */
export interface PssEvaluation {
  /** Whether admission would allow the pod. */
  readonly allowed: boolean;
  /** The failed checks only, in upstream order (baseline ids sorted, then restricted ids sorted). */
  readonly results: PssCheckResult[];
}

/** The newest policy version any check knows: `latest` evaluates as this one. */
export const PSS_NEWEST_VERSION = `v1.${MAX_MINOR}`;

/**
 * Baseline checks that a restricted check overrides from v1.0 on (hostPathVolumes, replaced by
 * restrictedVolumes): at the restricted level they never run, so they are not restricted check ids.
 */
const ALWAYS_OVERRIDDEN: ReadonlySet<string> = new Set(
  PSS_CHECKS.flatMap((c) => (c.versions[0]?.minimumVersion === 'v1.0' ? c.versions[0].overrides ?? [] : [])),
);

/**
 * Check ids per level, for the rule packs: `baseline` holds the baseline checks; `restricted` every
 * check that can judge a pod at the restricted level at some version (baseline checks included,
 * since overrides depend on the version).
 */
export const PSS_CHECK_IDS: { readonly baseline: readonly string[]; readonly restricted: readonly string[] } = {
  baseline: idsOf(PSS_CHECKS.filter((c) => c.level === PodSecurityLevel.BASELINE)),
  restricted: [
    ...idsOf(PSS_CHECKS.filter((c) => c.level === PodSecurityLevel.BASELINE && !ALWAYS_OVERRIDDEN.has(c.id))),
    ...idsOf(PSS_CHECKS.filter((c) => c.level === PodSecurityLevel.RESTRICTED)),
  ],
};

function idsOf(checks: readonly PssCheck[]): string[] {
  return checks.map((c) => c.id).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/**
 * Parses a policy version as the `pod-security.kubernetes.io/enforce-version` label takes it:
 * `latest` or `v1.N`. Undefined for anything else.
 */
export function parsePssVersion(version: string): PssVersion | undefined {
  if (version === 'latest') return { label: 'latest', latest: true, minor: MAX_MINOR };
  if (typeof version !== 'string') return undefined;
  const minor = minorOf(version);
  if (minor === undefined) return undefined;
  return { label: version, latest: false, minor: Math.min(minor, MAX_MINOR) };
}

function requireVersion(version: string): PssVersion {
  const parsed = parsePssVersion(version);
  if (!parsed) throw new Error(`invalid Pod Security Standards version ${JSON.stringify(version)}: use "latest" or "v1.N", e.g. "v1.28"`);
  return parsed;
}

const LEVELS: ReadonlySet<string> = new Set(Object.values(PodSecurityLevel));

function requireLevel(level: PodSecurityLevel): PodSecurityLevel {
  if (!LEVELS.has(level)) {
    throw new Error(`invalid Pod Security Standards level ${JSON.stringify(level)}: use "privileged", "baseline" or "restricted"`);
  }
  return level;
}

function typeName(value: unknown): string {
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Judges a pod's metadata and spec at a level and policy version.
 *
 * Never throws on any content of the pod (see docs/pod-security.md, "Malformed input"). Throws only
 * for an invalid `level` or `version` argument: validate user input with parsePssVersion first.
 */
export function evaluatePodSecurity(level: PodSecurityLevel, version: string, podMetadata: any, podSpec: any): PssEvaluation {
  const v = requireVersion(version);
  return evaluate(requireLevel(level), v.minor, podMetadata, podSpec, '/metadata', '/spec');
}

function evaluate(
  level: PodSecurityLevel, minor: number, podMetadata: any, podSpec: any, metadataPointer: string, specPointer: string,
): PssEvaluation {
  const malformed: string[] = [];
  let malformedAt: string | undefined;
  const read = (value: any, pointer: string): Record<string, any> => {
    if (value === undefined || value === null) return {};
    if (isObject(value)) return value;
    malformed.push(`${pointer} (expected object, got ${typeName(value)})`);
    malformedAt ??= pointer;
    return {};
  };
  const metadata = read(podMetadata, metadataPointer);
  const spec = read(podSpec, specPointer);

  return withContainerCache(spec, () => judge(level, minor, metadata, spec, malformed, malformedAt, metadataPointer, specPointer));
}

function judge(
  level: PodSecurityLevel, minor: number, metadata: Record<string, any>, spec: Record<string, any>,
  malformed: string[], malformedAt: string | undefined, metadataPointer: string, specPointer: string,
): PssEvaluation {
  const results: PssCheckResult[] = [];
  for (const { check, revision } of checksFor(level, minor)) {
    let out;
    try {
      out = revision.evaluate(metadata, spec);
    } catch (e) {
      // A check must never throw; if one does, fail closed rather than crash the caller.
      out = { allowed: false, reason: check.id, detail: `internal error: ${(e as Error).message}` };
    }
    if (malformed.length > 0) {
      results.push({ checkId: check.id, reason: out.reason ?? check.id, detail: `malformed pod: ${malformed.join(', ')}`, location: malformedAt });
      continue;
    }
    if (out.allowed) continue;
    results.push({
      checkId: check.id,
      reason: out.reason || 'unknown forbidden reason',
      detail: out.detail ?? '',
      location: relocate(out.location, metadataPointer, specPointer),
    });
  }
  return { allowed: results.length === 0, results };
}

function relocate(location: string | undefined, metadataPointer: string, specPointer: string): string | undefined {
  if (location === undefined) return undefined;
  if (location === '/spec' || location.startsWith('/spec/')) return specPointer + location.slice('/spec'.length);
  if (location === '/metadata' || location.startsWith('/metadata/')) return metadataPointer + location.slice('/metadata'.length);
  return location;
}

/** The value at a JSON pointer, or the pointer of the first present non-object on the way. */
function walk(object: any, pointer: string): { value: any; malformedAt?: string } {
  let value = object;
  const { keys, prefixes } = stepsOf(pointer);
  for (let i = 0; i < keys.length; i++) {
    if (value === undefined || value === null) return { value: undefined };
    if (!isObject(value)) return { value: undefined, malformedAt: prefixes[i] };
    value = value[keys[i]];
  }
  return { value };
}

/**
 * The keys of a JSON pointer and the pointer of each step's parent (`''`, `/spec`, ...), parsed once
 * per pointer: the pointers walked are the few pod template locations of `podTemplateOf`.
 */
const steps = new Map<string, { readonly keys: string[]; readonly prefixes: string[] }>();
function stepsOf(pointer: string): { readonly keys: string[]; readonly prefixes: string[] } {
  let found = steps.get(pointer);
  if (!found) {
    const keys: string[] = [];
    const prefixes: string[] = [];
    let at = '';
    for (const token of pointer.split('/').slice(1)) {
      keys.push(token.replace(/~1/g, '/').replace(/~0/g, '~'));
      prefixes.push(at);
      at += `/${pointerToken(token)}`;
    }
    found = { keys, prefixes };
    if (steps.size < 64) steps.set(pointer, found);
  }
  return found;
}

/**
 * Judges any pod-bearing object (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job, CronJob) by its pod template, as admission warns on controllers.
 * Undefined for any other object. Locations point into the object (e.g. `/spec/template/spec/...`).
 */
export function evaluateObjectPodSecurity(level: PodSecurityLevel, version: string, object: any): PssEvaluation | undefined {
  const v = requireVersion(version);
  requireLevel(level);
  const template = podTemplateOf(object);
  if (!template) return undefined;
  const spec = walk(object, template.specPointer);
  const metadata = walk(object, template.metadataPointer);
  const brokenAt = spec.malformedAt ?? metadata.malformedAt;
  if (brokenAt !== undefined) {
    // A malformed intermediate (e.g. `spec.template: []`): judged, and reported, where it breaks.
    return evaluate(level, v.minor, undefined, walk(object, brokenAt).value, '', brokenAt);
  }
  return evaluate(level, v.minor, metadata.value, spec.value, template.metadataPointer, template.specPointer);
}

/** One failed check as upstream prints it: `reason (detail)`, or `reason` when there is no detail. */
export function formatPssReason(result: PssCheckResult): string {
  return result.detail ? `${result.reason} (${result.detail})` : result.reason;
}

/**
 * The denial message as Pod Security Admission words it, e.g.
 * `violates PodSecurity "restricted:v1.28": allowPrivilegeEscalation != false (container "app" must set
 * securityContext.allowPrivilegeEscalation=false), runAsNonRoot != true (...)`.
 * Undefined when the evaluation allowed the pod.
 */
export function formatPssDenial(level: PodSecurityLevel, version: string, evaluation: PssEvaluation): string | undefined {
  if (evaluation.allowed) return undefined;
  const label = parsePssVersion(version)?.label ?? version;
  return `violates PodSecurity "${level}:${label}": ${evaluation.results.map(formatPssReason).join(', ')}`;
}
