/**
 * Retired Kubernetes API versions, as data: per group/version/kind, the release that deprecated it,
 * the release that stopped serving it, and what to use instead.
 *
 * Source: the Kubernetes Deprecated API Migration Guide
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/), "Removed APIs by release".
 * The guide gives the removal release and the release since which the replacement is available;
 * `deprecatedIn` is that release (the old version is deprecated as soon as its replacement is
 * served), except where the guide names another (PodSecurityPolicy, deprecated in 1.21 without a
 * replacement). A manifest using an entry is rejected by an API server at or after `removedIn`;
 * between `deprecatedIn` and `removedIn` it is accepted with a deprecation warning.
 *
 * The API-version checks judge against a target Kubernetes version: the engine option
 * `kubernetesVersion` (CLI `--kubernetes-version`), default {@link DEFAULT_KUBERNETES_VERSION}.
 */

/** The Kubernetes version the packs assume (cdk8s-plus-28, SecureNamespace pins PSS v1.28). */
export const DEFAULT_KUBERNETES_VERSION = '1.28';

/** One retired group/version/kind. */
export interface RetiredApi {
  /** `apiVersion` as written in manifests, e.g. `extensions/v1beta1`. */
  readonly apiVersion: string;
  /** The kind served under it. */
  readonly kind: string;
  /** Minor release that deprecated it (1.N). */
  readonly deprecatedIn: number;
  /** Minor release that stopped serving it (1.N). */
  readonly removedIn: number;
  /** The apiVersion to migrate to, or undefined when the API has no replacement. */
  readonly replacement?: string;
  /** Minor release since which the replacement is served. */
  readonly replacementSince?: number;
  /** What else changes besides the apiVersion, or what to do when there is no replacement. */
  readonly note?: string;
}

function retire(apiVersion: string, kinds: string[], removedIn: number, replacement: string | undefined, since: number, note?: string): RetiredApi[] {
  return kinds.map((kind) => ({
    apiVersion,
    kind,
    deprecatedIn: since,
    removedIn,
    ...(replacement ? { replacement, replacementSince: since } : {}),
    ...(note ? { note } : {}),
  }));
}

const FLOW = ['FlowSchema', 'PriorityLevelConfiguration'];
const RBAC = ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'];

