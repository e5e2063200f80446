/**
 * Pass and fail cases of the service checks (exposure, scaling and disruption, configuration,
 * dangling references, API versions, RBAC beyond CIS 5.1), merged into CASES by cases.ts.
 */
import type { CheckCase } from './cases';
import { API_POLICY, BOUND_WORLD, DEFAULT_DENY, LABELS, WORLD, binding, clone, deployment, pod, role } from './fixtures';

const RBAC = 'rbac.authorization.k8s.io';
const NS = { namespace: 'prod' };

function service(spec: any, name = 'api'): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, ...NS }, spec };
}

const CLUSTER_IP = service({ selector: LABELS, ports: [{ port: 80, targetPort: 8080 }] });

function ingress(spec: any, annotations?: Record<string, string>): any {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'api', ...NS, ...(annotations ? { annotations } : {}) }, spec };
}

const BACKEND = { service: { name: 'api', port: { number: 80 } } };
const RULE = (host?: string) => ({ ...(host ? { host } : {}), http: { paths: [{ path: '/', pathType: 'Prefix', backend: clone(BACKEND) }] } });
const TLS_INGRESS = ingress({ ingressClassName: 'nginx', tls: [{ hosts: ['api.example.com'], secretName: 'api-tls' }], rules: [RULE('api.example.com')] });

function withAnnotations(annotations: Record<string, string>): any {
  return { ...clone(TLS_INGRESS), metadata: { name: 'api', ...NS, annotations } };
}

function hpa(spec: any, name = 'api'): any {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, ...NS },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, ...spec },
  };
}

function pdb(spec: any): any {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'api', ...NS }, spec: { selector: { matchLabels: LABELS }, ...spec } };
}

function configMap(data?: Record<string, string>, binaryData?: Record<string, string>): any {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api-config', ...NS }, ...(data ? { data } : {}), ...(binaryData ? { binaryData } : {}) };
}

const AUTOSCALED = deployment((d) => { delete d.spec.replicas; });
const HPA = hpa({ minReplicas: 2, maxReplicas: 5 });

/** A Role or ClusterRole `r` in prod with one harmless rule and, second, the rule under test. */
const READ_CONFIG = { apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['api-config'] };

function roleCases(ok: any, bad: any, reason: string, detail: string, severity: string): CheckCase[] {
  return [
    { name: 'passes when the role grants only what is needed', object: role([READ_CONFIG, ok]), others: BOUND_WORLD, status: 'pass' },
    { name: 'fails when a bound Role grants it', object: role([READ_CONFIG, bad]), others: BOUND_WORLD, status: 'fail', reason, detail, location: '/rules/1', severity },
    { name: 'fails when a bound ClusterRole grants it', object: role([READ_CONFIG, bad], 'ClusterRole'), others: BOUND_WORLD, status: 'fail', reason, detail },
    {
      name: 'fails one severity lower, as latent, when nothing binds the role',
      object: role([READ_CONFIG, bad]),
      others: WORLD,
      status: 'fail',
      reason,
      detail: `latent: ${detail}; nothing in the input binds Role "r" in namespace "prod", so no subject holds these permissions until a binding references it`,
      severity: severity === 'error' ? 'warning' : 'info',
    },
    { name: 'errors when rules is not a list', object: { ...role([]), rules: 'all' }, status: 'error', location: '/rules' },
  ];
}

function kubeSystem(rules: any[]): any {
  return { ...role(rules), metadata: { name: 'r', namespace: 'kube-system' } };
}

const WRITE_CONFIGMAPS = { apiGroups: [''], resources: ['configmaps'], verbs: ['update', 'patch'] };

