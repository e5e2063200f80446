import { ApiObject } from 'cdk8s';
import * as D from '../defaults';

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
  object.metadata.addAnnotation(D.polarisExemptAnnotation(checkId), 'true');
  object.metadata.addAnnotation(D.POLARIS_EXEMPTION_REASON_ANNOTATION, [...reasons].map(([id, why]) => `${id}: ${why}`).join('; '));
}
