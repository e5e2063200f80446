/**
 * Test helper: judges an object with a rule's CEL, bound as ValidatingAdmissionPolicy binds it,
 * through the conformance CEL evaluator (@bufbuild/cel).
 */
import { CelPrograms, CelVerdict, evaluateCelPolicy } from '../../../conformance/cel/evaluator';
import { allVariables, PolicyRule } from '../../../src/policy/model';

const programs = new CelPrograms();

/** The verdict of one rule on an object. */
export function judge(rule: PolicyRule, object: unknown, namespace = 'default'): CelVerdict {
  return evaluateCelPolicy(programs, { variables: allVariables(rule), validations: rule.validations }, { object, namespace });
}

/** Whether the rule admits the object; throws on an evaluation error (no rule may error on valid input). */
export function admits(rule: PolicyRule, object: unknown): boolean {
  const v = judge(rule, object);
  if (v.errors.length > 0) throw new Error(`${rule.id}: ${v.errors.join('; ')}`);
  return v.admitted;
}
