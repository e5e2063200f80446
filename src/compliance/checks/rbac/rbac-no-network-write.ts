/**
 * rbac-no-network-write: no role can rewrite where traffic goes.
 *
 * Restricted: `create`, `update`, `patch`, `delete`, `deletecollection` on services, endpoints
 * (core), endpointslices (discovery.k8s.io), networkpolicies and ingresses (networking.k8s.io).
 * Allowed: read access. Endpoints and EndpointSlices decide which addresses a Service sends traffic
 * to (CVE-2021-25740: forwarding to another namespace's pods); Services and Ingresses expose pods
 * and pick their backends; NetworkPolicies are the isolation itself. Whoever writes them intercepts
 * traffic or lifts isolation. Deployment pipelines need it: suppress with a reason.
 */
import { PeerTool, Severity } from '../../check';
import { hipaa, pci, peer, ruleCheck, soc2, WRITE_VERBS } from '../support';

export const rbacNoNetworkWrite = ruleCheck({
  id: 'rbac-no-network-write',
  title: 'Roles grant no write access to Services, Endpoints, EndpointSlices, NetworkPolicies or Ingresses',
  description: 'Services, Endpoints and EndpointSlices decide where traffic goes, Ingresses what is exposed, '
    + 'NetworkPolicies what is isolated: writing them intercepts traffic (CVE-2021-25740) or lifts isolation.',
  severity: Severity.WARNING,
  peers: [peer(PeerTool.TRIVY, 'KSV056')],
  controls: [...soc2('CC6.1', 'CC6.6'), ...pci('1.2.2', '7.2.1', '7.2.2'), ...hipaa('164.312(e)(1)')],
  reason: 'grants changing service networking',
  forbidden: [
    { verbs: WRITE_VERBS, apiGroup: '', resource: 'services' },
    { verbs: WRITE_VERBS, apiGroup: '', resource: 'endpoints' },
    { verbs: WRITE_VERBS, apiGroup: 'discovery.k8s.io', resource: 'endpointslices' },
    { verbs: WRITE_VERBS, apiGroup: 'networking.k8s.io', resource: 'networkpolicies' },
    { verbs: WRITE_VERBS, apiGroup: 'networking.k8s.io', resource: 'ingresses' },
  ],
});
