import { buildGoldenPathApp } from '../../../examples/golden-path/app';
import { Finding } from '../../../src/compliance/check';
import { evaluate } from '../../../src/compliance/engine';
import { PACKS } from '../../../src/compliance/packs';

/**
 * The whole service, mutated one field at a time: the golden path's synthesized output (with its
 * ClusterIP Service, TLS Ingress and ConfigMap) plus an autoscaler of the worker consistent with its
 * PodDisruptionBudget, clean on every pack; every mutation
 * below is one realistic mistake, and the hardened pack must flag it with the named check.
 */

const NS = 'production';

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

function goldenPath(): any[] {
  return buildGoldenPathApp().charts.flatMap((c) => c.toJson());
}

/** The golden path plus an autoscaler for the worker, which it lacks (its api Service, Ingress and ConfigMap are the golden path's own). */
function baseline(): any[] {
  const objects = goldenPath();
  // An autoscaled workload leaves its replica count to the autoscaler.
  delete find(objects, 'Deployment', 'worker').spec.replicas;
  objects.push(
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'worker', namespace: NS },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' },
        minReplicas: 2,
        maxReplicas: 6,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    },
  );
  return objects;
}

function find(objects: any[], kind: string, name: string): any {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the baseline`);
  return found;
}

function describeFinding(f: Finding): string {
  return `${f.checkId} ${f.object.kind}/${f.object.name}: ${f.detail ?? f.reason}`;
}

interface Mutation {
  /** The mistake, as a reviewer would name it. */
  readonly name: string;
  /** The check that must flag it. */
  readonly check: string;
  /** One of the eleven realistic mistakes. */
  readonly realistic?: boolean;
  /** Target Kubernetes version of the evaluation. @default '1.28' */
  readonly kubernetesVersion?: string;
  readonly mutate: (objects: any[]) => void;
}

const addRule = (rule: any) => (objects: any[]) => { find(objects, 'Role', 'api-server-role').rules.push(rule); };

const MUTATIONS: Mutation[] = [
  // Exposure.
  { name: 'a NodePort Service', check: 'service-no-external-type', realistic: true, mutate: (o) => { find(o, 'Service', 'api').spec.type = 'NodePort'; } },
  { name: 'a LoadBalancer Service', check: 'service-no-external-type', realistic: true, mutate: (o) => { find(o, 'Service', 'api').spec.type = 'LoadBalancer'; } },
  { name: 'a Service with externalIPs', check: 'service-no-external-ips', mutate: (o) => { find(o, 'Service', 'api').spec.externalIPs = ['203.0.113.7']; } },
  {
    name: 'an ExternalName Service',
    check: 'service-no-external-ips',
    mutate: (o) => { find(o, 'Service', 'api').spec = { type: 'ExternalName', externalName: 'api.partner.example.com' }; },
  },
  { name: 'an Ingress without TLS', check: 'ingress-tls', realistic: true, mutate: (o) => { delete find(o, 'Ingress', 'api').spec.tls; } },
  {
    name: 'an Ingress host added without a TLS entry',
    check: 'ingress-tls',
    mutate: (o) => { find(o, 'Ingress', 'api').spec.rules[0].host = 'admin.shop.example.com'; },
  },
  {
    name: 'an ingress-nginx configuration-snippet',
    check: 'ingress-nginx-no-snippets',
    mutate: (o) => { find(o, 'Ingress', 'api').metadata.annotations['nginx.ingress.kubernetes.io/configuration-snippet'] = 'more_set_headers "X-Debug: 1";'; },
  },
  {
    name: 'an injected auth-url annotation',
    check: 'ingress-nginx-no-snippets',
    mutate: (o) => { find(o, 'Ingress', 'api').metadata.annotations['nginx.ingress.kubernetes.io/auth-url'] = 'http://auth/#;\nload_module /tmp/x.so;'; },
  },

  // Scaling and disruption.
  { name: 'an HPA with minReplicas: 1', check: 'hpa-min-replicas', realistic: true, mutate: (o) => { find(o, 'HorizontalPodAutoscaler', 'worker').spec.minReplicas = 1; } },
  { name: 'an HPA that cannot scale out', check: 'hpa-max-above-min', mutate: (o) => { find(o, 'HorizontalPodAutoscaler', 'worker').spec.maxReplicas = 2; } },
  { name: 'a fixed replica count on the autoscaled worker', check: 'hpa-target-no-fixed-replicas', mutate: (o) => { find(o, 'Deployment', 'worker').spec.replicas = 2; } },
  { name: 'a PDB with maxUnavailable: 0', check: 'pdb-allows-eviction', mutate: (o) => { find(o, 'PodDisruptionBudget', 'api').spec.maxUnavailable = 0; } },
  {
    name: 'a PDB with minAvailable at the replica count',
    check: 'pdb-allows-eviction',
    mutate: (o) => {
      const spec = find(o, 'PodDisruptionBudget', 'api').spec;
      delete spec.maxUnavailable;
      spec.minAvailable = 3;
    },
  },
  {
    name: 'a PDB with minAvailable at the autoscaler\'s minimum',
    check: 'pdb-allows-eviction',
    mutate: (o) => {
      const spec = find(o, 'PodDisruptionBudget', 'worker').spec;
      delete spec.maxUnavailable;
      spec.minAvailable = 2;
    },
  },
  { name: 'a PDB without a budget', check: 'pdb-has-budget', mutate: (o) => { delete find(o, 'PodDisruptionBudget', 'api').spec.maxUnavailable; } },
  {
    name: 'an autoscaled worker (replicas unset) without a PDB',
    check: 'workload-pod-disruption-budget',
    mutate: (o) => { o.splice(o.indexOf(find(o, 'PodDisruptionBudget', 'worker')), 1); },
  },
  {
    name: 'a StatefulSet without a PDB',
    check: 'workload-pod-disruption-budget',
    realistic: true,
    mutate: (o) => {
      const db = clone(find(o, 'Deployment', 'api'));
      db.kind = 'StatefulSet';
      db.metadata.name = 'db';
      db.spec.serviceName = 'db';
      db.spec.replicas = 2;
      db.spec.selector.matchLabels = { 'app.kubernetes.io/instance': 'db' };
      db.spec.template.metadata.labels = { 'app.kubernetes.io/instance': 'db', 'app.kubernetes.io/name': 'db' };
      delete db.spec.strategy;
      o.push(db, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: NS }, spec: { clusterIP: 'None', selector: { 'app.kubernetes.io/instance': 'db' } } });
    },
  },

  // Configuration.
  { name: 'a password in a ConfigMap', check: 'configmap-no-secrets', realistic: true, mutate: (o) => { find(o, 'ConfigMap', 'api-config').data.DB_PASSWORD = 'Tr0ub4dor&3'; } },
  {
    name: 'an AWS secret access key in a ConfigMap',
    check: 'configmap-no-secrets',
    realistic: true,
    mutate: (o) => { find(o, 'ConfigMap', 'api-config').data.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'; },
  },
  {
    name: 'a private key in a ConfigMap',
    check: 'configmap-no-secrets',
    mutate: (o) => { find(o, 'ConfigMap', 'api-config').data['tls.key'] = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n'; },
  },

  // Dangling references.
  {
    name: 'an Ingress backend naming a missing Service',
    check: 'ingress-backend-exists',
    realistic: true,
    mutate: (o) => { find(o, 'Ingress', 'api').spec.rules[0].http.paths[0].backend.service.name = 'api-v2'; },
  },
  { name: 'a Service selecting no pod', check: 'service-selects-pods', realistic: true, mutate: (o) => { find(o, 'Service', 'api').spec.selector = { 'app.kubernetes.io/name': 'api-server' }; } },
  { name: 'an HPA targeting a missing Deployment', check: 'hpa-target-exists', mutate: (o) => { find(o, 'HorizontalPodAutoscaler', 'worker').spec.scaleTargetRef.name = 'workers'; } },
  {
    name: 'a NetworkPolicy selecting no pod',
    check: 'network-policy-selects-pods',
    mutate: (o) => { find(o, 'NetworkPolicy', 'api').spec.podSelector = { matchLabels: { 'app.kubernetes.io/instance': 'api-server' } }; },
  },
  {
    name: 'a StatefulSet serviceName without a headless Service',
    check: 'statefulset-headless-service',
    mutate: (o) => {
      const db = clone(find(o, 'Deployment', 'api'));
      db.kind = 'StatefulSet';
      db.metadata.name = 'db';
      db.spec.serviceName = 'db';
      delete db.spec.strategy;
      o.push(db);
    },
  },
  {
    name: 'env from a missing ConfigMap',
    check: 'workload-config-refs-exist',
    mutate: (o) => { find(o, 'Deployment', 'api').spec.template.spec.containers[0].envFrom = [{ configMapRef: { name: 'api-settings' } }]; },
  },
  {
    name: 'a Secret volume naming a Secret nothing writes',
    check: 'workload-config-refs-exist',
    mutate: (o) => { find(o, 'ExternalSecret', 'database-credentials').spec.target.name = 'db-creds'; },
  },

  // API versions.
  { name: 'a PDB on policy/v1beta1', check: 'api-version-removed', mutate: (o) => { find(o, 'PodDisruptionBudget', 'api').apiVersion = 'policy/v1beta1'; } },
  {
    name: 'an HPA on autoscaling/v2beta2 for a 1.24 cluster',
    check: 'api-version-deprecated',
    kubernetesVersion: '1.24',
    mutate: (o) => { find(o, 'HorizontalPodAutoscaler', 'worker').apiVersion = 'autoscaling/v2beta2'; },
  },

  // RBAC.
  { name: 'a Role that creates Secrets', check: 'rbac-no-secret-write', mutate: addRule({ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }) },
  { name: 'a Role that patches pods', check: 'rbac-no-pod-update', mutate: addRule({ apiGroups: [''], resources: ['pods'], verbs: ['patch'] }) },
  { name: 'a Role that rewrites Endpoints', check: 'rbac-no-network-write', mutate: addRule({ apiGroups: [''], resources: ['endpoints'], verbs: ['update'] }) },
  { name: 'a Role that sets Service status', check: 'rbac-no-service-status-update', mutate: addRule({ apiGroups: [''], resources: ['services/status'], verbs: ['patch'] }) },
  { name: 'a Role that deletes pod logs', check: 'rbac-no-pod-log-delete', mutate: addRule({ apiGroups: [''], resources: ['pods/log'], verbs: ['delete'] }) },
  {
    name: 'the API\'s Role and binding moved to kube-system, updating aws-auth',
    check: 'rbac-no-kube-system-configmap-write',
    mutate: (o) => {
      const r = find(o, 'Role', 'api-server-role');
      r.metadata.namespace = 'kube-system';
      r.rules[0] = { apiGroups: [''], resources: ['configmaps'], resourceNames: ['aws-auth'], verbs: ['update'] };
      find(o, 'RoleBinding', 'api-server-binding').metadata.namespace = 'kube-system';
    },
  },
  {
    name: 'the API bound to the built-in edit ClusterRole',
    check: 'rbac-no-broad-clusterrole-binding',
    mutate: (o) => { find(o, 'RoleBinding', 'api-server-binding').roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' }; },
  },
];

/** Active findings: the golden path's one deliberate exception (the API's token, suppressed with its reason) is not one. */
function findings(objects: any[], pack: string, options: { pssVersion?: string; kubernetesVersion?: string } = {}): Finding[] {
  return evaluate(objects, { pack, ...options }).findings.filter((f) => f.suppressedReason === undefined);
}

describe('the whole service, mutated one field at a time', () => {
  test.each(PACKS.map((p) => p.id))('the baseline has zero findings on the %s pack', (pack) => {
    for (const pssVersion of ['v1.28', 'latest']) {
      expect(findings(baseline(), pack, { pssVersion }).map(describeFinding)).toEqual([]);
    }
  });

  test('the baseline stays clean at every target Kubernetes version a mutation uses', () => {
    for (const kubernetesVersion of [...new Set(MUTATIONS.map((m) => m.kubernetesVersion).filter((v): v is string => v !== undefined))]) {
      expect(findings(baseline(), 'hardened', { kubernetesVersion }).map(describeFinding)).toEqual([]);
    }
  });

  test('covers every service check, with at least 20 mutations, among them the issue\'s realistic mistakes', () => {
    expect(MUTATIONS.length).toBeGreaterThanOrEqual(20);
    expect(MUTATIONS.filter((m) => m.realistic).map((m) => m.name)).toEqual([
      'a NodePort Service', 'a LoadBalancer Service', 'an Ingress without TLS', 'an HPA with minReplicas: 1',
      'a StatefulSet without a PDB', 'a password in a ConfigMap', 'an AWS secret access key in a ConfigMap',
      'an Ingress backend naming a missing Service', 'a Service selecting no pod',
    ]);
    const flagged = new Set(MUTATIONS.map((m) => m.check));
    const service = PACKS.find((p) => p.id === 'hardened')!.checkIds.filter((id) => /^(service-|ingress-|hpa-|pdb-|configmap-|network-policy-selects|statefulset-|workload-config-refs|api-version-)/.test(id)
      || ['rbac-no-secret-write', 'rbac-no-pod-update', 'rbac-no-network-write', 'rbac-no-service-status-update',
        'rbac-no-kube-system-configmap-write', 'rbac-no-pod-log-delete', 'rbac-no-broad-clusterrole-binding'].includes(id));
    expect(service.filter((id) => !flagged.has(id))).toEqual([]);
  });

  test.each(MUTATIONS.map((m) => [m.name, m] as const))('flags %s', (_name, m) => {
    const objects = baseline();
    m.mutate(objects);
    const ids = findings(objects, 'hardened', { kubernetesVersion: m.kubernetesVersion }).filter((f) => f.suppressedReason === undefined).map((f) => f.checkId);
    expect(ids).toContain(m.check);
  });
});
