/**
 * Kubernetes' bootstrap RBAC policy as data: the roles and bindings every API server creates and
 * keeps (labelled `kubernetes.io/bootstrapping: rbac-defaults`, annotated
 * `rbac.authorization.kubernetes.io/autoupdate: "true"`).
 *
 * Two uses:
 * - the authorizer knows the built-in user-facing ClusterRoles (`cluster-admin`, `admin`, `edit`,
 *   `view`) and their aggregated parts (`system:aggregate-to-admin`, `-edit`, `-view`) when the
 *   input does not define them, so binding `edit` is judged by what `edit` really grants;
 * - the engine recognizes the objects Kubernetes manages (src/compliance/rbac/managed.ts).
 *
 * Source: plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/cluster-roles.yaml,
 * cluster-role-bindings.yaml, controller-role-bindings.yaml, namespace-role-bindings.yaml of
 * kubernetes/kubernetes (the files the bootstrap policy is tested against), transcribed rule by
 * rule in the order of the file:
 * - `1.28`: kubernetes/kubernetes@025f2834, a snapshot of 1.28 to 1.33 (SelfSubjectReview granted to
 *   every user, as since 1.28; no `resource.k8s.io` rules in edit and view, which came with Dynamic
 *   Resource Allocation GA in 1.34; events only in the core group). Used for 1.28 to 1.34, so for
 *   1.34 it lacks the resourceclaims rules of edit and view.
 * - `1.35`: aks-lts/kubernetes@ec451e29 (resourceclaims in edit and view; `events.k8s.io` events in
 *   edit and view, kubernetes/kubernetes#133740, merged for 1.35). The latest we found.
 *
 * The release of each snapshot is inferred from its content (the testdata carries no version).
 *
 * To add a version: copy the aggregated roles of that release's cluster-roles.yaml into a new
 * entry of {@link BOOTSTRAP_ROLES_BY_VERSION} (one `r(verbs, apiGroups, resources)` per rule, in
 * file order; `""` is the core group), add any new bootstrap role or controller name to the lists
 * below, point {@link LATEST_BOOTSTRAP_VERSION} at it when it is the newest, and extend
 * test/compliance/rbac/bootstrap-policy.test.ts with a rule that differs.
 */

/** A policy rule as stored here: every field a list of strings. */
export interface BootstrapRule {
  readonly verbs: string[];
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly resourceNames?: string[];
  readonly nonResourceURLs?: string[];
}

/** A built-in ClusterRole: labels, optional aggregation selectors (matchLabels), rules. */
export interface BootstrapClusterRole {
  readonly name: string;
  readonly labels: { readonly [key: string]: string };
  /** matchLabels of each clusterRoleSelector, when the role is aggregated. */
  readonly aggregateFrom?: ReadonlyArray<{ readonly [key: string]: string }>;
  readonly rules: BootstrapRule[];
}

/** The label every bootstrap RBAC object carries. */
export const BOOTSTRAPPING_LABEL = 'kubernetes.io/bootstrapping';
/** Its value. */
export const BOOTSTRAPPING_VALUE = 'rbac-defaults';

const AGGREGATE_TO_ADMIN = 'rbac.authorization.k8s.io/aggregate-to-admin';
const AGGREGATE_TO_EDIT = 'rbac.authorization.k8s.io/aggregate-to-edit';
const AGGREGATE_TO_VIEW = 'rbac.authorization.k8s.io/aggregate-to-view';

const list = (s: string): string[] => s.split(' ').filter((x) => x !== '').map((x) => (x === '""' ? '' : x));
/** One rule: space-separated verbs, API groups (`""` the core group) and resources. */
const r = (verbs: string, apiGroups: string, resources: string): BootstrapRule =>
  ({ verbs: list(verbs), apiGroups: list(apiGroups), resources: list(resources) });

