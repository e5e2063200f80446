/**
 * Kubernetes ValidatingAdmissionPolicy backend: one ValidatingAdmissionPolicy plus one
 * ValidatingAdmissionPolicyBinding per rule, evaluated in the API server itself (no webhook).
 *
 * - `admissionregistration.k8s.io/v1beta1` for Kubernetes 1.28 and 1.29 (beta, on by default from
 *   1.28 only when the `ValidatingAdmissionPolicy` feature gate and the v1beta1 API are enabled),
 *   `v1` from 1.30 (GA).
 * - `failurePolicy: Fail`: a policy that cannot be evaluated denies rather than admits.
 * - `matchConstraints.resourceRules`: the rule's resources, operations CREATE and UPDATE.
 * - Binding `matchResources.namespaceSelector`: skips namespaces labelled
 *   `cdk8s-hardened.io/policy-exempt` and the exempt namespaces (by `kubernetes.io/metadata.name`).
 * - Exceptions: a `matchConditions` entry per covering exception skips the requests it covers.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  allVariables, exceptionConditions, exemptNamespaceSelector, IPolicyBackend, kubernetesMinor, PolicyAction, PolicyRenderOptions, PolicyRule,
  resourcesByGroup, RULE_ID_ANNOTATION,
} from '../model';

/** The VAP API version for a Kubernetes version: v1 from 1.30, v1beta1 before. */
export function vapApiVersion(kubernetesVersion: string): string {
  const minor = kubernetesMinor(kubernetesVersion);
  if (minor === undefined) throw new Error(`invalid Kubernetes version ${JSON.stringify(kubernetesVersion)}; use '1.N', e.g. '1.28'`);
  if (minor < 28) throw new Error(`ValidatingAdmissionPolicy needs Kubernetes 1.28 or newer (v1beta1), got ${JSON.stringify(kubernetesVersion)}`);
  return minor >= 30 ? 'admissionregistration.k8s.io/v1' : 'admissionregistration.k8s.io/v1beta1';
}

/** VAP / Kyverno `validationActions` for an action. */
export function validationActions(action: PolicyAction): string[] {
  switch (action) {
    case PolicyAction.AUDIT: return ['Audit'];
    case PolicyAction.WARN: return ['Warn'];
    default: return ['Deny'];
  }
}

/** `matchConstraints.resourceRules` of a rule: one entry per API group, CREATE and UPDATE. */
export function resourceRules(rule: PolicyRule): Array<Record<string, unknown>> {
  return resourcesByGroup(rule.resources).map((g) => ({
    apiGroups: [g.apiGroup],
    apiVersions: g.apiVersions,
    operations: ['CREATE', 'UPDATE'],
    resources: g.resources,
  }));
}

/** The `validations` of a rule as VAP (and Kyverno ValidatingPolicy) write them. */
export function celValidations(rule: PolicyRule): Array<Record<string, unknown>> {
  return rule.validations.map((v) => ({
    expression: v.expression,
    message: v.message,
    ...(v.messageExpression ? { messageExpression: v.messageExpression } : {}),
    reason: v.reason ?? 'Forbidden',
  }));
}

/** Builds the ValidatingAdmissionPolicy and its binding for one rule (plain manifests). */
export function vapManifests(rule: PolicyRule, options: PolicyRenderOptions): { policy: Record<string, any>; binding: Record<string, any> } {
  const apiVersion = vapApiVersion(options.kubernetesVersion);
  const name = `${options.namePrefix}${rule.id}`;
  const exceptions = exceptionConditions(rule, options.exceptions);
  const annotations = { [RULE_ID_ANNOTATION]: rule.id, ...exceptions.annotations };
  const policy = {
    apiVersion,
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name, annotations },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: { resourceRules: resourceRules(rule) },
      ...(exceptions.conditions.length > 0 ? { matchConditions: exceptions.conditions } : {}),
      variables: allVariables(rule).map((v) => ({ name: v.name, expression: v.expression })),
      validations: celValidations(rule),
    },
  };
  const binding = {
    apiVersion,
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name, annotations: { [RULE_ID_ANNOTATION]: rule.id } },
    spec: {
      policyName: name,
      validationActions: validationActions(options.action),
      matchResources: { namespaceSelector: exemptNamespaceSelector(options.exemptNamespaces) },
    },
  };
  return { policy, binding };
}

/**
 * Renders rules as ValidatingAdmissionPolicies and bindings.
 */
export class ValidatingAdmissionPolicyBackend implements IPolicyBackend {
  /** Engine name. */
  public readonly engineName: string = 'ValidatingAdmissionPolicy';

  /**
   * Renders one policy (id `<rule id>`) and one binding (id `<rule id>-binding`) per rule.
   */
  public render(scope: Construct, rules: PolicyRule[], options: PolicyRenderOptions): ApiObject[] {
    const out: ApiObject[] = [];
    for (const rule of rules) {
      const { policy, binding } = vapManifests(rule, options);
      out.push(new ApiObject(scope, rule.id, policy as any));
      out.push(new ApiObject(scope, `${rule.id}-binding`, binding as any));
    }
    return out;
  }
}
