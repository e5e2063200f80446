/**
 * Evaluates emitted CEL admission policies with a real CEL implementation (`@bufbuild/cel`), binding
 * variables as each admission engine binds them.
 *
 * - Input: the object as the API server hands it to admission: JSON, integers as CEL `int`
 *   (bigint), no nulls (the API server decodes into typed structs, which drop them).
 * - ValidatingAdmissionPolicy: `object`, `oldObject`, `request`, `params`, `namespaceObject`,
 *   `variables.<name>` (composited, lazily: a variable that fails to evaluate fails only the
 *   expressions that use it). Match conditions first: a false one skips the policy; an error is
 *   a failure (failurePolicy Fail). A validation that is false or errors denies.
 * - Kyverno ValidatingPolicy: the same bindings (Kyverno's extra libraries, `http`, `resource`,
 *   `image`, are not used by the emitted policies).
 * - Gatekeeper K8sNativeValidation: the same, plus the variables Gatekeeper prepends:
 *   `params` = `has(params.spec) && has(params.spec.parameters) ? params.spec.parameters : null`
 *   (with `params` the constraint) and `anyObject` = `object == null ? oldObject : object`.
 *
 * Library functions: the emitted policies use only standard CEL (`has`, `all`, `exists`,
 * `exists_one`, `filter`, `map`, `in`, `size`, `startsWith`, `matches`) and `join` from the
 * strings extension, which Kubernetes, Kyverno and Gatekeeper all load; `@bufbuild/cel` provides
 * them all, so no function is re-implemented here.
 */
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

type Program = (bindings: Record<string, unknown>) => unknown;

/** Plans each distinct expression once. */
export class CelPrograms {
  private readonly env = celEnv({ funcs: strings });
  private readonly programs = new Map<string, Program | Error>();
  private readonly verdicts = new Map<string, CelVerdict>();
  private readonly sourceKeys = new WeakMap<object, string>();
  /** Policy evaluations answered from the memo. */
  public memoHits = 0;
  /** Policy evaluations performed. */
  public evaluations = 0;
  /** Distinct expressions planned. */
  public get size(): number {
    return this.programs.size;
  }

  /** The memoized verdict of a policy on a keyed request, computed by `compute` on a miss. */
  public memo(source: object, extra: string, requestKey: string | undefined, compute: () => CelVerdict): CelVerdict {
    if (requestKey === undefined) {
      this.evaluations++;
      return compute();
    }
    let sk = this.sourceKeys.get(source);
    if (sk === undefined) {
      sk = JSON.stringify(source);
      this.sourceKeys.set(source, sk);
    }
    const key = `${sk}\u0000${extra}\u0000${requestKey}`;
    const hit = this.verdicts.get(key);
    if (hit) {
      this.memoHits++;
      return hit;
    }
    this.evaluations++;
    const v = compute();
    this.verdicts.set(key, v);
    return v;
  }

  /** The program of an expression, or the parse error. */
  public program(expression: string): Program | Error {
    let p = this.programs.get(expression);
    if (!p) {
      try {
        const planned = plan(this.env, parse(expression));
        p = (bindings) => planned(bindings as never);
      } catch (e) {
        p = e as Error;
      }
      this.programs.set(expression, p);
    }
    return p;
  }

  /** Evaluates; a CEL error or a parse error is returned as an Error. */
  public run(expression: string, bindings: Record<string, unknown>): unknown {
    const p = this.program(expression);
    if (p instanceof Error) return p;
    try {
      const out = p(bindings);
      if (isCelError(out)) return new Error(out.message);
      return out;
    } catch (e) {
      return e as Error;
    }
  }
}

/** Converts JSON to CEL input as the API server presents it: integers as int, nulls dropped. */
export function toCel(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(toCel);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const c = toCel(v);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return value;
}

/** A named CEL expression. */
export interface NamedExpression { readonly name: string; readonly expression: string }
/** A validation as the policies emit it. */
export interface EmittedValidation { readonly expression: string; readonly message?: string; readonly messageExpression?: string }

/** The CEL parts of a policy, whatever the engine. */
export interface CelPolicySource {
  readonly matchConditions?: readonly NamedExpression[];
  readonly variables?: readonly NamedExpression[];
  readonly validations: readonly EmittedValidation[];
}

/** The verdict of one policy on one request. */
export interface CelVerdict {
  /** Whether the match conditions selected the request. */
  readonly matched: boolean;
  /** Whether the policy admits it (true when not matched). */
  readonly admitted: boolean;
  /** Denial messages (validation false), with the message expression's result when it has one. */
  readonly denials: string[];
  /** Evaluation errors (each denies, as failurePolicy Fail does). */
  readonly errors: string[];
}

