/**
 * workload-no-host-aliases: pods do not rewrite their /etc/hosts.
 *
 * Restricted: spec.hostAliases. Allowed: unset or empty. Host aliases pin names to addresses behind
 * the cluster DNS's back: they survive a change of the real record, hide the true destination from
 * whoever reviews egress by name, and are a classic way to redirect a client to an attacker's
 * endpoint.
 */
import { ICheck, Severity } from '../../check';
import { trivy } from '../../peers/catalog';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { fail, isOutcome, pass, pci, podOf, soc2 } from '../support';

export const workloadNoHostAliases: ICheck = {
  id: 'workload-no-host-aliases',
  title: 'Pods set no hostAliases',
  description: 'The pod spec sets no hostAliases: names resolve through the cluster DNS, where they are managed and visible.',
  severity: Severity.WARNING,
  controls: [...soc2('CC6.6'), ...pci('1.2.1')],
  kinds: [...POD_BEARING_KINDS],
  peers: [trivy('KSV007')],
  evaluate: (object) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const aliases = pod.spec.hostAliases;
    if (aliases === undefined || aliases === null || (Array.isArray(aliases) && aliases.length === 0)) return pass();
    const hosts = (Array.isArray(aliases) ? aliases : []).flatMap((a: any) => (Array.isArray(a?.hostnames) ? a.hostnames : []).map((h: unknown) => `${JSON.stringify(h)} -> ${JSON.stringify(a.ip)}`));
    return fail('hostAliases set', `hostAliases pins ${hosts.length > 0 ? hosts.join(', ') : JSON.stringify(aliases)}; resolve names through the cluster DNS`, `${pod.specPointer}/hostAliases`);
  },
};
