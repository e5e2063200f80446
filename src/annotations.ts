/**
 * Annotation keys that the constructs write and the compliance engine reads.
 *
 * They live below both (`workloads/` and `compliance/` import this file, never each other).
 */

/**
 * On a pod template: the pod deliberately calls the Kubernetes API (a projected, short-lived,
 * audience-bound ServiceAccount token and egress to the API server). The value is the reason.
 *
 * Checks that forbid API tokens report such a pod as a deliberate, reasoned exception (suppressed with
 * this reason), never as a silent pass nor as a failure.
 */
export const API_ACCESS_ANNOTATION = 'cdk8s-hardened.io/api-access';
