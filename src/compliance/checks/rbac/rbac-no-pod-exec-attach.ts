/**
 * rbac-no-pod-exec-attach: no role can run commands in or attach to running containers.
 *
 * Restricted: `create` and `get` on pods/exec and pods/attach (`get` opened exec and attach over
 * WebSockets before Kubernetes 1.30 checked `create`). Allowed: none. Exec gives a shell with the
 * container's identity, files and mounted Secrets; it is a break-glass action, not a standing grant.
 */
import { PeerTool, Severity } from '../../check';
import { hipaa, pci, peer, ruleCheck, soc2 } from '../support';

export const rbacNoPodExecAttach = ruleCheck({
  id: 'rbac-no-pod-exec-attach',
  title: 'Roles grant no pods/exec or pods/attach',
  description: 'pods/exec and pods/attach let a subject run commands inside containers and read everything '
    + 'they can (files, mounted Secrets, the token); `get` was enough over WebSockets before Kubernetes 1.30.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.POLARIS, 'clusterrolePodExecAttach'),
    peer(PeerTool.POLARIS, 'rolePodExecAttach'),
    peer(PeerTool.POLARIS, 'clusterrolebindingPodExecAttach', 'Polaris judges the binding; ours the role it references'),
    peer(PeerTool.POLARIS, 'rolebindingClusterRolePodExecAttach', 'Polaris judges the binding; ours the role it references'),
    peer(PeerTool.POLARIS, 'rolebindingRolePodExecAttach', 'Polaris judges the binding; ours the role it references'),
    peer(PeerTool.TRIVY, 'KSV053'),
    peer(PeerTool.TRIVY, 'KSV054'),
  ],
  controls: [...soc2('CC6.1', 'CC6.3'), ...pci('7.2.1', '7.2.2'), ...hipaa('164.308(a)(4)', '164.312(a)(1)')],
  reason: 'grants exec or attach into containers',
  forbidden: [
    { verbs: ['create', 'get'], apiGroup: '', resource: 'pods', subresource: 'exec' },
    { verbs: ['create', 'get'], apiGroup: '', resource: 'pods', subresource: 'attach' },
  ],
});