/** Every retired API version of the migration guide, in removal order. */
export const RETIRED_APIS: readonly RetiredApi[] = [
  // v1.16
  ...retire('extensions/v1beta1', ['NetworkPolicy'], 16, 'networking.k8s.io/v1', 8),
  ...retire('extensions/v1beta1', ['PodSecurityPolicy'], 16, 'policy/v1beta1', 10),
  ...retire('extensions/v1beta1', ['DaemonSet', 'Deployment', 'ReplicaSet'], 16, 'apps/v1', 9, 'spec.selector is required and immutable; spec.templateGeneration and spec.rollbackTo are removed'),
  ...retire('apps/v1beta1', ['Deployment', 'StatefulSet', 'ReplicaSet'], 16, 'apps/v1', 9, 'spec.selector is required and immutable'),
  ...retire('apps/v1beta2', ['DaemonSet', 'Deployment', 'StatefulSet', 'ReplicaSet'], 16, 'apps/v1', 9, 'spec.selector is required and immutable'),
  // v1.22
  ...retire('admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], 22, 'admissionregistration.k8s.io/v1', 16,
    'webhooks[*].failurePolicy defaults to Fail, matchPolicy to Equivalent, timeoutSeconds to 10s; sideEffects and admissionReviewVersions are required'),
  ...retire('apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], 22, 'apiextensions.k8s.io/v1', 16, 'spec.versions[*].schema.openAPIV3Schema is required and must be structural'),
  ...retire('apiregistration.k8s.io/v1beta1', ['APIService'], 22, 'apiregistration.k8s.io/v1', 10),
  ...retire('authentication.k8s.io/v1beta1', ['TokenReview'], 22, 'authentication.k8s.io/v1', 6),
  ...retire('authorization.k8s.io/v1beta1', ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview', 'SelfSubjectRulesReview'], 22, 'authorization.k8s.io/v1', 6),
  ...retire('certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], 22, 'certificates.k8s.io/v1', 19, 'spec.signerName is required'),
  ...retire('coordination.k8s.io/v1beta1', ['Lease'], 22, 'coordination.k8s.io/v1', 14),
  ...retire('extensions/v1beta1', ['Ingress'], 22, 'networking.k8s.io/v1', 19, 'spec.backend is renamed spec.defaultBackend; backend serviceName/servicePort become service.name/service.port; pathType is required'),
  ...retire('networking.k8s.io/v1beta1', ['Ingress'], 22, 'networking.k8s.io/v1', 19, 'spec.backend is renamed spec.defaultBackend; backend serviceName/servicePort become service.name/service.port; pathType is required'),
  ...retire('networking.k8s.io/v1beta1', ['IngressClass'], 22, 'networking.k8s.io/v1', 19),
  ...retire('rbac.authorization.k8s.io/v1beta1', RBAC, 22, 'rbac.authorization.k8s.io/v1', 8),
  ...retire('scheduling.k8s.io/v1beta1', ['PriorityClass'], 22, 'scheduling.k8s.io/v1', 14),
  ...retire('storage.k8s.io/v1beta1', ['CSIDriver'], 22, 'storage.k8s.io/v1', 19),
  ...retire('storage.k8s.io/v1beta1', ['CSINode'], 22, 'storage.k8s.io/v1', 17),
  ...retire('storage.k8s.io/v1beta1', ['StorageClass'], 22, 'storage.k8s.io/v1', 6),
  ...retire('storage.k8s.io/v1beta1', ['VolumeAttachment'], 22, 'storage.k8s.io/v1', 13),
  // v1.25
  ...retire('batch/v1beta1', ['CronJob'], 25, 'batch/v1', 21),
  ...retire('discovery.k8s.io/v1beta1', ['EndpointSlice'], 25, 'discovery.k8s.io/v1', 21, 'endpoints[*].topology is replaced by nodeName and zone'),
  ...retire('events.k8s.io/v1beta1', ['Event'], 25, 'events.k8s.io/v1', 19),
  ...retire('autoscaling/v2beta1', ['HorizontalPodAutoscaler'], 25, 'autoscaling/v2', 23, 'metrics[*].targetAverageUtilization becomes target.averageUtilization with target.type: Utilization'),
  ...retire('policy/v1beta1', ['PodDisruptionBudget'], 25, 'policy/v1', 21, 'an empty spec.selector selects every pod of the namespace in policy/v1'),
  {
    apiVersion: 'policy/v1beta1',
    kind: 'PodSecurityPolicy',
    deprecatedIn: 21,
    removedIn: 25,
    note: 'PodSecurityPolicy has no replacement API: label namespaces for Pod Security admission (SecureNamespace) or use a policy engine',
  },
  ...retire('node.k8s.io/v1beta1', ['RuntimeClass'], 25, 'node.k8s.io/v1', 20),
  // v1.26
  ...retire('flowcontrol.apiserver.k8s.io/v1beta1', FLOW, 26, 'flowcontrol.apiserver.k8s.io/v1beta3', 23),
  ...retire('autoscaling/v2beta2', ['HorizontalPodAutoscaler'], 26, 'autoscaling/v2', 23),
  // v1.27
  ...retire('storage.k8s.io/v1beta1', ['CSIStorageCapacity'], 27, 'storage.k8s.io/v1', 24),
  // v1.29
  ...retire('flowcontrol.apiserver.k8s.io/v1beta2', FLOW, 29, 'flowcontrol.apiserver.k8s.io/v1', 26),
  // v1.32
  ...retire('flowcontrol.apiserver.k8s.io/v1beta3', FLOW, 32, 'flowcontrol.apiserver.k8s.io/v1', 29),
];

const byGvk = new Map(RETIRED_APIS.map((a) => [`${a.apiVersion}\u0000${a.kind}`, a]));

/** The retired entry for an object's apiVersion and kind, or undefined when it is current. */
export function retiredApi(apiVersion: string, kind: string): RetiredApi | undefined {
  return byGvk.get(`${apiVersion}\u0000${kind}`);
}

/** The minor of a Kubernetes version (`1.28`, `v1.28`, `1.28.3`), or undefined when malformed. */
export function kubernetesMinor(version: string): number | undefined {
  const m = /^v?1\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?$/.exec(typeof version === 'string' ? version : '');
  return m ? Number(m[1]) : undefined;
}
