import { IConstruct } from 'constructs';

/**
 * Builds the error thrown for misuse of a construct.
 *
 * Every message has the same shape so users can find the offending call at once:
 * `<ConstructType> '<construct path>': <what was received>; <what is allowed and how to fix it>`.
 */
export function constructError(scope: IConstruct, message: string): Error {
  return new Error(`${scope.constructor.name} '${scope.node.path}': ${message}`);
}

/** Quotes a user value for an error message, keeping `undefined` and non-strings readable. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  return JSON.stringify(value) ?? String(value);
}
