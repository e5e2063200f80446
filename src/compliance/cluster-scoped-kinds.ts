/**
 * Which kinds have no namespace, as data: the built-in cluster-scoped kinds and those of the
 * CRD-defined add-ons commonly found in manifests (OpenShift, cert-manager, Kyverno, Gatekeeper,
 * External Secrets, Sigstore, Calico, Cilium, Karpenter, Crossplane, ...).
 *
 * A kind is judged cluster-scoped when a CustomResourceDefinition of the evaluated set says so, else
 * when its group and kind are listed here, else when the user declared it (`clusterScopedKinds`
 * option, `--cluster-scoped-kind` flag). Kinds are matched with their API group, so a namespaced
 * custom `Config` of one project is not mistaken for a cluster-scoped `Config` of another.
 */
import { ICheckContext } from './check';
import { cachedIn } from './context';

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Cluster-scoped kinds by API group (`''` is the core group). */
export const CLUSTER_SCOPED_KINDS: { readonly [group: string]: readonly string[] } = {
  // Kubernetes.
  '': ['Namespace', 'Node', 'PersistentVolume', 'ComponentStatus'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'apiregistration.k8s.io': ['APIService'],
  'storage.k8s.io': ['StorageClass', 'VolumeAttachment', 'CSIDriver', 'CSINode', 'VolumeAttributesClass'],
  'scheduling.k8s.io': ['PriorityClass'],
  'node.k8s.io': ['RuntimeClass'],
  'networking.k8s.io': ['IngressClass', 'IPAddress', 'ServiceCIDR'],
  'admissionregistration.k8s.io': [
    'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  ],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'policy': ['PodSecurityPolicy'],
  'authentication.k8s.io': ['TokenReview', 'SelfSubjectReview'],
  'authorization.k8s.io': ['SubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview'],
  'resource.k8s.io': ['DeviceClass', 'ResourceSlice'],
  'storagemigration.k8s.io': ['StorageVersionMigration'],
  'internal.apiserver.k8s.io': ['StorageVersion'],
  'metrics.k8s.io': ['NodeMetrics'],
  'snapshot.storage.k8s.io': ['VolumeSnapshotClass', 'VolumeSnapshotContent'],
  'gateway.networking.k8s.io': ['GatewayClass'],
  // OpenShift.
  'security.openshift.io': ['SecurityContextConstraints', 'RangeAllocation'],
  'quota.openshift.io': ['ClusterResourceQuota'],
  'project.openshift.io': ['Project', 'ProjectRequest'],
  'user.openshift.io': ['User', 'Group', 'Identity', 'UserIdentityMapping'],
  'oauth.openshift.io': ['OAuthClient', 'OAuthAccessToken', 'OAuthAuthorizeToken', 'OAuthClientAuthorization'],
  'config.openshift.io': [
    'APIServer', 'Authentication', 'Build', 'ClusterOperator', 'ClusterVersion', 'Console', 'DNS', 'FeatureGate', 'Image',
    'ImageContentPolicy', 'ImageDigestMirrorSet', 'ImageTagMirrorSet', 'Infrastructure', 'Ingress', 'Network', 'Node', 'OAuth',
    'OperatorHub', 'Project', 'Proxy', 'Scheduler',
  ],
  'machineconfiguration.openshift.io': ['MachineConfig', 'MachineConfigPool', 'KubeletConfig', 'ContainerRuntimeConfig'],
  // cert-manager and trust-manager.
  'cert-manager.io': ['ClusterIssuer'],
  'trust.cert-manager.io': ['Bundle', 'ClusterBundle'],
  // Policy engines.
  'kyverno.io': ['ClusterPolicy', 'ClusterCleanupPolicy', 'ClusterBackgroundScanReport', 'ClusterAdmissionReport'],
  'reports.kyverno.io': ['ClusterEphemeralReport'],
  'policies.kyverno.io': ['ValidatingPolicy', 'ImageValidatingPolicy', 'MutatingPolicy', 'GeneratingPolicy', 'DeletingPolicy'],
  'wgpolicyk8s.io': ['ClusterPolicyReport'],
  'templates.gatekeeper.sh': ['ConstraintTemplate'],
  'mutations.gatekeeper.sh': ['Assign', 'AssignMetadata', 'AssignImage', 'ModifySet'],
  'expansion.gatekeeper.sh': ['ExpansionTemplate'],
  'externaldata.gatekeeper.sh': ['Provider'],
  'policies.kubewarden.io': ['ClusterAdmissionPolicy', 'ClusterAdmissionPolicyGroup', 'PolicyServer'],
  'policy.sigstore.dev': ['ClusterImagePolicy', 'TrustRoot'],
  // Secrets.
  'external-secrets.io': ['ClusterSecretStore', 'ClusterExternalSecret', 'ClusterPushSecret'],
  'generators.external-secrets.io': ['ClusterGenerator'],
  // Networking.
  'crd.projectcalico.org': [
    'GlobalNetworkPolicy', 'GlobalNetworkSet', 'IPPool', 'BGPConfiguration', 'BGPPeer', 'FelixConfiguration', 'ClusterInformation',
    'HostEndpoint', 'KubeControllersConfiguration', 'Tier', 'IPReservation',
  ],
  'projectcalico.org': ['GlobalNetworkPolicy', 'GlobalNetworkSet', 'IPPool', 'BGPConfiguration', 'BGPPeer', 'FelixConfiguration', 'HostEndpoint', 'Tier'],
  'cilium.io': [
    'CiliumClusterwideNetworkPolicy', 'CiliumClusterwideEnvoyConfig', 'CiliumNode', 'CiliumIdentity', 'CiliumExternalWorkload',
    'CiliumLoadBalancerIPPool', 'CiliumCIDRGroup', 'CiliumBGPClusterConfig', 'CiliumBGPPeerConfig', 'CiliumNodeConfig',
  ],
  // Node provisioning, GPUs, multi-tenancy, autoscaling, CI, infrastructure.
  'karpenter.sh': ['NodePool', 'NodeClaim', 'Provisioner'],
  'karpenter.k8s.aws': ['EC2NodeClass', 'AWSNodeTemplate'],
  'nvidia.com': ['ClusterPolicy'],
  'nfd.k8s-sigs.io': ['NodeFeatureRule'],
  'capsule.clastix.io': ['Tenant'],
  'keda.sh': ['ClusterTriggerAuthentication'],
  'argoproj.io': ['ClusterWorkflowTemplate'],
  'tekton.dev': ['ClusterTask'],
  'triggers.tekton.dev': ['ClusterTriggerBinding', 'ClusterInterceptor'],
  'pkg.crossplane.io': ['Provider', 'Configuration', 'Function', 'ProviderRevision', 'ConfigurationRevision', 'FunctionRevision'],
  'apiextensions.crossplane.io': ['CompositeResourceDefinition', 'Composition', 'CompositionRevision'],
};

/** Groups whose every kind is cluster-scoped (Gatekeeper constraints take their kind from a ConstraintTemplate). */
export const CLUSTER_SCOPED_GROUPS: readonly string[] = ['constraints.gatekeeper.sh'];

const INDEX: ReadonlySet<string> = new Set(Object.entries(CLUSTER_SCOPED_KINDS).flatMap(([group, kinds]) => kinds.map((k) => `${k}.${group}`)));

/**
 * Whether a kind declaration is well formed: `Kind` (any group) or `Kind.group`, e.g.
 * `SecurityContextConstraints.security.openshift.io`.
 */
export function isKindDeclaration(value: string): boolean {
  return /^[A-Z][A-Za-z0-9]*(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value);
}

/**
 * Whether an object's kind has no namespace: by a CustomResourceDefinition of the set (its
 * `spec.scope`), by the data above, or by the context's declared `clusterScopedKinds`.
 *
 * Answered once per apiVersion and kind in an evaluation (every object is asked, and a cluster dump
 * carries hundreds of CRDs).
 */
export function isClusterScoped(object: any, context: ICheckContext): boolean {
  if (!isObject(object) || typeof object.kind !== 'string') return false;
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : undefined;
  const answers = cachedIn(context, 'cluster-scoped-kinds.answers', () => new Map<string | undefined, Map<string, boolean>>());
  let byKind = answers.get(apiVersion);
  if (!byKind) answers.set(apiVersion, byKind = new Map());
  let answer = byKind.get(object.kind);
  if (answer === undefined) byKind.set(object.kind, answer = judgeScope(object.kind, apiVersion, context));
  return answer;
}

function judgeScope(kind: string, apiVersion: string | undefined, context: ICheckContext): boolean {
  const group = apiVersion !== undefined ? (apiVersion.includes('/') ? apiVersion.split('/')[0] : '') : undefined;
  for (const crd of context.objectsOfKind('CustomResourceDefinition')) {
    const spec = isObject(crd?.spec) ? crd.spec : {};
    if (isObject(spec.names) && spec.names.kind === kind && spec.group === group) return spec.scope === 'Cluster';
  }
  const declared = context.clusterScopedKinds ?? [];
  if (declared.includes(kind) || (group !== undefined && declared.includes(`${kind}.${group}`))) return true;
  if (group === undefined) return [...INDEX].some((k) => k.startsWith(`${kind}.`));
  return CLUSTER_SCOPED_GROUPS.includes(group) || INDEX.has(`${kind}.${group}`);
}
