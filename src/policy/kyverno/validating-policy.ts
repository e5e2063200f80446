/**
 * Kyverno ValidatingPolicy backend (`policies.kyverno.io/v1`, CEL): the successor Kyverno
 * recommends to the `kyverno.io/v1` ClusterPolicy, with the same shape as a
 * ValidatingAdmissionPolicy plus Kyverno's background scanning and reports.
 *
 * - One ValidatingPolicy per rule; `validationActions` Deny / Audit / Warn; `failurePolicy: Fail`.
 * - Controllers are matched explicitly (`matchConstraints.resourceRules` lists pods and every
 *   pod-bearing controller) and judged through the `podSpec` variable, so Kyverno's autogen (which
 *   only rewrites policies that match pods alone) does not apply and is not needed.
 * - `evaluation.background.enabled: true`: existing resources are scanned into policy reports.
 * - `matchConstraints.namespaceSelector` skips exempt namespaces; exceptions become
 *   `matchConditions`, as for ValidatingAdmissionPolicy.
 *
 * @see https://kyverno.io/docs/policy-types/validating-policy/
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  allVariables, exceptionConditions, exemptNamespaceSelector, IPolicyBackend, PolicyRenderOptions, PolicyRule, RULE_ID_ANNOTATION,
} from '../model';
import { celValidations, resourceRules, validationActions } from '../vap/validating-admission-policy';

/** The served, storage version of Kyverno's ValidatingPolicy (Kyverno 1.19). */
export const KYVERNO_VALIDATING_POLICY_API_VERSION = 'policies.kyverno.io/v1';

/** Builds the ValidatingPolicy of one rule (a plain manifest). */
export function kyvernoValidatingPolicyManifest(rule: PolicyRule, options: PolicyRenderOptions): Record<string, any> {
  const exceptions = exceptionConditions(rule, options.exceptions);
  return {
    apiVersion: KYVERNO_VALIDATING_POLICY_API_VERSION,
    kind: 'ValidatingPolicy',
    metadata: {
      name: `${options.namePrefix}${rule.id}`,
      annotations: {
        [RULE_ID_ANNOTATION]: rule.id,
        'policies.kyverno.io/title': rule.title,
        'policies.kyverno.io/severity': rule.severity,
        ...exceptions.annotations,
      },
    },
    spec: {
      validationActions: validationActions(options.action),
      failurePolicy: 'Fail',
      evaluation: { background: { enabled: true } },
      matchConstraints: {
        resourceRules: resourceRules(rule),
        namespaceSelector: exemptNamespaceSelector(options.exemptNamespaces),
      },
      ...(exceptions.conditions.length > 0 ? { matchConditions: exceptions.conditions } : {}),
      variables: allVariables(rule).map((v) => ({ name: v.name, expression: v.expression })),
      validations: celValidations(rule),
    },
  };
}

/**
 * Renders rules as Kyverno ValidatingPolicies.
 */
export class KyvernoValidatingPolicyBackend implements IPolicyBackend {
  /** Engine name. */
  public readonly engineName: string = 'Kyverno ValidatingPolicy';

  /** Renders one ValidatingPolicy (id `<rule id>`) per rule. */
  public render(scope: Construct, rules: PolicyRule[], options: PolicyRenderOptions): ApiObject[] {
    return rules.map((rule) => new ApiObject(scope, rule.id, kyvernoValidatingPolicyManifest(rule, options) as any));
  }
}
