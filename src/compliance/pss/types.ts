/**
 * Types of the Pod Security Standards evaluator: a check is an id, a level and a list of versioned
 * pure functions, exactly as upstream pod-security-admission models it (policy/checks.go).
 */
import { PodSecurityLevel } from './level';

/** What one versioned check says about a pod. */
export interface PssCheckOutcome {
  /** Whether the pod satisfies the check. */
  readonly allowed: boolean;
  /** Short forbidden reason in upstream's words, e.g. `allowPrivilegeEscalation != false`. */
  readonly reason?: string;
  /** Specific detail, e.g. `container "app" must set securityContext.allowPrivilegeEscalation=false`. */
  readonly detail?: string;
  /** JSON pointer (relative to the Pod: `/spec/...`, `/metadata/...`) of the first offending field. */
  readonly location?: string;
}

/** Judges a pod's metadata and spec. Pure; must not throw on any input. */
export type PssCheckFn = (podMetadata: Record<string, any>, podSpec: Record<string, any>) => PssCheckOutcome;

/** One revision of a check, in force from `minimumVersion` until the next revision. */
export interface VersionedPssCheck {
  /** First policy version this revision applies to, `v1.N`. */
  readonly minimumVersion: string;
  /** The judgement. */
  readonly evaluate: PssCheckFn;
  /**
   * Baseline check ids this (restricted) revision replaces at the restricted level, because it
   * enforces the same field more strictly (upstream `OverrideCheckIDs`).
   */
  readonly overrides?: readonly string[];
}

/** A Pod Security Standards check. */
export interface PssCheck {
  /** Upstream check id, e.g. `capabilities_restricted`. */
  readonly id: string;
  /** BASELINE (evaluated at baseline and restricted) or RESTRICTED (restricted only). */
  readonly level: PodSecurityLevel;
  /** The compliant condition, e.g. `Containers drop ALL capabilities and add at most NET_BIND_SERVICE`. */
  readonly title: string;
  /** Revisions in strictly increasing `minimumVersion` order. */
  readonly versions: readonly VersionedPssCheck[];
}
