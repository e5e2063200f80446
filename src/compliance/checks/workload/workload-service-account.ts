/**
 * workload-service-account: pods run as a dedicated ServiceAccount that the set defines.
 *
 * Restricted: spec.serviceAccountName (or the deprecated spec.serviceAccount) of the pod. Allowed: a
 * name other than `default` of a ServiceAccount in the pod's namespace in the evaluated set. Unset
 * means `default`, which every pod of the namespace shares, so RBAC granted to one workload is
 * granted to all. A ServiceAccount outside the set is one nobody reviewed with this manifest (and a
 * controller cannot create the pods until it exists). CIS 5.1.5 (v1.10 and v1.12).
 */
import { ICheck, Severity } from '../../check';
import { kubeLinter } from '../../peers/catalog';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { namespaceOf, objectsInNamespace } from '../../selectors';
import { cis, fail, hipaa, isOutcome, pass, pci, podOf, soc2 } from '../support';

export const workloadServiceAccount: ICheck = {
  id: 'workload-service-account',
  title: 'Pods run as a dedicated ServiceAccount defined in the set',
  description: 'The pod spec names a ServiceAccount other than `default` (serviceAccountName), and that ServiceAccount is '
    + 'in the evaluated set in the pod\'s namespace, so each workload has its own reviewed identity.',
  severity: Severity.WARNING,
  controls: [...cis('5.1.5'), ...soc2('CC6.1', 'CC6.3'), ...pci('7.2.5'), ...hipaa('164.312(a)(1)')],
  kinds: [...POD_BEARING_KINDS],
  peers: [kubeLinter('default-service-account'), kubeLinter('non-existent-service-account')],
  evaluate: (object, context) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const own = pod.spec.serviceAccountName;
    const legacy = pod.spec.serviceAccount;
    const name = typeof own === 'string' && own !== '' ? own : typeof legacy === 'string' && legacy !== '' ? legacy : undefined;
    const location = `${pod.specPointer}/serviceAccountName`;
    if (name === undefined || name === 'default') {
      return fail('default ServiceAccount', `${name === undefined ? 'serviceAccountName is unset (the namespace\'s "default" ServiceAccount)' : 'serviceAccountName is "default"'}; `
        + 'run the pods as a dedicated ServiceAccount', location);
    }
    const namespace = namespaceOf(object);
    if (objectsInNamespace(context, 'ServiceAccount', namespace).some((sa) => sa?.metadata?.name === name)) return pass();
    return fail('ServiceAccount not in the set', `ServiceAccount ${JSON.stringify(name)} is not in the evaluated set in namespace ${JSON.stringify(namespace)}; `
      + 'define it alongside the workload', location);
  },
};
