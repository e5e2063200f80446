/**
 * Compliant objects the check cases start from: a production namespace with everything the
 * hardened pack asks for, and a restricted, hardened Deployment in it.
 */
export const DIGEST = 'sha256:' + 'a'.repeat(64);
export const IMAGE = `myregistry.io/app:v1.0.0@${DIGEST}`;

/** A deep copy, so cases can mutate freely. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

export const SECURE_CONTAINER = {
  name: 'app',
  image: IMAGE,
  imagePullPolicy: 'Always',
  ports: [{ containerPort: 8080 }],
  securityContext: {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: 65532,
    runAsGroup: 65532,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  },
  resources: {
    requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' },
    limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '128Mi' },
  },
  readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
  livenessProbe: { httpGet: { path: '/live', port: 8080 } },
};

export const LABELS = { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' };

export const SECURE_POD_SPEC = {
  automountServiceAccountToken: false,
  serviceAccountName: 'api',
  enableServiceLinks: false,
  priorityClassName: 'business-critical',
  topologySpreadConstraints: [{ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: LABELS } }],
  securityContext: {
    runAsNonRoot: true,
    runAsUser: 65532,
    runAsGroup: 65532,
    fsGroup: 65532,
    seccompProfile: { type: 'RuntimeDefault' },
  },
  containers: [SECURE_CONTAINER],
};

/** A hardened Deployment in `prod`. */
export function deployment(mutate?: (d: any) => void): any {
  const d: any = clone({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'prod', labels: LABELS },
    spec: {
      replicas: 2,
      selector: { matchLabels: LABELS },
      template: { metadata: { labels: LABELS }, spec: SECURE_POD_SPEC },
    },
  });
  mutate?.(d);
  return d;
}

/** The same pod as a bare Pod. */
export function pod(mutate?: (p: any) => void): any {
  const p: any = clone({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api', namespace: 'prod', labels: LABELS }, spec: SECURE_POD_SPEC });
  mutate?.(p);
  return p;
}

export function namespace(mutate?: (n: any) => void): any {
  const n: any = clone({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: 'prod',
      labels: {
        'environment': 'production',
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'v1.28',
        'policy.sigstore.dev/include': 'true',
      },
    },
  });
  mutate?.(n);
  return n;
}

export const DEFAULT_DENY = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'default-deny', namespace: 'prod' },
  spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
};

export const API_POLICY = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'api', namespace: 'prod' },
  spec: {
    podSelector: { matchLabels: LABELS },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ ports: [{ port: 8080 }] }],
    egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }],
  },
};

export const PDB = {
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'api', namespace: 'prod' },
  spec: { minAvailable: 1, selector: { matchLabels: LABELS } },
};

export const SERVICE_ACCOUNT = {
  apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'prod' }, automountServiceAccountToken: false,
};

export const LIMIT_RANGE = {
  apiVersion: 'v1',
  kind: 'LimitRange',
  metadata: { name: 'limits', namespace: 'prod' },
  spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' } }] },
};

export const RESOURCE_QUOTA = {
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'quota', namespace: 'prod' },
  spec: { hard: { 'requests.cpu': '4', 'pods': '20' } },
};

/** A Kyverno ClusterPolicy that enforces signatures of myregistry.io images (per-rule failureAction). */
export const KYVERNO_VERIFY = {
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: { name: 'verify-image-signature' },
  spec: {
    rules: [{
      name: 'verify-signature',
      match: { any: [{ resources: { kinds: ['Pod'] } }] },
      verifyImages: [{
        imageReferences: ['myregistry.io/*'],
        failureAction: 'Enforce',
        attestors: [{ entries: [{ keyless: { issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/org/repo/*' } }] }],
      }],
    }],
  },
};

/** Everything a hardened workload in `prod` needs around it. */
export const WORLD: any[] = [namespace(), DEFAULT_DENY, API_POLICY, PDB, SERVICE_ACCOUNT, LIMIT_RANGE, RESOURCE_QUOTA, KYVERNO_VERIFY];

export function role(rules: any[], kind = 'Role'): any {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: kind === 'Role' ? { name: 'r', namespace: 'prod' } : { name: 'r' },
    rules,
  };
}

export function binding(subjects: any[], roleRef: any = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, kind = 'RoleBinding'): any {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: kind === 'RoleBinding' ? { name: 'b', namespace: 'prod' } : { name: 'b' },
    roleRef,
    subjects,
  };
}

const API_SUBJECT = { kind: 'ServiceAccount', name: 'api', namespace: 'prod' };

/** A RoleBinding of the fixture Role `r` in prod and a ClusterRoleBinding of the fixture ClusterRole `r`. */
export const ROLE_BINDINGS: any[] = [
  binding([API_SUBJECT]),
  { ...binding([API_SUBJECT], { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' }, 'ClusterRoleBinding'), metadata: { name: 'crb' } },
];

/** WORLD with the fixture roles bound: role checks judge their rules as granted, not latent. */
export const BOUND_WORLD: any[] = [...WORLD, ...ROLE_BINDINGS];
