/**
 * What an evaluation judges: the namespaces, check ids and severities a user narrowed it to.
 *
 * Narrowing never changes how an object is judged: every object of the input stays in the context
 * cross-object checks read (NetworkPolicies, bindings, Namespaces), and only the objects and checks
 * out of scope are left unjudged. The scorecard measures the objects of the namespaces in scope.
 */
import { ICheck, Severity } from './check';
import { suppressionCovers } from './suppressions';

/** The narrowing of an evaluation. */
export interface EvaluationScope {
  /** Judge only objects in these namespaces (and the Namespace objects of that name). @default - every object */
  readonly namespaces?: readonly string[];
  /** Run only these checks: ids or `prefix-*` wildcards. @default - every check */
  readonly checkIds?: readonly string[];
  /** Never run these checks: ids or `prefix-*` wildcards. @default - none */
  readonly excludeCheckIds?: readonly string[];
  /** Run only checks of this severity or above. @default - every severity */
  readonly minimumSeverity?: Severity;
}

/** Severity order, most severe first. */
const RANK: Record<string, number> = { [Severity.ERROR]: 0, [Severity.WARNING]: 1, [Severity.INFO]: 2 };

/** Whether a check runs in this scope. */
export function checkInScope(check: ICheck, scope: EvaluationScope): boolean {
  if (scope.checkIds && scope.checkIds.length > 0 && !scope.checkIds.some((p) => idMatches(p, check.id))) return false;
  if (scope.excludeCheckIds?.some((p) => idMatches(p, check.id))) return false;
  if (scope.minimumSeverity !== undefined && (RANK[check.severity] ?? 0) > (RANK[scope.minimumSeverity] ?? 0)) return false;
  return true;
}

/** Whether an object is judged in this scope: in one of the namespaces, or the Namespace object of one. */
export function objectInScope(object: Record<string, any>, scope: EvaluationScope): boolean {
  const namespaces = scope.namespaces;
  if (!namespaces || namespaces.length === 0) return true;
  const metadata = typeof object.metadata === 'object' && object.metadata !== null ? object.metadata : {};
  if (object.kind === 'Namespace') return namespaces.includes(metadata.name);
  return typeof metadata.namespace === 'string' && namespaces.includes(metadata.namespace);
}

/** Whether a check id pattern (an id or a `prefix-*` wildcard) names a check id. */
export function idMatches(pattern: string, id: string): boolean {
  return suppressionCovers(pattern, id);
}
