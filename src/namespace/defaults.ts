/**
 * The hardened defaults of a SecureNamespace, in one place.
 *
 * Module-internal. Each value is asserted by a test in test/namespace/secure-namespace.test.ts.
 */

/** Pod Security Standards version pinned by default: the release cdk8s-plus-28 targets. */
export const DEFAULT_POD_SECURITY_VERSION = 'v1.28';

/** Label and annotation keys. */
export const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io/';
export const ENVIRONMENT_LABEL = 'environment';
export const POD_SECURITY_OPT_OUT_ANNOTATION = 'cdk8s-hardened.io/pod-security-opt-out';

/** Where cluster DNS runs: CoreDNS and kube-dns both carry `k8s-app: kube-dns` in kube-system. */
export const DEFAULT_DNS_NAMESPACE = 'kube-system';
export const DEFAULT_DNS_POD_LABELS: { readonly [key: string]: string } = { 'k8s-app': 'kube-dns' };

/** Names of the objects a SecureNamespace emits inside itself. */
export const DEFAULT_DENY_POLICY_NAME = 'default-deny-all';
export const DNS_EGRESS_POLICY_NAME = 'allow-dns-egress';
export const RESOURCE_QUOTA_NAME = 'namespace-quota';
export const LIMIT_RANGE_NAME = 'container-limits';

/**
 * ResourceQuota: room for a few replicated services (e.g. 10 pods at 400m / 800Mi requests each),
 * small enough that one runaway namespace cannot starve a shared cluster.
 */
export const DEFAULT_QUOTA = {
  requestsCpu: '4',
  requestsMemory: '8Gi',
  limitsCpu: '8',
  limitsMemory: '16Gi',
  pods: 50,
} as const;

/** One resource triple of a LimitRange entry. */
export interface ResourceTriple {
  readonly cpu: string;
  readonly memory: string;
  readonly ephemeralStorage: string;
}

/**
 * LimitRange (type Container): defaults for containers that declare nothing, bounds for those that do.
 * min <= defaultRequest <= defaultLimit <= max for every resource.
 */
export const DEFAULT_LIMIT_RANGE: {
  readonly min: ResourceTriple;
  readonly defaultRequest: ResourceTriple;
  readonly defaultLimit: ResourceTriple;
  readonly max: ResourceTriple;
} = {
  min: { cpu: '10m', memory: '16Mi', ephemeralStorage: '16Mi' },
  defaultRequest: { cpu: '100m', memory: '128Mi', ephemeralStorage: '256Mi' },
  defaultLimit: { cpu: '500m', memory: '512Mi', ephemeralStorage: '1Gi' },
  max: { cpu: '4', memory: '8Gi', ephemeralStorage: '8Gi' },
};
