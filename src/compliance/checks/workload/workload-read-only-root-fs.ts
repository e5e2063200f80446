/**
 * workload-read-only-root-fs: containers mount their root filesystem read-only.
 *
 * Restricted: securityContext.readOnlyRootFilesystem of every regular and init container (there is
 * no pod-level field). Allowed: true. A writable root lets a compromised process replace binaries,
 * drop tools and persist until the pod is replaced; writable paths belong on size-limited emptyDir
 * volumes. Ephemeral debug containers are not judged.
 */
import { ICheck, Severity } from '../../check';
import { checkov, kubeLinter, kubeScore, polaris, trivy } from '../../peers/catalog';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { fail, hipaa, isObject, isOutcome, notApplicable, pass, pci, podOf, quoted, soc2 } from '../support';
import { podContainers } from '../workload-support';

export const workloadReadOnlyRootFs: ICheck = {
  id: 'workload-read-only-root-fs',
  title: 'Containers have a read-only root filesystem',
  description: 'Every regular and init container sets securityContext.readOnlyRootFilesystem: true, so a compromised '
    + 'process cannot change the image\'s files; writable paths are size-limited emptyDir volumes.',
  severity: Severity.ERROR,
  controls: [...soc2('CC6.8'), ...pci('2.2.6'), ...hipaa('164.312(c)(1)')],
  kinds: [...POD_BEARING_KINDS],
  peers: [
    kubeScore('container-security-context-readonlyrootfilesystem'),
    kubeLinter('no-read-only-root-fs'),
    polaris('notReadOnlyRootFilesystem'),
    checkov('CKV_K8S_22'),
    trivy('KSV014'),
  ],
  evaluate: (object) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const containers = podContainers(pod);
    if (containers.length === 0) return notApplicable('no containers');
    const bad = containers.filter((c) => !(isObject(c.container.securityContext) && c.container.securityContext.readOnlyRootFilesystem === true));
    if (bad.length === 0) return pass();
    return fail('writable root filesystem', `containers ${quoted(bad.map((c) => c.name))} must set securityContext.readOnlyRootFilesystem=true`, `${bad[0].pointer}/securityContext`);
  },
};
