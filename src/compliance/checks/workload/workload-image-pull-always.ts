/**
 * workload-image-pull-always: containers pull their image on every start.
 *
 * Restricted: imagePullPolicy of every regular and init container. Allowed: `Always`, written
 * explicitly (the API defaults to IfNotPresent for any tag but `latest`). With a cached image a pod
 * starts without the registry authorizing its pull secret, so any pod scheduled on the node can run
 * a private image it was never granted; and a node keeps running content the registry has revoked.
 */
import { ICheck, Severity } from '../../check';
import { checkov, kubeScore, polaris } from '../../peers/catalog';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { fail, isOutcome, notApplicable, pass, pci, podOf, soc2 } from '../support';
import { podContainers } from '../workload-support';

export const workloadImagePullAlways: ICheck = {
  id: 'workload-image-pull-always',
  title: 'Containers set imagePullPolicy: Always',
  description: 'Every regular and init container sets imagePullPolicy: Always, so each start is authorized by the registry '
    + 'and no node runs a cached image the pod was never granted.',
  severity: Severity.WARNING,
  controls: [...soc2('CC6.1', 'CC6.8'), ...pci('6.3.2')],
  kinds: [...POD_BEARING_KINDS],
  peers: [kubeScore('container-image-pull-policy'), polaris('pullPolicyNotAlways'), checkov('CKV_K8S_15')],
  evaluate: (object) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const containers = podContainers(pod);
    if (containers.length === 0) return notApplicable('no containers');
    const bad = containers.filter((c) => c.container.imagePullPolicy !== 'Always');
    if (bad.length === 0) return pass();
    const what = bad.map((c) => `container ${JSON.stringify(c.name)} has ${c.container.imagePullPolicy === undefined ? 'imagePullPolicy unset' : `imagePullPolicy=${JSON.stringify(c.container.imagePullPolicy)}`}`);
    return fail('image not pulled on every start', `${what.join('; ')}; set imagePullPolicy: Always`, `${bad[0].pointer}/imagePullPolicy`);
  },
};
