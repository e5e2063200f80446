/**
 * workload-no-service-links: pods do not get every Service of the namespace as environment variables.
 *
 * Restricted: spec.enableServiceLinks. Allowed: false (the API default is true). With service links,
 * every container receives `<SERVICE>_SERVICE_HOST`, `_PORT` and Docker-link variables for every
 * Service in the namespace: a map of the namespace handed to any code in the pod, variables that can
 * shadow the application's own settings, and a slow start in large namespaces. Cluster DNS names are
 * the supported way to find a Service.
 */
import { ICheck, Severity } from '../../check';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { fail, isOutcome, pass, pci, podOf, soc2 } from '../support';

export const workloadNoServiceLinks: ICheck = {
  id: 'workload-no-service-links',
  title: 'Pods set enableServiceLinks: false',
  description: 'The pod spec sets enableServiceLinks: false, so containers are not handed an environment variable for '
    + 'every Service of the namespace.',
  severity: Severity.WARNING,
  controls: [...soc2('CC6.1'), ...pci('2.2.4')],
  kinds: [...POD_BEARING_KINDS],
  peers: [],
  evaluate: (object) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const links = pod.spec.enableServiceLinks;
    if (links === false) return pass();
    return fail('service links enabled', `${links === undefined ? 'enableServiceLinks is unset (true)' : `enableServiceLinks=${JSON.stringify(links)}`}; set it to false`, `${pod.specPointer}/enableServiceLinks`);
  },
};