export const SERVICE_CASES: Record<string, CheckCase[]> = {
  // Exposure.
  'service-no-external-type': [
    { name: 'passes on a ClusterIP Service', object: service({ type: 'ClusterIP', selector: LABELS }), status: 'pass' },
    { name: 'passes when the type is unset (ClusterIP)', object: CLUSTER_IP, status: 'pass' },
    { name: 'passes on a headless Service', object: service({ clusterIP: 'None', selector: LABELS }), status: 'pass' },
    {
      name: 'fails on a NodePort Service',
      object: service({ type: 'NodePort', selector: LABELS }),
      status: 'fail',
      reason: 'type NodePort',
      detail: 'spec.type is "NodePort", reachable from outside the cluster; use ClusterIP behind an Ingress with TLS',
      location: '/spec/type',
      severity: 'error',
    },
    { name: 'fails on a LoadBalancer Service', object: service({ type: 'LoadBalancer', selector: LABELS }), status: 'fail', reason: 'type LoadBalancer' },
  ],
  'service-no-external-ips': [
    { name: 'passes on a ClusterIP Service', object: CLUSTER_IP, status: 'pass' },
    { name: 'passes on an empty externalIPs list', object: service({ selector: LABELS, externalIPs: [] }), status: 'pass' },
    {
      name: 'fails on externalIPs (CVE-2020-8554)',
      object: service({ selector: LABELS, externalIPs: ['203.0.113.10'] }),
      status: 'fail',
      reason: 'externalIPs set',
      detail: 'spec.externalIPs lists "203.0.113.10"; remove it (kube-proxy would route that traffic here, CVE-2020-8554)',
      location: '/spec/externalIPs',
    },
    {
      name: 'fails on an ExternalName Service',
      object: service({ type: 'ExternalName', externalName: 'db.example.com' }),
      status: 'fail',
      reason: 'type ExternalName',
      detail: 'spec.type is "ExternalName" (alias of "db.example.com"); call the external host directly, through an egress NetworkPolicy that allows it',
      location: '/spec/type',
    },
  ],
  'ingress-tls': [
    { name: 'passes when every host has a TLS entry', object: TLS_INGRESS, status: 'pass' },
    { name: 'passes when a wildcard TLS host covers the rule host', object: ingress({ tls: [{ hosts: ['*.example.com'] }], rules: [RULE('api.example.com')] }), status: 'pass' },
    { name: 'passes on a rule without a host when a TLS entry has no hosts', object: ingress({ tls: [{ secretName: 'default-tls' }], rules: [RULE()] }), status: 'pass' },
    {
      name: 'fails on an Ingress without TLS',
      object: ingress({ rules: [RULE('api.example.com')] }),
      status: 'fail',
      reason: 'no TLS',
      detail: 'hosts "api.example.com" have no spec.tls entry; add them to spec.tls with a certificate Secret',
      location: '/spec',
    },
    {
      name: 'fails when one host of two has no TLS entry',
      object: ingress({ tls: [{ hosts: ['api.example.com'] }], rules: [RULE('api.example.com'), RULE('admin.example.com')] }),
      status: 'fail',
      reason: 'hosts without TLS',
      detail: 'hosts "admin.example.com" have no spec.tls entry; add them to spec.tls with a certificate Secret',
      location: '/spec/tls',
    },
    {
      name: 'fails when a wildcard is two labels short',
      object: ingress({ tls: [{ hosts: ['*.example.com'] }], rules: [RULE('a.b.example.com')] }),
      status: 'fail',
      reason: 'hosts without TLS',
    },
    {
      name: 'fails on a rule without a host when every TLS entry names hosts',
      object: ingress({ tls: [{ hosts: ['api.example.com'] }], rules: [RULE('api.example.com'), RULE()] }),
      status: 'fail',
      detail: 'rules without a host (or the default backend) have no spec.tls entry without hosts; add them to spec.tls with a certificate Secret',
    },
    { name: 'errors when spec.tls is not a list', object: ingress({ tls: 'yes', rules: [] }), status: 'error', location: '/spec/tls' },
  ],
  'ingress-nginx-no-snippets': [
    { name: 'passes without annotations', object: TLS_INGRESS, status: 'pass' },
    {
      name: 'passes on plain auth-url and mirror-target URLs (nginx variables included)',
      object: withAnnotations({
        'nginx.ingress.kubernetes.io/auth-url': 'https://$host/oauth2/auth',
        'nginx.ingress.kubernetes.io/mirror-target': 'https://mirror.example.com$request_uri',
        'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
      }),
      status: 'pass',
    },
    { name: 'passes on another controller\'s snippet annotation', object: withAnnotations({ 'haproxy.org/backend-config-snippet': 'http-request deny' }), status: 'pass' },
    {
      name: 'fails on a configuration-snippet (CVE-2021-25742)',
      object: withAnnotations({ 'nginx.ingress.kubernetes.io/configuration-snippet': 'more_set_headers "X-Frame-Options: DENY";' }),
      status: 'fail',
      reason: 'nginx snippet annotation',
      detail: 'snippet annotations "nginx.ingress.kubernetes.io/configuration-snippet" paste raw nginx configuration (CVE-2021-25742); '
        + 'remove them (use the controller\'s ConfigMap or a dedicated annotation)',
      location: '/metadata/annotations/nginx.ingress.kubernetes.io~1configuration-snippet',
      severity: 'error',
    },
    {
      name: 'fails on an auth-url that injects a directive (CVE-2025-24514)',
      object: withAnnotations({ 'nginx.ingress.kubernetes.io/auth-url': 'http://example.com/#;\ninjection_point' }),
      status: 'fail',
      reason: 'nginx directive injection',
      detail: 'nginx.ingress.kubernetes.io/auth-url (CVE-2025-24514) hold characters that inject nginx directives; '
        + 'remove them (use the controller\'s ConfigMap or a dedicated annotation)',
      location: '/metadata/annotations/nginx.ingress.kubernetes.io~1auth-url',
    },
    { name: 'fails on a quote in auth-tls-match-cn (CVE-2025-1097)', object: withAnnotations({ 'nginx.ingress.kubernetes.io/auth-tls-match-cn': 'CN=a"; evil' }), status: 'fail' },
    { name: 'fails on a brace in mirror-host (CVE-2025-1098)', object: withAnnotations({ 'nginx.ingress.kubernetes.io/mirror-host': 'x}' }), status: 'fail' },
    {
      name: 'fails when the auth-proxy-set-headers ConfigMap injects a directive (CVE-2025-15566)',
      object: withAnnotations({ 'nginx.ingress.kubernetes.io/auth-proxy-set-headers': 'prod/auth-headers' }),
      others: [{ ...configMap({ 'X-User': '$remote_user;\nevil' }), metadata: { name: 'auth-headers', ...NS } }],
      status: 'fail',
      detail: 'nginx.ingress.kubernetes.io/auth-proxy-set-headers (CVE-2025-15566: ConfigMap "prod/auth-headers") hold characters that inject nginx directives; '
        + 'remove them (use the controller\'s ConfigMap or a dedicated annotation)',
    },
    {
      name: 'fails on a path that injects a directive (CVE-2026-24512)',
      object: ingress({ tls: [{ hosts: ['api.example.com'] }], rules: [{ host: 'api.example.com', http: { paths: [{ path: '/api;\n}', pathType: 'ImplementationSpecific', backend: BACKEND }] } }] }),
      status: 'fail',
      reason: 'nginx directive injection',
      detail: 'paths "/api;\\n}" hold characters that inject nginx directives (CVE-2026-24512); remove them (use the controller\'s ConfigMap or a dedicated annotation)',
      location: '/spec/rules/0/http/paths/0/path',
    },
    {
      name: 'passes on a regex path with quantifiers and escapes',
      object: ingress({ tls: [{ hosts: ['api.example.com'] }], rules: [{ host: 'api.example.com', http: { paths: [{ path: '/v[0-9]{1,2}/\\w+', pathType: 'ImplementationSpecific', backend: BACKEND }] } }] }),
      status: 'pass',
    },
    {
      name: 'passes when the auth-proxy-set-headers ConfigMap holds plain headers',
      object: withAnnotations({ 'nginx.ingress.kubernetes.io/auth-proxy-set-headers': 'auth-headers' }),
      others: [{ ...configMap({ 'X-User': '$remote_user' }), metadata: { name: 'auth-headers', ...NS } }],
      status: 'pass',
    },
  ],

  // Scaling and disruption.
  'hpa-min-replicas': [
    { name: 'passes on minReplicas 2', object: HPA, status: 'pass' },
    {
      name: 'fails when minReplicas is unset (1)',
      object: hpa({ maxReplicas: 5 }),
      status: 'fail',
      reason: 'fewer than 2 replicas',
      detail: 'spec.minReplicas is unset (defaults to 1); set it to 2 or more',
      location: '/spec/minReplicas',
      severity: 'warning',
    },
    { name: 'fails on minReplicas 1', object: hpa({ minReplicas: 1, maxReplicas: 5 }), status: 'fail', detail: 'spec.minReplicas is 1; set it to 2 or more' },
    { name: 'errors on a non-integer minReplicas', object: hpa({ minReplicas: 'two', maxReplicas: 5 }), status: 'error', location: '/spec/minReplicas' },
  ],
  'hpa-max-above-min': [
    { name: 'passes when maxReplicas is above minReplicas', object: HPA, status: 'pass' },
    {
      name: 'fails when maxReplicas equals minReplicas',
      object: hpa({ minReplicas: 3, maxReplicas: 3 }),
      status: 'fail',
      reason: 'cannot scale out',
      detail: 'spec.maxReplicas 3 is not greater than minReplicas 3',
      location: '/spec/maxReplicas',
    },
    { name: 'fails on maxReplicas 1 with minReplicas unset (1)', object: hpa({ maxReplicas: 1 }), status: 'fail', detail: 'spec.maxReplicas 1 is not greater than minReplicas 1' },
    { name: 'fails without maxReplicas', object: hpa({ minReplicas: 2 }), status: 'fail', reason: 'no maxReplicas' },
  ],
  'hpa-target-no-fixed-replicas': [
    { name: 'passes when the autoscaled Deployment leaves replicas unset', object: AUTOSCALED, others: [HPA], status: 'pass' },
    { name: 'does not apply without an autoscaler', object: deployment(), others: [], status: 'not-applicable' },
    {
      name: 'fails when the autoscaled Deployment fixes replicas',
      object: deployment(),
      others: [HPA],
      status: 'fail',
      reason: 'fixed replicas',
      detail: 'spec.replicas is 2 and HorizontalPodAutoscaler "api" scales it; remove spec.replicas',
      location: '/spec/replicas',
    },
    { name: 'does not apply to an autoscaler of another kind of the same name', object: deployment(), others: [hpa({ scaleTargetRef: { kind: 'StatefulSet', name: 'api' } })], status: 'not-applicable' },
  ],
  'pdb-allows-eviction': [
    { name: 'passes on maxUnavailable 1', object: pdb({ maxUnavailable: 1 }), status: 'pass' },
    { name: 'passes on minAvailable below the replicas', object: pdb({ minAvailable: 1 }), others: [deployment()], status: 'pass' },
    { name: 'passes on a minAvailable percentage below 100%', object: pdb({ minAvailable: '50%' }), others: [deployment()], status: 'pass' },
    { name: 'passes on minAvailable 2 of 3 replicas', object: pdb({ minAvailable: 2 }), others: [deployment((d) => { d.spec.replicas = 3; })], status: 'pass' },
    {
      name: 'fails on maxUnavailable 0',
      object: pdb({ maxUnavailable: 0 }),
      status: 'fail',
      reason: 'no eviction allowed',
      detail: 'spec.maxUnavailable is 0: every eviction is refused; allow at least 1',
      location: '/spec/maxUnavailable',
      severity: 'warning',
    },
    { name: 'fails on maxUnavailable "0%"', object: pdb({ maxUnavailable: '0%' }), status: 'fail', location: '/spec/maxUnavailable' },
    { name: 'fails on minAvailable "100%"', object: pdb({ minAvailable: '100%' }), status: 'fail', location: '/spec/minAvailable' },
    {
      name: 'fails when minAvailable equals the replicas',
      object: pdb({ minAvailable: 2 }),
      others: [deployment()],
      status: 'fail',
      reason: 'no eviction allowed',
      detail: 'spec.minAvailable 2 leaves no pod to evict: Deployment "api" runs 2; lower it below the replicas or use maxUnavailable: 1',
      location: '/spec/minAvailable',
    },
    {
      name: 'fails when minAvailable reaches the autoscaler\'s minimum',
      object: pdb({ minAvailable: 2 }),
      others: [AUTOSCALED, HPA],
      status: 'fail',
      detail: 'spec.minAvailable 2 leaves no pod to evict: Deployment "api" scales down to 2 (HorizontalPodAutoscaler "api"); lower it below the replicas or use maxUnavailable: 1',
    },
  ],
  'pdb-has-budget': [
    { name: 'passes on minAvailable', object: pdb({ minAvailable: 1 }), status: 'pass' },
    { name: 'passes on maxUnavailable', object: pdb({ maxUnavailable: '25%' }), status: 'pass' },
    {
      name: 'fails with neither minAvailable nor maxUnavailable',
      object: pdb({}),
      status: 'fail',
      reason: 'no budget',
      detail: 'spec sets neither minAvailable nor maxUnavailable; set maxUnavailable: 1 (or a minAvailable below the replicas)',
      location: '/spec',
    },
    { name: 'fails with both', object: pdb({ minAvailable: 1, maxUnavailable: 1 }), status: 'fail', reason: 'both budgets set' },
  ],

  // Configuration.
  'configmap-no-secrets': [
    {
      name: 'passes on ordinary configuration and settings about credentials',
      object: configMap({
        'LOG_LEVEL': 'info',
        'password-policy': 'strict',
        'password-min-length': '12',
        'token-ttl': '1h',
        'secret-name': 'db-credentials',
        'DB_PASSWORD_FILE': '/var/run/secrets/db/password',
        'tokenizer': 'wordpiece',
        'api-url': 'https://api.example.com',
        'application.yaml': 'server:\n  port: 8080\nspring:\n  datasource:\n    password: ${DB_PASSWORD}\n',
      }),
      status: 'pass',
    },
    { name: 'passes on a credential-named key with an empty or boolean value', object: configMap({ ADMIN_PASSWORD: '', REQUIRE_TOKEN: 'true' }), status: 'pass' },
    {
      name: 'fails on a password under a credential key name',
      object: configMap({ LOG_LEVEL: 'info', DB_PASSWORD: 'hunter2' }),
      status: 'fail',
      reason: 'credentials in a ConfigMap',
      detail: 'data key "DB_PASSWORD" is named like a credential and holds a value; move them to a Secret and mount it as a file',
      location: '/data/DB_PASSWORD',
      severity: 'error',
    },
    {
      name: 'fails on AWS keys in a credentials file',
      object: configMap({ credentials: '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n' }),
      status: 'fail',
      detail: 'data key "credentials" holds an AWS access key id; move them to a Secret and mount it as a file',
    },
    {
      name: 'fails on a PEM private key in binaryData',
      object: configMap(undefined, { 'tls.key': Buffer.from('-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n').toString('base64') }),
      status: 'fail',
      detail: 'binaryData key "tls.key" holds a PEM private key; move them to a Secret and mount it as a file',
      location: '/binaryData/tls.key',
    },
    {
      name: 'fails on a JWT under an innocent key',
      object: configMap({ bootstrap: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcGkiLCJpYXQiOjE1MTYyMzkwMjJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c' }),
      status: 'fail',
      detail: 'data key "bootstrap" holds a JWT; move them to a Secret and mount it as a file',
    },
    { name: 'fails on a database URL with a password', object: configMap({ DATABASE_URL: 'postgres://app:s3cr3t@db:5432/app' }), status: 'fail', detail: 'data key "DATABASE_URL" holds a URL with a password; move them to a Secret and mount it as a file' },
    {
      name: 'fails on a password assigned in a properties file',
      object: configMap({ 'application.properties': 'server.port=8080\nspring.datasource.password=hunter2\n' }),
      status: 'fail',
      detail: 'data key "application.properties" holds a credential assigned to "spring.datasource.password" on line 2; move them to a Secret and mount it as a file',
      location: '/data/application.properties',
    },
    { name: 'fails on a GCP API key', object: configMap({ MAPS: 'AIzaSyA-1234567890abcdefghijklmnopqrstu' }), status: 'fail', detail: 'data key "MAPS" holds a GCP API key; move them to a Secret and mount it as a file' },
    { name: 'fails on an Azure storage connection string', object: configMap({ STORAGE: 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=' + 'A'.repeat(86) + '==' }), status: 'fail' },
    { name: 'errors when data is not a map', object: { ...configMap(), data: 'x' }, status: 'error', location: '/data' },
  ],

  // Dangling references.
  'service-selects-pods': [
    { name: 'passes when a Deployment\'s pods carry the selector labels', object: CLUSTER_IP, others: [deployment()], status: 'pass' },
    { name: 'passes when a bare Pod carries them', object: CLUSTER_IP, others: [pod()], status: 'pass' },
    {
      name: 'fails when no pod template carries the selector labels',
      object: service({ selector: { 'app.kubernetes.io/name': 'apii' } }),
      others: [deployment()],
      status: 'fail',
      reason: 'selects no pods',
      detail: 'spec.selector {app.kubernetes.io/name=apii} matches no pod template in namespace "prod"',
      location: '/spec/selector',
      severity: 'warning',
    },
    { name: 'fails when the pods are in another namespace', object: CLUSTER_IP, others: [deployment((d) => { d.metadata.namespace = 'other'; })], status: 'fail' },
    { name: 'does not apply without a selector', object: service({ ports: [{ port: 80 }] }), status: 'not-applicable' },
    { name: 'does not apply to an ExternalName Service', object: service({ type: 'ExternalName', externalName: 'x.example.com' }), status: 'not-applicable' },
  ],
  'ingress-backend-exists': [
    { name: 'passes when the backend Service is present', object: TLS_INGRESS, others: [CLUSTER_IP], status: 'pass' },
    { name: 'passes on a resource backend', object: ingress({ defaultBackend: { resource: { apiGroup: 'k8s.example.com', kind: 'Bucket', name: 'static' } } }), others: [], status: 'pass' },
    {
      name: 'fails when the backend Service is missing',
      object: TLS_INGRESS,
      others: [service({ selector: LABELS }, 'api-v2')],
      status: 'fail',
      reason: 'backend Service missing',
      detail: 'Services "api" are not in namespace "prod"',
      location: '/spec/rules/0/http/paths/0/backend/service/name',
    },
    { name: 'fails when the default backend is missing', object: ingress({ defaultBackend: BACKEND }), others: [], status: 'fail', location: '/spec/defaultBackend/service/name' },
    { name: 'fails on a missing v1beta1 serviceName', object: ingress({ backend: { serviceName: 'old', servicePort: 80 } }), others: [], status: 'fail', location: '/spec/backend/serviceName' },
  ],
  'hpa-target-exists': [
    { name: 'passes when the target Deployment is present', object: HPA, others: [AUTOSCALED], status: 'pass' },
    {
      name: 'fails when the target is missing',
      object: HPA,
      others: [],
      status: 'fail',
      reason: 'target missing',
      detail: 'Deployment "api" is not in namespace "prod"',
      location: '/spec/scaleTargetRef',
    },
    { name: 'errors without a scaleTargetRef name', object: { ...HPA, spec: { maxReplicas: 3, scaleTargetRef: { kind: 'Deployment' } } }, status: 'error' },
  ],
  'network-policy-selects-pods': [
    { name: 'passes when the policy selects a Deployment\'s pods', object: API_POLICY, others: [deployment()], status: 'pass' },
    { name: 'does not apply to a namespace-wide policy (podSelector {})', object: DEFAULT_DENY, others: [], status: 'not-applicable' },
    {
      name: 'fails when the policy selects no pod',
      object: API_POLICY,
      others: [],
      status: 'fail',
      reason: 'selects no pods',
      detail: 'spec.podSelector matches no pod template in namespace "prod"',
      location: '/spec/podSelector',
    },
  ],
  'statefulset-headless-service': (() => {
    const sts = (serviceName?: string) => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', ...NS },
      spec: {
        ...(serviceName ? { serviceName } : {}),
        replicas: 3,
        selector: { matchLabels: LABELS },
        template: { metadata: { labels: LABELS }, spec: {} },
      },
    });
    return [
      { name: 'passes when the headless Service is present', object: sts('db'), others: [service({ clusterIP: 'None', selector: LABELS }, 'db')], status: 'pass' },
      { name: 'does not apply without serviceName', object: sts(), status: 'not-applicable' },
      {
        name: 'fails when the Service is missing',
        object: sts('db'),
        others: [],
        status: 'fail',
        reason: 'headless Service missing',
        detail: 'Service "db" is not in namespace "prod"; add it with clusterIP: None',
        location: '/spec/serviceName',
      },
      { name: 'fails when the Service has a cluster IP', object: sts('db'), others: [service({ selector: LABELS }, 'db')], status: 'fail', reason: 'Service not headless' },
    ] as CheckCase[];
  })(),
  'workload-config-refs-exist': [
    { name: 'passes on a pod that reads no ConfigMap or Secret', object: deployment(), status: 'pass' },
    {
      name: 'passes when every reference is present, written by an ExternalSecret, SealedSecret or Certificate, optional or built in',
      object: deployment((d) => {
        const spec = d.spec.template.spec;
        spec.containers[0].env = [
          { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'api-config', key: 'level' } } },
          { name: 'OPT', valueFrom: { secretKeyRef: { name: 'maybe', key: 'x', optional: true } } },
        ];
        spec.volumes = [
          { name: 'db', secret: { secretName: 'db-credentials' } },
          { name: 'api-token', projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'kube-root-ca.crt' } }] } },
          { name: 'es', secret: { secretName: 'es-default-name' } },
          { name: 'sealed', secret: { secretName: 'sealed-target' } },
          { name: 'tls', projected: { sources: [{ secret: { name: 'api-tls' } }] } },
        ];
      }),
      others: [
        configMap({ level: 'info' }),
        { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'database-credentials', ...NS }, spec: { target: { name: 'db-credentials' } } },
        { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'es-default-name', ...NS }, spec: {} },
        { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 'sealed', ...NS }, spec: { template: { metadata: { name: 'sealed-target' } } } },
        { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'api', ...NS }, spec: { secretName: 'api-tls' } },
      ],
      status: 'pass',
    },
    {
      name: 'fails on a missing ConfigMap in env and a missing Secret volume',
      object: deployment((d) => {
        const spec = d.spec.template.spec;
        spec.containers[0].envFrom = [{ configMapRef: { name: 'api-settings' } }];
        spec.volumes = [{ name: 'db', secret: { secretName: 'db-credentials' } }];
      }),
      others: [],
      status: 'fail',
      reason: 'missing ConfigMap or Secret',
      detail: 'ConfigMaps "api-settings" and Secrets "db-credentials" are not in namespace "prod" (nor written by an ExternalSecret, SealedSecret or Certificate); '
        + 'add them or mark the reference optional',
      location: '/spec/template/spec/containers/0/envFrom/0/configMapRef',
    },
    {
      name: 'fails when the ExternalSecret is in another namespace',
      object: pod((p) => { p.spec.volumes = [{ name: 'db', secret: { secretName: 'db-credentials' } }]; }),
      others: [{ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'db-credentials', namespace: 'other' }, spec: {} }],
      status: 'fail',
      location: '/spec/volumes/0/secret',
    },
  ],

  // API versions.
  'api-version-removed': [
    { name: 'passes on a retired version still served at the target', object: { ...pdb({ maxUnavailable: 1 }), apiVersion: 'policy/v1beta1' }, kubernetesVersion: '1.24', status: 'pass' },
    {
      name: 'fails on policy/v1beta1 PodDisruptionBudget at 1.28',
      object: { ...pdb({ maxUnavailable: 1 }), apiVersion: 'policy/v1beta1' },
      status: 'fail',
      reason: 'apiVersion removed',
      detail: 'policy/v1beta1 PodDisruptionBudget is not served since Kubernetes 1.25 (target 1.28); use policy/v1 (served since 1.21); '
        + 'an empty spec.selector selects every pod of the namespace in policy/v1',
      location: '/apiVersion',
      severity: 'error',
    },
    { name: 'fails on extensions/v1beta1 Ingress', object: { ...TLS_INGRESS, apiVersion: 'extensions/v1beta1' }, status: 'fail', reason: 'apiVersion removed' },
    {
      name: 'fails on PodSecurityPolicy, which has no replacement',
      object: { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', metadata: { name: 'p' }, spec: {} },
      status: 'fail',
      detail: 'policy/v1beta1 PodSecurityPolicy is not served since Kubernetes 1.25 (target 1.28); it has no replacement API; '
        + 'PodSecurityPolicy has no replacement API: label namespaces for Pod Security admission (SecureNamespace) or use a policy engine',
    },
    { name: 'fails on flowcontrol v1beta3 at 1.32', object: { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', metadata: { name: 'f' } }, kubernetesVersion: 'v1.32', status: 'fail' },
    { name: 'does not apply to a current apiVersion', object: deployment(), status: 'not-applicable' },
    { name: 'errors on a malformed target version', object: deployment(), kubernetesVersion: 'one.two', status: 'error' },
  ],
  'api-version-deprecated': [
    { name: 'passes on flowcontrol v1beta3 at 1.28 (deprecated from 1.29)', object: { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', metadata: { name: 'f' } }, status: 'pass' },
    {
      name: 'fails on flowcontrol v1beta3 at 1.29',
      object: { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', metadata: { name: 'f' } },
      kubernetesVersion: '1.29',
      status: 'fail',
      reason: 'apiVersion deprecated',
      detail: 'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is deprecated since Kubernetes 1.29 and removed in 1.32 (target 1.29); '
        + 'use flowcontrol.apiserver.k8s.io/v1 (served since 1.29)',
      location: '/apiVersion',
      severity: 'warning',
    },
    { name: 'fails on autoscaling/v2beta2 at 1.23', object: { ...HPA, apiVersion: 'autoscaling/v2beta2' }, kubernetesVersion: '1.23', status: 'fail' },
    { name: 'does not apply once removed (api-version-removed judges it)', object: { ...HPA, apiVersion: 'autoscaling/v2beta2' }, status: 'not-applicable' },
  ],

  // RBAC beyond CIS 5.1.
  'rbac-no-secret-write': roleCases({ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['api-secrets'] },
    { apiGroups: [''], resources: ['secrets'], verbs: ['create', 'update'] }, 'grants writing secrets', 'rules[1] grants create, update on secrets', 'error'),
  'rbac-no-pod-update': roleCases({ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['patch'] }, 'grants changing running pods', 'rules[1] grants patch on pods', 'warning'),
  'rbac-no-network-write': [
    ...roleCases({ apiGroups: [''], resources: ['services', 'endpoints'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['services'], verbs: ['create', 'delete'] }, 'grants changing service networking', 'rules[1] grants create, delete on services', 'warning'),
    {
      name: 'fails on patching EndpointSlices and NetworkPolicies',
      object: role([{ apiGroups: ['discovery.k8s.io', 'networking.k8s.io'], resources: ['endpointslices', 'networkpolicies'], verbs: ['patch'] }]),
      others: BOUND_WORLD,
      status: 'fail',
      detail: 'rules[0] grants patch on endpointslices.discovery.k8s.io; patch on networkpolicies.networking.k8s.io',
    },
  ],
  'rbac-no-service-status-update': roleCases({ apiGroups: [''], resources: ['services/status'], verbs: ['get'] },
    { apiGroups: [''], resources: ['services/status'], verbs: ['update'] }, 'grants changing Service status', 'rules[1] grants update on services/status', 'error'),
  'rbac-no-pod-log-delete': roleCases({ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    { apiGroups: [''], resources: ['pods/log'], verbs: ['delete'] }, 'grants deleting logs', 'rules[1] grants delete on pods/log', 'warning'),
  'rbac-no-kube-system-configmap-write': [
    {
      name: 'fails when a bound Role in kube-system writes ConfigMaps',
      object: kubeSystem([READ_CONFIG, WRITE_CONFIGMAPS]),
      others: [{ ...binding([]), metadata: { name: 'b', namespace: 'kube-system' } }],
      status: 'fail',
      reason: 'grants writing kube-system ConfigMaps',
      detail: 'rules[1] grants update, patch on configmaps',
      location: '/rules/1',
      severity: 'error',
    },
    {
      name: 'fails on a bound Role in kube-system named to aws-auth',
      object: kubeSystem([{ ...WRITE_CONFIGMAPS, resourceNames: ['aws-auth'] }]),
      others: [{ ...binding([]), metadata: { name: 'b', namespace: 'kube-system' } }],
      status: 'fail',
      detail: 'rules[0] grants update, patch on configmaps',
    },
    {
      name: 'passes on a Role in kube-system restricted to its own lock ConfigMap',
      object: kubeSystem([{ ...WRITE_CONFIGMAPS, resourceNames: ['my-controller-lock'] }]),
      others: [{ ...binding([]), metadata: { name: 'b', namespace: 'kube-system' } }],
      status: 'pass',
    },
    { name: 'does not apply to a Role in another namespace', object: role([WRITE_CONFIGMAPS]), status: 'not-applicable' },
    { name: 'fails on a ClusterRole bound cluster-wide', object: role([WRITE_CONFIGMAPS], 'ClusterRole'), others: BOUND_WORLD, status: 'fail', severity: 'error' },
    {
      name: 'passes on a ClusterRole bound only by a RoleBinding in prod',
      object: role([WRITE_CONFIGMAPS], 'ClusterRole'),
      others: [binding([], { apiGroup: RBAC, kind: 'ClusterRole', name: 'r' })],
      status: 'pass',
    },
    {
      name: 'fails as latent on a ClusterRole nothing binds',
      object: role([WRITE_CONFIGMAPS], 'ClusterRole'),
      others: WORLD,
      status: 'fail',
      detail: 'latent: rules[0] grants update, patch on configmaps; nothing in the input binds ClusterRole "r", so no subject holds these permissions until a binding references it',
      severity: 'warning',
    },
    {
      name: 'fails at full severity on an unbound ClusterRole aggregated into edit',
      object: { ...role([WRITE_CONFIGMAPS], 'ClusterRole'), metadata: { name: 'r', labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } } },
      others: WORLD,
      status: 'fail',
      severity: 'error',
    },
  ],
  'rbac-no-broad-clusterrole-binding': [
    { name: 'passes on a binding to view', object: binding([{ kind: 'Group', name: 'readers' }], { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' }), status: 'pass' },
    { name: 'passes on a binding to a dedicated Role', object: binding([{ kind: 'Group', name: 'ops' }]), status: 'pass' },
    {
      name: 'fails on a ClusterRoleBinding to edit',
      object: binding([{ kind: 'Group', name: 'devs' }], { apiGroup: RBAC, kind: 'ClusterRole', name: 'edit' }, 'ClusterRoleBinding'),
      status: 'fail',
      reason: 'binds a broad built-in ClusterRole',
      detail: 'ClusterRoleBinding grants the built-in ClusterRole "edit" in every namespace; bind a role with only the permissions needed',
      location: '/roleRef',
    },
    {
      name: 'fails on a RoleBinding to admin',
      object: binding([{ kind: 'User', name: 'jane' }], { apiGroup: RBAC, kind: 'ClusterRole', name: 'admin' }),
      status: 'fail',
      detail: 'RoleBinding grants the built-in ClusterRole "admin" in its namespace; bind a role with only the permissions needed',
    },
    { name: 'fails on a control-plane controller role', object: binding([{ kind: 'User', name: 'jane' }], { apiGroup: RBAC, kind: 'ClusterRole', name: 'system:controller:endpoint-controller' }), status: 'fail' },
    { name: 'errors without a roleRef', object: { ...binding([]), roleRef: undefined }, status: 'error', location: '/roleRef' },
  ],
};