const READ = 'get list watch';
const WRITE = 'create delete deletecollection patch update';
const READ_WRITE = 'create delete deletecollection get list patch update watch';
const bootstrap = (extra: { [key: string]: string } = {}) => ({ [BOOTSTRAPPING_LABEL]: BOOTSTRAPPING_VALUE, ...extra });

/** The roles that do not change between the versions stored here. */
const CLUSTER_ADMIN: BootstrapClusterRole = {
  name: 'cluster-admin',
  labels: bootstrap(),
  rules: [r('*', '*', '*'), { verbs: ['*'], apiGroups: [], resources: [], nonResourceURLs: ['*'] }],
};
const AGGREGATED: BootstrapClusterRole[] = [
  { name: 'admin', labels: bootstrap(), aggregateFrom: [{ [AGGREGATE_TO_ADMIN]: 'true' }], rules: [] },
  { name: 'edit', labels: bootstrap({ [AGGREGATE_TO_ADMIN]: 'true' }), aggregateFrom: [{ [AGGREGATE_TO_EDIT]: 'true' }], rules: [] },
  { name: 'view', labels: bootstrap({ [AGGREGATE_TO_EDIT]: 'true' }), aggregateFrom: [{ [AGGREGATE_TO_VIEW]: 'true' }], rules: [] },
];
const AGGREGATE_TO_ADMIN_ROLE: BootstrapClusterRole = {
  name: 'system:aggregate-to-admin',
  labels: bootstrap({ [AGGREGATE_TO_ADMIN]: 'true' }),
  rules: [
    r('create', 'authorization.k8s.io', 'localsubjectaccessreviews'),
    r(READ_WRITE, 'rbac.authorization.k8s.io', 'rolebindings roles'),
  ],
};

const EDIT_PODS = [
  r(READ, '""', 'pods/attach pods/exec pods/portforward pods/proxy secrets services/proxy'),
  r('impersonate', '""', 'serviceaccounts'),
  r(WRITE, '""', 'pods pods/attach pods/exec pods/portforward pods/proxy'),
  r('create', '""', 'pods/eviction'),
];
const EDIT_WORKLOADS = [
  r(WRITE, 'apps', 'daemonsets deployments deployments/rollback deployments/scale replicasets replicasets/scale statefulsets statefulsets/scale'),
  r(WRITE, 'autoscaling', 'horizontalpodautoscalers'),
  r(WRITE, 'batch', 'cronjobs jobs'),
  r(WRITE, 'extensions', 'daemonsets deployments deployments/rollback deployments/scale ingresses networkpolicies replicasets replicasets/scale replicationcontrollers/scale'),
  r(WRITE, 'policy', 'poddisruptionbudgets'),
  r(WRITE, 'networking.k8s.io', 'ingresses networkpolicies'),
  r(READ_WRITE, 'coordination.k8s.io', 'leases'),
];
const VIEW_CORE = r(READ, '""', 'configmaps endpoints persistentvolumeclaims persistentvolumeclaims/status pods replicationcontrollers replicationcontrollers/scale serviceaccounts services services/status');
const VIEW_WORKLOADS = [
  r(READ, 'discovery.k8s.io', 'endpointslices'),
  r(READ, 'apps', 'controllerrevisions daemonsets daemonsets/status deployments deployments/scale deployments/status replicasets replicasets/scale replicasets/status statefulsets statefulsets/scale statefulsets/status'),
  r(READ, 'autoscaling', 'horizontalpodautoscalers horizontalpodautoscalers/status'),
  r(READ, 'batch', 'cronjobs cronjobs/status jobs jobs/status'),
  r(READ, 'extensions', 'daemonsets daemonsets/status deployments deployments/scale deployments/status ingresses ingresses/status networkpolicies replicasets replicasets/scale replicasets/status replicationcontrollers/scale'),
  r(READ, 'policy', 'poddisruptionbudgets poddisruptionbudgets/status'),
  r(READ, 'networking.k8s.io', 'ingresses ingresses/status networkpolicies'),
];

