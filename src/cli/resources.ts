/**
 * Resolves the resource argument of `can-i` and `who-can` as kubectl does, without a cluster:
 * `pods`, `pod`, `po`, `deployments.apps`, `deployments/scale`, `pods/exec`, `/healthz`.
 *
 * kubectl asks the API server's discovery which group a bare name belongs to; offline we know the
 * built-in resources. Anything else must be written `resource.group` (a bare unknown name is read as
 * a core resource, with a warning).
 */

/** Built-in resources: plural name to API group, and whether it is cluster-scoped. */
const BUILT_IN: Record<string, { group: string; clusterScoped?: boolean }> = {
  pods: { group: '' },
  services: { group: '' },
  secrets: { group: '' },
  configmaps: { group: '' },
  serviceaccounts: { group: '' },
  endpoints: { group: '' },
  events: { group: '' },
  limitranges: { group: '' },
  resourcequotas: { group: '' },
  persistentvolumeclaims: { group: '' },
  replicationcontrollers: { group: '' },
  podtemplates: { group: '' },
  bindings: { group: '' },
  namespaces: { group: '', clusterScoped: true },
  nodes: { group: '', clusterScoped: true },
  persistentvolumes: { group: '', clusterScoped: true },
  componentstatuses: { group: '', clusterScoped: true },
  deployments: { group: 'apps' },
  statefulsets: { group: 'apps' },
  daemonsets: { group: 'apps' },
  replicasets: { group: 'apps' },
  controllerrevisions: { group: 'apps' },
  jobs: { group: 'batch' },
  cronjobs: { group: 'batch' },
  horizontalpodautoscalers: { group: 'autoscaling' },
  roles: { group: 'rbac.authorization.k8s.io' },
  rolebindings: { group: 'rbac.authorization.k8s.io' },
  clusterroles: { group: 'rbac.authorization.k8s.io', clusterScoped: true },
  clusterrolebindings: { group: 'rbac.authorization.k8s.io', clusterScoped: true },
  networkpolicies: { group: 'networking.k8s.io' },
  ingresses: { group: 'networking.k8s.io' },
  ingressclasses: { group: 'networking.k8s.io', clusterScoped: true },
  poddisruptionbudgets: { group: 'policy' },
  leases: { group: 'coordination.k8s.io' },
  endpointslices: { group: 'discovery.k8s.io' },
  storageclasses: { group: 'storage.k8s.io', clusterScoped: true },
  csidrivers: { group: 'storage.k8s.io', clusterScoped: true },
  volumeattachments: { group: 'storage.k8s.io', clusterScoped: true },
  priorityclasses: { group: 'scheduling.k8s.io', clusterScoped: true },
  runtimeclasses: { group: 'node.k8s.io', clusterScoped: true },
  customresourcedefinitions: { group: 'apiextensions.k8s.io', clusterScoped: true },
  apiservices: { group: 'apiregistration.k8s.io', clusterScoped: true },
  certificatesigningrequests: { group: 'certificates.k8s.io', clusterScoped: true },
  validatingwebhookconfigurations: { group: 'admissionregistration.k8s.io', clusterScoped: true },
  mutatingwebhookconfigurations: { group: 'admissionregistration.k8s.io', clusterScoped: true },
  validatingadmissionpolicies: { group: 'admissionregistration.k8s.io', clusterScoped: true },
  validatingadmissionpolicybindings: { group: 'admissionregistration.k8s.io', clusterScoped: true },
  tokenreviews: { group: 'authentication.k8s.io', clusterScoped: true },
  subjectaccessreviews: { group: 'authorization.k8s.io', clusterScoped: true },
  selfsubjectaccessreviews: { group: 'authorization.k8s.io', clusterScoped: true },
  localsubjectaccessreviews: { group: 'authorization.k8s.io' },
};

/** kubectl's short names. */
const SHORT_NAMES: Record<string, string> = {
  po: 'pods',
  svc: 'services',
  cm: 'configmaps',
  sa: 'serviceaccounts',
  ep: 'endpoints',
  ev: 'events',
  limits: 'limitranges',
  quota: 'resourcequotas',
  pvc: 'persistentvolumeclaims',
  rc: 'replicationcontrollers',
  ns: 'namespaces',
  no: 'nodes',
  pv: 'persistentvolumes',
  cs: 'componentstatuses',
  deploy: 'deployments',
  sts: 'statefulsets',
  ds: 'daemonsets',
  rs: 'replicasets',
  cj: 'cronjobs',
  hpa: 'horizontalpodautoscalers',
  netpol: 'networkpolicies',
  ing: 'ingresses',
  pdb: 'poddisruptionbudgets',
  sc: 'storageclasses',
  pc: 'priorityclasses',
  crd: 'customresourcedefinitions',
  crds: 'customresourcedefinitions',
  csr: 'certificatesigningrequests',
};

/** A resolved resource argument. */
export interface ResolvedResource {
  /** Plural resource, lower case. */
  readonly resource?: string;
  /** Subresource, e.g. `exec`. */
  readonly subresource?: string;
  /** API group (`''` for core). */
  readonly apiGroup?: string;
  /** Non-resource URL, e.g. `/healthz`. */
  readonly nonResourceURL?: string;
  /** Whether the resource is cluster-scoped (requests then carry no namespace). */
  readonly clusterScoped: boolean;
  /** A warning for the user, e.g. an unknown bare resource name. */
  readonly warning?: string;
}

/** Resolves `pods`, `po`, `pod`, `deployments.apps`, `deployments/scale`, `pods/exec`, `*`, `/healthz`. */
export function resolveResource(arg: string, subresourceOption?: string): ResolvedResource {
  if (arg.startsWith('/')) return { nonResourceURL: arg, clusterScoped: true };
  const [typePart, ...rest] = arg.split('/');
  const subresource = subresourceOption ?? (rest.length > 0 ? rest.join('/') : undefined);
  if (typePart === '*') return { resource: '*', subresource, apiGroup: '*', clusterScoped: false };
  const dot = typePart.indexOf('.');
  const name = (dot >= 0 ? typePart.slice(0, dot) : typePart).toLowerCase();
  const explicitGroup = dot >= 0 ? typePart.slice(dot + 1) : undefined;
  const plural = SHORT_NAMES[name] ?? (BUILT_IN[name] ? name : BUILT_IN[`${name}s`] ? `${name}s` : BUILT_IN[`${name}es`] ? `${name}es` : pluralFromY(name));
  const known = plural !== undefined ? BUILT_IN[plural] : undefined;
  if (explicitGroup !== undefined) {
    const sameBuiltIn = known !== undefined && known.group === explicitGroup;
    const clusterScoped = sameBuiltIn && Boolean(known.clusterScoped);
    return { resource: sameBuiltIn ? plural : name, subresource, apiGroup: explicitGroup, clusterScoped };
  }
  if (known) return { resource: plural, subresource, apiGroup: known.group, clusterScoped: Boolean(known.clusterScoped) };
  return {
    resource: name,
    subresource,
    apiGroup: '',
    clusterScoped: false,
    warning: `resource '${name}' is not a built-in resource; assuming the core API group (write '${name}.<group>' for a custom resource)`,
  };
}

function pluralFromY(name: string): string | undefined {
  if (!name.endsWith('y')) return undefined;
  const p = `${name.slice(0, -1)}ies`;
  return BUILT_IN[p] ? p : undefined;
}
