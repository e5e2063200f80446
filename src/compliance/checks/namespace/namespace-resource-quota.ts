/**
 * namespace-resource-quota: every application namespace has a ResourceQuota.
 *
 * Required: a ResourceQuota in the namespace with at least one `spec.hard` entry. It bounds what the
 * namespace as a whole may consume (cpu, memory, pod count), so one tenant cannot exhaust the
 * cluster. System namespaces (`kube-system`, `kube-public`, `kube-node-lease` unless configured) do not apply.
 */
import { ICheck, Severity } from '../../check';
import { trivy } from '../../peers/catalog';
import { cis, fail, isObject, isOutcome, namespaceName, pass, pci, soc2 } from '../support';

export const namespaceResourceQuota: ICheck = {
  id: 'namespace-resource-quota',
  title: 'Namespaces have a ResourceQuota',
  description: 'A ResourceQuota with hard limits in each non-system namespace bounds its total consumption.',
  severity: Severity.WARNING,
  controls: [...cis('5.7.1', '5.6.1'), ...soc2('CC7.2'), ...pci('2.2.1')],
  kinds: ['Namespace'],
  peers: [trivy('KSV040')],
  evaluate: (object, context) => {
    const name = namespaceName(object, context);
    if (isOutcome(name)) return name;
    const quotas = context.objectsOfKind('ResourceQuota', name);
    if (quotas.some((q) => isObject(q?.spec) && isObject(q.spec.hard) && Object.keys(q.spec.hard).length > 0)) return pass();
    return fail('no ResourceQuota', quotas.length === 0
      ? `no ResourceQuota in namespace ${JSON.stringify(name)}`
      : `no ResourceQuota in namespace ${JSON.stringify(name)} sets spec.hard`);
  },
};
