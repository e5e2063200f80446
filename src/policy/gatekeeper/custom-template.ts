/**
 * Custom OPA Gatekeeper ConstraintTemplates (templates.gatekeeper.sh/v1) from Rego v1 or CEL, with a
 * structural parameters schema, and their constraints (constraints.gatekeeper.sh/v1beta1), all
 * validated at construction.
 *
 * Rego cannot be parsed here (there is no Rego parser we may rely on in npm), so a Rego template
 * is checked for what Gatekeeper itself requires and what typos break most often: `package`
 * matching the template name, a `violation` rule in Rego v1 form (`violation contains ... if`),
 * balanced brackets, and libraries under `package lib.`. CEL is parsed.
 *
 * @see https://open-policy-agent.github.io/gatekeeper/website/docs/constrainttemplates
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { constructError, quote } from '../../private/errors';
import { AdmissionException, exceptionError, POD_RESOURCES, POLICY_EXEMPT_LABEL, resourcesByGroup } from '../model';
import { exemptionAnnotations, exemptionMatchBlocks, matchFieldsOf } from './exemptions';
import { celSyntaxError, celVariableReferences } from '../vap/custom-policy';

/** The Gatekeeper admission target. */
export const GATEKEEPER_TARGET = 'admission.k8s.gatekeeper.sh';

const KIND_RE = /^[A-Z][A-Za-z0-9]*$/;
const NAMESPACE_RE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CEL_IDENTIFIER_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SCHEMA_TYPES = ['object', 'array', 'string', 'integer', 'number', 'boolean'];

/**
 * What a constraint does with a violation.
 */
export enum GatekeeperEnforcementAction {
  /** Deny the request. */
  DENY = 'deny',
  /** Admit the request and report the violation in the constraint's audit status. */
  DRYRUN = 'dryrun',
  /** Admit the request and return a warning to the client. */
  WARN = 'warn',
}

/**
 * A CEL validation of a Gatekeeper K8sNativeValidation template.
 */
export interface GatekeeperCelValidation {
  /** CEL expression that must be true (over `variables.anyObject`, `variables.params`, `object`, `request`). */
  readonly expression: string;
  /** Message of a violation. */
  readonly message: string;
  /**
   * CEL expression producing the message.
   *
   * @default - the static message
   */
  readonly messageExpression?: string;
}

/**
 * A named CEL expression of a K8sNativeValidation template, read as `variables.<name>`.
 */
export interface GatekeeperCelVariable {
  /** CEL identifier. */
  readonly name: string;
  /** The CEL expression. */
  readonly expression: string;
}

/**
 * Options of Rego template code.
 */
export interface GatekeeperRegoOptions {
  /**
   * Rego v1 libraries the template imports (each `package lib.<name>`).
   *
   * @default - none
   */
  readonly libs?: string[];
}

/**
 * The code of a ConstraintTemplate: Rego v1, or CEL (Gatekeeper's `K8sNativeValidation` engine).
 */
export class GatekeeperTemplateCode {
  /**
   * Rego v1 (`code: [{engine: Rego, source: {version: v1, rego}}]`, Gatekeeper 3.19+).
   *
   * The module must start with `package <template name>` and define `violation contains {...} if {...}`.
   */
  public static rego(rego: string, options: GatekeeperRegoOptions = {}): GatekeeperTemplateCode {
    return new GatekeeperTemplateCode('Rego', rego, options.libs ?? [], [], []);
  }

  /**
   * CEL (`code: [{engine: K8sNativeValidation, source: {validations, variables}}]`, Gatekeeper 3.16+).
   *
   * Gatekeeper binds the object under review as `variables.anyObject` and the constraint's
   * parameters as `variables.params`.
   */
  public static cel(validations: GatekeeperCelValidation[], variables: GatekeeperCelVariable[] = []): GatekeeperTemplateCode {
    return new GatekeeperTemplateCode('K8sNativeValidation', '', [], validations, variables);
  }

  /** The engine: `Rego` or `K8sNativeValidation`. */
  public readonly engine: string;

