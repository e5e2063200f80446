/**
 * service-no-external-ips: Services set no externalIPs and are not of type ExternalName.
 *
 * Restricted: Service.spec.externalIPs (allowed: unset or empty) and spec.type `ExternalName`.
 * kube-proxy routes traffic for any address listed in `externalIPs`, whoever owns it: a Service can
 * claim another tenant's or an outside address and intercept the cluster's traffic to it
 * (CVE-2020-8554, unfixed by design; the DenyServiceExternalIPs admission plugin exists for it). An
 * ExternalName Service is a cluster DNS alias to any host: it points in-cluster clients (and ingress
 * controllers) at a name outside the cluster's control.
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { errorOutcome, fail, hipaa, isObject, pass, pci, peer, soc2 } from '../support';

export const serviceNoExternalIps: ICheck = {
  id: 'service-no-external-ips',
  title: 'Services set no externalIPs and are not of type ExternalName (CVE-2020-8554)',
  description: 'kube-proxy routes any address a Service lists in externalIPs to it, so a Service can intercept the '
    + 'cluster\'s traffic to another address (CVE-2020-8554); an ExternalName Service aliases a cluster DNS name to '
    + 'any outside host.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.TRIVY, 'KSV0108'),
    peer(PeerTool.KUBE_LINTER, 'externalname-service-redirect'),
  ],
  controls: [...soc2('CC6.6'), ...pci('1.3.1', '1.4.2'), ...hipaa('164.312(e)(1)')],
  kinds: ['Service'],
  evaluate: (object) => {
    if (!isObject(object)) return errorOutcome('object is not a map');
    const spec = isObject(object.spec) ? object.spec : {};
    if (Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0) {
      return fail('externalIPs set', `spec.externalIPs lists ${spec.externalIPs.map((ip: unknown) => JSON.stringify(ip)).join(', ')}; `
        + 'remove it (kube-proxy would route that traffic here, CVE-2020-8554)', '/spec/externalIPs');
    }
    if (spec.type === 'ExternalName') {
      return fail('type ExternalName', `spec.type is "ExternalName" (alias of ${JSON.stringify(spec.externalName ?? '')}); `
        + 'call the external host directly, through an egress NetworkPolicy that allows it', '/spec/type');
    }
    return pass();
  },
};
