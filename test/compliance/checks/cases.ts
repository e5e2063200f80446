/**
 * Pass and fail cases for every registered check, as data keyed by check id.
 *
 * The registry test asserts every registered id has at least one `pass` and one `fail` case here;
 * the cases test runs them all. A case is one object judged in a set (`others` around it).
 */
import { WORKLOAD_CASES } from './cases-workload';
import {
  API_POLICY, BOUND_WORLD, DEFAULT_DENY, DIGEST, KYVERNO_VERIFY, LIMIT_RANGE, PDB, RESOURCE_QUOTA, SERVICE_ACCOUNT, WORLD,
  binding, clone, deployment, namespace, pod, role,
} from './fixtures';
import { SERVICE_CASES } from './service-cases';

export interface CheckCase {
  /** Reads as a specification: `passes when ...` / `fails when ...`. */
  readonly name: string;
  /** The object judged. */
  readonly object: any;
  /** The other objects of the set. @default WORLD */
  readonly others?: any[];
  /** PSS version of the context. @default 'latest' */
  readonly pssVersion?: string;
  /** Expected status. */
  readonly status: 'pass' | 'fail' | 'not-applicable' | 'error';
  /** Expected reason, exactly (when given). */
  readonly reason?: string;
  /** Expected detail, exactly (when given). */
  readonly detail?: string;
  /** Expected location, exactly (when given). */
  readonly location?: string;
  /** Expected severity of the result: the outcome's (latent RBAC rules) or else the check's (when given). */
  readonly severity?: string;
  /** Target Kubernetes version of the context. @default '1.28' */
  readonly kubernetesVersion?: string;
}

const RBAC = 'rbac.authorization.k8s.io';

const CLUSTER_IMAGE_POLICY = {
  apiVersion: 'policy.sigstore.dev/v1beta1',
  kind: 'ClusterImagePolicy',
  metadata: { name: 'p' },
  spec: { images: [{ glob: 'myregistry.io/**' }], authorities: [{ keyless: { url: 'https://fulcio.sigstore.dev' } }] },
};

/** Cases of a role-rule check: a compliant role, the forbidden rule, and malformed rules. */
function ruleCases(ok: any[], bad: any[], reason: string, detail: string): CheckCase[] {
  return [
    { name: 'passes when the role grants only what is needed', object: role(ok), status: 'pass' },
    { name: 'passes when the role has no rules', object: { ...role([]), rules: undefined }, status: 'pass' },
    { name: 'fails when a Role grants it', object: role(bad), status: 'fail', reason, detail, location: '/rules/1' },
    { name: 'fails when a ClusterRole grants it', object: role(bad, 'ClusterRole'), status: 'fail', reason, detail },
    { name: 'errors when rules is not a list', object: { ...role([]), rules: 'all' }, status: 'error', location: '/rules' },
    { name: 'errors when a rule is not a map', object: role([null]), status: 'error', location: '/rules/0' },
  ];
}

const READ_CONFIG = { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'], resourceNames: ['api-config'] };

function withPod(mutate: (spec: any, container: any, p: any) => void): any {
  return pod((p) => mutate(p.spec, p.spec.containers[0], p));
}

/** Violations of each upstream Pod Security check, and the versions where the adapter can fail. */
const PSS_VIOLATIONS: Record<string, { mutate: (spec: any, c: any, p: any) => void; baseline?: string; restricted?: string }> = {
  appArmorProfile: { mutate: (s) => { s.securityContext.appArmorProfile = { type: 'Unconfined' }; } },
  capabilities_baseline: { mutate: (_s, c) => { c.securityContext.capabilities.add = ['SYS_ADMIN']; }, restricted: 'v1.21' },
  hostNamespaces: { mutate: (s) => { s.hostNetwork = true; } },
  hostPathVolumes: { mutate: (s) => { s.volumes = [{ name: 'host', hostPath: { path: '/' } }]; } },
  hostPorts: { mutate: (_s, c) => { c.ports[0].hostPort = 8080; } },
  hostProbesAndHostLifecycle: { mutate: (_s, c) => { c.readinessProbe = { httpGet: { host: '169.254.169.254', path: '/', port: 80 } }; } },
  privileged: { mutate: (_s, c) => { c.securityContext.privileged = true; } },
  procMount: { mutate: (_s, c) => { c.securityContext.procMount = 'Unmasked'; }, restricted: 'v1.34' },
  seLinuxOptions: { mutate: (_s, c) => { c.securityContext.seLinuxOptions = { type: 'spc_t' }; } },
  seccompProfile_baseline: {
    mutate: (_s, c, p) => {
      c.securityContext.seccompProfile = { type: 'Unconfined' };
      p.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' };
    },
    restricted: 'v1.18',
  },
  sysctls: { mutate: (s) => { s.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]; } },
  windowsHostProcess: { mutate: (s) => { s.securityContext.windowsOptions = { hostProcess: true }; s.hostNetwork = true; } },
  allowPrivilegeEscalation: { mutate: (_s, c) => { c.securityContext.allowPrivilegeEscalation = true; } },
  capabilities_restricted: { mutate: (_s, c) => { c.securityContext.capabilities = {}; } },
  procMount_restricted: { mutate: (_s, c) => { c.securityContext.procMount = 'Unmasked'; } },
  restrictedVolumes: { mutate: (s) => { s.volumes = [{ name: 'nfs', nfs: { server: 'nfs.example.com', path: '/' } }]; } },
  runAsNonRoot: { mutate: (s, c) => { s.securityContext.runAsNonRoot = false; c.securityContext.runAsNonRoot = false; } },
  runAsUser: { mutate: (_s, c) => { c.securityContext.runAsUser = 0; } },
  seccompProfile_restricted: { mutate: (s, c) => { delete s.securityContext.seccompProfile; delete c.securityContext.seccompProfile; } },
};

