/**
 * workload-not-in-system-namespace: workloads run outside the cluster's own namespaces.
 *
 * Restricted: metadata.namespace of every pod-bearing object. Forbidden: `kube-system`,
 * `kube-public` and `kube-node-lease`. These namespaces belong to the cluster: they are commonly
 * exempt from Pod Security admission and admission policies, hold the control plane's ServiceAccounts
 * and Secrets, and `kube-public` is readable by everyone. (`default` is judged by namespace-explicit.)
 */
import { ICheck, Severity } from '../../check';
import { trivy } from '../../peers/catalog';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { fail, isObject, notApplicable, pass, pci, soc2 } from '../support';

/** The namespaces Kubernetes creates for itself. */
export const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

export const workloadNotInSystemNamespace: ICheck = {
  id: 'workload-not-in-system-namespace',
  title: 'Workloads are not placed in kube-system, kube-public or kube-node-lease',
  description: 'No pod-bearing object is placed in a namespace of the cluster itself, where admission exemptions and the '
    + 'control plane\'s identities live.',
  severity: Severity.ERROR,
  controls: [...soc2('CC6.1'), ...pci('2.2.1')],
  kinds: [...POD_BEARING_KINDS],
  peers: [trivy('KSV037')],
  evaluate: (object) => {
    if (!isObject(object)) return notApplicable('not a Kubernetes object');
    const namespace = isObject(object.metadata) ? object.metadata.namespace : undefined;
    if (typeof namespace !== 'string' || !SYSTEM_NAMESPACES.includes(namespace)) return pass();
    return fail('system namespace', `metadata.namespace is ${JSON.stringify(namespace)}, a namespace of the cluster itself; use a dedicated namespace`, '/metadata/namespace');
  },
};
