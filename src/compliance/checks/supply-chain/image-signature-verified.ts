/**
 * image-signature-verified: production workload images are verified at admission.
 *
 * Restricted: every container image of pod-bearing objects in production namespaces (labelled
 * `environment=production`, or the configured selector; all non-system namespaces when none is).
 * Required: an enforcing image verification policy of the set covers the image: a Kyverno
 * ClusterPolicy (or a Policy of the same namespace) with a `verifyImages` rule whose
 * `imageReferences` match and whose failure action is Enforce, or a Sigstore policy-controller
 * ClusterImagePolicy in enforce mode whose `images[].glob` matches (in a namespace that opts in with
 * `policy.sigstore.dev/include: "true"`; in an opted-in namespace an image no ClusterImagePolicy matches
 * falls to the controller's no-match-policy, deny by default, which refuses it but verifies nothing, so it
 * fails here too). Matching is each engine's own (src/supply-chain/image-match).
 * Workloads outside production namespaces do not apply. CIS 5.5.1 (v1.10 and v1.12) image provenance.
 */
import { ICheck, Severity } from '../../check';
import { imageCoverage } from '../../image-policies';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { namespaceOf } from '../../selectors';
import { cis, fail, hipaa, isOutcome, notApplicable, pass, pci, podOf, soc2 } from '../support';

export const imageSignatureVerified: ICheck = {
  id: 'image-signature-verified',
  title: 'Production images are covered by an enforcing signature verification policy',
  description: 'Every image of a workload in a production namespace is matched by an enforcing Kyverno verifyImages '
    + 'rule or Sigstore ClusterImagePolicy, so only signed images from the trusted pipeline are admitted.',
  severity: Severity.ERROR,
  controls: [...cis('5.5.1'), ...soc2('CC6.8', 'CC7.2'), ...pci('6.3.2', '6.4.3'), ...hipaa('164.312(c)(1)')],
  kinds: [...POD_BEARING_KINDS],
  peers: [],
  evaluate: (object, context) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const namespace = namespaceOf(object);
    if (!context.isProductionNamespace(namespace)) return notApplicable(`namespace ${JSON.stringify(namespace)} is not a production namespace`);
    if (pod.containers.length === 0) return notApplicable('no containers');
    const coverage = imageCoverage(context);
    const bad = pod.containers.filter((c) => typeof c.container.image !== 'string' || !coverage.covers(namespace, c.container.image));
    if (bad.length === 0) return pass();
    const detail = bad.map((c) => `image ${JSON.stringify(c.container.image)} of container ${JSON.stringify(c.name)}`).join(', ');
    const hints = [...new Set(bad.map((c) => coverage.optInHint(namespace, c.container.image))
      .filter((h): h is string => h !== undefined))];
    return fail('image signature not verified', `${detail} ${bad.length === 1 ? 'is' : 'are'} covered by no enforcing image verification policy`
      + (!coverage.anyAppliesIn(namespace) ? ` (no enforcing policy applies in namespace ${JSON.stringify(namespace)})` : '')
      + hints.map((h) => `; ${h}`).join(''), `${bad[0].pointer}/image`);
  },
};
