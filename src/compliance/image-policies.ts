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
      if (!policy.namespaceOptInLabel) return true;
      const labels = context.namespaceObject(namespace)?.metadata?.labels;
      return typeof labels === 'object' && labels !== null && labels[policy.namespaceOptInLabel.key] === policy.namespaceOptInLabel.value;
    },
    covers: (image) => attempt(() => imageVerificationCovers(policy, image, true), false),
  };
}

function attempt<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}