  private constructor(
    engine: string,
    private readonly rego: string,
    private readonly libs: string[],
    private readonly validations: GatekeeperCelValidation[],
    private readonly variables: GatekeeperCelVariable[],
  ) {
    this.engine = engine;
  }

  /**
   * Why the code is unusable for a template named `templateName`, or undefined.
   *
   * @internal
   */
  public _problem(templateName: string): string | undefined {
    if (this.engine === 'Rego') {
      const problem = regoError(this.rego, templateName);
      if (problem) return problem;
      for (let i = 0; i < this.libs.length; i++) {
        const lib = this.libs[i];
        if (typeof lib !== 'string' || !/^package\s+lib\.[A-Za-z_][\w.]*$/.test((lib.split('\n')[firstCodeLine(lib)] ?? '').trim())) {
          return `libs[${i}] must start with 'package lib.<name>' (Gatekeeper imports libraries from data.lib)`;
        }
        const unbalanced = balanceError(lib);
        if (unbalanced) return `libs[${i}] ${unbalanced}`;
      }
      return undefined;
    }
    if (!Array.isArray(this.validations) || this.validations.length === 0) return 'CEL code has no validations; give at least one { expression, message }';
    const declared = new Set<string>(['anyObject', 'params']);
    for (const v of this.variables) {
      if (typeof v.name !== 'string' || !CEL_IDENTIFIER_RE.test(v.name) || declared.has(v.name)) {
        return `variable name ${quote(v.name)} is not a new CEL identifier (anyObject and params are Gatekeeper's)`;
      }
      const problem = celProblem(`variable '${v.name}'`, v.expression, declared);
      if (problem) return problem;
      declared.add(v.name);
    }
    for (let i = 0; i < this.validations.length; i++) {
      const v = this.validations[i];
      const problem = celProblem(`validations[${i}].expression`, v.expression, declared)
        ?? (v.messageExpression !== undefined ? celProblem(`validations[${i}].messageExpression`, v.messageExpression, declared) : undefined);
      if (problem) return problem;
      if (typeof v.message !== 'string' || v.message.trim() === '') return `validations[${i}] has an empty message; say what is required`;
    }
    return undefined;
  }

  /**
   * The `code` entry.
   *
   * @internal
   */
  public _toJson(): { [key: string]: any } {
    if (this.engine === 'Rego') {
      return { engine: 'Rego', source: { version: 'v1', rego: this.rego, ...(this.libs.length > 0 ? { libs: [...this.libs] } : {}) } };
    }
    return {
      engine: 'K8sNativeValidation',
      source: {
        ...(this.variables.length > 0 ? { variables: this.variables.map((v) => ({ name: v.name, expression: v.expression })) } : {}),
        validations: this.validations.map((v) => ({
          expression: v.expression,
          message: v.message,
          ...(v.messageExpression !== undefined ? { messageExpression: v.messageExpression } : {}),
        })),
      },
    };
  }
}

function celProblem(what: string, expression: unknown, declared: ReadonlySet<string>): string | undefined {
  const problem = celSyntaxError(expression);
  if (problem) return `${what} ${quote(expression)} ${problem}`;
  const unknown = celVariableReferences(expression as string).find((n) => !declared.has(n));
  return unknown !== undefined ? `${what} reads variables.${unknown}, which is not declared before it` : undefined;
}

function stripRegoComments(text: string): string {
  return text.split('\n').map((line) => {
    let inString = false;
    for (let i = 0; i < line.length; i++) {
      if (line[i] === '\\' && inString) { i++; continue; }
      if (line[i] === '"') inString = !inString;
      if (line[i] === '#' && !inString) return line.slice(0, i);
    }
    return line;
  }).join('\n');
}