const V1_28: BootstrapClusterRole[] = [
  CLUSTER_ADMIN, ...AGGREGATED, AGGREGATE_TO_ADMIN_ROLE,
  {
    name: 'system:aggregate-to-edit',
    labels: bootstrap({ [AGGREGATE_TO_EDIT]: 'true' }),
    rules: [
      ...EDIT_PODS,
      r(WRITE, '""', 'configmaps events persistentvolumeclaims replicationcontrollers replicationcontrollers/scale secrets serviceaccounts services services/proxy'),
      r('create', '""', 'serviceaccounts/token'),
      ...EDIT_WORKLOADS,
    ],
  },
  {
    name: 'system:aggregate-to-view',
    labels: bootstrap({ [AGGREGATE_TO_VIEW]: 'true' }),
    rules: [
      VIEW_CORE,
      r(READ, '""', 'bindings events limitranges namespaces/status pods/log pods/status replicationcontrollers/status resourcequotas resourcequotas/status'),
      r(READ, '""', 'namespaces'),
      ...VIEW_WORKLOADS,
    ],
  },
];

const V1_35: BootstrapClusterRole[] = [
  CLUSTER_ADMIN, ...AGGREGATED, AGGREGATE_TO_ADMIN_ROLE,
  {
    name: 'system:aggregate-to-edit',
    labels: bootstrap({ [AGGREGATE_TO_EDIT]: 'true' }),
    rules: [
      ...EDIT_PODS,
      r(WRITE, '""', 'configmaps persistentvolumeclaims replicationcontrollers replicationcontrollers/scale secrets serviceaccounts services services/proxy'),
      r('create', '""', 'serviceaccounts/token'),
      r(WRITE, '"" events.k8s.io', 'events'),
      ...EDIT_WORKLOADS,
      r(WRITE, 'resource.k8s.io', 'resourceclaims resourceclaimtemplates'),
    ],
  },
  {
    name: 'system:aggregate-to-view',
    labels: bootstrap({ [AGGREGATE_TO_VIEW]: 'true' }),
    rules: [
      VIEW_CORE,
      r(READ, '""', 'bindings limitranges namespaces/status pods/log pods/status replicationcontrollers/status resourcequotas resourcequotas/status'),
      r(READ, '""', 'namespaces'),
      r(READ, '"" events.k8s.io', 'events'),
      ...VIEW_WORKLOADS,
      r(READ, 'resource.k8s.io', 'resourceclaims resourceclaims/status resourceclaimtemplates'),
    ],
  },
];

/** The built-in user-facing ClusterRoles per Kubernetes minor version (`1.N`). */
// Quoted keys: an unquoted 1.30 would be the key '1.3'.
/* eslint-disable @stylistic/quote-props */
export const BOOTSTRAP_ROLES_BY_VERSION: { readonly [version: string]: readonly BootstrapClusterRole[] } = {
  '1.28': V1_28,
  '1.35': V1_35,
};
/* eslint-enable @stylistic/quote-props */

/** The newest version stored; what `latest` means. */
export const LATEST_BOOTSTRAP_VERSION = '1.35';

/** The stored versions, oldest first. */
export const BOOTSTRAP_VERSIONS: readonly string[] = Object.keys(BOOTSTRAP_ROLES_BY_VERSION)
  .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));

/**
 * The stored version that describes Kubernetes `version` (`1.N`, `v1.N`, `v1.N.P` or `latest`):
 * the newest stored version not newer than it, so 1.30 reads as 1.28 and 1.36 as 1.35.
 *
 * @returns undefined for a malformed version or one older than every stored version
 */
export function bootstrapVersionFor(version: string | undefined): string | undefined {
  if (version === undefined || version === 'latest') return LATEST_BOOTSTRAP_VERSION;
  const m = /^v?1\.(\d{1,3})(?:\.\d+)?$/.exec(version);
  if (!m) return undefined;
  const minor = Number(m[1]);
  let found: string | undefined;
  for (const v of BOOTSTRAP_VERSIONS) if (Number(v.split('.')[1]) <= minor) found = v;
  return found;
}

