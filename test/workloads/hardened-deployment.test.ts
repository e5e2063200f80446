import { ApiObject, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { LeastPrivilegeServiceAccount } from '../../src/rbac/least-privilege-service-account';
import { WorkloadIdentity } from '../../src/rbac/workload-identity';
import { Hardening, OptOut, STRICT_CONTEXT_KEY } from '../../src/warnings';
import * as D from '../../src/workloads/defaults';
import { DisruptionBudget } from '../../src/workloads/disruption-budget';
import { HardenedDeployment, HardenedDeploymentProps } from '../../src/workloads/hardened-deployment';
import { HealthCheck } from '../../src/workloads/health-check';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const IMAGE = `registry.example.com/team/api:1.0.0@${DIGEST}`;
const SIDECAR_IMAGE = `registry.example.com/team/proxy@sha256:${'b'.repeat(64)}`;
const PATH = "HardenedDeployment 'test/api'";

function setup(props: Partial<HardenedDeploymentProps> = {}, chartNamespace?: string) {
  const app = Testing.app();
  const chart = new Chart(app, 'test', chartNamespace ? { namespace: chartNamespace } : {});
  const d = new HardenedDeployment(chart, 'api', { namespace: 'production', name: 'api', image: IMAGE, ...props });
  return { app, chart, d, ...synthOf(chart) };
}

function synthOf(chart: Chart) {
  const synth = () => Testing.synth(chart);
  const byKind = (kind: string) => synth().filter((o: any) => o.kind === kind);
  const deployment = () => byKind('Deployment')[0];
  const pod = () => deployment().spec.template.spec;
  const container = (i = 0) => pod().containers[i];
  return { synth, byKind, deployment, pod, container };
}

function build(props: Partial<HardenedDeploymentProps>) {
  return () => setup(props).synth();
}

function warningIds(d: HardenedDeployment): string[] {
  return Hardening.of(d).warnings.map((w) => w.id);
}

describe('HardenedDeployment defaults', () => {
  test('matches the defaults snapshot', () => {
    expect(setup().synth()).toMatchSnapshot();
  });

  test('runs pods and containers as non-root uid and gid 65532', () => {
    const { pod, container } = setup();
    expect(D.NON_ROOT_ID).toBe(65532);
    expect(pod().securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532 });
    expect(container().securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532 });
  });

  test('sets fsGroup 65532 so the non-root user can read mounted files', () => {
    expect(setup().pod().securityContext.fsGroup).toBe(65532);
  });

  test('defaults to a RuntimeDefault seccomp profile at pod and container level', () => {
    const { pod, container } = setup();
    expect(pod().securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(container().securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test('drops ALL capabilities and adds none', () => {
    expect(setup().container().securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('forbids privilege escalation and privileged mode', () => {
    const sc = setup().container().securityContext;
    expect(sc.allowPrivilegeEscalation).toBe(false);
    expect(sc.privileged).toBe(false);
  });

  test('mounts a read-only root filesystem with a size-limited emptyDir at /tmp', () => {
    const { pod, container } = setup();
    expect(container().securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container().volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp', readOnly: false }]);
    expect(pod().volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  });

  test('always pulls the image, pinned by digest', () => {
    const c = setup().container();
    expect(c.imagePullPolicy).toBe('Always');
    expect(c.image).toBe(IMAGE);
  });

  test('sets cpu, memory and ephemeral-storage requests and limits', () => {
    expect(setup().container().resources).toEqual({
      requests: { 'cpu': '100m', 'memory': '256Mi', 'ephemeral-storage': '128Mi' },
      limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' },
    });
  });

  test('declares port 8080 named http', () => {
    expect(setup().container().ports).toEqual([{ containerPort: 8080, name: 'http', protocol: 'TCP' }]);
  });

  test('has distinct readiness and liveness probes and a startup probe on the declared port', () => {
    const c = setup().container();
    expect(c.readinessProbe).toEqual({
      httpGet: { path: '/readyz', port: 8080, scheme: 'HTTP' },
      periodSeconds: 5,
      timeoutSeconds: 2,
      failureThreshold: 3,
      successThreshold: 1,
    });
    expect(c.livenessProbe).toEqual({
      httpGet: { path: '/livez', port: 8080, scheme: 'HTTP' },
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 6,
      successThreshold: 1,
    });
    expect(c.startupProbe).toEqual({
      tcpSocket: { port: 8080 },
      periodSeconds: 5,
      timeoutSeconds: 2,
      failureThreshold: 30,
      successThreshold: 1,
    });
  });

  test('runs 2 replicas with a RollingUpdate that never drops below the replica count', () => {
    const spec = setup().deployment().spec;
    expect(spec.replicas).toBe(2);
    expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
  });

  test('spreads pods over zones and prefers distinct nodes', () => {
    const p = setup().pod();
    const selector = { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } };
    expect(p.topologySpreadConstraints).toEqual([{
      topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector,
    }]);
    expect(p.affinity).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: selector },
        }],
      },
    });
  });

  test('emits a policy/v1 PodDisruptionBudget allowing one eviction and evicting unhealthy pods', () => {
    const { byKind, deployment } = setup();
    const [pdb] = byKind('PodDisruptionBudget');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.metadata).toMatchObject({ name: 'api', namespace: 'production' });
    expect(pdb.spec).toEqual({
      maxUnavailable: 1,
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
      selector: deployment().spec.selector,
    });
  });

  test('labels the Deployment, its pod template and selector with name and instance = metadata.name', () => {
    const dep = setup().deployment();
    const labels = { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' };
    expect(dep.metadata.labels).toEqual(labels);
    expect(dep.metadata.labels['app.kubernetes.io/instance']).toBe(dep.metadata.name);
    expect(dep.spec.template.metadata.labels).toMatchObject(labels);
    expect(dep.spec.selector).toEqual({ matchLabels: labels });
  });

  test('does not mount a service account token and runs as a dedicated ServiceAccount', () => {
    const { pod, byKind, d } = setup();
    expect(pod().automountServiceAccountToken).toBe(false);
    expect(pod().serviceAccountName).toBe('api');
    const [sa] = byKind('ServiceAccount');
    expect(sa).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'api', namespace: 'production' },
      automountServiceAccountToken: false,
    });
    expect(d.serviceAccount).toBeInstanceOf(LeastPrivilegeServiceAccount);
    expect(d.serviceAccount.node.id).toBe('ServiceAccount');
  });

  test('emits a NetworkPolicy selecting exactly its pods, with ingress from the namespace and egress to DNS', () => {
    const { byKind } = setup();
    const [np] = byKind('NetworkPolicy');
    expect(np.metadata).toMatchObject({ name: 'api', namespace: 'production' });
    expect(np.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'api' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: 8080 }] }],
      egress: [{
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        }],
        ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
      }],
    });
  });

  test('puts every namespaced object in the explicit namespace', () => {
    const objects = setup().synth().filter((o: any) => o.kind !== 'PriorityClass');
    expect(objects.map((o: any) => o.kind).sort()).toEqual(['Deployment', 'NetworkPolicy', 'PodDisruptionBudget', 'ServiceAccount']);
    for (const o of objects) expect(o.metadata.namespace).toBe('production');
  });

  test('sets a PriorityClass, created once per chart and cluster-scoped', () => {
    const { chart, pod, byKind } = setup({}, 'chart-ns');
    new HardenedDeployment(chart, 'worker', { namespace: 'production', name: 'worker', image: IMAGE });
    expect(pod().priorityClassName).toBe('cdk8s-hardened-workload');
    expect(byKind('PriorityClass')).toEqual([{
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'cdk8s-hardened-workload' },
      value: 1000,
      preemptionPolicy: 'Never',
      globalDefault: false,
      description: D.PRIORITY_CLASS.description,
    }]);
  });

  test('turns off service links and host namespaces, and declares no host port', () => {
    const { pod, container } = setup();
    expect(pod().enableServiceLinks).toBe(false);
    expect(pod().hostNetwork).toBe(false);
    expect(pod().hostPID).toBeUndefined();
    expect(pod().hostIPC).toBeUndefined();
    expect(container().ports[0].hostPort).toBeUndefined();
    expect(container().env).toBeUndefined();
  });

  test('records no hardening warning', () => {
    expect(Hardening.of(setup().d).warnings).toEqual([]);
  });

  test('exposes the resolved values', () => {
    const { d } = setup();
    expect(d.name).toBe('api');
    expect(d.namespace).toBe('production');
    expect(d.labels).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' });
    expect(d.selectorLabels).toEqual(d.labels);
    expect(d.replicas).toBe(2);
    expect(d.port).toBe(8080);
    expect(d.priorityClassName).toBe('cdk8s-hardened-workload');
    expect(d.deployment).toBeInstanceOf(kplus.Deployment);
    expect(d.deployment.node.id).toBe('Resource');
    expect(d.podDisruptionBudget.kind).toBe('PodDisruptionBudget');
    expect(d.networkPolicy.kind).toBe('NetworkPolicy');
  });

  test('generates a name from the construct path when none is given', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const d = new HardenedDeployment(chart, 'api', { namespace: 'production', image: IMAGE });
    expect(d.name).toMatch(/^test-api-[0-9a-f]{8}$/);
    const dep = Testing.synth(chart).find((o: any) => o.kind === 'Deployment');
    expect(dep.metadata.name).toBe(d.name);
    expect(dep.metadata.labels['app.kubernetes.io/instance']).toBe(d.name);
  });
});