function kebab(id: string): string {
  return id.replace(/seLinux/g, 'selinux').replace(/appArmor/g, 'apparmor').replace(/_/g, '-').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

const BASELINE_IDS = ['appArmorProfile', 'capabilities_baseline', 'hostNamespaces', 'hostPathVolumes', 'hostPorts',
  'hostProbesAndHostLifecycle', 'privileged', 'procMount', 'seLinuxOptions', 'seccompProfile_baseline', 'sysctls', 'windowsHostProcess'];

function pssCases(): Record<string, CheckCase[]> {
  const out: Record<string, CheckCase[]> = {};
  for (const [upstream, v] of Object.entries(PSS_VIOLATIONS)) {
    const levels = BASELINE_IDS.includes(upstream) ? ['baseline', 'restricted'] : ['restricted'];
    for (const level of levels) {
      const version = (level === 'baseline' ? v.baseline : v.restricted) ?? 'latest';
      // hostPathVolumes has no restricted twin: restrictedVolumes overrides it at every version.
      if (level === 'restricted' && upstream === 'hostPathVolumes') continue;
      out[`pss-${level}-${kebab(upstream)}`] = [
        { name: 'passes on a restricted pod', object: pod(), status: 'pass', pssVersion: version },
        { name: 'passes on a restricted Deployment', object: deployment(), status: 'pass', pssVersion: version },
        { name: `fails when the pod violates ${upstream} (at ${version})`, object: withPod(v.mutate), status: 'fail', pssVersion: version },
        { name: 'does not apply to a ConfigMap', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }, status: 'not-applicable' },
      ];
    }
  }
  return out;
}

