/**
 * namespace-explicit: namespaced objects name a namespace other than `default`.
 *
 * Restricted: metadata.namespace of every namespaced object. Allowed: any namespace except
 * `default`. An object without a namespace lands wherever the applying context points (usually
 * `default`), outside the namespace's Pod Security labels, quotas and default-deny policies.
 * Cluster-scoped kinds do not apply: those a CRD of the set declares `spec.scope: Cluster`, the
 * built-in and common add-on kinds of `../../cluster-scoped-kinds.ts` (OpenShift
 * SecurityContextConstraints, ClusterIssuer, ...), and kinds the user declares
 * (`clusterScopedKinds`, `--cluster-scoped-kind`). CIS 5.7.1 and 5.7.4 (v1.12: 5.6.1 and 5.6.4).
 */
import { ICheck, Severity } from '../../check';
import { isClusterScoped } from '../../cluster-scoped-kinds';
import { checkov, kubeLinter, trivy } from '../../peers/catalog';
import { cis, fail, isObject, notApplicable, pass, pci, soc2 } from '../support';

export const namespaceExplicit: ICheck = {
  id: 'namespace-explicit',
  title: 'Namespaced objects set an explicit namespace other than default',
  description: 'Every namespaced object sets metadata.namespace, and not to `default`: objects land in a namespace '
    + 'with Pod Security labels, quotas and default-deny network policies, whatever context applies them.',
  severity: Severity.ERROR,
  controls: [...cis('5.7.1', '5.6.1'), ...cis('5.7.4', '5.6.4'), ...soc2('CC6.1'), ...pci('2.2.1')],
  kinds: ['*'],
  peers: [kubeLinter('use-namespace'), checkov('CKV_K8S_21'), trivy('KSV110')],
  evaluate: (object, context) => {
    if (!isObject(object) || typeof object.kind !== 'string') return notApplicable('not a Kubernetes object');
    if (isClusterScoped(object, context)) return notApplicable(`${object.kind} is cluster-scoped`);
    const namespace = isObject(object.metadata) ? object.metadata.namespace : undefined;
    if (namespace === undefined || namespace === null || namespace === '') {
      return fail('no namespace', 'metadata.namespace is unset: the object lands in whatever namespace the applying context uses (usually "default")', '/metadata');
    }
    if (typeof namespace !== 'string') return fail('invalid namespace', `metadata.namespace=${JSON.stringify(namespace)} is not a string`, '/metadata/namespace');
    if (namespace === 'default') return fail('default namespace', 'metadata.namespace is "default"; use a dedicated namespace', '/metadata/namespace');
    return pass();
  },
};
