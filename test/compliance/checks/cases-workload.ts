/**
 * Pass and fail cases of the workload-default checks (the constructs' promises and the workload
 * conditions the peer checkers flag), merged into CASES by cases.ts.
 */
import type { CheckCase } from './cases';
import { LABELS, SECURE_POD_SPEC, WORLD, clone, deployment, pod } from './fixtures';

/** The hardened pod as a Job (Jobs restart on failure only) with both limits. */
function job(mutate?: (j: any) => void): any {
  const j: any = clone({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate', namespace: 'prod', labels: LABELS },
    spec: { backoffLimit: 2, activeDeadlineSeconds: 600, template: { metadata: { labels: LABELS }, spec: { ...SECURE_POD_SPEC, restartPolicy: 'Never' } } },
  });
  mutate?.(j);
  return j;
}

/** The same Job run nightly, without overlap and with a starting deadline. */
function cronJob(mutate?: (c: any) => void): any {
  const c: any = clone({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: 'prod', labels: LABELS },
    spec: { schedule: '0 3 * * *', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 300, jobTemplate: { spec: job().spec } },
  });
  mutate?.(c);
  return c;
}

/** A controller of another kind around the hardened pod template. */
function controller(kind: string, mutate?: (o: any) => void): any {
  return deployment((d) => {
    d.kind = kind;
    if (kind === 'DaemonSet') delete d.spec.replicas;
    if (kind === 'ReplicationController') d.apiVersion = 'v1';
    mutate?.(d);
  });
}

const HPA = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'api', namespace: 'prod' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, minReplicas: 2, maxReplicas: 5 },
};

const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'prod' } };

/** The pod-bearing kinds each carrying the hardened pod, for tables that must hold for every kind. */
const EVERY_KIND: Array<[string, (mutate?: (spec: any, container: any) => void) => any]> = [
  ['Pod', (m) => pod((p) => m?.(p.spec, p.spec.containers[0]))],
  ['Deployment', (m) => deployment((d) => m?.(d.spec.template.spec, d.spec.template.spec.containers[0]))],
  ['StatefulSet', (m) => controller('StatefulSet', (d) => m?.(d.spec.template.spec, d.spec.template.spec.containers[0]))],
  ['DaemonSet', (m) => controller('DaemonSet', (d) => m?.(d.spec.template.spec, d.spec.template.spec.containers[0]))],
  ['ReplicaSet', (m) => controller('ReplicaSet', (d) => m?.(d.spec.template.spec, d.spec.template.spec.containers[0]))],
  ['ReplicationController', (m) => controller('ReplicationController', (d) => m?.(d.spec.template.spec, d.spec.template.spec.containers[0]))],
  ['Job', (m) => job((j) => m?.(j.spec.template.spec, j.spec.template.spec.containers[0]))],
  ['CronJob', (m) => cronJob((c) => m?.(c.spec.jobTemplate.spec.template.spec, c.spec.jobTemplate.spec.template.spec.containers[0]))],
];

/** One passing case per kind, and one failing case per kind with `mutate` applied. */
function everyKind(mutate: (spec: any, container: any) => void, what: string): CheckCase[] {
  return EVERY_KIND.flatMap(([kind, build]) => [
    { name: `passes on a hardened ${kind}`, object: build(), status: 'pass' as const },
    { name: `fails on a ${kind} ${what}`, object: build(mutate), status: 'fail' as const },
  ]);
}

