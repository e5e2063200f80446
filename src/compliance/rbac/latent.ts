/**
 * Latent RBAC rules: rules of a Role or ClusterRole that nothing in the evaluated set binds.
 *
 * A rule grants nothing until a RoleBinding or ClusterRoleBinding references its role, so the role
 * checks report the rules of an unbound role as latent: still a failure (whoever binds the role
 * later hands the permission out), at one severity lower (error becomes warning, warning becomes
 * info), with the detail saying so. A role counts as bound when
 * - a binding of the set references it (a Role: a RoleBinding of its namespace; a ClusterRole: any
 *   RoleBinding or ClusterRoleBinding);
 * - it is a ClusterRole labelled `rbac.authorization.k8s.io/aggregate-to-admin|edit|view: "true"`:
 *   the aggregation controller copies its rules into the built-in admin, edit and view roles, which
 *   clusters bind routinely;
 * - it is a ClusterRole selected by the aggregation rule of a bound ClusterRole of the set.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#aggregated-clusterroles
 */
import { namespaceOf, roleRefOf } from './authorizer';
import { CheckOutcome, CheckStatus, ICheckContext, Severity } from '../check';
import { cachedIn } from '../context';
import { matchesLabelSelector } from '../selectors';

const AGGREGATE_TO_BUILT_IN = ['admin', 'edit', 'view'].map((r) => `rbac.authorization.k8s.io/aggregate-to-${r}`);

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `Role\0ns\0name` or `ClusterRole\0\0name`. */
function roleKey(kind: string, name: string, namespace?: string): string {
  return `${kind}\u0000${kind === 'Role' ? namespace ?? '' : ''}\u0000${name}`;
}

/** The bindings of the set, indexed by the role they reference (once per evaluation). */
function bindingsByRole(context: ICheckContext): Map<string, any[]> {
  return cachedIn(context, 'rbac.latent.bindingsByRole', () => {
    const index = new Map<string, any[]>();
    for (const binding of [...context.objectsOfKind('RoleBinding'), ...context.objectsOfKind('ClusterRoleBinding')]) {
      const ref = roleRefOf(binding);
      if (!ref.name || (ref.kind !== 'Role' && ref.kind !== 'ClusterRole')) continue;
      // A ClusterRoleBinding cannot reference a Role; the API server rejects it.
      if (ref.kind === 'Role' && binding.kind !== 'RoleBinding') continue;
      const key = roleKey(ref.kind, ref.name, ref.namespace);
      index.set(key, [...(index.get(key) ?? []), binding]);
    }
    return index;
  });
}

/** The bindings of the set that reference this Role or ClusterRole, in input order. */
export function bindingsOfRole(role: unknown, context: ICheckContext): any[] {
  if (!isObject(role) || !isObject(role.metadata) || typeof role.metadata.name !== 'string') return [];
  const kind = role.kind === 'ClusterRole' ? 'ClusterRole' : 'Role';
  return bindingsByRole(context).get(roleKey(kind, role.metadata.name, namespaceOf(role))) ?? [];
}

/** Whether anything in the set makes the role's rules effective (see the module doc). */
export function isRoleBound(role: unknown, context: ICheckContext): boolean {
  return bindingsOfRole(role, context).length > 0 || isAggregatedIntoBoundRole(role, context);
}

/**
 * Whether a ClusterRole's rules reach subjects through aggregation: labelled for the built-in
 * admin, edit or view roles, or selected by the aggregation rule of a bound ClusterRole of the set.
 */
export function isAggregatedIntoBoundRole(role: unknown, context: ICheckContext, seen: Set<unknown> = new Set()): boolean {
  if (!isObject(role) || seen.has(role) || role.kind !== 'ClusterRole') return false;
  seen.add(role);
  const labels = isObject(role.metadata) && isObject(role.metadata.labels) ? role.metadata.labels : {};
  if (AGGREGATE_TO_BUILT_IN.some((l) => labels[l] === 'true')) return true;
  return context.objectsOfKind('ClusterRole').some((aggregator) => {
    const selectors = isObject(aggregator.aggregationRule) && Array.isArray(aggregator.aggregationRule.clusterRoleSelectors)
      ? aggregator.aggregationRule.clusterRoleSelectors : [];
    return aggregator !== role && selectors.some((s: unknown) => matchesLabelSelector(s, labels))
      && (bindingsOfRole(aggregator, context).length > 0 || isAggregatedIntoBoundRole(aggregator, context, seen));
  });
}

/** One severity lower: error becomes warning, warning becomes info. */
export function latentSeverity(severity: Severity): Severity {
  return severity === Severity.ERROR ? Severity.WARNING : Severity.INFO;
}

/**
 * A role check's failure, reported as latent when nothing binds the role: the same reason, the
 * detail marked latent, one severity lower. Other outcomes pass through.
 */
export function asLatentUnlessBound(outcome: CheckOutcome, role: any, context: ICheckContext | undefined, severity: Severity): CheckOutcome {
  if (outcome.status !== CheckStatus.FAIL || context === undefined || isRoleBound(role, context)) return outcome;
  const name = isObject(role.metadata) && typeof role.metadata.name === 'string' ? role.metadata.name : '';
  const what = role.kind === 'ClusterRole' ? `ClusterRole ${JSON.stringify(name)}` : `Role ${JSON.stringify(name)} in namespace ${JSON.stringify(namespaceOf(role))}`;
  return {
    ...outcome,
    detail: `latent: ${outcome.detail ?? outcome.reason}; nothing in the input binds ${what}, so no subject holds these permissions until a binding references it`,
    severity: latentSeverity(severity),
  };
}