export const CASES: Record<string, CheckCase[]> = {
  ...pssCases(),
  ...WORKLOAD_CASES,

  // RBAC: roles.
  'rbac-no-wildcards': [
    ...ruleCases([READ_CONFIG], [READ_CONFIG, { apiGroups: ['*'], resources: ['*'], verbs: ['get'] }], 'grants a wildcard', 'rules[1] grants apiGroups "*"; resources "*"'),
    { name: 'fails on verbs "*"', object: role([{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }]), status: 'fail', detail: 'rules[0] grants verbs "*"' },
    { name: 'fails on a */subresource wildcard', object: role([{ apiGroups: ['apps'], resources: ['*/scale'], verbs: ['update'] }]), status: 'fail', detail: 'rules[0] grants resources "*/scale"' },
    { name: 'fails on nonResourceURLs "*"', object: role([{ nonResourceURLs: ['*'], verbs: ['get'] }], 'ClusterRole'), status: 'fail', detail: 'rules[0] grants nonResourceURLs "*"' },
    { name: 'passes on a non-resource URL prefix', object: role([{ nonResourceURLs: ['/api/*'], verbs: ['get'] }], 'ClusterRole'), status: 'pass' },
  ],
  'rbac-no-escalate-bind-impersonate': [
    ...ruleCases([READ_CONFIG, { apiGroups: [RBAC], resources: ['roles'], verbs: ['get'] }], [READ_CONFIG, { apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['bind', 'escalate'] }],
      'grants privilege escalation', 'rules[1] grants escalate, bind on clusterroles.rbac.authorization.k8s.io'),
    { name: 'fails on impersonate users', object: role([{ apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'] }]), status: 'fail', detail: 'rules[0] grants impersonate on users; impersonate on groups' },
    { name: 'fails when verbs "*" include bind', object: role([{ apiGroups: [RBAC], resources: ['roles'], verbs: ['*'] }]), status: 'fail', detail: 'rules[0] grants escalate, bind on roles.rbac.authorization.k8s.io' },
  ],
  'rbac-no-secret-read': [
    ...ruleCases([READ_CONFIG, { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['api-secrets'] }],
      [READ_CONFIG, { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }], 'grants read access to secrets', 'rules[1] grants get, list on secrets'),
    { name: 'fails on list even with resourceNames', object: role([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch'], resourceNames: ['a'] }]), status: 'fail', detail: 'rules[0] grants watch on secrets' },
    { name: 'fails on a core-group resource wildcard', object: role([{ apiGroups: [''], resources: ['*'], verbs: ['list'] }]), status: 'fail', detail: 'rules[0] grants list on secrets' },
    { name: 'passes on secrets of another API group', object: role([{ apiGroups: ['example.com'], resources: ['secrets'], verbs: ['list'] }]), status: 'pass' },
  ],
  'rbac-no-pod-exec-attach': [
    ...ruleCases([READ_CONFIG, { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get'] }], [READ_CONFIG, { apiGroups: [''], resources: ['pods/exec', 'pods/attach'], verbs: ['create'] }],
      'grants exec or attach into containers', 'rules[1] grants create on pods/exec; create on pods/attach'),
    { name: 'fails on get pods/exec (WebSocket exec)', object: role([{ apiGroups: [''], resources: ['pods/exec'], verbs: ['get'] }]), status: 'fail', detail: 'rules[0] grants get on pods/exec' },
    { name: 'fails on */exec', object: role([{ apiGroups: [''], resources: ['*/exec'], verbs: ['create'] }]), status: 'fail', detail: 'rules[0] grants create on pods/exec' },
  ],
  'rbac-no-node-proxy': ruleCases([READ_CONFIG, { apiGroups: [''], resources: ['nodes'], verbs: ['get'] }], [READ_CONFIG, { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] }],
    'grants access to the kubelet API', 'rules[1] grants get on nodes/proxy'),
  'rbac-no-pod-create': [
    ...ruleCases([READ_CONFIG, { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'delete'] }], [READ_CONFIG, { apiGroups: [''], resources: ['pods'], verbs: ['create'] }],
      'grants creating pods', 'rules[1] grants create on pods'),
    { name: 'fails on patching Deployments', object: role([{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['patch'] }]), status: 'fail', detail: 'rules[0] grants patch on deployments.apps' },
    { name: 'fails on creating CronJobs', object: role([{ apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['create'] }]), status: 'fail', detail: 'rules[0] grants create on cronjobs.batch' },
    { name: 'passes on scaling Deployments', object: role([{ apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['update'] }]), status: 'pass' },
  ],
  'rbac-no-persistentvolume-create': ruleCases([READ_CONFIG, { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['create'] }],
    [READ_CONFIG, { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['create'] }], 'grants creating PersistentVolumes', 'rules[1] grants create on persistentvolumes'),
  'rbac-no-admission-config-write': [
    ...ruleCases([READ_CONFIG, { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], verbs: ['get', 'list'] }],
      [READ_CONFIG, { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: ['patch', 'delete'] }],
      'grants changing admission control', 'rules[1] grants patch, delete on mutatingwebhookconfigurations.admissionregistration.k8s.io'),
    { name: 'fails on writing ValidatingAdmissionPolicies', object: role([{ apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingadmissionpolicies'], verbs: ['update'] }], 'ClusterRole'), status: 'fail', detail: 'rules[0] grants update on validatingadmissionpolicies.admissionregistration.k8s.io' },
  ],
  'rbac-no-csr-approval': [
    ...ruleCases([READ_CONFIG, { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'], verbs: ['create', 'get'] }],
      [READ_CONFIG, { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/approval'], verbs: ['update'] }],
      'grants approving certificates', 'rules[1] grants update on certificatesigningrequests/approval.certificates.k8s.io'),
    { name: 'fails on approve for signers', object: role([{ apiGroups: ['certificates.k8s.io'], resources: ['signers'], verbs: ['approve'], resourceNames: ['kubernetes.io/kube-apiserver-client'] }], 'ClusterRole'), status: 'fail', detail: 'rules[0] grants approve on signers.certificates.k8s.io' },
  ],
  'rbac-no-token-create': ruleCases([READ_CONFIG, { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get'] }],
    [READ_CONFIG, { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }], 'grants creating ServiceAccount tokens', 'rules[1] grants create on serviceaccounts/token'),

  // RBAC: bindings.
  'rbac-no-cluster-admin-binding': [
    { name: 'passes when the binding grants a dedicated role', object: binding([{ kind: 'ServiceAccount', name: 'api', namespace: 'prod' }]), status: 'pass' },
    {
      name: 'fails when a ClusterRoleBinding grants cluster-admin',
      object: binding([{ kind: 'Group', name: 'ops', apiGroup: RBAC }], { apiGroup: RBAC, kind: 'ClusterRole', name: 'cluster-admin' }, 'ClusterRoleBinding'),
      status: 'fail',
      reason: 'binds cluster-admin',
      detail: 'ClusterRoleBinding grants the ClusterRole "cluster-admin"; bind a role with only the permissions needed',
      location: '/roleRef',
    },
    { name: 'fails when a RoleBinding grants cluster-admin in a namespace', object: binding([{ kind: 'User', name: 'jane' }], { apiGroup: RBAC, kind: 'ClusterRole', name: 'cluster-admin' }), status: 'fail' },
    { name: 'errors when roleRef is missing', object: { ...binding([]), roleRef: undefined }, status: 'error', location: '/roleRef' },
  ],
  'rbac-no-system-masters-binding': [
    { name: 'passes on a dedicated group', object: binding([{ kind: 'Group', name: 'ops' }]), status: 'pass' },
    {
      name: 'fails when system:masters is a subject',
      object: binding([{ kind: 'User', name: 'jane' }, { kind: 'Group', name: 'system:masters' }], undefined, 'ClusterRoleBinding'),
      status: 'fail',
      reason: 'binds system:masters',
      detail: 'binds Group "system:masters"',
      location: '/subjects/1',
    },
    { name: 'errors when subjects is not a list', object: { ...binding([]), subjects: 'x' }, status: 'error' },
  ],
  'rbac-no-anonymous-binding': [
    { name: 'passes on authenticated subjects', object: binding([{ kind: 'User', name: 'jane' }]), status: 'pass' },
    { name: 'passes when there are no subjects', object: { ...binding([]), subjects: undefined }, status: 'pass' },
    { name: 'fails on system:anonymous', object: binding([{ kind: 'User', name: 'system:anonymous' }]), status: 'fail', detail: 'binds User "system:anonymous"', location: '/subjects/0' },
    { name: 'fails on system:unauthenticated', object: binding([{ kind: 'Group', name: 'system:unauthenticated' }], undefined, 'ClusterRoleBinding'), status: 'fail', detail: 'binds Group "system:unauthenticated"' },
    { name: 'errors on a subject without a name', object: binding([{ kind: 'User' }]), status: 'error' },
  ],
  'rbac-no-all-authenticated-binding': [
    { name: 'passes on the ServiceAccounts of one namespace', object: binding([{ kind: 'Group', name: 'system:serviceaccounts:prod' }]), status: 'pass' },
    { name: 'fails on system:authenticated', object: binding([{ kind: 'Group', name: 'system:authenticated' }], undefined, 'ClusterRoleBinding'), status: 'fail', reason: 'grants access to every authenticated identity', detail: 'binds Group "system:authenticated"' },
    { name: 'fails on system:serviceaccounts', object: binding([{ kind: 'Group', name: 'system:serviceaccounts' }]), status: 'fail', detail: 'binds Group "system:serviceaccounts"' },
  ],
  'rbac-no-default-serviceaccount-binding': [
    { name: 'passes on a dedicated ServiceAccount', object: binding([{ kind: 'ServiceAccount', name: 'api', namespace: 'prod' }]), status: 'pass' },
    { name: 'fails on the default ServiceAccount', object: binding([{ kind: 'ServiceAccount', name: 'default', namespace: 'prod' }]), status: 'fail', reason: 'grants the default ServiceAccount', detail: 'binds ServiceAccount "prod/default"', location: '/subjects/0' },
  ],
  'serviceaccount-no-token-automount': [
    { name: 'passes when automountServiceAccountToken is false', object: SERVICE_ACCOUNT, status: 'pass' },
    {
      name: 'fails when automountServiceAccountToken is unset',
      object: { ...SERVICE_ACCOUNT, automountServiceAccountToken: undefined },
      status: 'fail',
      reason: 'token automounted',
      detail: 'automountServiceAccountToken is unset (defaults to true); set it to false',
      location: '/automountServiceAccountToken',
    },
    {
      name: 'fails when automountServiceAccountToken is "false" (a string)',
      object: { ...SERVICE_ACCOUNT, automountServiceAccountToken: 'false' },
      status: 'fail',
      detail: 'automountServiceAccountToken="false"; set it to false',
    },
  ],

  // Workloads.
  'workload-no-token-automount': [
    { name: 'passes when the pod spec disables automounting', object: deployment(), status: 'pass' },
    { name: 'passes when unset and the ServiceAccount disables it', object: deployment((d) => { delete d.spec.template.spec.automountServiceAccountToken; }), status: 'pass' },
    {
      name: 'fails when the pod spec enables it',
      object: pod((p) => { p.spec.automountServiceAccountToken = true; }),
      status: 'fail',
      detail: 'automountServiceAccountToken=true; set it to false',
      location: '/spec/automountServiceAccountToken',
    },
    {
      name: 'fails when unset and the ServiceAccount is not in the set',
      object: deployment((d) => { delete d.spec.template.spec.automountServiceAccountToken; d.spec.template.spec.serviceAccountName = 'other'; }),
      status: 'fail',
      detail: 'automountServiceAccountToken is unset and ServiceAccount "other" is not in the evaluated set; set it to false in the pod spec',
      location: '/spec/template/spec/automountServiceAccountToken',
    },
    {
      name: 'fails when unset and the default ServiceAccount automounts',
      object: pod((p) => { delete p.spec.automountServiceAccountToken; delete p.spec.serviceAccountName; }),
      others: [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'prod' } }],
      status: 'fail',
      detail: 'automountServiceAccountToken is unset and ServiceAccount "default" does not set automountServiceAccountToken: false; set it to false in the pod spec',
    },
  ],
  'image-digest': [
    { name: 'passes when every image is pinned by digest', object: deployment(), status: 'pass' },
    { name: 'passes on a digest without a tag', object: pod((p) => { p.spec.containers[0].image = `nginx@${DIGEST}`; }), status: 'pass' },
    {
      name: 'fails on a tag only',
      object: pod((p) => { p.spec.containers[0].image = 'nginx:1.27'; }),
      status: 'fail',
      reason: 'image not pinned by digest',
      detail: 'container "app" image "nginx:1.27" has no digest; use \'registry/repository:tag@sha256:<64 hex>\'',
      location: '/spec/containers/0/image',
    },
    {
      name: 'fails on an init container with an invalid digest',
      object: deployment((d) => { d.spec.template.spec.initContainers = [{ name: 'init', image: 'busybox@sha256:abc123' }]; }),
      status: 'fail',
      detail: 'container "init" image "busybox@sha256:abc123" has an invalid digest \'sha256:abc123\' (expected sha256: followed by 64 lowercase hex characters); use \'registry/repository:tag@sha256:<64 hex>\'',
      location: '/spec/template/spec/initContainers/0/image',
    },
    { name: 'fails on a container without an image', object: pod((p) => { delete p.spec.containers[0].image; }), status: 'fail', detail: 'container "app" has no image; use \'registry/repository:tag@sha256:<64 hex>\'' },
    { name: 'does not apply to a Service', object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'prod' } }, status: 'not-applicable' },
  ],
  'image-signature-verified': [
    { name: 'passes when an enforcing Kyverno policy covers the image', object: deployment(), status: 'pass' },
    {
      name: 'passes when an enforcing ClusterImagePolicy covers the image in an opted-in namespace',
      object: deployment(),
      others: [namespace(), { apiVersion: 'policy.sigstore.dev/v1beta1', kind: 'ClusterImagePolicy', metadata: { name: 'p' }, spec: { images: [{ glob: 'myregistry.io/**' }], authorities: [{ keyless: { url: 'https://fulcio.sigstore.dev' } }] } }],
      status: 'pass',
    },
    {
      name: 'fails when no policy covers the image',
      object: deployment((d) => { d.spec.template.spec.containers[0].image = `other.io/app@${DIGEST}`; }),
      status: 'fail',
      reason: 'image signature not verified',
      detail: `image "other.io/app@${DIGEST}" of container "app" is covered by no enforcing image verification policy`,
      location: '/spec/template/spec/containers/0/image',
    },
    {
      name: 'fails when the only policy audits',
      object: deployment(),
      others: [namespace(), { ...clone(KYVERNO_VERIFY), spec: { ...clone(KYVERNO_VERIFY.spec), rules: [{ ...clone(KYVERNO_VERIFY.spec.rules[0]), verifyImages: [{ ...clone(KYVERNO_VERIFY.spec.rules[0].verifyImages[0]), failureAction: 'Audit' }] }] } }],
      status: 'fail',
      detail: `image "myregistry.io/app:v1.0.0@${DIGEST}" of container "app" is covered by no enforcing image verification policy (no enforcing policy applies in namespace "prod")`,
    },
    {
      name: 'fails when a ClusterImagePolicy matches the image but the namespace does not opt in to policy-controller',
      object: deployment(),
      others: [namespace((n) => { delete n.metadata.labels['policy.sigstore.dev/include']; }), CLUSTER_IMAGE_POLICY],
      status: 'fail',
      detail: `image "myregistry.io/app:v1.0.0@${DIGEST}" of container "app" is covered by no enforcing image verification policy (no enforcing policy applies in namespace "prod"); `
        + 'a policy-controller ClusterImagePolicy matches it, but namespace "prod" is not labelled policy.sigstore.dev/include=true, so policy-controller does not verify it there',
    },
    {
      name: 'fails when the namespace opts in to policy-controller but no ClusterImagePolicy matches, leaving it to the no-match-policy',
      object: deployment((d) => { d.spec.template.spec.containers[0].image = `other.io/app@${DIGEST}`; }),
      others: [namespace((n) => { n.metadata.labels['policy.sigstore.dev/include'] = 'true'; }), CLUSTER_IMAGE_POLICY],
      status: 'fail',
      detail: `image "other.io/app@${DIGEST}" of container "app" is covered by no enforcing image verification policy; `
        + 'namespace "prod" opts in to policy-controller but no ClusterImagePolicy matches the image, so its no-match-policy decides (deny by default: the pod is refused, never verified)',
    },
    {
      name: 'does not apply outside production namespaces',
      object: deployment((d) => { d.metadata.namespace = 'dev'; }),
      others: [namespace(), namespace((n) => { n.metadata.name = 'dev'; n.metadata.labels.environment = 'dev'; })],
      status: 'not-applicable',
      reason: 'namespace "dev" is not a production namespace',
    },
  ],
  'workload-probes': [
    { name: 'passes when every container has both probes', object: deployment(), status: 'pass' },
    {
      name: 'fails when probes are missing',
      object: deployment((d) => { delete d.spec.template.spec.containers[0].livenessProbe; d.spec.template.spec.containers.push({ name: 'side', image: 'x' }); }),
      status: 'fail',
      reason: 'missing probes',
      detail: 'containers "side" must set readinessProbe; containers "app", "side" must set livenessProbe',
      location: '/spec/template/spec/containers/1',
    },
    { name: 'does not apply to Jobs', object: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'prod' }, spec: { template: { spec: { containers: [{ name: 'j' }] } } } }, status: 'not-applicable' },
  ],
  'workload-resources': [
    { name: 'passes when every container sets all requests and limits', object: deployment(), status: 'pass' },
    {
      name: 'fails when ephemeral-storage and cpu limit are missing',
      object: pod((p) => { delete p.spec.containers[0].resources.limits.cpu; delete p.spec.containers[0].resources.requests['ephemeral-storage']; }),
      status: 'fail',
      reason: 'missing resource requests or limits',
      detail: 'container "app" must set resources.requests.ephemeral-storage, resources.limits.cpu',
      location: '/spec/containers/0/resources',
    },
    {
      name: 'fails on an init container without resources',
      object: pod((p) => { p.spec.initContainers = [{ name: 'init', image: 'x' }]; }),
      status: 'fail',
      detail: 'container "init" must set resources.requests.cpu, resources.requests.memory, resources.requests.ephemeral-storage, resources.limits.cpu, resources.limits.memory, resources.limits.ephemeral-storage',
    },
  ],
  'workload-high-uid-gid': [
    { name: 'passes on uid and gid 65532', object: deployment(), status: 'pass' },
    { name: 'passes when the pod securityContext sets them', object: pod((p) => { delete p.spec.containers[0].securityContext.runAsUser; delete p.spec.containers[0].securityContext.runAsGroup; }), status: 'pass' },
    {
      name: 'fails on the brief\'s uid 10000 and an unset gid',
      object: pod((p) => {
        p.spec.containers[0].securityContext.runAsUser = 10000;
        delete p.spec.containers[0].securityContext.runAsGroup;
        delete p.spec.securityContext.runAsGroup;
      }),
      status: 'fail',
      reason: 'uid or gid below 10001',
      detail: 'container "app" has runAsUser=10000, runAsGroup unset; set runAsUser and runAsGroup >= 10001',
      location: '/spec/containers/0/securityContext',
    },
    { name: 'does not apply to Windows pods', object: pod((p) => { p.spec.os = { name: 'windows' }; }), status: 'not-applicable' },
  ],
  'workload-no-secret-env': [
    { name: 'passes when Secrets are mounted as files', object: deployment((d) => { d.spec.template.spec.volumes = [{ name: 's', secret: { secretName: 'db' } }]; }), status: 'pass' },
    { name: 'passes on ConfigMap env', object: pod((p) => { p.spec.containers[0].env = [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'c', key: 'a' } } }]; }), status: 'pass' },
    {
      name: 'fails on secretKeyRef and envFrom secretRef',
      object: pod((p) => {
        p.spec.containers[0].env = [{ name: 'PLAIN', value: 'x' }, { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }];
        p.spec.containers[0].envFrom = [{ secretRef: { name: 'all' } }];
      }),
      status: 'fail',
      reason: 'Secret in environment variables',
      detail: 'container "app" takes env "DB_PASSWORD", envFrom secret "all" from a Secret; mount the Secret as a read-only volume instead',
      location: '/spec/containers/0/env/1/valueFrom/secretKeyRef',
    },
  ],
  'workload-pod-disruption-budget': [
    { name: 'passes when a PDB selects the pods', object: deployment(), status: 'pass' },
    {
      name: 'fails when no PDB selects the pods',
      object: deployment(),
      others: WORLD.filter((o) => o !== PDB),
      status: 'fail',
      reason: 'no PodDisruptionBudget',
      detail: '2 replicas and no PodDisruptionBudget in namespace "prod" selects the pod labels',
      location: '/spec/template/metadata/labels',
    },
    { name: 'fails when the PDB is in another namespace', object: deployment(), others: [{ ...PDB, metadata: { name: 'api', namespace: 'other' } }], status: 'fail' },
    { name: 'does not apply to one replica', object: deployment((d) => { d.spec.replicas = 1; }), status: 'not-applicable' },
    { name: 'errors on non-integer replicas', object: deployment((d) => { d.spec.replicas = 'two'; }), status: 'error' },
  ],

  // Network.
  'network-policy-coverage': [
    { name: 'passes when policies isolate ingress and egress', object: deployment(), status: 'pass' },
    { name: 'passes with only the namespace default-deny', object: deployment(), others: [DEFAULT_DENY], status: 'pass' },
    {
      name: 'fails when no policy selects the pods',
      object: deployment(),
      others: [],
      status: 'fail',
      reason: 'pods not isolated for ingress and egress',
      detail: 'no NetworkPolicy in namespace "prod" selects the pod labels',
      location: '/spec/template/metadata/labels',
    },
    {
      name: 'fails when the selecting policy has no Egress type',
      object: pod(),
      others: [{ ...API_POLICY, spec: { podSelector: {}, ingress: [{}] } }],
      status: 'fail',
      reason: 'pods not isolated for egress',
      detail: 'no NetworkPolicy selecting the pods has policy type Egress',
      location: '/metadata/labels',
    },
  ],
  'namespace-default-deny': [
    { name: 'passes with one policy denying both directions', object: namespace(), status: 'pass' },
    {
      name: 'passes with one policy per direction',
      object: namespace(),
      others: [
        { ...DEFAULT_DENY, metadata: { name: 'deny-in', namespace: 'prod' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
        { ...DEFAULT_DENY, metadata: { name: 'deny-out', namespace: 'prod' }, spec: { podSelector: {}, policyTypes: ['Egress'] } },
      ],
      status: 'pass',
    },
    {
      name: 'fails when egress is not denied by default',
      object: namespace(),
      others: [{ ...DEFAULT_DENY, spec: { podSelector: {} } }],
      status: 'fail',
      reason: 'no default-deny for egress',
      detail: 'no NetworkPolicy in namespace "prod" selects all pods (podSelector: {}) with policy type Egress and no rules',
    },
    { name: 'fails when the only policy allows traffic', object: namespace(), others: [API_POLICY], status: 'fail', reason: 'no default-deny for ingress and egress' },
    { name: 'does not apply to kube-system', object: namespace((n) => { n.metadata.name = 'kube-system'; }), status: 'not-applicable' },
  ],

  // Namespaces.
  'namespace-explicit': [
    { name: 'passes on a namespaced object in prod', object: deployment(), status: 'pass' },
    { name: 'does not apply to cluster-scoped kinds', object: role([], 'ClusterRole'), status: 'not-applicable', reason: 'ClusterRole is cluster-scoped' },
    {
      name: 'does not apply to a custom resource whose CRD is cluster-scoped',
      object: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
      others: [{ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com', scope: 'Cluster', names: { kind: 'Widget', plural: 'widgets' } } }],
      status: 'not-applicable',
    },
    {
      name: 'does not apply to OpenShift SecurityContextConstraints',
      object: { apiVersion: 'security.openshift.io/v1', kind: 'SecurityContextConstraints', metadata: { name: 'restricted-v2' } },
      status: 'not-applicable',
      reason: 'SecurityContextConstraints is cluster-scoped',
    },
    { name: 'fails on a namespaced custom resource without a namespace', object: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }, status: 'fail', reason: 'no namespace' },
    { name: 'fails without a namespace', object: deployment((d) => { delete d.metadata.namespace; }), status: 'fail', reason: 'no namespace', location: '/metadata' },
    {
      name: 'fails in the default namespace',
      object: pod((p) => { p.metadata.namespace = 'default'; }),
      status: 'fail',
      reason: 'default namespace',
      detail: 'metadata.namespace is "default"; use a dedicated namespace',
      location: '/metadata/namespace',
    },
  ],
  'namespace-pss-restricted': [
    { name: 'passes when the namespace enforces restricted', object: namespace(), status: 'pass' },
    {
      name: 'fails when it enforces baseline',
      object: namespace((n) => { n.metadata.labels['pod-security.kubernetes.io/enforce'] = 'baseline'; }),
      status: 'fail',
      reason: 'restricted not enforced',
      detail: 'label pod-security.kubernetes.io/enforce="baseline"; set it to "restricted"',
      location: '/metadata/labels',
    },
    {
      name: 'fails when only warn is set',
      object: namespace((n) => { n.metadata.labels = { 'pod-security.kubernetes.io/warn': 'restricted' }; }),
      status: 'fail',
      detail: 'label pod-security.kubernetes.io/enforce is unset (the cluster default, usually privileged, applies); set it to "restricted"',
    },
    {
      name: 'fails on an invalid enforce-version',
      object: namespace((n) => { n.metadata.labels['pod-security.kubernetes.io/enforce-version'] = '1.28'; }),
      status: 'fail',
      reason: 'invalid enforce-version',
    },
    { name: 'does not apply to kube-system', object: namespace((n) => { n.metadata.name = 'kube-system'; n.metadata.labels = {}; }), status: 'not-applicable' },
    { name: 'errors on a Namespace without a name', object: { apiVersion: 'v1', kind: 'Namespace', metadata: {} }, status: 'error' },
  ],
  'namespace-limit-range': [
    { name: 'passes with a Container LimitRange', object: namespace(), status: 'pass' },
    { name: 'fails without a LimitRange', object: namespace(), others: [], status: 'fail', reason: 'no LimitRange', detail: 'no LimitRange in namespace "prod"' },
    {
      name: 'fails when the LimitRange has no Container limit',
      object: namespace(),
      others: [{ ...LIMIT_RANGE, spec: { limits: [{ type: 'PersistentVolumeClaim', max: { storage: '1Gi' } }] } }],
      status: 'fail',
      detail: 'no LimitRange in namespace "prod" has a limit of type Container',
    },
  ],
  'namespace-resource-quota': [
    { name: 'passes with a ResourceQuota', object: namespace(), status: 'pass' },
    { name: 'fails without a ResourceQuota', object: namespace(), others: [], status: 'fail', reason: 'no ResourceQuota', detail: 'no ResourceQuota in namespace "prod"' },
    { name: 'fails when the quota has no hard limits', object: namespace(), others: [{ ...RESOURCE_QUOTA, spec: {} }], status: 'fail', detail: 'no ResourceQuota in namespace "prod" sets spec.hard' },
  ],
  'policy-exception-expired': (() => {
    const exception = (expires: string | undefined) => ({
      apiVersion: 'kyverno.io/v2',
      kind: 'PolicyException',
      metadata: {
        name: 'legacy-batch-root',
        namespace: 'kyverno',
        annotations: {
          'cdk8s-hardened.io/exception': 'legacy-batch-root',
          ...(expires === undefined ? {} : { 'cdk8s-hardened.io/expires': expires }),
        },
      },
      spec: { exceptions: [{ policyName: 'hardened-pss-restricted', ruleNames: ['pss-restricted-run-as-non-root'] }], match: { any: [{ resources: { namespaces: ['batch'] } }] } },
    });
    const location = '/metadata/annotations/cdk8s-hardened.io~1expires';
    return [
      { name: 'passes when the exception has not expired', object: exception('2026-06-30'), status: 'pass' },
      { name: 'passes on its expiry day (it holds through that day)', object: exception('2026-01-01'), status: 'pass' },
      { name: 'is not applicable to an object without an expiry annotation', object: exception(undefined), status: 'not-applicable' },
      {
        name: 'fails when the exception expired',
        object: exception('2025-12-31'),
        status: 'fail',
        reason: 'exception expired',
        detail: 'exception (legacy-batch-root) expired on 2025-12-31; renew it with a new reason and date, or remove it',
        location,
      },
      {
        name: 'fails when a policy carrying rendered exceptions expired',
        object: { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'p', annotations: { 'cdk8s-hardened.io/expires': '2024-02-29' } }, spec: {} },
        status: 'fail',
        reason: 'exception expired',
        location,
      },
      { name: 'errors when the expiry is not a date', object: exception('next year'), status: 'error', location },
    ] as CheckCase[];
  })(),
};

/**
 * The role checks report the rules of a role nothing binds as latent, one severity lower: the cases
 * above judge the fixture roles bound (BOUND_WORLD) unless they give their own set.
 */
const ROLE_CHECK_IDS = ['rbac-no-secret-read', 'rbac-no-wildcards', 'rbac-no-pod-create', 'rbac-no-escalate-bind-impersonate',
  'rbac-no-persistentvolume-create', 'rbac-no-node-proxy', 'rbac-no-csr-approval', 'rbac-no-admission-config-write',
  'rbac-no-token-create', 'rbac-no-pod-exec-attach'];
for (const id of ROLE_CHECK_IDS) CASES[id] = CASES[id].map((c) => (c.others ? c : { ...c, others: BOUND_WORLD }));
CASES['rbac-no-wildcards'].push({
  name: 'fails one severity lower, as latent, when nothing binds the role',
  object: role([{ apiGroups: ['*'], resources: ['*'], verbs: ['get'] }], 'ClusterRole'),
  others: WORLD,
  status: 'fail',
  reason: 'grants a wildcard',
  detail: 'latent: rules[0] grants apiGroups "*"; resources "*"; nothing in the input binds ClusterRole "r", so no subject holds these permissions until a binding references it',
  severity: 'warning',
});
CASES['rbac-no-pod-create'].push({
  name: 'reports a warning check\'s latent rules at info',
  object: role([{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }]),
  others: WORLD,
  status: 'fail',
  severity: 'info',
});
CASES['rbac-no-secret-read'].push({
  name: 'judges a ClusterRole aggregated into a bound ClusterRole as bound',
  object: { ...role([{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }], 'ClusterRole'), metadata: { name: 'agg', labels: { 'example.com/aggregate-to-ops': 'true' } } },
  others: [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'ops' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-ops': 'true' } }] } },
    binding([{ kind: 'Group', name: 'ops' }], { apiGroup: RBAC, kind: 'ClusterRole', name: 'ops' }, 'ClusterRoleBinding'),
  ],
  status: 'fail',
  detail: 'rules[0] grants list on secrets',
  severity: 'error',
});
{
  // An autoscaled workload leaves spec.replicas unset; the autoscaler's maxReplicas decides.
  const autoscaled = deployment((d) => { delete d.spec.replicas; });
  const hpa = (maxReplicas: number) => ({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'api', namespace: 'prod' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, minReplicas: 2, maxReplicas },
  });
  CASES['workload-pod-disruption-budget'].push(
    { name: 'passes when a PDB selects an autoscaled workload', object: autoscaled, others: [...WORLD, hpa(5)], status: 'pass' },
    {
      name: 'fails when an autoscaled workload (replicas unset) has no PDB',
      object: autoscaled,
      others: [...WORLD.filter((o) => o !== PDB), hpa(5)],
      status: 'fail',
      reason: 'no PodDisruptionBudget',
      detail: 'scaled up to 5 replicas by HorizontalPodAutoscaler "api" and no PodDisruptionBudget in namespace "prod" selects the pod labels',
      location: '/spec/template/metadata/labels',
    },
    {
      name: 'fails when an autoscaler scales a one-replica workload up',
      object: deployment((d) => { d.spec.replicas = 1; }),
      others: [...WORLD.filter((o) => o !== PDB), hpa(3)],
      status: 'fail',
    },
    { name: 'does not apply when the autoscaler keeps one replica', object: autoscaled, others: [...WORLD.filter((o) => o !== PDB), hpa(1)], status: 'not-applicable' },
  );
}
Object.assign(CASES, SERVICE_CASES);