export const WORKLOAD_CASES: Record<string, CheckCase[]> = {
  'workload-read-only-root-fs': [
    ...everyKind((_s, c) => { c.securityContext.readOnlyRootFilesystem = false; }, 'with readOnlyRootFilesystem: false'),
    {
      name: 'fails when an init container leaves it unset',
      object: deployment((d) => { d.spec.template.spec.initContainers = [{ name: 'init', image: 'x', securityContext: {} }]; }),
      status: 'fail',
      reason: 'writable root filesystem',
      detail: 'containers "init" must set securityContext.readOnlyRootFilesystem=true',
      location: '/spec/template/spec/initContainers/0/securityContext',
    },
    { name: 'fails on the string "true"', object: pod((p) => { p.spec.containers[0].securityContext.readOnlyRootFilesystem = 'true'; }), status: 'fail' },
    { name: 'does not judge ephemeral debug containers', object: pod((p) => { p.spec.ephemeralContainers = [{ name: 'debug', image: 'busybox' }]; }), status: 'pass' },
    { name: 'does not apply to a ConfigMap', object: CONFIG_MAP, status: 'not-applicable' },
  ],
  'workload-image-pull-always': [
    ...everyKind((_s, c) => { c.imagePullPolicy = 'IfNotPresent'; }, 'with imagePullPolicy IfNotPresent'),
    {
      name: 'fails when the policy is unset (IfNotPresent for a tagged image)',
      object: pod((p) => { delete p.spec.containers[0].imagePullPolicy; }),
      status: 'fail',
      reason: 'image not pulled on every start',
      detail: 'container "app" has imagePullPolicy unset; set imagePullPolicy: Always',
      location: '/spec/containers/0/imagePullPolicy',
    },
    {
      name: 'fails on an init container with Never',
      object: pod((p) => { p.spec.initContainers = [{ name: 'init', image: 'x', imagePullPolicy: 'Never' }]; }),
      status: 'fail',
      detail: 'container "init" has imagePullPolicy="Never"; set imagePullPolicy: Always',
      location: '/spec/initContainers/0/imagePullPolicy',
    },
  ],
  'workload-replicas': [
    { name: 'passes with 2 replicas', object: deployment(), status: 'pass' },
    { name: 'passes on a StatefulSet with 3 replicas', object: controller('StatefulSet', (d) => { d.spec.replicas = 3; }), status: 'pass' },
    { name: 'passes with replicas unset when an HPA targets the Deployment', object: deployment((d) => { delete d.spec.replicas; }), others: [...WORLD, HPA], status: 'pass' },
    {
      name: 'fails with replicas unset and no HPA',
      object: deployment((d) => { delete d.spec.replicas; }),
      status: 'fail',
      reason: 'single replica',
      detail: 'spec.replicas is unset (1) and no HorizontalPodAutoscaler targets Deployment "api"; set replicas >= 2',
      location: '/spec',
    },
    {
      name: 'fails with 1 replica on a ReplicaSet',
      object: controller('ReplicaSet', (d) => { d.spec.replicas = 1; }),
      status: 'fail',
      detail: 'spec.replicas=1 and no HorizontalPodAutoscaler targets ReplicaSet "api"; set replicas >= 2',
      location: '/spec/replicas',
    },
    { name: 'fails on a ReplicationController with 1 replica', object: controller('ReplicationController', (d) => { d.spec.replicas = 1; }), status: 'fail' },
    { name: 'fails when the HPA targets another workload', object: deployment((d) => { d.spec.replicas = 1; }), others: [...WORLD, { ...HPA, spec: { ...HPA.spec, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } } }], status: 'fail' },
    { name: 'fails when the HPA is in another namespace', object: deployment((d) => { d.spec.replicas = 1; }), others: [...WORLD, { ...HPA, metadata: { name: 'api', namespace: 'other' } }], status: 'fail' },
    { name: 'errors on non-integer replicas', object: deployment((d) => { d.spec.replicas = 'two'; }), status: 'error', location: '/spec/replicas' },
    { name: 'does not apply to a DaemonSet', object: controller('DaemonSet'), status: 'not-applicable' },
  ],
  'workload-rolling-update': [
    { name: 'passes when the strategy is unset (RollingUpdate by default)', object: deployment(), status: 'pass' },
    { name: 'passes on RollingUpdate with maxUnavailable 0', object: deployment((d) => { d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } }; }), status: 'pass' },
    { name: 'passes on a StatefulSet with RollingUpdate', object: controller('StatefulSet', (d) => { d.spec.updateStrategy = { type: 'RollingUpdate' }; }), status: 'pass' },
    {
      name: 'fails on a Recreate Deployment',
      object: deployment((d) => { d.spec.strategy = { type: 'Recreate' }; }),
      status: 'fail',
      reason: 'not a rolling update',
      detail: 'spec.strategy.type="Recreate"; use RollingUpdate',
      location: '/spec/strategy/type',
    },
    { name: 'fails on an OnDelete StatefulSet', object: controller('StatefulSet', (d) => { d.spec.updateStrategy = { type: 'OnDelete' }; }), status: 'fail', detail: 'spec.updateStrategy.type="OnDelete"; use RollingUpdate' },
    { name: 'fails on an OnDelete DaemonSet', object: controller('DaemonSet', (d) => { d.spec.updateStrategy = { type: 'OnDelete' }; }), status: 'fail' },
    {
      name: 'fails when maxUnavailable is 100%',
      object: deployment((d) => { d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '100%' } }; }),
      status: 'fail',
      reason: 'rollout takes every pod down',
      location: '/spec/strategy/rollingUpdate/maxUnavailable',
    },
    { name: 'fails when maxUnavailable is at least the replicas', object: deployment((d) => { d.spec.strategy = { rollingUpdate: { maxUnavailable: 2 } }; }), status: 'fail' },
    { name: 'does not apply to a ReplicaSet', object: controller('ReplicaSet'), status: 'not-applicable' },
  ],
  'workload-spread': [
    { name: 'passes with a zone spread constraint selecting the pods', object: deployment(), status: 'pass' },
    {
      name: 'passes with a preferred host anti-affinity instead',
      object: deployment((d) => {
        delete d.spec.template.spec.topologySpreadConstraints;
        d.spec.template.spec.affinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: LABELS } } }] } };
      }),
      status: 'pass',
    },
    {
      name: 'fails with neither',
      object: controller('StatefulSet', (d) => { delete d.spec.template.spec.topologySpreadConstraints; }),
      status: 'fail',
      reason: 'replicas not spread',
      detail: 'no topologySpreadConstraints and no podAntiAffinity; spread the pods over topology.kubernetes.io/zone or kubernetes.io/hostname',
      location: '/spec/template/spec',
    },
    {
      name: 'fails when the constraint selects other pods',
      object: deployment((d) => { d.spec.template.spec.topologySpreadConstraints[0].labelSelector = { matchLabels: { app: 'other' } }; }),
      status: 'fail',
      detail: 'no topologySpreadConstraint or podAntiAffinity term selects the pod\'s own labels; use the pod template labels in its labelSelector',
    },
    { name: 'fails on an HPA-scaled Deployment without spread', object: deployment((d) => { delete d.spec.replicas; delete d.spec.template.spec.topologySpreadConstraints; }), others: [...WORLD, HPA], status: 'fail' },
    { name: 'does not apply to one replica', object: deployment((d) => { d.spec.replicas = 1; delete d.spec.template.spec.topologySpreadConstraints; }), status: 'not-applicable' },
  ],
  'workload-probes-distinct': [
    { name: 'passes when readiness and liveness check different paths', object: deployment(), status: 'pass' },
    { name: 'passes when one probe is missing (workload-probes judges that)', object: pod((p) => { delete p.spec.containers[0].livenessProbe; }), status: 'pass' },
    {
      name: 'fails when both GET the same path and port',
      object: deployment((d) => { d.spec.template.spec.containers[0].livenessProbe = { httpGet: { path: '/ready', port: 8080 } }; }),
      status: 'fail',
      reason: 'identical readiness and liveness probes',
      detail: 'container "app" readiness and liveness both GET "/ready" on port 8080; check different paths, ports or commands (e.g. /readyz and /livez)',
      location: '/spec/template/spec/containers/0/livenessProbe',
    },
    {
      name: 'fails when both check the same TCP port',
      object: pod((p) => {
        p.spec.containers[0].readinessProbe = { tcpSocket: { port: 8080 } };
        p.spec.containers[0].livenessProbe = { tcpSocket: { port: 8080 }, periodSeconds: 30 };
      }),
      status: 'fail',
      detail: 'container "app" readiness and liveness both TCP port 8080; check different paths, ports or commands (e.g. /readyz and /livez)',
    },
    { name: 'fails when both run the same command', object: controller('DaemonSet', (d) => { const c = d.spec.template.spec.containers[0]; c.readinessProbe = { exec: { command: ['/bin/check'] } }; c.livenessProbe = { exec: { command: ['/bin/check'] } }; }), status: 'fail' },
    { name: 'does not apply to a Job', object: job(), status: 'not-applicable' },
  ],
  'workload-probe-ports': [
    { name: 'passes when probes check the declared port', object: deployment(), status: 'pass' },
    {
      name: 'passes on a named port the container declares',
      object: pod((p) => { const c = p.spec.containers[0]; c.ports = [{ name: 'http', containerPort: 8080 }]; c.readinessProbe.httpGet.port = 'http'; }),
      status: 'pass',
    },
    {
      name: 'fails on a numeric port the container does not declare',
      object: deployment((d) => { d.spec.template.spec.containers[0].livenessProbe.httpGet.port = 9090; }),
      status: 'fail',
      reason: 'probe of an undeclared port',
      detail: 'container "app" livenessProbe checks port 9090, which the container does not declare; probe a port of its ports list',
      location: '/spec/template/spec/containers/0/livenessProbe/httpGet/port',
    },
    {
      name: 'fails on an undeclared named port of a startup probe',
      object: pod((p) => { p.spec.containers[0].startupProbe = { tcpSocket: { port: 'admin' } }; }),
      status: 'fail',
      detail: 'container "app" startupProbe checks port "admin", which the container does not declare; probe a port of its ports list',
    },
    { name: 'fails when the container declares no ports', object: controller('StatefulSet', (d) => { delete d.spec.template.spec.containers[0].ports; }), status: 'fail' },
    { name: 'passes on exec probes', object: pod((p) => { const c = p.spec.containers[0]; delete c.ports; c.readinessProbe = { exec: { command: ['a'] } }; c.livenessProbe = { exec: { command: ['b'] } }; }), status: 'pass' },
  ],
  'workload-service-account': [
    ...everyKind((s) => { delete s.serviceAccountName; }, 'on the default ServiceAccount'),
    {
      name: 'fails when serviceAccountName is unset',
      object: deployment((d) => { delete d.spec.template.spec.serviceAccountName; }),
      status: 'fail',
      reason: 'default ServiceAccount',
      detail: 'serviceAccountName is unset (the namespace\'s "default" ServiceAccount); run the pods as a dedicated ServiceAccount',
      location: '/spec/template/spec/serviceAccountName',
    },
    { name: 'fails when serviceAccountName is "default"', object: pod((p) => { p.spec.serviceAccountName = 'default'; }), status: 'fail', detail: 'serviceAccountName is "default"; run the pods as a dedicated ServiceAccount' },
    {
      name: 'fails when the ServiceAccount is not in the set',
      object: pod((p) => { p.spec.serviceAccountName = 'ghost'; }),
      status: 'fail',
      reason: 'ServiceAccount not in the set',
      detail: 'ServiceAccount "ghost" is not in the evaluated set in namespace "prod"; define it alongside the workload',
      location: '/spec/serviceAccountName',
    },
    { name: 'fails when the ServiceAccount is in another namespace', object: pod((p) => { p.metadata.namespace = 'other'; }), status: 'fail' },
    { name: 'passes on the deprecated serviceAccount field naming a defined one', object: pod((p) => { delete p.spec.serviceAccountName; p.spec.serviceAccount = 'api'; }), status: 'pass' },
  ],
  'workload-no-root-group': [
    ...everyKind((s) => { s.securityContext.fsGroup = 0; }, 'with fsGroup 0'),
    { name: 'passes when neither is set', object: pod((p) => { delete p.spec.securityContext.fsGroup; }), status: 'pass' },
    {
      name: 'fails on fsGroup 0',
      object: deployment((d) => { d.spec.template.spec.securityContext.fsGroup = 0; }),
      status: 'fail',
      reason: 'root group',
      detail: 'securityContext.fsGroup=0; use a non-root group such as 65532',
      location: '/spec/template/spec/securityContext/fsGroup',
    },
    {
      name: 'fails on supplementalGroups containing 0',
      object: pod((p) => { p.spec.securityContext.supplementalGroups = [65532, 0]; }),
      status: 'fail',
      detail: 'securityContext.supplementalGroups contains 0; remove the root group',
      location: '/spec/securityContext/supplementalGroups/1',
    },
  ],
  'workload-no-secret-literal-env': [
    ...everyKind((_s, c) => { c.env = [{ name: 'DB_PASSWORD', value: 'hunter2' }]; }, 'with a literal DB_PASSWORD'),
    {
      name: 'passes on harmless literals, references and empty values',
      object: pod((p) => {
        p.spec.containers[0].env = [
          { name: 'LOG_LEVEL', value: 'info' }, { name: 'DB_PASSWORD_FILE', value: '/var/run/secrets/db/password' },
          { name: 'API_TOKEN', value: '' }, { name: 'TOKEN_URL', value: 'https://auth.example.com/token' },
          { name: 'SECRET', value: '$(FROM_FILE)' }, { name: 'AWS_ACCESS_KEY_ID_NAME', value: 'ci' },
          { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        ];
      }),
      status: 'pass',
    },
    {
      name: 'fails on a literal API token',
      object: deployment((d) => { d.spec.template.spec.containers[0].env = [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'STRIPE_API_KEY', value: 'sk_live_abc' }]; }),
      status: 'fail',
      reason: 'credential in an environment variable',
      detail: 'container "app" env "STRIPE_API_KEY" has a literal value (its name says it holds a credential); store it in a Secret and mount it as a read-only file',
      location: '/spec/template/spec/containers/0/env/1/value',
    },
    {
      name: 'fails on an AWS access key id under any name',
      object: pod((p) => { p.spec.containers[0].env = [{ name: 'KEY_ID', value: 'AKIAIOSFODNN7EXAMPLE' }]; }),
      status: 'fail',
      detail: 'container "app" env "KEY_ID" has a literal value (its value matches the AWS access key id format); store it in a Secret and mount it as a read-only file',
    },
    { name: 'fails on a PEM private key in an init container', object: pod((p) => { p.spec.initContainers = [{ name: 'init', image: 'x', env: [{ name: 'TLS', value: '-----BEGIN RSA PRIVATE KEY-----\nMIIE...' }] }]; }), status: 'fail', location: '/spec/initContainers/0/env/0/value' },
    { name: 'fails on a Google API key', object: pod((p) => { p.spec.containers[0].env = [{ name: 'MAPS', value: `AIza${'B'.repeat(35)}` }]; }), status: 'fail' },
    { name: 'fails on an Azure storage connection string', object: pod((p) => { p.spec.containers[0].env = [{ name: 'STORAGE', value: `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${'k'.repeat(40)}==` }]; }), status: 'fail' },
    { name: 'fails on a password in a URL', object: pod((p) => { p.spec.containers[0].env = [{ name: 'DATABASE_URL', value: 'postgres://app:hunter2@db:5432/app' }]; }), status: 'fail' },
    {
      name: 'passes on a URL whose password expands another variable',
      object: pod((p) => { p.spec.containers[0].env = [{ name: 'DATABASE_URL', value: 'postgres://app:$(DB_PASSWORD)@db:5432/app' }]; }),
      status: 'pass',
    },
  ],
  'workload-secret-volume-mode': [
    { name: 'passes with no secret volumes', object: pod(), status: 'pass' },
    { name: 'passes on defaultMode 0400', object: pod((p) => { p.spec.volumes = [{ name: 'db', secret: { secretName: 'db', defaultMode: 0o400 } }]; }), status: 'pass' },
    { name: 'passes on defaultMode 0440', object: deployment((d) => { d.spec.template.spec.volumes = [{ name: 'db', secret: { secretName: 'db', defaultMode: 0o440 } }]; }), status: 'pass' },
    {
      name: 'fails when defaultMode is unset (0644)',
      object: deployment((d) => { d.spec.template.spec.volumes = [{ name: 'tmp', emptyDir: {} }, { name: 'db', secret: { secretName: 'db' } }]; }),
      status: 'fail',
      reason: 'Secret files readable by others',
      detail: 'volume "db" defaultMode is unset (0644); set defaultMode: 0400 (0o400 = 256)',
      location: '/spec/template/spec/volumes/1/secret',
    },
    {
      name: 'fails on a world-readable item mode',
      object: pod((p) => { p.spec.volumes = [{ name: 'db', secret: { secretName: 'db', defaultMode: 0o400, items: [{ key: 'k', path: 'k', mode: 0o644 }] } }]; }),
      status: 'fail',
      detail: 'volume "db" mode 0644; set defaultMode: 0400 (0o400 = 256)',
      location: '/spec/volumes/0/secret/items/0/mode',
    },
    { name: 'fails on a projected secret without defaultMode', object: pod((p) => { p.spec.volumes = [{ name: 'all', projected: { sources: [{ secret: { name: 'db' } }] } }]; }), status: 'fail', location: '/spec/volumes/0/projected' },
    { name: 'passes on a projected volume without secrets', object: pod((p) => { p.spec.volumes = [{ name: 'cfg', projected: { sources: [{ configMap: { name: 'c' } }] } }]; }), status: 'pass' },
  ],
  'workload-env-unique': [
    { name: 'passes on distinct names', object: pod((p) => { p.spec.containers[0].env = [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]; }), status: 'pass' },
    {
      name: 'passes when two containers share a name',
      object: pod((p) => { p.spec.containers[0].env = [{ name: 'A', value: '1' }]; p.spec.initContainers = [{ name: 'init', image: 'x', env: [{ name: 'A', value: '2' }] }]; }),
      status: 'pass',
    },
    {
      name: 'fails on a name defined twice',
      object: deployment((d) => { d.spec.template.spec.containers[0].env = [{ name: 'TLS_VERIFY', value: 'true' }, { name: 'A', value: '1' }, { name: 'TLS_VERIFY', value: 'false' }]; }),
      status: 'fail',
      reason: 'duplicate environment variable',
      detail: 'container "app" defines "TLS_VERIFY" more than once; keep one definition of each',
      location: '/spec/template/spec/containers/0/env/2',
    },
  ],
  'workload-no-host-aliases': [
    { name: 'passes without hostAliases', object: deployment(), status: 'pass' },
    { name: 'passes on an empty list', object: pod((p) => { p.spec.hostAliases = []; }), status: 'pass' },
    {
      name: 'fails on hostAliases',
      object: deployment((d) => { d.spec.template.spec.hostAliases = [{ ip: '10.0.0.9', hostnames: ['api.bank.example'] }]; }),
      status: 'fail',
      reason: 'hostAliases set',
      detail: 'hostAliases pins "api.bank.example" -> "10.0.0.9"; resolve names through the cluster DNS',
      location: '/spec/template/spec/hostAliases',
    },
  ],
  'workload-no-service-links': [
    ...everyKind((s) => { s.enableServiceLinks = true; }, 'with enableServiceLinks: true'),
    {
      name: 'fails when unset (the API default is true)',
      object: pod((p) => { delete p.spec.enableServiceLinks; }),
      status: 'fail',
      reason: 'service links enabled',
      detail: 'enableServiceLinks is unset (true); set it to false',
      location: '/spec/enableServiceLinks',
    },
  ],
  'workload-not-in-system-namespace': [
    { name: 'passes in an application namespace', object: deployment(), status: 'pass' },
    {
      name: 'fails in kube-system',
      object: deployment((d) => { d.metadata.namespace = 'kube-system'; }),
      status: 'fail',
      reason: 'system namespace',
      detail: 'metadata.namespace is "kube-system", a namespace of the cluster itself; use a dedicated namespace',
      location: '/metadata/namespace',
    },
    { name: 'fails in kube-public', object: job((j) => { j.metadata.namespace = 'kube-public'; }), status: 'fail' },
    { name: 'fails in kube-node-lease', object: pod((p) => { p.metadata.namespace = 'kube-node-lease'; }), status: 'fail' },
  ],
  'workload-no-ssh-port': [
    { name: 'passes on an application port', object: deployment(), status: 'pass' },
    { name: 'passes on UDP 22', object: pod((p) => { p.spec.containers[0].ports.push({ containerPort: 22, protocol: 'UDP' }); }), status: 'pass' },
    {
      name: 'fails on containerPort 22',
      object: deployment((d) => { d.spec.template.spec.containers[0].ports.push({ name: 'ssh', containerPort: 22 }); }),
      status: 'fail',
      reason: 'SSH port exposed',
      detail: 'container "app" declares containerPort 22; remove the SSH daemon and use kubectl exec',
      location: '/spec/template/spec/containers/0/ports/1',
    },
  ],
  'workload-no-privileged-ports': [
    ...everyKind((_s, c) => { c.ports = [{ containerPort: 443 }]; }, 'listening on port 443'),
    { name: 'passes on port 1024', object: pod((p) => { p.spec.containers[0].ports = [{ containerPort: 1024 }]; }), status: 'pass' },
    {
      name: 'fails on an init container listening on port 80',
      object: deployment((d) => { d.spec.template.spec.initContainers = [{ name: 'init', image: 'x', ports: [{ name: 'http', containerPort: 80 }] }]; }),
      status: 'fail',
      reason: 'privileged port',
      detail: 'container "init" declares containerPort 80; listen on a port >= 1024 and map it in the Service',
      location: '/spec/template/spec/initContainers/0/ports/0/containerPort',
    },
  ],
  'workload-empty-dir-size-limit': [
    { name: 'passes on a size-limited emptyDir', object: pod((p) => { p.spec.volumes = [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]; }), status: 'pass' },
    { name: 'passes with no volumes', object: deployment(), status: 'pass' },
    {
      name: 'fails on an emptyDir without sizeLimit',
      object: deployment((d) => { d.spec.template.spec.volumes = [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }, { name: 'cache', emptyDir: { medium: 'Memory' } }]; }),
      status: 'fail',
      reason: 'unbounded emptyDir',
      detail: 'emptyDir volumes "cache" must set sizeLimit',
      location: '/spec/template/spec/volumes/1/emptyDir',
    },
  ],
  'workload-priority-class': [
    { name: 'passes with a priorityClassName', object: deployment(), status: 'pass' },
    {
      name: 'fails without one',
      object: job((j) => { delete j.spec.template.spec.priorityClassName; }),
      status: 'fail',
      reason: 'no PriorityClass',
      detail: 'priorityClassName is unset; name a PriorityClass',
      location: '/spec/template/spec/priorityClassName',
    },
  ],
  'workload-job-limits': [
    { name: 'passes on a Job with both limits', object: job(), status: 'pass' },
    { name: 'passes on a CronJob whose template has both', object: cronJob(), status: 'pass' },
    {
      name: 'fails on a Job without activeDeadlineSeconds',
      object: job((j) => { delete j.spec.activeDeadlineSeconds; }),
      status: 'fail',
      reason: 'unbounded Job',
      detail: 'activeDeadlineSeconds is unset; set backoffLimit and activeDeadlineSeconds',
      location: '/spec',
    },
    {
      name: 'fails on a CronJob template without either',
      object: cronJob((c) => { delete c.spec.jobTemplate.spec.backoffLimit; delete c.spec.jobTemplate.spec.activeDeadlineSeconds; }),
      status: 'fail',
      detail: 'backoffLimit is unset, activeDeadlineSeconds is unset; set backoffLimit and activeDeadlineSeconds',
      location: '/spec/jobTemplate/spec',
    },
    { name: 'fails on activeDeadlineSeconds 0', object: job((j) => { j.spec.activeDeadlineSeconds = 0; }), status: 'fail' },
    { name: 'does not apply to a Deployment', object: deployment(), status: 'not-applicable' },
  ],
  'workload-cronjob-policy': [
    { name: 'passes with Forbid and a starting deadline', object: cronJob(), status: 'pass' },
    { name: 'passes with Replace', object: cronJob((c) => { c.spec.concurrencyPolicy = 'Replace'; }), status: 'pass' },
    {
      name: 'fails on concurrencyPolicy Allow',
      object: cronJob((c) => { c.spec.concurrencyPolicy = 'Allow'; }),
      status: 'fail',
      reason: 'overlapping or bursting runs',
      detail: 'concurrencyPolicy="Allow"; set concurrencyPolicy: Forbid (or Replace) and startingDeadlineSeconds',
      location: '/spec/concurrencyPolicy',
    },
    {
      name: 'fails without startingDeadlineSeconds',
      object: cronJob((c) => { delete c.spec.startingDeadlineSeconds; }),
      status: 'fail',
      detail: 'startingDeadlineSeconds is unset; set concurrencyPolicy: Forbid (or Replace) and startingDeadlineSeconds',
      location: '/spec/startingDeadlineSeconds',
    },
    { name: 'fails with neither', object: cronJob((c) => { delete c.spec.concurrencyPolicy; delete c.spec.startingDeadlineSeconds; }), status: 'fail', detail: 'concurrencyPolicy is unset (Allow), startingDeadlineSeconds is unset; set concurrencyPolicy: Forbid (or Replace) and startingDeadlineSeconds' },
    { name: 'does not apply to a Job', object: job(), status: 'not-applicable' },
  ],
};
