/**
 * namespace-default-deny: every application namespace denies traffic by default, both ways.
 *
 * Required: NetworkPolicies in the namespace that select all pods (empty podSelector), have policy
 * type Ingress, resp. Egress, and allow nothing in that direction (one policy for both or one each).
 * Workload policies then allow only declared traffic, and a pod that no policy selects is still
 * isolated. System namespaces (`kube-system`, `kube-public`, `kube-node-lease` unless configured) do not apply. CIS 5.3.2 (v1.10 and v1.12).
 */
import { ICheck, Severity } from '../../check';
import { namespaceDefaultDeny } from '../../selectors';
import { cis, fail, hipaa, isOutcome, namespaceName, pass, pci, soc2 } from '../support';

export const namespaceDefaultDenyCheck: ICheck = {
  id: 'namespace-default-deny',
  title: 'Namespaces have default-deny NetworkPolicies for ingress and egress',
  description: 'Each non-system namespace has a NetworkPolicy selecting all its pods that denies all ingress and '
    + 'one (or the same) that denies all egress, so traffic is allowed only where a policy says so.',
  severity: Severity.ERROR,
  controls: [...cis('5.3.2'), ...soc2('CC6.6'), ...pci('1.3.1', '1.3.2', '1.4.1'), ...hipaa('164.312(e)(1)')],
  kinds: ['Namespace'],
  peers: [],
  evaluate: (object, context) => {
    const name = namespaceName(object, context);
    if (isOutcome(name)) return name;
    const deny = namespaceDefaultDeny(name, context);
    if (deny.ingress && deny.egress) return pass();
    const missing = [deny.ingress ? undefined : 'ingress', deny.egress ? undefined : 'egress'].filter((d): d is string => !!d);
    return fail(`no default-deny for ${missing.join(' and ')}`,
      `no NetworkPolicy in namespace ${JSON.stringify(name)} selects all pods (podSelector: {}) with policy type ${missing.map((m) => m[0].toUpperCase() + m.slice(1)).join(' and ')} and no rules`);
  },
};
