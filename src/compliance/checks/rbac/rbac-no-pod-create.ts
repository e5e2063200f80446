/**
 * rbac-no-pod-create: no role can create pods, directly or through a workload controller.
 *
 * Restricted: `create` on pods; `create`, `update` and `patch` on the controllers that create pods
 * from a template written by the caller (deployments, statefulsets, daemonsets, replicasets,
 * replicationcontrollers, jobs, cronjobs). Allowed: none. Whoever writes a pod spec runs any image
 * with any ServiceAccount of the namespace and mounts any of its Secrets. CIS 5.1.4 (v1.10 and v1.12);
 * the controllers are our extension of it. Deployment pipelines need it: suppress with a reason.
 */
import { PeerTool, Severity } from '../../check';
import { cis, hipaa, pci, peer, ruleCheck, soc2 } from '../support';

const CONTROLLER = ['create', 'update', 'patch'];

export const rbacNoPodCreate = ruleCheck({
  id: 'rbac-no-pod-create',
  title: 'Roles grant no creation of pods or pod-creating controllers',
  description: 'A subject that writes a pod spec (a Pod, or the template of a Deployment, StatefulSet, DaemonSet, '
    + 'ReplicaSet, ReplicationController, Job or CronJob) runs any image with any ServiceAccount of the namespace '
    + 'and reads any Secret it can mount. Keep it to the deployment pipeline.',
  severity: Severity.WARNING,
  peers: [
    peer(PeerTool.KUBE_LINTER, 'access-to-create-pods'),
    peer(PeerTool.TRIVY, 'KSV048', 'Trivy also flags update on pods (rbac-no-pod-update)'),
  ],
  controls: [...cis('5.1.4'), ...soc2('CC6.1', 'CC6.3'), ...pci('7.2.1', '7.2.2'), ...hipaa('164.308(a)(4)')],
  reason: 'grants creating pods',
  forbidden: [
    { verbs: ['create'], apiGroup: '', resource: 'pods' },
    { verbs: CONTROLLER, apiGroup: '', resource: 'replicationcontrollers' },
    { verbs: CONTROLLER, apiGroup: 'apps', resource: 'deployments' },
    { verbs: CONTROLLER, apiGroup: 'apps', resource: 'statefulsets' },
    { verbs: CONTROLLER, apiGroup: 'apps', resource: 'daemonsets' },
    { verbs: CONTROLLER, apiGroup: 'apps', resource: 'replicasets' },
    { verbs: CONTROLLER, apiGroup: 'batch', resource: 'jobs' },
    { verbs: CONTROLLER, apiGroup: 'batch', resource: 'cronjobs' },
  ],
});