describe('HardenedDeployment options', () => {
  test('uses appName for the name label and adds extra labels everywhere', () => {
    const { synth, deployment, d } = setup({ appName: 'shop', labels: { team: 'payments' } });
    expect(d.labels).toEqual({ 'team': 'payments', 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/instance': 'api' });
    expect(deployment().spec.template.metadata.labels).toMatchObject(d.labels);
    for (const o of synth().filter((x: any) => x.kind !== 'PriorityClass' && x.kind !== 'ServiceAccount')) {
      expect(o.metadata.labels).toEqual(d.labels);
    }
  });

  test('accepts custom probes', () => {
    const c = setup({
      port: 9000,
      readiness: HealthCheck.http('/health/ready', { periodSeconds: 3 }),
      liveness: HealthCheck.command(['/app/check'], { initialDelaySeconds: 5 }),
      startup: HealthCheck.tcp({ failureThreshold: 60 }),
    }).container();
    expect(c.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 9000, scheme: 'HTTP' });
    expect(c.readinessProbe.periodSeconds).toBe(3);
    expect(c.livenessProbe).toEqual({
      exec: { command: ['/app/check'] }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6, successThreshold: 1,
    });
    expect(c.startupProbe.tcpSocket).toEqual({ port: 9000 });
    expect(c.startupProbe.failureThreshold).toBe(60);
  });

  test('sets custom resources and derives the missing side', () => {
    const c = setup({
      resources: {
        cpu: { limit: kplus.Cpu.millis(50) },
        memory: { request: Size.mebibytes(512) },
        ephemeralStorage: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
      },
    }).container();
    expect(c.resources).toEqual({
      requests: { 'cpu': '50m', 'memory': '512Mi', 'ephemeral-storage': '1024Mi' },
      limits: { 'cpu': '50m', 'memory': '512Mi', 'ephemeral-storage': '2048Mi' },
    });
  });

  test('renders declared ingress and egress rules', () => {
    const { byKind } = setup({
      ingress: [
        { peers: [{ namespaces: ['ingress-nginx'], podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } }] },
        { peers: [{ podLabels: { role: 'frontend' } }, { cidr: '10.0.0.0/8', exceptCidrs: ['10.1.0.0/16'] }], ports: [8080] },
      ],
      egress: [
        { peers: [{ namespaces: ['data', 'cache'] }], ports: [5432, 6379] },
        { peers: [{ cidr: '0.0.0.0/0' }], ports: [443] },
      ],
    });
    const np = byKind('NetworkPolicy')[0].spec;
    expect(np.ingress).toEqual([
      {
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
        }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
      {
        from: [{ podSelector: { matchLabels: { role: 'frontend' } } }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      },
    ]);
    expect(np.egress.slice(1)).toEqual([
      {
        to: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['cache', 'data'] }] } }],
        ports: [{ protocol: 'TCP', port: 5432 }, { protocol: 'TCP', port: 6379 }],
      },
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] },
    ]);
    expect(np.egress[0].ports).toEqual([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
  });

  test('allowIngress and allowEgress add rules after construction', () => {
    const { d, byKind } = setup();
    d.allowEgress({ peers: [{ podLabels: { app: 'db' } }], ports: [5432] });
    d.allowIngress({ peers: [{ namespaces: ['monitoring'] }], ports: [8080] });
    const np = byKind('NetworkPolicy')[0].spec;
    expect(np.ingress).toHaveLength(2);
    expect(np.egress[1]).toEqual({ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ protocol: 'TCP', port: 5432 }] });
  });

  test('hardens sidecars the same way, each with its own /tmp', () => {
    const { container, pod } = setup({
      sidecars: [{
        name: 'proxy',
        image: SIDECAR_IMAGE,
        port: 9090,
        readiness: HealthCheck.http('/ready'),
        liveness: HealthCheck.http('/alive'),
      }],
    });
    const s = container(1);
    expect(s.name).toBe('proxy');
    expect(s.image).toBe(SIDECAR_IMAGE);
    expect(s.imagePullPolicy).toBe('Always');
    expect(s.securityContext).toEqual(container(0).securityContext);
    expect(s.resources).toEqual(container(0).resources);
    expect(s.readinessProbe.httpGet).toEqual({ path: '/ready', port: 9090, scheme: 'HTTP' });
    expect(s.livenessProbe.httpGet).toEqual({ path: '/alive', port: 9090, scheme: 'HTTP' });
    expect(s.volumeMounts).toEqual([{ name: 'tmp-proxy', mountPath: '/tmp', readOnly: false }]);
    expect(pod().volumes.map((v: any) => v.name)).toEqual(['tmp', 'tmp-proxy']);
  });

  test('addContainer adds a hardened sidecar probed by command', () => {
    const { d, container } = setup();
    d.addContainer({
      name: 'agent',
      image: SIDECAR_IMAGE,
      readiness: HealthCheck.command(['/agent', 'ready']),
      liveness: HealthCheck.command(['/agent', 'alive']),
      startup: HealthCheck.command(['/agent', 'started']),
    });
    const s = container(1);
    expect(s.name).toBe('agent');
    expect(s.ports).toBeUndefined();
    expect(s.securityContext.capabilities).toEqual({ drop: ['ALL'] });
    expect(s.livenessProbe.exec).toEqual({ command: ['/agent', 'alive'] });
  });

  test('mountSecret mounts a Secret as read-only files with mode 0400', () => {
    const { d, container, pod, byKind } = setup();
    d.mountSecret('db-credentials', '/etc/secrets/db');
    expect(container().volumeMounts).toContainEqual({ name: 'secret-db-credentials', mountPath: '/etc/secrets/db', readOnly: true });
    expect(pod().volumes).toContainEqual({
      name: 'secret-db-credentials',
      secret: { secretName: 'db-credentials', defaultMode: 0o400, optional: false },
    });
    expect(container().env).toBeUndefined();
    expect(byKind('Secret')).toEqual([]);
  });

  test('mountSecret selects keys, targets a sidecar and reuses a volume', () => {
    const { d, container, pod } = setup({ sidecars: [{ name: 'proxy', image: SIDECAR_IMAGE, withoutProbes: OptOut.because('proxy has no health endpoint, TICKET-1') }] });
    d.mountSecret('tls', '/etc/tls', { keys: ['tls.crt', 'tls.key'], containerName: 'proxy' });
    d.mountSecret('tls', '/etc/app-tls', { keys: ['tls.key', 'tls.crt'] });
    const volumes = pod().volumes.filter((v: any) => v.secret);
    expect(volumes).toEqual([{
      name: 'secret-tls',
      secret: { secretName: 'tls', defaultMode: 0o400, optional: false, items: [{ key: 'tls.crt', path: 'tls.crt' }, { key: 'tls.key', path: 'tls.key' }] },
    }]);
    expect(container(1).volumeMounts).toContainEqual({ name: 'secret-tls', mountPath: '/etc/tls', readOnly: true });
    expect(container(0).volumeMounts).toContainEqual({ name: 'secret-tls', mountPath: '/etc/app-tls', readOnly: true });
  });

  test('uses a given LeastPrivilegeServiceAccount instead of creating one', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const sa = new LeastPrivilegeServiceAccount(chart, 'sa', { namespace: 'production', name: 'shared' });
    const d = new HardenedDeployment(chart, 'api', { namespace: 'production', name: 'api', image: IMAGE, serviceAccount: sa });
    const out = Testing.synth(chart);
    expect(d.serviceAccount).toBe(sa);
    expect(d.node.tryFindChild('ServiceAccount')).toBeUndefined();
    expect(out.filter((o: any) => o.kind === 'ServiceAccount')).toHaveLength(1);
    expect(out.find((o: any) => o.kind === 'Deployment').spec.template.spec.serviceAccountName).toBe('shared');
  });

  test('adds the workload identity pod labels of the ServiceAccount', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const sa = new LeastPrivilegeServiceAccount(chart, 'sa', {
      namespace: 'production',
      name: 'shared',
      workloadIdentity: WorkloadIdentity.azure('00000000-0000-0000-0000-000000000000'),
    });
    new HardenedDeployment(chart, 'api', { namespace: 'production', name: 'api', image: IMAGE, serviceAccount: sa });
    const dep = Testing.synth(chart).find((o: any) => o.kind === 'Deployment');
    expect(dep.spec.template.metadata.labels).toMatchObject(sa.podLabels);
    expect(Object.keys(sa.podLabels).length).toBeGreaterThan(0);
  });

  test('uses a given priorityClassName and creates no PriorityClass', () => {
    const { pod, byKind } = setup({ priorityClassName: 'business-critical' });
    expect(pod().priorityClassName).toBe('business-critical');
    expect(byKind('PriorityClass')).toEqual([]);
  });

  test('accepts other disruption budgets', () => {
    expect(setup({ replicas: 4, disruptionBudget: DisruptionBudget.minAvailable(3) }).byKind('PodDisruptionBudget')[0].spec.minAvailable).toBe(3);
    expect(setup({ disruptionBudget: DisruptionBudget.maxUnavailablePercent(50) }).byKind('PodDisruptionBudget')[0].spec.maxUnavailable).toBe('50%');
    expect(setup({ disruptionBudget: DisruptionBudget.minAvailablePercent(50) }).byKind('PodDisruptionBudget')[0].spec.minAvailable).toBe('50%');
  });

  test('mounts scratch directories with the configured size limit', () => {
    const { container, pod } = setup({ scratchPaths: ['/var/cache/nginx'], scratchSizeLimit: Size.mebibytes(128) });
    expect(container().volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp', readOnly: false },
      { name: 'scratch-0-1', mountPath: '/var/cache/nginx', readOnly: false },
    ]);
    expect(pod().volumes).toEqual([
      { name: 'tmp', emptyDir: { sizeLimit: '128Mi' } },
      { name: 'scratch-0-1', emptyDir: { sizeLimit: '128Mi' } },
    ]);
  });

  test('accepts custom ids above 10000 and plain env vars', () => {
    const { pod, container } = setup({ runAsUser: 10001, runAsGroup: 10002, fsGroup: 10003, env: { LOG_LEVEL: 'info' } });
    expect(pod().securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10002, fsGroup: 10003 });
    expect(container().securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10002 });
    expect(container().env).toEqual([{ name: 'LOG_LEVEL', value: 'info' }]);
  });
});