/** The built-in ClusterRoles of a version (see {@link bootstrapVersionFor}); empty when unknown. */
export function bootstrapClusterRoles(version?: string): readonly BootstrapClusterRole[] {
  const v = bootstrapVersionFor(version);
  return v ? BOOTSTRAP_ROLES_BY_VERSION[v] : [];
}

/** The bootstrap ClusterRoles other than the controllers' (cluster-roles.yaml), union over the stored versions. */
export const BOOTSTRAP_CLUSTER_ROLE_NAMES: readonly string[] = [
  'admin', 'cluster-admin', 'edit', 'view',
  'system:aggregate-to-admin', 'system:aggregate-to-edit', 'system:aggregate-to-view',
  'system:auth-delegator', 'system:basic-user',
  'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
  'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
  'system:certificates.k8s.io:kube-apiserver-client-approver',
  'system:certificates.k8s.io:kube-apiserver-client-kubelet-approver',
  'system:certificates.k8s.io:kubelet-serving-approver',
  'system:certificates.k8s.io:legacy-unknown-approver',
  'system:discovery', 'system:heapster', 'system:kube-aggregator', 'system:kube-controller-manager', 'system:kube-dns',
  'system:kube-scheduler', 'system:kubelet-api-admin', 'system:monitoring', 'system:node', 'system:node-bootstrapper',
  'system:node-problem-detector', 'system:node-proxier', 'system:persistent-volume-provisioner', 'system:public-info-viewer',
  'system:service-account-issuer-discovery', 'system:volume-scheduler',
];

/**
 * The kube-controller-manager controllers with a `system:controller:<name>` ClusterRole and
 * ClusterRoleBinding to the ServiceAccount `<name>` in kube-system (controller-role-bindings.yaml).
 */
export const BOOTSTRAP_CONTROLLERS: readonly string[] = [
  'attachdetach-controller', 'certificate-controller', 'clusterrole-aggregation-controller', 'cronjob-controller',
  'daemon-set-controller', 'deployment-controller', 'disruption-controller', 'endpoint-controller', 'endpointslice-controller',
  'endpointslicemirroring-controller', 'ephemeral-volume-controller', 'expand-controller', 'generic-garbage-collector',
  'horizontal-pod-autoscaler', 'job-controller', 'legacy-service-account-token-cleaner', 'namespace-controller', 'node-controller',
  'persistent-volume-binder', 'pod-garbage-collector', 'podcheckpoint-controller', 'pv-protection-controller',
  'pvc-protection-controller', 'replicaset-controller', 'replication-controller', 'resource-claim-controller',
  'resourcequota-controller', 'root-ca-cert-publisher', 'route-controller', 'selinux-warning-controller',
  'service-account-controller', 'service-cidrs-controller', 'service-controller', 'statefulset-controller',
  'ttl-after-finished-controller', 'ttl-controller', 'validatingadmissionpolicy-status-controller',
  'volumeattributesclass-protection-controller',
];

/** A subject as written in a bootstrap binding. */
export interface BootstrapSubject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** A bootstrap binding: the role it grants and the only subjects it has. */
export interface BootstrapBinding {
  readonly roleKind: string;
  readonly roleName: string;
  readonly subjects: readonly BootstrapSubject[];
}

const group = (name: string): BootstrapSubject => ({ kind: 'Group', name });
const user = (name: string): BootstrapSubject => ({ kind: 'User', name });
const kubeSystemSa = (name: string): BootstrapSubject => ({ kind: 'ServiceAccount', name, namespace: 'kube-system' });

