/**
 * A custom ValidatingAdmissionPolicy (+ binding) from CEL expressions, validated at construction:
 * every expression must parse as CEL (with `@bufbuild/cel`'s parser; Kubernetes' optional-field
 * syntax `.?field` / `[?key]` is accepted), names must be valid, and every `variables.<name>` an
 * expression reads must be declared.
 *
 * Exemptions: exempt namespaces and namespace-only exceptions go into the binding's
 * `matchResources.namespaceSelector` (`kubernetes.io/metadata.name NotIn`, and namespaces labelled
 * `cdk8s-hardened.io/policy-exempt`); an exception that names labels becomes a policy
 * `matchConditions` entry skipping the requests it covers. Every exception carries a reason and an
 * expiry date, recorded as annotations on the binding.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */
import { parse } from '@bufbuild/cel';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { constructError, quote } from '../../private/errors';
import { exemptionAnnotations } from '../gatekeeper/exemptions';
import {
  AdmissionException, exceptionConditionName, exceptionError, exceptionMatchExpression, exemptNamespaceSelector, kubernetesMinor,
  POD_RESOURCES, PolicyAction, resourcesByGroup,
} from '../model';

const CEL_IDENTIFIER_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const QUALIFIED_NAME_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAMESPACE_RE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const REASONS = ['Unauthorized', 'Forbidden', 'Invalid', 'RequestEntityTooLarge'];
const OPERATIONS = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT', '*'];

/**
 * Replaces Kubernetes' optional syntax (`.?field`, `[?key]`, `{?key: v}`, `[?item]`) with spaces,
 * keeping every position, so a parser without it can check the rest of the syntax.
 */
function withoutOptionalSyntax(expression: string): string {
  let out = '';
  let openQuote: string | undefined;
  let previous = '';
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i];
    if (openQuote) {
      out += ch;
      if (ch === '\\') { out += expression[i + 1] ?? ''; i++; continue; }
      if (ch === openQuote) openQuote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") {
      openQuote = ch;
      out += ch;
      previous = ch;
      continue;
    }
    if (ch === '?' && ['.', '[', '{', ','].includes(previous)) {
      out += ' ';
      continue;
    }
    out += ch;
    if (!/\s/.test(ch)) previous = ch;
  }
  return out;
}

/**
 * Why a CEL expression is not usable, or undefined: empty, or a syntax error with its position
 * (line and column where parsing stops).
 */
export function celSyntaxError(expression: unknown): string | undefined {
  if (typeof expression !== 'string' || expression.trim().length === 0) return 'is empty; write a CEL expression';
  try {
    parse(withoutOptionalSyntax(expression));
    return undefined;
  } catch (e: any) {
    const start = e?.location?.start;
    const where = start ? `line ${start.line}, column ${start.column}` : 'an unknown position';
    let detail = String(e?.rawMessage ?? e?.message ?? e);
    if (detail.length > 120) detail = `${detail.slice(0, 117)}...`;
    return `is not valid CEL: parsing stops at ${where} (${detail})`;
  }
}

