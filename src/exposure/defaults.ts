/**
 * The one source of exposure defaults (Services and Ingresses).
 *
 * Every value HardenedService and HardenedIngress write without being asked, and every annotation they
 * refuse, lives here so a reviewer reads the whole exposure posture on one screen; each value is asserted
 * by a test.
 */

/** The Service type written unless an opt-out asks for another: reachable only inside the cluster. */
export const SERVICE_TYPE = 'ClusterIP';

/** The name of the single default Service port (the HardenedDeployment's default container port name). */
export const DEFAULT_SERVICE_PORT_NAME = 'http';

/** The namespace of the ingress controller whose pods may reach Ingress backends. */
export const INGRESS_CONTROLLER_NAMESPACE = 'ingress-nginx';

/** The labels of the ingress controller's pods (those of the upstream ingress-nginx chart). */
export const INGRESS_CONTROLLER_POD_LABELS: { readonly [key: string]: string } = {
  'app.kubernetes.io/name': 'ingress-nginx',
};

/** The Ingress path routed when a route names none. */
export const DEFAULT_INGRESS_PATH = '/';

/** Suffix of the TLS Secret name derived from the Ingress name when cert-manager issues the certificate. */
export const TLS_SECRET_SUFFIX = '-tls';

/** cert-manager's ingress-shim annotations: the issuer kind that signs the certificate. */
export const CERT_MANAGER_CLUSTER_ISSUER_ANNOTATION = 'cert-manager.io/cluster-issuer';
/** See CERT_MANAGER_CLUSTER_ISSUER_ANNOTATION. */
export const CERT_MANAGER_ISSUER_ANNOTATION = 'cert-manager.io/issuer';

/**
 * Paths an Ingress may route: `/` then letters, digits, `.`, `_`, `~`, `-` and `/`.
 *
 * The set ingress-nginx accepts with `strict-validate-path-type`: a path is copied into nginx.conf, and
 * quotes, braces, semicolons or newlines in it are configuration injection (CVE-2026-24512).
 */
export const INGRESS_PATH_RE = /^\/[A-Za-z0-9._~/-]*$/;

/** The annotation prefix of ingress-nginx. */
export const INGRESS_NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';

/**
 * ingress-nginx annotations refused whatever their value: each was a configuration-injection vector
 * giving code execution in the controller, which reads every Secret of the cluster by default.
 */
export const INJECTION_PRONE_ANNOTATIONS: { readonly [key: string]: string } = {
  'nginx.ingress.kubernetes.io/auth-url': 'CVE-2025-24514',
  'nginx.ingress.kubernetes.io/auth-tls-match-cn': 'CVE-2025-1097',
  'nginx.ingress.kubernetes.io/mirror-target': 'CVE-2025-1098',
  'nginx.ingress.kubernetes.io/mirror-host': 'CVE-2025-1098',
  'nginx.ingress.kubernetes.io/auth-proxy-set-headers': 'CVE-2025-15566',
};

/**
 * Snippet annotations: raw nginx configuration (`configuration-snippet`, `server-snippet`,
 * `auth-snippet`, `stream-snippet`, `modsecurity-snippet`, and any other controller's `*-snippet`).
 * CVE-2021-25742 and CVE-2023-5043: whoever writes the Ingress runs code in the controller.
 */
export const SNIPPET_ANNOTATION_RE = /(^|\/)([a-z0-9-]*-)?snippets?$/i;

/**
 * Characters refused in any ingress-nginx annotation value: they end a directive, open a block,
 * break out of a quoted string or start a comment in the generated nginx.conf (the class of
 * CVE-2021-25746, CVE-2026-3288 and CVE-2026-4342).
 */
export const NGINX_UNSAFE_VALUE_RE = /[\n\r;{}"'`\\#]/;

/**
 * Annotations HardenedIngress writes itself: setting them by hand would contradict `ingressClassName`
 * or `tls`.
 */
export const MANAGED_ANNOTATIONS: { readonly [key: string]: string } = {
  'kubernetes.io/ingress.class': 'the deprecated class annotation; use ingressClassName',
  [CERT_MANAGER_CLUSTER_ISSUER_ANNOTATION]: 'written by tls: IngressTls.certManagerClusterIssuer()',
  [CERT_MANAGER_ISSUER_ANNOTATION]: 'written by tls: IngressTls.certManagerIssuer()',
};

/**
 * External names an ExternalNameService refuses (and their subdomains): local and cloud instance
 * metadata endpoints, which would turn an in-cluster alias into server-side request forgery.
 */
export const FORBIDDEN_EXTERNAL_NAMES: readonly string[] = ['localhost', 'metadata.google.internal', 'metadata.azure.internal'];
