/**
 * image-digest: every container image is pinned by a sha256 digest.
 *
 * Restricted: spec.containers[*].image, spec.initContainers[*].image, spec.ephemeralContainers[*].image.
 * Allowed: `[registry/]repository[:tag]@sha256:<64 hex>`. A tag can be moved to other content at any
 * time; signatures, SBOMs and admission policies are bound to digests.
 */
import { parseImageReference } from '../../../supply-chain/image-reference';
import { ICheck, Severity } from '../../check';
import { checkov, kubeLinter, kubeScore, polaris, trivy } from '../../peers/catalog';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { cis, fail, hipaa, isOutcome, pass, pci, podOf, soc2 } from '../support';

export const imageDigest: ICheck = {
  id: 'image-digest',
  title: 'Container images are pinned by sha256 digest',
  description: 'Every init, regular and ephemeral container names its image as `repository[:tag]@sha256:<64 hex>`, '
    + 'so the pod runs exactly the content that was built, scanned and signed.',
  severity: Severity.ERROR,
  controls: [...cis('5.5.1'), ...soc2('CC6.8'), ...pci('6.3.2', '6.4.3'), ...hipaa('164.312(c)(1)')],
  kinds: [...POD_BEARING_KINDS],
  peers: [
    checkov('CKV_K8S_43'),
    kubeScore('container-image-tag', 'kube-score asks for a fixed tag; a digest pins the content, which a tag cannot'),
    kubeLinter('latest-tag', 'kube-linter forbids latest or no tag; a digest is stricter'),
    polaris('tagNotSpecified', 'Polaris forbids latest or no tag; a digest is stricter'),
    checkov('CKV_K8S_14', 'Checkov forbids latest or no tag; a digest is stricter'),
    trivy('KSV013', 'Trivy forbids latest; a digest is stricter'),
  ],
  evaluate: (object) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const bad: string[] = [];
    let location: string | undefined;
    for (const c of pod.containers) {
      const image = c.container.image;
      const problem = typeof image === 'string' ? parseImageReference(image, true) : 'has no image';
      if (typeof problem !== 'string') continue;
      bad.push(typeof image === 'string' ? `container ${JSON.stringify(c.name)} image ${JSON.stringify(image)} ${problem}` : `container ${JSON.stringify(c.name)} ${problem}`);
      location ??= `${c.pointer}/image`;
    }
    if (bad.length === 0) return pass();
    return fail('image not pinned by digest', `${bad.join('; ')}; use 'registry/repository:tag@sha256:<64 hex>'`, location);
  },
};