describe('HardenedDeployment opt-outs', () => {
  const because = OptOut.because('vendor image needs it, SEC-142');

  test('runAsRoot runs as uid 0 and records a warning', () => {
    const { d, pod, container } = setup({ runAsRoot: because });
    expect(pod().securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0 });
    expect(container().securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0 });
    expect(Hardening.of(d).warnings).toEqual([{
      id: 'HardenedDeployment.RunAsRoot',
      message: 'runs its containers as root (uid 0, runAsNonRoot: false): vendor image needs it, SEC-142',
      path: 'test/api',
      acknowledgedReason: undefined,
    }]);
  });

  test('writableRootFilesystem makes the root filesystem writable and records a warning', () => {
    const { d, container } = setup({ writableRootFilesystem: because });
    expect(container().securityContext.readOnlyRootFilesystem).toBe(false);
    expect(warningIds(d)).toEqual(['HardenedDeployment.WritableRootFilesystem']);
  });

  test('addCapabilities adds the named capabilities and records a warning', () => {
    const { d, container } = setup({ addCapabilities: { capabilities: [kplus.Capability.NET_BIND_SERVICE], optOut: because } });
    expect(container().securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
    expect(Hardening.of(d).warnings[0]).toMatchObject({
      id: 'HardenedDeployment.AddCapabilities',
      message: 'main container adds capabilities NET_BIND_SERVICE: vendor image needs it, SEC-142',
    });
  });

  test('withoutProbes removes every probe and records a warning', () => {
    const { d, container } = setup({ withoutProbes: because });
    expect(container().readinessProbe).toBeUndefined();
    expect(container().livenessProbe).toBeUndefined();
    expect(container().startupProbe).toBeUndefined();
    expect(warningIds(d)).toEqual(['HardenedDeployment.WithoutProbes']);
  });

  test('singleReplica allows one replica and records a warning', () => {
    const { d, deployment } = setup({ singleReplica: because });
    expect(deployment().spec.replicas).toBe(1);
    expect(warningIds(d)).toEqual(['HardenedDeployment.SingleReplica']);
  });

  test('privilegedPort allows a port below 1024 and records a warning', () => {
    const { d, container } = setup({ port: 443, privilegedPort: because });
    expect(container().ports[0].containerPort).toBe(443);
    expect(warningIds(d)).toEqual(['HardenedDeployment.PrivilegedPort']);
  });

  function strictApp() {
    const app = Testing.app();
    app.node.setContext(STRICT_CONTEXT_KEY, true);
    const chart = new Chart(app, 'test');
    const d = new HardenedDeployment(chart, 'api', { namespace: 'production', name: 'api', image: IMAGE, singleReplica: because });
    return { app, d };
  }

  test('fails synthesis in strict mode when an opt-out is not acknowledged', () => {
    const { app } = strictApp();
    expect(() => app.synth()).toThrow(/\[HardenedDeployment.SingleReplica\] runs 1 replica: vendor image needs it, SEC-142/);
  });

  test('passes strict mode once the opt-out is acknowledged', () => {
    const { app, d } = strictApp();
    Hardening.of(d).acknowledge('HardenedDeployment.SingleReplica', 'batch worker, restarts are fine');
    expect(() => app.synth()).not.toThrow();
  });
});

