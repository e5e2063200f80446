/**
 * Objects Kubernetes manages itself: the bootstrap RBAC policy every API server creates at start
 * and recreates when deleted (`cluster-admin` bound to `system:masters`, the `system:controller:*`
 * roles of kube-controller-manager, `system:public-info-viewer`, ...).
 *
 * Findings on them are not actionable: an annotation on an object the API server owns is
 * overwritten, and a change is reconciled away. So the engine reports them as suppressed, with the
 * reason below, and counts them apart (`summary.managed`); `includeManaged` / `--include-managed`
 * judges them like any other object.
 *
 * An object counts as managed only when it is one of the bootstrap policy (./bootstrap-policy.ts)
 * AND carries its label `kubernetes.io/bootstrapping: rbac-defaults`: the label alone is not
 * enough (any chart can write it), nor the name alone (anyone can name a binding `cluster-admin`).
 * A binding counts only while it grants its bootstrap role to no subject beyond the bootstrap ones:
 * the API server adds missing subjects but never removes extra ones, so a subject someone added to
 * `cluster-admin` is judged. Role rules are not compared (aggregated roles carry third-party rules
 * by design); judge them with `--include-managed`.
 */
import {
  BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_CLUSTER_ROLE_NAMES, BOOTSTRAP_CONTROLLERS, BOOTSTRAP_NAMESPACE_ROLE_BINDINGS,
  BOOTSTRAP_NAMESPACE_ROLES, BootstrapBinding, BOOTSTRAPPING_LABEL, BOOTSTRAPPING_VALUE,
} from './bootstrap-policy';

/** The reason every managed-object suppression starts with. */
export const MANAGED_REASON = 'managed by Kubernetes, recreated by the API server';

const CONTROLLER_PREFIX = 'system:controller:';
const RBAC_KINDS = new Set(['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']);

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function controllerOf(name: string): string | undefined {
  if (!name.startsWith(CONTROLLER_PREFIX)) return undefined;
  const controller = name.slice(CONTROLLER_PREFIX.length);
  return BOOTSTRAP_CONTROLLERS.includes(controller) ? controller : undefined;
}

/** Whether a binding grants exactly its bootstrap role, to bootstrap subjects only. */
function matchesBinding(binding: Record<string, any>, expected: BootstrapBinding): boolean {
  const roleRef = isObject(binding.roleRef) ? binding.roleRef : {};
  if (roleRef.kind !== expected.roleKind || roleRef.name !== expected.roleName) return false;
  const subjects = Array.isArray(binding.subjects) ? binding.subjects : [];
  return subjects.every((s: unknown) => isObject(s) && expected.subjects.some((e) =>
    e.kind === s.kind && e.name === s.name && (e.namespace === undefined || e.namespace === s.namespace)));
}

/**
 * Why an object is managed by Kubernetes (the suppression reason), or undefined when it is not.
 *
 * Never throws.
 */
export function managedReason(object: unknown): string | undefined {
  // Asked for every object: answer the common case (not an RBAC kind) first.
  if (!isObject(object) || !RBAC_KINDS.has(object.kind) || !isObject(object.metadata)) return undefined;
  const { name, namespace, labels } = object.metadata;
  if (typeof name !== 'string' || !isObject(labels) || labels[BOOTSTRAPPING_LABEL] !== BOOTSTRAPPING_VALUE) return undefined;
  const because = (what: string) => `${MANAGED_REASON} (bootstrap ${object.kind} "${what}")`;
  switch (object.kind) {
    case 'ClusterRole':
      return BOOTSTRAP_CLUSTER_ROLE_NAMES.includes(name) || controllerOf(name) ? because(name) : undefined;
    case 'ClusterRoleBinding': {
      const controller = controllerOf(name);
      const expected = controller
        ? { roleKind: 'ClusterRole', roleName: name, subjects: [{ kind: 'ServiceAccount', name: controller, namespace: 'kube-system' }] }
        : Object.prototype.hasOwnProperty.call(BOOTSTRAP_CLUSTER_ROLE_BINDINGS, name) ? BOOTSTRAP_CLUSTER_ROLE_BINDINGS[name] : undefined;
      return expected && matchesBinding(object, expected) ? because(name) : undefined;
    }
    case 'Role':
      return typeof namespace === 'string' && (BOOTSTRAP_NAMESPACE_ROLES[namespace] ?? []).includes(name) ? because(`${namespace}/${name}`) : undefined;
    case 'RoleBinding': {
      const inNamespace = typeof namespace === 'string' && Object.prototype.hasOwnProperty.call(BOOTSTRAP_NAMESPACE_ROLE_BINDINGS, namespace)
        ? BOOTSTRAP_NAMESPACE_ROLE_BINDINGS[namespace] : {};
      const expected = Object.prototype.hasOwnProperty.call(inNamespace, name) ? inNamespace[name] : undefined;
      return expected && matchesBinding(object, expected) ? because(`${namespace}/${name}`) : undefined;
    }
    default:
      return undefined;
  }
}
