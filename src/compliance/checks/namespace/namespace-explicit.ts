/**
 * namespace-explicit: namespaced objects name a namespace other than `default`.
 *
 * Restricted: metadata.namespace of every namespaced object. Allowed: any namespace except
 * `default`. An object without a namespace lands wherever the applying context points (usually
 * `default`), outside the namespace's Pod Security labels, quotas and default-deny policies.
 * Cluster-scoped kinds (built-in, well-known CRDs, and CRDs of the set with `spec.scope: Cluster`)
 * do not apply. CIS 5.7.1 and 5.7.4 (v1.12: 5.6.1 and 5.6.4).
 */
import { ICheck, ICheckContext, Severity } from '../../check';
import { cis, fail, isObject, notApplicable, pass, pci, soc2 } from '../support';

/** Kinds that have no namespace: core Kubernetes and common add-ons. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ComponentStatus',
  'ClusterRole', 'ClusterRoleBinding',
  'CustomResourceDefinition', 'APIService',
  'StorageClass', 'VolumeAttachment', 'CSIDriver', 'CSINode', 'VolumeAttributesClass',
  'PriorityClass', 'RuntimeClass', 'IngressClass', 'IPAddress', 'ServiceCIDR',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  'CertificateSigningRequest', 'ClusterTrustBundle', 'FlowSchema', 'PriorityLevelConfiguration', 'PodSecurityPolicy',
  'TokenReview', 'SubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SelfSubjectReview',
  'DeviceClass', 'ResourceSlice',
  // Add-ons the library emits or reads.
  'ClusterPolicy', 'ClusterCleanupPolicy', 'ClusterPolicyReport', 'ClusterImagePolicy', 'ClusterSecretStore',
  'ClusterExternalSecret', 'ClusterGenerator', 'ClusterIssuer', 'ValidatingPolicy', 'ImageValidatingPolicy',
  'MutatingPolicy', 'GeneratingPolicy', 'DeletingPolicy', 'ConstraintTemplate', 'Config',
]);

function clusterScoped(object: any, context: ICheckContext): boolean {
  const kind = object.kind;
  const group = typeof object.apiVersion === 'string' && object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  for (const crd of context.objectsOfKind('CustomResourceDefinition')) {
    const spec = isObject(crd?.spec) ? crd.spec : {};
    if (isObject(spec.names) && spec.names.kind === kind && spec.group === group) return spec.scope === 'Cluster';
  }
  // Gatekeeper constraints (constraints.gatekeeper.sh) are cluster-scoped, whatever their kind.
  if (group === 'constraints.gatekeeper.sh') return true;
  return CLUSTER_SCOPED_KINDS.has(kind);
}

export const namespaceExplicit: ICheck = {
  id: 'namespace-explicit',
  title: 'Namespaced objects set an explicit namespace other than default',
  description: 'Every namespaced object sets metadata.namespace, and not to `default`: objects land in a namespace '
    + 'with Pod Security labels, quotas and default-deny network policies, whatever context applies them.',
  severity: Severity.ERROR,
  controls: [...cis('5.7.1', '5.6.1'), ...cis('5.7.4', '5.6.4'), ...soc2('CC6.1'), ...pci('2.2.1')],
  kinds: ['*'],
  evaluate: (object, context) => {
    if (!isObject(object) || typeof object.kind !== 'string') return notApplicable('not a Kubernetes object');
    if (clusterScoped(object, context)) return notApplicable(`${object.kind} is cluster-scoped`);
    const namespace = isObject(object.metadata) ? object.metadata.namespace : undefined;
    if (namespace === undefined || namespace === null || namespace === '') {
      return fail('no namespace', 'metadata.namespace is unset: the object lands in whatever namespace the applying context uses (usually "default")', '/metadata');
    }
    if (typeof namespace !== 'string') return fail('invalid namespace', `metadata.namespace=${JSON.stringify(namespace)} is not a string`, '/metadata/namespace');
    if (namespace === 'default') return fail('default namespace', 'metadata.namespace is "default"; use a dedicated namespace', '/metadata/namespace');
    return pass();
  },
};
