/**
 * namespace-pss-restricted: every application namespace enforces Pod Security "restricted".
 *
 * Restricted: Namespace label pod-security.kubernetes.io/enforce (and enforce-version when set).
 * Allowed: `restricted`, with version `latest` or `v1.N`. System namespaces (`kube-system`,
 * `kube-public`, `kube-node-lease` unless configured) do not apply: they run the cluster's privileged components. CIS 5.2.1 (v1.10 and v1.12): an active policy control
 * mechanism for every namespace with user workloads.
 */
import { ICheck, Severity } from '../../check';
import { cis, isOutcome, judgeRestrictedEnforcement, namespaceName, pci, soc2 } from '../support';

export const namespacePssRestricted: ICheck = {
  id: 'namespace-pss-restricted',
  title: 'Namespaces enforce the restricted Pod Security Standard',
  description: 'Each non-system Namespace is labelled pod-security.kubernetes.io/enforce=restricted, so admission '
    + 'rejects pods that could escalate privileges, whatever created them.',
  severity: Severity.ERROR,
  controls: [...cis('5.2.1'), ...soc2('CC6.8'), ...pci('2.2.1', '2.2.6')],
  kinds: ['Namespace'],
  peers: [],
  evaluate: (object, context) => {
    const name = namespaceName(object, context);
    if (isOutcome(name)) return name;
    return judgeRestrictedEnforcement(object);
  },
};
