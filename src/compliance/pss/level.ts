/**
 * A Pod Security Standards level.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export enum PodSecurityLevel {
  /** Unrestricted, with no checks: only for system and infrastructure namespaces. */
  PRIVILEGED = 'privileged',
  /** Prevents known privilege escalations and allows the default pod configuration. */
  BASELINE = 'baseline',
  /** Current pod hardening best practice, at some cost to compatibility. */
  RESTRICTED = 'restricted',
}