/** The names of the variables an expression reads (`variables.<name>`). */
export function celVariableReferences(expression: string): string[] {
  return [...new Set([...expression.matchAll(/\bvariables\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))];
}

/**
 * A CEL validation of a ValidatingAdmissionPolicy.
 */
export interface VapValidation {
  /** CEL expression that must be true for the request to be admitted. */
  readonly expression: string;

  /**
   * Message of a denial.
   *
   * @default - the API server's default message naming the expression
   */
  readonly message?: string;

  /**
   * CEL expression producing the message (e.g. naming the offending container).
   *
   * @default - the static message
   */
  readonly messageExpression?: string;

  /**
   * HTTP reason of a denial: `Unauthorized`, `Forbidden`, `Invalid` or `RequestEntityTooLarge`.
   *
   * @default 'Forbidden'
   */
  readonly reason?: string;
}

/**
 * A named CEL expression, read by other expressions as `variables.<name>`.
 */
export interface VapVariable {
  /** CEL identifier, unique within the policy. */
  readonly name: string;
  /** The CEL expression. */
  readonly expression: string;
}

/**
 * A match condition: the policy applies only to requests for which every condition is true.
 */
export interface VapMatchCondition {
  /** Qualified name, unique within the policy. */
  readonly name: string;
  /** CEL expression (over `object`, `oldObject`, `request`, `authorizer`). */
  readonly expression: string;
}

/**
 * Resources a ValidatingAdmissionPolicy matches (one `resourceRules` entry).
 */
export interface VapResourceRule {
  /** API groups, `''` for core. */
  readonly apiGroups: string[];
  /** API versions, e.g. `['v1']`. */
  readonly apiVersions: string[];
  /** Plural resources, e.g. `['deployments']`. */
  readonly resources: string[];
  /**
   * Operations.
   *
   * @default ['CREATE', 'UPDATE']
   */
  readonly operations?: string[];
}

/**
 * Properties of a CustomValidatingAdmissionPolicy.
 */
export interface CustomValidatingAdmissionPolicyProps {
  /**
   * The validations, all of which must hold.
   */
  readonly validations: VapValidation[];

  /**
   * Variables the validations read as `variables.<name>`.
   *
   * @default - none
   */
  readonly variables?: VapVariable[];

  /**
   * Conditions a request must meet for the policy to apply.
   *
   * @default - every matched request
   */
  readonly matchConditions?: VapMatchCondition[];

  /**
   * Resources the policy matches.
   *
   * @default - Pods and every pod controller (ReplicationController, Deployment, ReplicaSet,
   *   StatefulSet, DaemonSet, Job, CronJob), CREATE and UPDATE
   */
  readonly resources?: VapResourceRule[];

  /**
   * What a violation does (binding `validationActions`).
   *
   * Security note: AUDIT and WARN admit violating requests.
   *
   * @default PolicyAction.ENFORCE
   */
  readonly action?: PolicyAction;

  /**
   * Kubernetes version of the target clusters: `admissionregistration.k8s.io/v1beta1` before 1.30
   * (1.28 and 1.29, behind the ValidatingAdmissionPolicy feature gate and the v1beta1 API), `v1`
   * from 1.30 (GA).
   *
   * @default '1.28'
   */
  readonly kubernetesVersion?: string;

  /**
   * Name of the policy, whose binding is named `<name>-binding`.
   *
   * @default - a name generated by cdk8s from the construct path
   */
  readonly name?: string;

  /**
   * Namespaces the binding skips.
   *
   * Security note: anything in these namespaces is admitted unchecked.
   *
   * @default - none (namespaces labelled `cdk8s-hardened.io/policy-exempt` are always skipped)
   */
  readonly exemptNamespaces?: string[];

  /**
   * Documented, time-limited exceptions (`rules` must be omitted: they cover this policy). A past
   * `expires` throws here.
   *
   * Security note: an exception admits what the policy would deny.
   *
   * @default - none
   */
  readonly exceptions?: AdmissionException[];
}

/**
 * A ValidatingAdmissionPolicy and its binding, from CEL expressions.
 *
 * Runs in the API server itself: no webhook that can time out or fail open. `failurePolicy: Fail`
 * makes an expression that errors deny rather than admit. Every expression is parsed here, so a
 * typo fails `cdk8s synth` instead of `kubectl apply`.
 */
export class CustomValidatingAdmissionPolicy extends Construct {
  /** The ValidatingAdmissionPolicy (escape hatch). */
  public readonly apiObject: ApiObject;

  /** The ValidatingAdmissionPolicyBinding. */
  public readonly binding: ApiObject;

  /** The admissionregistration API version used. */
  public readonly apiVersion: string;

  constructor(scope: Construct, id: string, props: CustomValidatingAdmissionPolicyProps) {
    super(scope, id);
    const kubernetesVersion = props.kubernetesVersion ?? '1.28';
    const minor = kubernetesMinor(kubernetesVersion);
    if (minor === undefined || minor < 28) {
      throw constructError(this, `kubernetesVersion ${quote(kubernetesVersion)} is not supported; ValidatingAdmissionPolicy needs '1.28' or newer (v1 from '1.30')`);
    }
    this.apiVersion = minor >= 30 ? 'admissionregistration.k8s.io/v1' : 'admissionregistration.k8s.io/v1beta1';
    if (props.name !== undefined && (!DNS1123_SUBDOMAIN_RE.test(props.name) || props.name.length > 245)) {
      throw constructError(this, `name ${quote(props.name)} is not a DNS-1123 subdomain of at most 245 characters (room for '-binding')`);
    }

    const variables = props.variables ?? [];
    const declared = new Set<string>();
    for (const v of variables) {
      if (typeof v.name !== 'string' || !CEL_IDENTIFIER_RE.test(v.name)) {
        throw constructError(this, `variable name ${quote(v.name)} is not a CEL identifier; use letters, digits and '_', e.g. 'containers'`);
      }
      if (declared.has(v.name)) throw constructError(this, `variable '${v.name}' is declared twice`);
      this.checkCel(`variable '${v.name}'`, v.expression, declared);
      declared.add(v.name);
    }
    if (!Array.isArray(props.validations) || props.validations.length === 0) {
      throw constructError(this, 'has no validations; give at least one { expression, message }');
    }
    props.validations.forEach((v, i) => {
      this.checkCel(`validations[${i}].expression`, v.expression, declared);
      if (v.messageExpression !== undefined) this.checkCel(`validations[${i}].messageExpression`, v.messageExpression, declared);
      if (v.message !== undefined && (typeof v.message !== 'string' || v.message.trim() === '' || /[\r\n]/.test(v.message))) {
        throw constructError(this, `validations[${i}].message ${quote(v.message)} must be a non-empty single line`);
      }
      if (v.reason !== undefined && !REASONS.includes(v.reason)) {
        throw constructError(this, `validations[${i}].reason ${quote(v.reason)} is not one of ${REASONS.map((r) => `'${r}'`).join(', ')}`);
      }
    });
    const matchConditions = props.matchConditions ?? [];
    const conditionNames = new Set<string>();
    for (const c of matchConditions) {
      if (typeof c.name !== 'string' || !QUALIFIED_NAME_RE.test(c.name) || conditionNames.has(c.name)) {
        throw constructError(this, `match condition name ${quote(c.name)} is not a unique qualified name (e.g. 'exclude-leases')`);
      }
      conditionNames.add(c.name);
      this.checkCel(`match condition '${c.name}'`, c.expression, new Set());
    }

    const resources: VapResourceRule[] = props.resources ?? resourcesByGroup(POD_RESOURCES).map((g) => ({
      apiGroups: [g.apiGroup], apiVersions: g.apiVersions, resources: g.resources,
    }));
    if (resources.length === 0) throw constructError(this, 'matches no resources; omit resources to match Pods and pod controllers');
    for (const r of resources) {
      if (!r.resources?.length || !r.apiVersions?.length || !Array.isArray(r.apiGroups) || r.apiGroups.length === 0) {
        throw constructError(this, `resource rule ${JSON.stringify(r)} needs apiGroups, apiVersions and resources`);
      }
      const bad = (r.operations ?? []).find((o) => !OPERATIONS.includes(o));
      if (bad !== undefined) throw constructError(this, `operation ${quote(bad)} is not one of ${OPERATIONS.map((o) => `'${o}'`).join(', ')}`);
    }

    const exemptNamespaces = props.exemptNamespaces ?? [];
    const badNs = exemptNamespaces.find((n) => typeof n !== 'string' || !NAMESPACE_RE.test(n));
    if (badNs !== undefined) throw constructError(this, `exemptNamespaces has ${quote(badNs)}, which is not a namespace name (DNS-1123 label)`);
    const exceptions = props.exceptions ?? [];
    const now = new Date();
    for (const e of exceptions) {
      if (e.rules !== undefined) {
        throw constructError(this, `exception ${quote(e.id)} names rules; omit them, an exception of a custom policy covers the whole policy`);
      }
      const problem = exceptionError(e, [], now);
      if (problem) throw constructError(this, problem);
    }
    const namespaceOnly = exceptions.filter((e) => Object.keys(e.matchLabels ?? {}).length === 0);
    const labelled = exceptions.filter((e) => Object.keys(e.matchLabels ?? {}).length > 0);
    const skippedNamespaces = [...new Set([...exemptNamespaces, ...namespaceOnly.flatMap((e) => e.namespaces ?? [])])];

    const action = props.action ?? PolicyAction.ENFORCE;
    const validationActions = action === PolicyAction.AUDIT ? ['Audit'] : action === PolicyAction.WARN ? ['Warn'] : ['Deny'];
    const annotations = exemptionAnnotations(exceptions);

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: this.apiVersion,
      kind: 'ValidatingAdmissionPolicy',
      metadata: {
        ...(props.name ? { name: props.name } : {}),
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: resources.map((r) => ({
            apiGroups: [...r.apiGroups],
            apiVersions: [...r.apiVersions],
            operations: [...(r.operations ?? ['CREATE', 'UPDATE'])],
            resources: [...r.resources],
          })),
        },
        ...(matchConditions.length + labelled.length > 0 ? {
          matchConditions: [
            ...matchConditions.map((c) => ({ name: c.name, expression: c.expression })),
            ...labelled.map((e) => ({ name: exceptionConditionName(e), expression: `!(${exceptionMatchExpression(e)})` })),
          ],
        } : {}),
        ...(variables.length > 0 ? { variables: variables.map((v) => ({ name: v.name, expression: v.expression })) } : {}),
        validations: props.validations.map((v) => ({
          expression: v.expression,
          ...(v.message !== undefined ? { message: v.message } : {}),
          ...(v.messageExpression !== undefined ? { messageExpression: v.messageExpression } : {}),
          reason: v.reason ?? 'Forbidden',
        })),
      },
    });
    this.binding = new ApiObject(this, 'Binding', {
      apiVersion: this.apiVersion,
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: {
        name: `${this.apiObject.name}-binding`,
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
      spec: {
        policyName: this.apiObject.name,
        validationActions,
        matchResources: { namespaceSelector: exemptNamespaceSelector(skippedNamespaces) },
      },
    });
  }

  private checkCel(what: string, expression: unknown, declared: ReadonlySet<string>): void {
    const problem = celSyntaxError(expression);
    if (problem) throw constructError(this, `${what} ${quote(expression)} ${problem}`);
    const unknown = celVariableReferences(expression as string).find((n) => !declared.has(n));
    if (unknown !== undefined) {
      throw constructError(this, `${what} reads variables.${unknown}, which is not declared before it; declare it in variables (in order)`);
    }
  }
}
