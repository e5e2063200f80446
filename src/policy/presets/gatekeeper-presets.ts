/**
 * Ready-made Gatekeeper ConstraintTemplates from the project brief.
 */
import { Construct } from 'constructs';
import { GatekeeperConstraintTemplate, GatekeeperTemplateCode } from '../gatekeeper/custom-template';

/** The brief's `k8srequiredlabels` policy in Rego v1 (`contains` / `if`). */
export const K8S_REQUIRED_LABELS_REGO = `package k8srequiredlabels

violation contains {"msg": msg, "details": {"missing_labels": missing}} if {
	provided := {label | some label, _ in object.get(input.review.object.metadata, "labels", {})}
	required := {label | some label in input.parameters.labels}
	missing := required - provided
	count(missing) > 0
	msg := sprintf("you must provide labels: %v", [missing])
}
`;

/**
 * Gatekeeper ConstraintTemplates for common requirements.
 */
export class GatekeeperPresets {
  /**
   * `k8srequiredlabels` (kind `K8sRequiredLabels`): objects must carry every label listed in the
   * constraint's `parameters.labels`. Rego v1; parameters schema `{ labels: string[] }`.
   *
   * Add constraints with `addConstraint`, e.g. every Namespace must have an `owner` label:
   * `template.addConstraint('ns-owner', { kinds: [{ apiGroups: [''], kinds: ['Namespace'] }], parameters: { labels: ['owner'] } })`.
   *
   * @see https://open-policy-agent.github.io/gatekeeper/website/docs/howto
   */
  public static k8sRequiredLabels(scope: Construct, id: string): GatekeeperConstraintTemplate {
    return new GatekeeperConstraintTemplate(scope, id, {
      kind: 'K8sRequiredLabels',
      description: 'Requires resources to carry the labels listed in the constraint parameters.',
      code: GatekeeperTemplateCode.rego(K8S_REQUIRED_LABELS_REGO),
      parameters: {
        type: 'object',
        properties: { labels: { type: 'array', description: 'Label keys every matched object must carry.', items: { type: 'string' } } },
        required: ['labels'],
      },
    });
  }

  private constructor() {}
}