/** The bootstrap ClusterRoleBindings other than the controllers' (cluster-role-bindings.yaml). */
export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: { readonly [name: string]: BootstrapBinding } = {
  'cluster-admin': { roleKind: 'ClusterRole', roleName: 'cluster-admin', subjects: [group('system:masters')] },
  'system:basic-user': { roleKind: 'ClusterRole', roleName: 'system:basic-user', subjects: [group('system:authenticated')] },
  'system:discovery': { roleKind: 'ClusterRole', roleName: 'system:discovery', subjects: [group('system:authenticated')] },
  'system:public-info-viewer': { roleKind: 'ClusterRole', roleName: 'system:public-info-viewer', subjects: [group('system:authenticated'), group('system:unauthenticated')] },
  'system:monitoring': { roleKind: 'ClusterRole', roleName: 'system:monitoring', subjects: [group('system:monitoring')] },
  'system:kube-controller-manager': { roleKind: 'ClusterRole', roleName: 'system:kube-controller-manager', subjects: [user('system:kube-controller-manager')] },
  'system:kube-dns': { roleKind: 'ClusterRole', roleName: 'system:kube-dns', subjects: [kubeSystemSa('kube-dns')] },
  'system:kube-scheduler': { roleKind: 'ClusterRole', roleName: 'system:kube-scheduler', subjects: [user('system:kube-scheduler')] },
  'system:volume-scheduler': { roleKind: 'ClusterRole', roleName: 'system:volume-scheduler', subjects: [user('system:kube-scheduler')] },
  'system:node': { roleKind: 'ClusterRole', roleName: 'system:node', subjects: [] },
  'system:node-proxier': { roleKind: 'ClusterRole', roleName: 'system:node-proxier', subjects: [user('system:kube-proxy')] },
  'system:service-account-issuer-discovery': { roleKind: 'ClusterRole', roleName: 'system:service-account-issuer-discovery', subjects: [group('system:serviceaccounts')] },
};

/** The bootstrap Roles, by namespace (namespace-roles.yaml). */
export const BOOTSTRAP_NAMESPACE_ROLES: { readonly [namespace: string]: readonly string[] } = {
  'kube-system': [
    'extension-apiserver-authentication-reader', 'system::leader-locking-kube-controller-manager',
    'system::leader-locking-kube-scheduler', 'system:controller:bootstrap-signer', 'system:controller:cloud-provider',
    'system:controller:token-cleaner',
  ],
  'kube-public': ['system:controller:bootstrap-signer'],
};

/** The bootstrap RoleBindings, by namespace then name (namespace-role-bindings.yaml). */
export const BOOTSTRAP_NAMESPACE_ROLE_BINDINGS: { readonly [namespace: string]: { readonly [name: string]: BootstrapBinding } } = {
  'kube-system': {
    'system::extension-apiserver-authentication-reader': {
      roleKind: 'Role',
      roleName: 'extension-apiserver-authentication-reader',
      subjects: [user('system:kube-controller-manager'), user('system:kube-scheduler')],
    },
    'system::leader-locking-kube-controller-manager': {
      roleKind: 'Role',
      roleName: 'system::leader-locking-kube-controller-manager',
      subjects: [user('system:kube-controller-manager'), kubeSystemSa('kube-controller-manager'), kubeSystemSa('leader-election-controller')],
    },
    'system::leader-locking-kube-scheduler': {
      roleKind: 'Role',
      roleName: 'system::leader-locking-kube-scheduler',
      subjects: [user('system:kube-scheduler'), kubeSystemSa('kube-scheduler')],
    },
    'system:controller:bootstrap-signer': { roleKind: 'Role', roleName: 'system:controller:bootstrap-signer', subjects: [kubeSystemSa('bootstrap-signer')] },
    'system:controller:cloud-provider': { roleKind: 'Role', roleName: 'system:controller:cloud-provider', subjects: [kubeSystemSa('cloud-provider')] },
    'system:controller:token-cleaner': { roleKind: 'Role', roleName: 'system:controller:token-cleaner', subjects: [kubeSystemSa('token-cleaner')] },
  },
  'kube-public': {
    'system:controller:bootstrap-signer': { roleKind: 'Role', roleName: 'system:controller:bootstrap-signer', subjects: [kubeSystemSa('bootstrap-signer')] },
  },
};
