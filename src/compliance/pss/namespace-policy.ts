/**
 * The Pod Security policy a namespace's labels set, resolved as the admission plugin resolves it.
 *
 * Pod Security Admission reads six labels on each Namespace: `pod-security.kubernetes.io/<mode>` and
 * `<mode>-version` for the modes `enforce` (reject), `warn` (warn the client) and `audit` (annotate
 * the audit event). An unset label takes the cluster default (`privileged:latest` unless the
 * admission configuration says otherwise). A malformed level fails closed for `enforce`
 * (`restricted`) and open for `warn` and `audit` (`privileged`); a malformed version is `latest`,
 * as upstream's `PolicyToEvaluate` does.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
 */
import { parsePssVersion } from './index';
import { PodSecurityLevel } from './level';

/** The label prefix of every Pod Security Admission label. */
export const PSA_LABEL_PREFIX = 'pod-security.kubernetes.io/';

/** The admission modes, in the order they are reported. */
export const PSA_MODES = ['enforce', 'warn', 'audit'] as const;

/** One mode's level and version, e.g. `restricted` at `v1.30`. */
export interface LevelVersion {
  /** The level. */
  readonly level: PodSecurityLevel;
  /** `latest` or `v1.N`. */
  readonly version: string;
  /** A label that could not be read, with what was used instead. */
  readonly problem?: string;
}

/** The policy of a namespace: one level and version per mode. */
export interface NamespacePolicy {
  readonly enforce: LevelVersion;
  readonly warn: LevelVersion;
  readonly audit: LevelVersion;
}

/** `restricted:v1.30`, as admission messages write it. */
export function formatLevelVersion(lv: LevelVersion): string {
  return `${lv.level}:${lv.version}`;
}

const DEFAULT: LevelVersion = { level: PodSecurityLevel.PRIVILEGED, version: 'latest' };

/** The policy a Namespace object's labels set (an absent or unlabelled namespace gets the defaults). */
export function namespacePolicy(namespace: unknown): NamespacePolicy {
  const labels = labelsOf(namespace);
  return {
    enforce: modePolicy(labels, 'enforce', PodSecurityLevel.RESTRICTED),
    warn: modePolicy(labels, 'warn', PodSecurityLevel.PRIVILEGED),
    audit: modePolicy(labels, 'audit', PodSecurityLevel.PRIVILEGED),
  };
}

/** Parses `restricted`, `restricted:v1.30` or `baseline:latest`; undefined when malformed. */
export function parseLevelVersion(text: string): LevelVersion | undefined {
  const [level, version, ...rest] = text.split(':');
  if (rest.length > 0 || !isLevel(level)) return undefined;
  if (version === undefined) return { level, version: 'latest' };
  const parsed = parsePssVersion(version);
  return parsed ? { level, version: parsed.label } : undefined;
}

function modePolicy(labels: Record<string, unknown>, mode: string, onBadLevel: PodSecurityLevel): LevelVersion {
  const levelLabel = labels[`${PSA_LABEL_PREFIX}${mode}`];
  const versionLabel = labels[`${PSA_LABEL_PREFIX}${mode}-version`];
  const problems: string[] = [];
  let level = DEFAULT.level;
  if (levelLabel !== undefined) {
    if (isLevel(levelLabel)) {
      level = levelLabel;
    } else {
      level = onBadLevel;
      problems.push(`label ${PSA_LABEL_PREFIX}${mode}=${JSON.stringify(levelLabel)} is not privileged, baseline or restricted; admission uses ${onBadLevel}`);
    }
  }
  let version = DEFAULT.version;
  if (versionLabel !== undefined) {
    const parsed = typeof versionLabel === 'string' ? parsePssVersion(versionLabel) : undefined;
    if (parsed) version = parsed.label;
    else problems.push(`label ${PSA_LABEL_PREFIX}${mode}-version=${JSON.stringify(versionLabel)} is not 'latest' or 'v1.N'; admission uses latest`);
  }
  return problems.length > 0 ? { level, version, problem: problems.join('; ') } : { level, version };
}

function isLevel(value: unknown): value is PodSecurityLevel {
  return value === PodSecurityLevel.PRIVILEGED || value === PodSecurityLevel.BASELINE || value === PodSecurityLevel.RESTRICTED;
}

function labelsOf(namespace: unknown): Record<string, unknown> {
  const metadata = typeof namespace === 'object' && namespace !== null ? (namespace as any).metadata : undefined;
  const labels = typeof metadata === 'object' && metadata !== null ? metadata.labels : undefined;
  return typeof labels === 'object' && labels !== null && !Array.isArray(labels) ? labels : {};
}
