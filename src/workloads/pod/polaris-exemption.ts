import { ApiObject } from 'cdk8s';

/*
 * Polaris exemptions are names and reasons, not hardened defaults: they live here, next to the one
 * function that writes them.
 */
/**
 * Polaris exemption annotation for one check, written only where a Polaris rule contradicts least
 * privilege (with the reason in `POLARIS_EXEMPTION_REASON_ANNOTATION`).
 */
export function polarisExemptAnnotation(checkId: string): string {
  return `polaris.fairwinds.com/${checkId}-exempt`;
}

/** Why the Polaris exemptions on an object were written. */
export const POLARIS_EXEMPTION_REASON_ANNOTATION = 'cdk8s-hardened.io/polaris-exemption-reason';

/** Why a Job's or CronJob's NetworkPolicy has no ingress rule (Polaris `missingNetworkPolicy` wants one). */
export const NO_INGRESS_REASON = 'runs to completion and accepts no traffic: its NetworkPolicy denies all ingress on purpose';

/** Why an autoscaled Deployment has no spec.replicas (Polaris `deploymentMissingReplicas` wants one). */
export const AUTOSCALED_REPLICAS_REASON = 'replicas are owned by the HorizontalPodAutoscaler, whose minReplicas is at least 2';

/** Why a DaemonSet has no topology spread constraint (Polaris `topologySpreadConstraint` wants one). */
export const DAEMON_SET_SPREAD_REASON = 'a DaemonSet runs exactly one pod per node, so there is nothing to spread';

const REASONS = new WeakMap<ApiObject, Map<string, string>>();

/**
 * Writes a per-object Polaris exemption for one check, with its reason.
 *
 * Only where a Polaris rule contradicts least privilege or does not apply to the kind (a Job's
 * NetworkPolicy without ingress, an autoscaled Deployment without `spec.replicas`), or where the user
 * opted out by name (a DaemonSet's host access). Polaris reads `polaris.fairwinds.com/<check>-exempt`;
 * the reasons of every exemption on the object are kept together in
 * `cdk8s-hardened.io/polaris-exemption-reason` (`<check>: <reason>`, separated by `; `).
 */
export function addPolarisExemption(object: ApiObject, checkId: string, reason: string): void {
  const reasons = REASONS.get(object) ?? new Map<string, string>();
  REASONS.set(object, reasons);
  reasons.set(checkId, reason);
  object.metadata.addAnnotation(polarisExemptAnnotation(checkId), 'true');
  object.metadata.addAnnotation(POLARIS_EXEMPTION_REASON_ANNOTATION, [...reasons].map(([id, why]) => `${id}: ${why}`).join('; '));
}
