/**
 * OPA Gatekeeper backend with the CEL engine (`K8sNativeValidation`): one ConstraintTemplate
 * (`templates.gatekeeper.sh/v1`) plus one constraint (`constraints.gatekeeper.sh/v1beta1`) per rule.
 *
 * - Gatekeeper binds the object under review as `variables.anyObject` (`object`, or `oldObject` on
 *   DELETE) and the constraint's parameters as `variables.params`; the template's variables read
 *   the pod from `variables.anyObject`, so the same validations as the other CEL backends apply.
 * - The template restricts operations to CREATE and UPDATE (`targets[].operations`).
 * - The constraint sets `enforcementAction` (deny / dryrun / warn), `match.kinds` (the rule's
 *   kinds by API group), `excludedNamespaces` (the exempt namespaces) and a namespaceSelector that
 *   skips namespaces labelled `cdk8s-hardened.io/policy-exempt`.
 * - The template declares a structural parameters schema (an object with no properties: the
 *   rules take no parameters; a structural schema is what `templates.gatekeeper.sh/v1` requires).
 * - Exceptions become `matchConditions` of the CEL source (over `object` and `request`).
 *
 * @see https://open-policy-agent.github.io/gatekeeper/website/docs/validating-admission-policy
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  bindingVariables, exceptionConditions, IPolicyBackend, pascalCase, POLICY_EXEMPT_LABEL, PolicyAction, PolicyRenderOptions, PolicyRule,
  resourcesByGroup, RULE_ID_ANNOTATION,
} from '../model';

/** Where Gatekeeper binds the object under review. */
export const GATEKEEPER_OBJECT = 'variables.anyObject';

/** Gatekeeper's `enforcementAction` for an action. */
export function gatekeeperEnforcementAction(action: PolicyAction): string {
  switch (action) {
    case PolicyAction.AUDIT: return 'dryrun';
    case PolicyAction.WARN: return 'warn';
    default: return 'deny';
  }
}

/** The constraint kind of a rule, e.g. `HardenedPssRestrictedRunAsNonRoot`. */
export function gatekeeperKind(rule: PolicyRule, namePrefix: string): string {
  return pascalCase(`${namePrefix}${rule.id}`);
}

/** A rule's ConstraintTemplate and constraint. */
export interface GatekeeperManifests { template: Record<string, any>; constraint: Record<string, any> }

/** Builds the ConstraintTemplate and constraint of one rule (plain manifests). */
export function gatekeeperNativeManifests(rule: PolicyRule, options: PolicyRenderOptions): GatekeeperManifests {
  const kind = gatekeeperKind(rule, options.namePrefix);
  const exceptions = exceptionConditions(rule, options.exceptions);
  const template = {
    apiVersion: 'templates.gatekeeper.sh/v1',
    kind: 'ConstraintTemplate',
    metadata: { name: kind.toLowerCase(), annotations: { [RULE_ID_ANNOTATION]: rule.id, description: rule.title } },
    spec: {
      crd: {
        spec: {
          names: { kind },
          validation: { openAPIV3Schema: { type: 'object', description: `${rule.id} takes no parameters.`, properties: {} } },
        },
      },
      targets: [{
        target: 'admission.k8s.gatekeeper.sh',
        operations: ['CREATE', 'UPDATE'],
        code: [{
          engine: 'K8sNativeValidation',
          source: {
            ...(exceptions.conditions.length > 0 ? { matchConditions: exceptions.conditions } : {}),
            variables: [...bindingVariables(rule.subject, GATEKEEPER_OBJECT), ...rule.variables]
              .map((v) => ({ name: v.name, expression: v.expression })),
            validations: rule.validations.map((v) => ({
              expression: v.expression,
              message: v.message,
              ...(v.messageExpression ? { messageExpression: v.messageExpression } : {}),
            })),
          },
        }],
      }],
    },
  };
  const constraint = {
    apiVersion: 'constraints.gatekeeper.sh/v1beta1',
    kind,
    metadata: { name: `${options.namePrefix}${rule.id}`, annotations: { [RULE_ID_ANNOTATION]: rule.id, ...exceptions.annotations } },
    spec: {
      enforcementAction: gatekeeperEnforcementAction(options.action),
      match: {
        kinds: resourcesByGroup(rule.resources).map((g) => ({ apiGroups: [g.apiGroup], kinds: g.kinds })),
        ...(options.exemptNamespaces.length > 0 ? { excludedNamespaces: [...options.exemptNamespaces] } : {}),
        namespaceSelector: { matchExpressions: [{ key: POLICY_EXEMPT_LABEL, operator: 'DoesNotExist' }] },
      },
    },
  };
  return { template, constraint };
}

/**
 * Renders rules as Gatekeeper ConstraintTemplates (CEL) and constraints.
 */
export class GatekeeperNativeValidationBackend implements IPolicyBackend {
  /** Engine name. */
  public readonly engineName: string = 'Gatekeeper K8sNativeValidation';

  /** Renders one template (id `<rule id>-template`) and one constraint (id `<rule id>`) per rule. */
  public render(scope: Construct, rules: PolicyRule[], options: PolicyRenderOptions): ApiObject[] {
    const out: ApiObject[] = [];
    for (const rule of rules) {
      const { template, constraint } = gatekeeperNativeManifests(rule, options);
      out.push(new ApiObject(scope, `${rule.id}-template`, template as any));
      out.push(new ApiObject(scope, rule.id, constraint as any));
    }
    return out;
  }
}
