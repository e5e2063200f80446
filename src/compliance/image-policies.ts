/**
 * The enforcing image verification policies of an evaluated set, shared by the image-signature
 * check and the image-signing scorecard so both judge coverage the same way.
 *
 * A Kyverno `Policy` acts only in its own namespace; a policy-controller ClusterImagePolicy only in
 * namespaces carrying its opt-in label (a namespace whose Namespace object is not in the set is not
 * known to opt in). Matching is each engine's own (`src/supply-chain/image-match`). A policy the
 * matcher cannot read verifies nothing.
 */
import { ICheckContext } from './check';
import { cachedIn } from './context';
import { imageVerificationCovers, ImageVerificationPolicyInfo, imageVerificationPatterns } from '../supply-chain/image-match';

const POLICY_KINDS = ['ClusterPolicy', 'Policy', 'ClusterImagePolicy'];

/** An enforcing image verification policy, as the engine judges it. */
export interface EnforcingImagePolicy {
  /** The label a namespace needs before the policy acts there (policy-controller's opt-in), if any. */
  readonly optInLabel?: { readonly key: string; readonly value: string };
  /** Whether the policy acts on pods in this namespace. */
  appliesIn(namespace: string): boolean;
  /** Whether the policy's patterns match the image. */
  covers(image: string): boolean;
}

/** The enforcing image verification policies of the set, computed once per evaluation. */
export function enforcingImagePolicies(context: ICheckContext): EnforcingImagePolicy[] {
  return cachedIn(context, 'enforcing-image-policies', () => {
    const out: EnforcingImagePolicy[] = [];
    for (const kind of POLICY_KINDS) {
      for (const object of context.objectsOfKind(kind)) {
        const info = attempt(() => imageVerificationPatterns(object), undefined);
        if (info && info.enforcing) out.push(policyOf(info, context));
      }
    }
    return out;
  });
}

function policyOf(policy: ImageVerificationPolicyInfo, context: ICheckContext): EnforcingImagePolicy {
  return {
    appliesIn: (namespace) => {
      if (policy.namespace !== undefined && policy.namespace !== namespace) return false;
      return !policy.namespaceOptInLabel || hasLabel(context, namespace, policy.namespaceOptInLabel);
    },
    covers: (image) => attempt(() => imageVerificationCovers(policy, image, true), false),
    ...(policy.namespaceOptInLabel ? { optInLabel: policy.namespaceOptInLabel } : {}),
  };
}

function hasLabel(context: ICheckContext, namespace: string, label: { key: string; value: string }): boolean {
  const labels = context.namespaceObject(namespace)?.metadata?.labels;
  return typeof labels === 'object' && labels !== null && labels[label.key] === label.value;
}

/**
 * Why policy-controller leaves an image that no applicable policy covers unverified, or undefined
 * when its namespace opt-in plays no part.
 *
 * - A ClusterImagePolicy matches the image but the namespace lacks the opt-in label: the webhook
 *   never sees the pod, so the image runs unverified.
 * - The namespace opts in but no ClusterImagePolicy matches: the controller's `no-match-policy`
 *   (ConfigMap `config-policy-controller`) decides, `deny` by default: the pod is refused at
 *   admission (or admitted with a warning or silently, if changed), never signature-verified.
 */
export function policyControllerOptInHint(
  policies: EnforcingImagePolicy[], context: ICheckContext, namespace: string, image: string): string | undefined {
  const optIn = policies.filter((p) => p.optInLabel !== undefined);
  if (optIn.length === 0) return undefined;
  const label = optIn[0].optInLabel!;
  const matched = optIn.some((p) => p.covers(image));
  if (!hasLabel(context, namespace, label)) {
    return matched
      ? `a policy-controller ClusterImagePolicy matches it, but namespace ${JSON.stringify(namespace)} is not labelled ${label.key}=${label.value}, so policy-controller does not verify it there`
      : undefined;
  }
  return matched ? undefined
    : `namespace ${JSON.stringify(namespace)} opts in to policy-controller but no ClusterImagePolicy matches the image, so its no-match-policy decides (deny by default: the pod is refused, never verified)`;
}

function attempt<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}
