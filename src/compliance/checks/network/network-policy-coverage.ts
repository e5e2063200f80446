/**
 * network-policy-coverage: every workload's pods are isolated for ingress and egress.
 *
 * Restricted: the NetworkPolicies of the workload's namespace whose podSelector selects its pod
 * template labels. Required: at least one with policy type Ingress and at least one with policy
 * type Egress (as the API server defaults spec.policyTypes). Pods selected by no policy accept and
 * send any traffic. CIS 5.3.2 (v1.10 and v1.12).
 */
import { ICheck, Severity } from '../../check';
import { kubeLinter, kubeScore, polaris, trivy } from '../../peers/catalog';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { namespaceOf, policiesCovering } from '../../selectors';
import { cis, fail, hipaa, isOutcome, pass, pci, podOf, soc2 } from '../support';

export const networkPolicyCoverage: ICheck = {
  id: 'network-policy-coverage',
  title: 'Workload pods are selected by NetworkPolicies for ingress and egress',
  description: 'NetworkPolicies of the workload\'s namespace select its pods for both Ingress and Egress, so only '
    + 'declared traffic reaches them and leaves them (zero trust between workloads).',
  severity: Severity.ERROR,
  controls: [...cis('5.3.2'), ...soc2('CC6.6'), ...pci('1.3.1', '1.3.2', '1.4.1'), ...hipaa('164.312(e)(1)')],
  kinds: [...POD_BEARING_KINDS],
  peers: [
    kubeScore('pod-networkpolicy'),
    kubeLinter('non-isolated-pod'),
    polaris('missingNetworkPolicy'),
    trivy('KSV038', 'Trivy asks for a selecting policy; ours also requires it to isolate both Ingress and Egress'),
  ],
  evaluate: (object, context) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const coverage = policiesCovering(object, context);
    if (coverage.ingress && coverage.egress) return pass();
    const missing = [coverage.ingress ? undefined : 'Ingress', coverage.egress ? undefined : 'Egress'].filter((d): d is string => !!d);
    const namespace = namespaceOf(object);
    const detail = coverage.policies.length === 0
      ? `no NetworkPolicy in namespace ${JSON.stringify(namespace)} selects the pod labels`
      : `no NetworkPolicy selecting the pods has policy type ${missing.join(' or ')}`;
    return fail(`pods not isolated for ${missing.join(' and ').toLowerCase()}`, detail, pod.specPointer.replace(/\/spec$/, '/metadata/labels'));
  },
};