describe('HardenedDeployment escape hatch', () => {
  test('ApiObject.of(deployment) patches the final Deployment and keeps the hardening', () => {
    const { d, pod, container } = setup();
    ApiObject.of(d.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/terminationGracePeriodSeconds', 60));
    expect(pod().terminationGracePeriodSeconds).toBe(60);
    expect(container().securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('ApiObject.of works on the PodDisruptionBudget and NetworkPolicy', () => {
    const { d, byKind } = setup();
    d.podDisruptionBudget.addJsonPatch(JsonPatch.add('/metadata/annotations', { owner: 'team-a' }));
    ApiObject.of(d.networkPolicy).addJsonPatch(JsonPatch.add('/metadata/annotations', { owner: 'team-a' }));
    expect(byKind('PodDisruptionBudget')[0].metadata.annotations).toEqual({ owner: 'team-a' });
    expect(byKind('NetworkPolicy')[0].metadata.annotations).toEqual({ owner: 'team-a' });
  });
});

describe('HardenedDeployment misuse', () => {
  const because = OptOut.because('vendor image needs it, SEC-142');

  test('fails when the image has no digest', () => {
    expect(build({ image: 'nginx:1.27' })).toThrow(
      `${PATH}: main container: image "nginx:1.27" has no digest; use 'registry/repository:tag@sha256:<64 hex>' or 'registry/repository@sha256:<64 hex>' or ImageReference.fromDigest()`);
  });

  test('fails when a sidecar image has no digest', () => {
    expect(build({ sidecars: [{ name: 'proxy', image: 'envoy:latest' }] })).toThrow(
      `${PATH}: container 'proxy': image "envoy:latest" has no digest; use 'registry/repository:tag@sha256:<64 hex>' or 'registry/repository@sha256:<64 hex>' or ImageReference.fromDigest()`);
  });

  test.each([
    ['default', "namespace 'default' is not allowed (default, kube-system, kube-public, kube-node-lease are shared or system namespaces without workload policies); use a dedicated namespace, e.g. a SecureNamespace"],
    ['kube-system', "namespace 'kube-system' is not allowed (default, kube-system, kube-public, kube-node-lease are shared or system namespaces without workload policies); use a dedicated namespace, e.g. a SecureNamespace"],
    ['', "namespace '' is not a valid namespace name; use a DNS-1123 label: at most 63 characters, lowercase alphanumerics or '-', starting and ending with an alphanumeric (e.g. 'production')"],
    ['Prod_1', "namespace 'Prod_1' is not a valid namespace name; use a DNS-1123 label: at most 63 characters, lowercase alphanumerics or '-', starting and ending with an alphanumeric (e.g. 'production')"],
  ])('fails for namespace %j', (namespace, message) => {
    expect(build({ namespace })).toThrow(`${PATH}: ${message}`);
  });

  test('fails for fewer than 2 replicas without the singleReplica opt-out', () => {
    expect(build({ replicas: 1 })).toThrow(
      `${PATH}: replicas 1 leaves no pod serving during a drain or crash; use replicas >= 2, or pass singleReplica: OptOut.because('<why>')`);
  });

  test('fails for 0 replicas', () => {
    expect(build({ replicas: 0 })).toThrow(`${PATH}: replicas 0 is not allowed; use an integer >= 2`);
  });

  test('fails when singleReplica is set with 2 or more replicas', () => {
    expect(build({ replicas: 3, singleReplica: because })).toThrow(
      `${PATH}: singleReplica is set but replicas is 3; remove the opt-out so no stale exception is recorded`);
  });

  test('fails for a privileged port without the opt-out', () => {
    expect(build({ port: 80 })).toThrow(
      `${PATH}: main container port 80 is privileged (< 1024) and a non-root process without capabilities cannot bind it; use a port >= 1024 (map it in the Service), or pass privilegedPort: OptOut.because('<why>')`);
  });

  test('fails when privilegedPort is set for an unprivileged port', () => {
    expect(build({ privilegedPort: because })).toThrow(
      `${PATH}: main container has privilegedPort set but port 8080 is not below 1024; remove the opt-out so no stale exception is recorded`);
  });

  test('fails for an invalid port', () => {
    expect(build({ port: 70000 })).toThrow(`${PATH}: main container port 70000 is not a port; use an integer between 1 and 65535`);
  });

  test.each(['DB_PASSWORD', 'api_token', 'AWS_SECRET_ACCESS_KEY', 'MY_SECRET'])('fails for the secret-looking env var %s', (name) => {
    expect(build({ env: { [name]: 'x' } })).toThrow(
      `${PATH}: main container env var '${name}' looks like a secret; secrets are never passed as env vars, mount them as read-only files with mountSecret()`);
  });

  test('fails for a private key in an env var value', () => {
    expect(build({ env: { CERT: '-----BEGIN RSA PRIVATE KEY-----' } })).toThrow(
      `${PATH}: main container env var 'CERT' looks like a secret; secrets are never passed as env vars, mount them as read-only files with mountSecret()`);
  });

  test('fails for identical readiness and liveness probes', () => {
    expect(build({ readiness: HealthCheck.tcp(), liveness: HealthCheck.tcp({ periodSeconds: 30 }) })).toThrow(
      `${PATH}: main container readiness and liveness probes both check TCP port 8080; a busy pod would be restarted instead of taken out of rotation, check different paths, ports or commands (e.g. HealthCheck.http('/readyz') and HealthCheck.http('/livez'))`);
    expect(build({ readiness: HealthCheck.http('/health'), liveness: HealthCheck.http('/health') })).toThrow(
      /readiness and liveness probes both GET '\/health' on port 8080/);
  });

  test('fails when withoutProbes is combined with a probe', () => {
    expect(build({ withoutProbes: because, readiness: HealthCheck.http('/r') })).toThrow(
      `${PATH}: main container has withoutProbes set and also readiness; remove one of them`);
  });

  test('fails when a probe checks an undeclared port', () => {
    expect(build({ readiness: HealthCheck.http('/r', { port: 9999 }) })).toThrow(
      `${PATH}: main container readiness probe checks port 9999, which no container declares; probe a declared port`);
  });

  test('fails when a sidecar without a port gets the default probes', () => {
    expect(build({ sidecars: [{ name: 'agent', image: SIDECAR_IMAGE }] })).toThrow(
      `${PATH}: container 'agent' readiness probe: an HTTP check of '/readyz' needs a port, and the container declares none; set port, use HealthCheck.command(), or pass withoutProbes: OptOut.because('<why>')`);
  });

  test('fails when addCapabilities includes ALL', () => {
    expect(build({ addCapabilities: { capabilities: [kplus.Capability.ALL], optOut: because } })).toThrow(
      `${PATH}: main container addCapabilities includes ALL, which undoes the hardening; name each capability the process needs (e.g. NET_BIND_SERVICE)`);
  });

  test('fails for runAsUser 0 without runAsRoot', () => {
    expect(build({ runAsUser: 0 })).toThrow(
      `${PATH}: runAsUser 0 is root; use a non-root id such as 65532, or pass runAsRoot: OptOut.because('<why>')`);
  });

  test('fails for duplicate container names and ports', () => {
    expect(build({ sidecars: [{ name: 'app', image: SIDECAR_IMAGE, withoutProbes: because }] })).toThrow(
      `${PATH}: container 'app' name 'app' is already used in this pod; give each container a unique name`);
    expect(build({ sidecars: [{ name: 'proxy', image: SIDECAR_IMAGE, port: 8080, withoutProbes: because }] })).toThrow(
      `${PATH}: container 'proxy' port 8080 is already declared by container 'app'; containers of a pod share one network namespace`);
  });

  test('fails when labels set the name or instance label', () => {
    expect(build({ labels: { 'app.kubernetes.io/instance': 'x' } })).toThrow(
      `${PATH}: labels must not set 'app.kubernetes.io/instance'; it is derived from name`);
  });

  test('fails for an invalid name', () => {
    expect(build({ name: 'API' })).toThrow(
      `${PATH}: name 'API' is not valid; use a DNS-1123 label: at most 63 characters, lowercase alphanumerics or '-', starting and ending with an alphanumeric (it is also the app.kubernetes.io/instance label value)`);
  });

  test('fails for a minAvailable that blocks every eviction', () => {
    expect(build({ disruptionBudget: DisruptionBudget.minAvailable(2) })).toThrow(
      `${PATH}: disruptionBudget minAvailable 2 with 2 replica(s) allows no voluntary eviction and blocks node drains; use DisruptionBudget.maxUnavailable(1) or a minAvailable below the replicas`);
  });

  test('fails for a ServiceAccount of another namespace', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const sa = new LeastPrivilegeServiceAccount(chart, 'sa', { namespace: 'other', name: 'shared' });
    expect(() => new HardenedDeployment(chart, 'api', { namespace: 'production', image: IMAGE, serviceAccount: sa })).toThrow(
      `${PATH}: serviceAccount 'shared' is in namespace 'other', not 'production'; pods can only use a ServiceAccount of their own namespace`);
  });

  test('fails for a request above the limit', () => {
    expect(build({ resources: { cpu: { request: kplus.Cpu.units(2), limit: kplus.Cpu.millis(500) } } })).toThrow(
      `${PATH}: main container cpu request '2' is above the limit '500m'; the request must not exceed the limit`);
  });

  test('fails for ingress rules that would open everything or an undeclared port', () => {
    expect(build({ ingress: [] })).toThrow(
      `${PATH}: ingress is an empty list; omit it to allow pods of the same namespace on the main port, or declare at least one rule`);
    expect(build({ ingress: [{ peers: [] }] })).toThrow(
      `${PATH}: ingress rule 1 has no peers, which would allow every source; name at least one peer (namespaces, podLabels or cidr)`);
    expect(build({ ingress: [{ peers: [{}] }] })).toThrow(
      `${PATH}: ingress rule 1 peer 1 selects nothing; set namespaces, podLabels or cidr`);
    expect(build({ ingress: [{ peers: [{ podLabels: {} }] }] })).toThrow(
      `${PATH}: ingress rule 1 peer 1 has empty podLabels, which would select every pod; name at least one label`);
    expect(build({ ingress: [{ peers: [{ cidr: '10.0.0.0/8', namespaces: ['a'] }] }] })).toThrow(
      `${PATH}: ingress rule 1 peer 1 mixes cidr with namespaces/podLabels; use separate peers`);
    expect(build({ ingress: [{ peers: [{ cidr: '10.0.0.0/33' }] }] })).toThrow(
      `${PATH}: ingress rule 1 peer 1 has invalid cidr '10.0.0.0/33'; use e.g. '10.0.0.0/16'`);
    expect(build({ ingress: [{ peers: [{ namespaces: ['web'] }], ports: [9000] }] })).toThrow(
      `${PATH}: ingress rule 1 allows port 9000, which no container declares (declared: 8080); allow a declared port`);
  });

  test('fails for egress rules without peers or ports', () => {
    expect(build({ egress: [{ peers: [{ namespaces: ['db'] }], ports: [] }] })).toThrow(
      `${PATH}: egress rule 1 has no ports, which would allow every port; list the destination ports`);
    expect(build({ egress: [{ peers: [], ports: [443] }] })).toThrow(
      `${PATH}: egress rule 1 has no peers, which would allow every destination; name at least one peer (namespaces, podLabels or cidr)`);
  });

  test('fails for bad secret mounts', () => {
    const { d } = setup();
    expect(() => d.mountSecret('db', 'etc/db')).toThrow(
      `${PATH}: mount path 'etc/db' is not allowed; use an absolute directory other than '/' without '..', e.g. '/etc/secrets/db'`);
    expect(() => d.mountSecret('db', '/tmp/db')).toThrow(
      `${PATH}: mount path '/tmp/db' overlaps '/tmp' already mounted in container 'app'; use a separate directory`);
    expect(() => d.mountSecret('Bad_Name', '/etc/db')).toThrow(
      `${PATH}: secret name 'Bad_Name' is not a valid Secret name; use a DNS-1123 subdomain (e.g. 'db-credentials')`);
    expect(() => d.mountSecret('db', '/etc/db', { containerName: 'nope' })).toThrow(
      `${PATH}: no container named 'nope'; containers: app`);
    expect(() => d.mountSecret('db', '/etc/db', { keys: [] })).toThrow(
      `${PATH}: keys for secret 'db' is empty; omit it to mount every key`);
  });
});
