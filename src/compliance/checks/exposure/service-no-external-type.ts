/**
 * service-no-external-type: Services stay inside the cluster network.
 *
 * Restricted: Service.spec.type. Allowed: `ClusterIP` (the default when unset) and headless
 * Services; `ExternalName` is judged by service-no-external-ips. Refused: `NodePort` (opens the port
 * on every node's address, outside any Ingress, TLS and NetworkPolicy the cluster applies to
 * pod traffic from outside) and `LoadBalancer` (a cloud load balancer straight to the pods). Publish
 * HTTP through an Ingress with TLS; the ingress controller's own Service suppresses this with a reason.
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { errorOutcome, fail, hipaa, isObject, pass, pci, peer, soc2 } from '../support';

const EXTERNAL_TYPES = ['NodePort', 'LoadBalancer'];

export const serviceNoExternalType: ICheck = {
  id: 'service-no-external-type',
  title: 'Services are of type ClusterIP (not NodePort or LoadBalancer)',
  description: 'NodePort opens the port on every node and LoadBalancer provisions a cloud load balancer straight to '
    + 'the pods, both outside the Ingress and its TLS. Expose HTTP through an Ingress with TLS.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.KUBE_SCORE, 'service-type'),
    peer(PeerTool.KUBE_LINTER, 'exposed-services'),
  ],
  controls: [...soc2('CC6.6'), ...pci('1.3.1', '1.4.1'), ...hipaa('164.312(e)(1)')],
  kinds: ['Service'],
  evaluate: (object) => {
    if (!isObject(object)) return errorOutcome('object is not a map');
    const type = isObject(object.spec) ? object.spec.type : undefined;
    if (typeof type === 'string' && EXTERNAL_TYPES.includes(type)) {
      return fail(`type ${type}`, `spec.type is ${JSON.stringify(type)}, reachable from outside the cluster; use ClusterIP behind an Ingress with TLS`, '/spec/type');
    }
    return pass();
  },
};
