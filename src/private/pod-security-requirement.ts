import { IConstruct } from 'constructs';
import { PodSecurityLevel } from '../compliance/pss/level';

/** What a construct's pods need from their namespace's Pod Security admission. */
export interface PodSecurityRequirement {
  /** The namespace the pods run in. */
  readonly namespace: string;
  /** The strictest Pod Security level that still admits the pods. */
  readonly level: PodSecurityLevel;
  /** Why, one entry per host access or capability (e.g. `hostPath '/var/log': reason`). */
  readonly reasons: string[];
}

const MARK = Symbol.for('cdk8s-hardened.PodSecurityRequirement');
/** The marked constructs of each construct tree, so a namespace never walks the whole tree to find them. */
const MARKED = new WeakMap<IConstruct, IConstruct[]>();
const STRICTNESS: { [level: string]: number } = {
  [PodSecurityLevel.PRIVILEGED]: 0,
  [PodSecurityLevel.BASELINE]: 1,
  [PodSecurityLevel.RESTRICTED]: 2,
};

/**
 * Marks a construct whose pods need a Pod Security level below restricted.
 *
 * Lets a SecureNamespace find such workloads at synth without the namespace module importing the
 * workload module (both sit on this lower one).
 */
export function markPodSecurityRequirement(scope: IConstruct, requirement: () => PodSecurityRequirement): void {
  if ((scope as any)[MARK] === undefined) {
    const root = scope.node.root;
    const marked = MARKED.get(root) ?? [];
    marked.push(scope);
    MARKED.set(root, marked);
  }
  (scope as any)[MARK] = requirement;
}

/**
 * The marked constructs of the tree `root` belongs to, in the order they were marked.
 *
 * A lookup, not a walk: an app with thousands of namespaces validates each in constant time.
 */
export function markedConstructs(root: IConstruct): readonly IConstruct[] {
  return MARKED.get(root.node.root) ?? [];
}

/** The requirement of a marked construct, if any. */
export function podSecurityRequirementOf(scope: IConstruct): PodSecurityRequirement | undefined {
  const fn = (scope as any)[MARK] as (() => PodSecurityRequirement) | undefined;
  return fn?.();
}

/** Whether pods needing `required` are refused by a namespace enforcing `enforced`. */
export function isStricterThan(enforced: PodSecurityLevel, required: PodSecurityLevel): boolean {
  return STRICTNESS[enforced] > STRICTNESS[required];
}

/** The least strict of two levels. */
export function leastStrict(a: PodSecurityLevel, b: PodSecurityLevel): PodSecurityLevel {
  return STRICTNESS[a] <= STRICTNESS[b] ? a : b;
}