/** An admission request. */
export interface CelRequest {
  /** The object (already as JSON). */
  readonly object: unknown;
  /** The old object on UPDATE. @default null */
  readonly oldObject?: unknown;
  /** request.operation. @default 'CREATE' */
  readonly operation?: string;
  /** request.namespace. @default 'default' */
  readonly namespace?: string;
  /** The namespace object. @default null */
  readonly namespaceObject?: unknown;
  /**
   * A stable key of the request (object, namespace, operation): when set, the verdict of a policy
   * source on it is memoized (CEL is deterministic), so identical CEL emitted by several engines or
   * versions is evaluated once per input.
   */
  readonly key?: string;
}

function requestOf(r: CelRequest): Record<string, unknown> {
  const o = (r.object ?? {}) as Record<string, any>;
  const [group, version] = String(o.apiVersion ?? 'v1').includes('/') ? String(o.apiVersion).split('/') : ['', String(o.apiVersion ?? 'v1')];
  return {
    operation: r.operation ?? 'CREATE',
    namespace: r.namespace ?? 'default',
    name: o.metadata?.name ?? '',
    kind: { group, version, kind: String(o.kind ?? '') },
    userInfo: { username: 'conformance' },
    dryRun: false,
  };
}

function references(expression: string, name: string): boolean {
  return new RegExp(`\\bvariables\\.${name}\\b`).test(expression);
}

/**
 * Evaluates one policy's CEL on one request.
 *
 * @param preamble variables the engine binds before the policy's own (Gatekeeper's anyObject, params)
 */
export function evaluateCelPolicy(
  programs: CelPrograms, source: CelPolicySource, request: CelRequest, params: unknown = null, preamble: readonly NamedExpression[] = [],
): CelVerdict {
  const extra = JSON.stringify([params, preamble]);
  return programs.memo(source, extra, request.key, () => evaluateUncached(programs, source, request, params, preamble));
}

function evaluateUncached(
  programs: CelPrograms, source: CelPolicySource, request: CelRequest, params: unknown, preamble: readonly NamedExpression[],
): CelVerdict {
  const base: Record<string, unknown> = {
    object: toCel(request.object) ?? null,
    oldObject: toCel(request.oldObject) ?? null,
    request: toCel(requestOf(request)),
    params: toCel(params) ?? null,
    namespaceObject: toCel(request.namespaceObject) ?? null,
  };
  const errors: string[] = [];
  const failedVariables = new Set<string>();
  const variables: Record<string, unknown> = {};
  const bindings = { ...base, variables };
  const usesFailed = (expression: string) => [...failedVariables].find((n) => references(expression, n));

  const evalBool = (what: string, expression: string): boolean | undefined => {
    const failed = usesFailed(expression);
    if (failed !== undefined) {
      errors.push(`${what}: variable ${failed} failed to evaluate`);
      return undefined;
    }
    const out = programs.run(expression, bindings);
    if (out instanceof Error) {
      errors.push(`${what}: ${out.message}`);
      return undefined;
    }
    if (typeof out !== 'boolean') {
      errors.push(`${what}: expected bool, got ${typeof out}`);
      return undefined;
    }
    return out;
  };

  for (const c of source.matchConditions ?? []) {
    const v = evalBool(`matchCondition ${c.name}`, c.expression);
    if (v === false) return { matched: false, admitted: true, denials: [], errors: [] };
  }
  if (errors.length > 0) return { matched: true, admitted: false, denials: [], errors };

  for (const v of [...preamble, ...(source.variables ?? [])]) {
    const failed = usesFailed(v.expression);
    const out = failed !== undefined ? new Error(`uses ${failed}`) : programs.run(v.expression, bindings);
    if (out instanceof Error) failedVariables.add(v.name);
    else variables[v.name] = out;
  }

  const denials: string[] = [];
  source.validations.forEach((validation, i) => {
    const ok = evalBool(`validation ${i}`, validation.expression);
    if (ok !== false) return;
    let message = validation.message ?? `failed expression: ${validation.expression}`;
    if (validation.messageExpression) {
      const m = programs.run(validation.messageExpression, bindings);
      if (typeof m === 'string' && m.length > 0) message = m;
      else if (m instanceof Error) errors.push(`messageExpression ${i}: ${m.message}`);
    }
    denials.push(message);
  });
  return { matched: true, admitted: denials.length === 0 && errors.length === 0, denials, errors };
}

/** Gatekeeper's preamble variables (K8sNativeValidation). */
export const GATEKEEPER_PREAMBLE: readonly NamedExpression[] = [
  { name: 'anyObject', expression: 'object == null ? oldObject : object' },
  { name: 'params', expression: 'params != null && has(params.spec) && has(params.spec.parameters) ? params.spec.parameters : null' },
];
