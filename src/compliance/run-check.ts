/**
 * Running one check on one object, as the engine and the scorecard both do.
 *
 * `runCheck` never throws: a check that throws or returns something that is not an outcome becomes
 * an `error` outcome naming the check. `sharedOutcome` also remembers the outcome for the rest of
 * the evaluation (the context), so an object judged by the same check twice (the scorecard judges
 * every Role and ClusterRole with the least-privilege checks before the engine reports them) is
 * evaluated once. Checks are pure functions of the object and the context, so the remembered
 * outcome is the one a second run would return.
 */
import { CheckOutcome, CheckStatus, ICheck, ICheckContext } from './check';
import { cachedIn } from './context';

/** Whether a value is one of the four statuses (compared directly: this runs for every check of every object). */
function isStatus(status: unknown): boolean {
  return status === CheckStatus.PASS || status === CheckStatus.FAIL || status === CheckStatus.NOT_APPLICABLE || status === CheckStatus.ERROR;
}

/** Runs one check, turning a throw or a malformed outcome into an `error` outcome. */
export function runCheck(check: ICheck, object: unknown, context: ICheckContext): CheckOutcome {
  let outcome: unknown;
  try {
    outcome = check.evaluate(object, context);
  } catch (e) {
    return { status: CheckStatus.ERROR, reason: `check "${check.id}" failed to evaluate`, detail: `check "${check.id}" threw: ${errorMessage(e)}` };
  }
  if (typeof outcome !== 'object' || outcome === null || !isStatus((outcome as any).status)) {
    return { status: CheckStatus.ERROR, reason: `check "${check.id}" returned an invalid outcome`, detail: `got ${safeJson(outcome)}` };
  }
  return outcome as CheckOutcome;
}

const CONTEXT_KEY = 'run-check.outcomes';

/** The outcomes remembered for one evaluation: object -> check -> outcome. */
type Remembered = WeakMap<object, Map<ICheck, CheckOutcome>>;

/** {@link runCheck}, remembered for the evaluation of `context`: a second call returns the first outcome. */
export function sharedOutcome(check: ICheck, object: object, context: ICheckContext): CheckOutcome {
  const remembered = cachedIn<Remembered>(context, CONTEXT_KEY, () => new WeakMap());
  let byCheck = remembered.get(object);
  if (!byCheck) remembered.set(object, byCheck = new Map());
  let outcome = byCheck.get(check);
  if (!outcome) byCheck.set(check, outcome = runCheck(check, object, context));
  return outcome;
}

/** The outcomes {@link sharedOutcome} remembered in an evaluation, by object (then by check). */
export function sharedOutcomes(context: ICheckContext): { get(object: object): ReadonlyMap<ICheck, CheckOutcome> | undefined } {
  return cachedIn<Remembered>(context, CONTEXT_KEY, () => new WeakMap());
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return safeJson(e);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