function firstCodeLine(text: string): number {
  const lines = text.split('\n');
  return Math.max(0, lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#')));
}

/** Why the brackets of a Rego text do not balance (outside strings, raw strings and comments), or undefined. */
export function balanceError(rego: string): string | undefined {
  const text = stripRegoComments(rego);
  const stack: Array<{ ch: string; line: number }> = [];
  const pairs: { [close: string]: string } = { ')': '(', ']': '[', '}': '{' };
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') { line++; continue; }
    if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') i++;
      }
      continue;
    }
    if (ch === '`') {
      for (i++; i < text.length && text[i] !== '`'; i++) {
        if (text[i] === '\n') line++;
      }
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') {
      stack.push({ ch, line });
    } else if (ch in pairs) {
      const open = stack.pop();
      if (!open || open.ch !== pairs[ch]) return `has an unmatched '${ch}' on line ${line}`;
    }
  }
  const open = stack.pop();
  return open ? `has an unclosed '${open.ch}' opened on line ${open.line}` : undefined;
}

/**
 * Why a Rego v1 module cannot be a Gatekeeper template named `templateName`, or undefined.
 */
export function regoError(rego: unknown, templateName: string): string | undefined {
  if (typeof rego !== 'string' || rego.trim() === '') return 'has empty Rego; write a module with a violation rule';
  const code = stripRegoComments(rego);
  const pkg = /^\s*package\s+([A-Za-z_][\w.]*)\s*$/m.exec(code);
  const firstLine = code.split('\n').find((l) => l.trim() !== '');
  if (!pkg || firstLine?.trim() !== pkg[0].trim()) {
    return `Rego must start with 'package ${templateName}'`;
  }
  if (pkg[1] !== templateName) return `Rego package '${pkg[1]}' does not match the template name; use 'package ${templateName}'`;
  if (/^\s*violation\s*\[/m.test(code)) {
    return "uses Rego v0 syntax 'violation[...] {'; Rego v1 needs 'violation contains {\"msg\": msg} if {'";
  }
  const violations = [...code.matchAll(/^\s*violation\b(.*)$/gm)];
  if (violations.length === 0) return "defines no 'violation' rule; add 'violation contains {\"msg\": msg} if { ... }'";
  for (const v of violations) {
    if (!/^\s*contains\b/.test(v[1]) || !/\bif\b/.test(v[1])) {
      return `has rule '${v[0].trim()}'; Rego v1 writes it 'violation contains {"msg": msg} if {'`;
    }
  }
  return balanceError(rego);
}

/** Why a parameters schema is not structural, or undefined. */
export function structuralSchemaError(schema: unknown, at: string = 'parameters'): string | undefined {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return `${at} is not a schema object`;
  const s = schema as { [key: string]: any };
  if (s['x-kubernetes-preserve-unknown-fields'] === true || s['x-kubernetes-int-or-string'] === true) return undefined;
  if (typeof s.type !== 'string' || !SCHEMA_TYPES.includes(s.type)) {
    return `${at} has type ${quote(s.type)}; a structural schema gives every node a type (${SCHEMA_TYPES.join(', ')})`;
  }
  if (s.properties !== undefined) {
    if (s.type !== 'object') return `${at} has properties but type '${s.type}'`;
    for (const [name, sub] of Object.entries(s.properties)) {
      const problem = structuralSchemaError(sub, `${at}.${name}`);
      if (problem) return problem;
    }
  }
  if (s.type === 'array') {
    if (s.items === undefined) return `${at} is an array without items; give items a schema`;
    return structuralSchemaError(s.items, `${at}[*]`);
  }
  if (typeof s.additionalProperties === 'object' && s.additionalProperties !== null) {
    return structuralSchemaError(s.additionalProperties, `${at}.*`);
  }
  return undefined;
}

/** Why a value does not match a (structural) schema, or undefined. */
export function schemaValueError(value: unknown, schema: { [key: string]: any }, at: string = 'parameters'): string | undefined {
  if (schema['x-kubernetes-preserve-unknown-fields'] === true && schema.type === undefined) return undefined;
  if (schema['x-kubernetes-int-or-string'] === true) {
    return typeof value === 'string' || Number.isInteger(value) ? undefined : `${at} must be an integer or a string`;
  }
  const type = schema.type;
  const ok = type === 'object' ? typeof value === 'object' && value !== null && !Array.isArray(value)
    : type === 'array' ? Array.isArray(value)
      : type === 'integer' ? Number.isInteger(value)
        : type === 'number' ? typeof value === 'number' && Number.isFinite(value)
          : typeof value === type;
  if (!ok) return `${at} must be of type ${type}, got ${quote(value)}`;
  if (Array.isArray(schema.enum) && !schema.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(value))) {
    return `${at} must be one of ${schema.enum.map((e: unknown) => JSON.stringify(e)).join(', ')}`;
  }
  if (type === 'array') {
    for (let i = 0; i < (value as unknown[]).length; i++) {
      const problem = schemaValueError((value as unknown[])[i], schema.items ?? {}, `${at}[${i}]`);
      if (problem) return problem;
    }
  }
  if (type === 'object') {
    const obj = value as { [key: string]: unknown };
    for (const required of schema.required ?? []) {
      if (!(required in obj)) return `${at}.${required} is required`;
    }
    for (const [key, sub] of Object.entries(obj)) {
      const propSchema = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (!propSchema) {
        if (schema['x-kubernetes-preserve-unknown-fields'] === true || schema.additionalProperties === true) continue;
        return `${at}.${key} is not in the template's parameters schema (the API server would prune it silently)`;
      }
      const problem = schemaValueError(sub, propSchema, `${at}.${key}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

/**
 * Properties of a GatekeeperConstraintTemplate.
 */
export interface GatekeeperConstraintTemplateProps {
  /**
   * The constraint kind the template defines, PascalCase (e.g. `K8sRequiredLabels`). The template
   * is named after it in lower case, as Gatekeeper requires.
   */
  readonly kind: string;

  /**
   * The policy code: `GatekeeperTemplateCode.rego(...)` or `GatekeeperTemplateCode.cel(...)`.
   */
  readonly code: GatekeeperTemplateCode;

  /**
   * OpenAPI v3 schema of the constraints' `parameters`: structural (a `type` on every node), as
   * `templates.gatekeeper.sh/v1` requires.
   *
   * @default - { type: 'object' } with no properties: constraints take no parameters
   */
  readonly parameters?: { [key: string]: any };

  /**
   * Operations the template judges.
   *
   * @default ['CREATE', 'UPDATE']
   */
  readonly operations?: string[];

  /**
   * What the template requires (annotation `description`).
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * Extra annotations of the template.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * A kind and the API groups a constraint matches it in.
 */
export interface GatekeeperMatchKind {
  /** API groups, `''` for core. */
  readonly apiGroups: string[];
  /** Kinds, e.g. `['Deployment']`. */
  readonly kinds: string[];
}

/**
 * Options of a constraint of a template.
 */
export interface GatekeeperConstraintOptions {
  /**
   * Name of the constraint.
   *
   * @default - a name generated by cdk8s from the construct path
   */
  readonly name?: string;

  /**
   * What a violation does.
   *
   * Security note: DRYRUN and WARN admit violating requests.
   *
   * @default GatekeeperEnforcementAction.DENY
   */
  readonly enforcementAction?: GatekeeperEnforcementAction;

  /**
   * Kinds the constraint matches.
   *
   * @default - Pods and every pod controller, by API group
   */
  readonly kinds?: GatekeeperMatchKind[];

  /**
   * Namespaces the constraint skips (`match.excludedNamespaces`).
   *
   * Security note: objects in these namespaces are not checked.
   *
   * @default - none (namespaces labelled `cdk8s-hardened.io/policy-exempt` are always skipped)
   */
  readonly excludedNamespaces?: string[];

  /**
   * Namespaces the constraint is limited to (`match.namespaces`).
   *
   * @default - every namespace
   */
  readonly namespaces?: string[];

  /**
   * The constraint's parameters, checked against the template's parameters schema.
   *
   * @default - none
   */
  readonly parameters?: { [key: string]: any };

  /**
   * Documented, time-limited exemptions (`rules` must be omitted), expressed in the constraint's `match`.
   *
   * They become excluded namespaces and label selectors. An exemption with both namespaces and labels,
   * or several labels, splits the constraint into a few disjoint constraints.
   *
   * Security note: an exemption admits what the constraint would deny.
   *
   * @default - none
   */
  readonly exemptions?: AdmissionException[];
}

/**
 * Properties of a GatekeeperConstraint.
 */
export interface GatekeeperConstraintProps extends GatekeeperConstraintOptions {
  /** The template the constraint instantiates. */
  readonly template: GatekeeperConstraintTemplate;
}

/**
 * An OPA Gatekeeper ConstraintTemplate (templates.gatekeeper.sh/v1) from Rego v1 or CEL.
 *
 * A malformed template is accepted by the API server and only rejected (or worse, silently
 * ineffective) inside Gatekeeper; validating the code, the package name and the parameters schema
 * here moves that failure to `cdk8s synth`.
 *
 * @see https://open-policy-agent.github.io/gatekeeper/website/docs/constrainttemplates
 */
export class GatekeeperConstraintTemplate extends Construct {
  /** The ConstraintTemplate object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The template name (the kind in lower case). */
  public readonly name: string;
  /** The constraint kind. */
  public readonly kind: string;
  /** The parameters schema. */
  public readonly parametersSchema: { [key: string]: any };

  constructor(scope: Construct, id: string, props: GatekeeperConstraintTemplateProps) {
    super(scope, id);
    if (typeof props.kind !== 'string' || !KIND_RE.test(props.kind) || props.kind.length > 63) {
      throw constructError(this, `kind ${quote(props.kind)} is not a Kind name; use PascalCase letters and digits (at most 63), e.g. 'K8sRequiredLabels'`);
    }
    this.kind = props.kind;
    this.name = props.kind.toLowerCase();
    if (!(props.code instanceof GatekeeperTemplateCode)) {
      throw constructError(this, 'code is missing; use GatekeeperTemplateCode.rego(...) or GatekeeperTemplateCode.cel(...)');
    }
    const codeProblem = props.code._problem(this.name);
    if (codeProblem) throw constructError(this, codeProblem);
    this.parametersSchema = props.parameters ?? { type: 'object' };
    const schemaProblem = structuralSchemaError(this.parametersSchema);
    if (schemaProblem) throw constructError(this, schemaProblem);
    if (this.parametersSchema.type !== 'object') throw constructError(this, `parameters has type '${this.parametersSchema.type}'; the parameters schema must be of type 'object'`);
    const operations = props.operations ?? ['CREATE', 'UPDATE'];
    const badOp = operations.find((o) => !['*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'].includes(o));
    if (badOp !== undefined) throw constructError(this, `operation ${quote(badOp)} is not one of '*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'`);

    const annotations = { ...(props.annotations ?? {}), ...(props.description ? { description: props.description } : {}) };
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'templates.gatekeeper.sh/v1',
      kind: 'ConstraintTemplate',
      metadata: { name: this.name, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
      spec: {
        crd: { spec: { names: { kind: this.kind }, validation: { openAPIV3Schema: JSON.parse(JSON.stringify(this.parametersSchema)) } } },
        targets: [{ target: GATEKEEPER_TARGET, operations: [...operations], code: [props.code._toJson()] }],
      },
    });
  }

  /**
   * Adds a constraint of this template.
   */
  public addConstraint(id: string, options: GatekeeperConstraintOptions = {}): GatekeeperConstraint {
    return new GatekeeperConstraint(this, id, { ...options, template: this });
  }
}

/**
 * A Gatekeeper constraint (constraints.gatekeeper.sh/v1beta1) of a template: enforcement action,
 * matched kinds, excluded namespaces and parameters checked against the template's schema.
 *
 * Exemptions are compiled into the `match` block; when one `match` cannot express them, the
 * constraint is split into disjoint constraints (`<name>`, `<name>-2`, ...), so nothing outside
 * the exemptions is left unchecked and nothing is judged twice.
 */
export class GatekeeperConstraint extends Construct {
  /** The (first) constraint object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** Every constraint object (more than one when exemptions split the match). */
  public readonly apiObjects: ApiObject[];
  /** The enforcement action. */
  public readonly enforcementAction: GatekeeperEnforcementAction;

  constructor(scope: Construct, id: string, props: GatekeeperConstraintProps) {
    super(scope, id);
    if (props.name !== undefined && (!DNS1123_SUBDOMAIN_RE.test(props.name) || props.name.length > 250)) {
      throw constructError(this, `name ${quote(props.name)} is not a DNS-1123 subdomain (at most 250 characters)`);
    }
    this.enforcementAction = props.enforcementAction ?? GatekeeperEnforcementAction.DENY;
    if (!Object.values(GatekeeperEnforcementAction).includes(this.enforcementAction)) {
      throw constructError(this, `enforcementAction ${quote(this.enforcementAction)} is not deny, dryrun or warn`);
    }
    const kinds = props.kinds ?? resourcesByGroup(POD_RESOURCES).map((g) => ({ apiGroups: [g.apiGroup], kinds: g.kinds }));
    if (kinds.length === 0 || kinds.some((k) => !Array.isArray(k.kinds) || k.kinds.length === 0 || !Array.isArray(k.apiGroups))) {
      throw constructError(this, 'kinds must list at least one { apiGroups, kinds } entry with kinds; omit kinds to match Pods and pod controllers');
    }
    const badKind = kinds.flatMap((k) => k.kinds).find((k) => k !== '*' && !KIND_RE.test(k));
    if (badKind !== undefined) throw constructError(this, `kind ${quote(badKind)} is not a Kind name (PascalCase) or '*'`);
    for (const ns of [...(props.excludedNamespaces ?? []), ...(props.namespaces ?? [])]) {
      if (typeof ns !== 'string' || !NAMESPACE_RE.test(ns)) throw constructError(this, `namespace ${quote(ns)} is not a namespace name (DNS-1123 label)`);
    }
    if (props.parameters !== undefined) {
      const problem = schemaValueError(props.parameters, props.template.parametersSchema);
      if (problem) throw constructError(this, problem);
    }
    const exemptions = props.exemptions ?? [];
    const now = new Date();
    for (const e of exemptions) {
      if (e.rules !== undefined) throw constructError(this, `exemption ${quote(e.id)} names rules; omit them, an exemption of a constraint covers the constraint`);
      const problem = exceptionError(e, [], now);
      if (problem) throw constructError(this, problem);
    }
    let blocks;
    try {
      blocks = exemptionMatchBlocks(exemptions, props.excludedNamespaces ?? [], props.namespaces);
    } catch (e) {
      throw constructError(this, (e as Error).message);
    }
    if (blocks.length === 0) throw constructError(this, 'exempts everything it would match; narrow the exemptions');
    const annotations = exemptionAnnotations(exemptions);

    this.apiObjects = blocks.map((block, i) => {
      const name = props.name === undefined ? undefined : i === 0 ? props.name : `${props.name}-${i + 1}`;
      return new ApiObject(this, i === 0 ? 'Resource' : `Resource${i + 1}`, {
        apiVersion: 'constraints.gatekeeper.sh/v1beta1',
        kind: props.template.kind,
        metadata: { ...(name ? { name } : {}), ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
        spec: {
          enforcementAction: this.enforcementAction,
          match: {
            kinds: kinds.map((k) => ({ apiGroups: [...k.apiGroups], kinds: [...k.kinds] })),
            ...matchFieldsOf(block),
            namespaceSelector: { matchExpressions: [{ key: POLICY_EXEMPT_LABEL, operator: 'DoesNotExist' }] },
          },
          ...(props.parameters !== undefined ? { parameters: JSON.parse(JSON.stringify(props.parameters)) } : {}),
        },
      });
    });
    this.apiObject = this.apiObjects[0];
  }
}
