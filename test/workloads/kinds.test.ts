import { ApiObject, JsonPatch } from 'cdk8s';
import { HARDENED_CONTAINER_CONTEXT, IMAGE, KINDS, SIDECAR_IMAGE, build, complianceContext } from './fixtures';
import { Compliance } from '../../src/compliance/compliance';
import { HardenedService } from '../../src/exposure/hardened-service';
import { Hardening, OptOut } from '../../src/warnings';
import * as D from '../../src/workloads/defaults';
import { HardenedDeployment } from '../../src/workloads/hardened-deployment';
import { ApiAccess } from '../../src/workloads/pod/api-access';

describe.each(KINDS)('$className: the hardened pod defaults', (k) => {
  test('runs pods as non-root uid/gid/fsGroup 65532 with a RuntimeDefault seccomp profile', () => {
    expect(build(k).pod().securityContext).toMatchObject({
      runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('hardens the container security context (no root, no escalation, no capability, read-only root)', () => {
    expect(build(k).container().securityContext).toEqual(HARDENED_CONTAINER_CONTEXT);
  });

  test('mounts a size-limited emptyDir at /tmp', () => {
    const { pod, container } = build(k);
    expect(container().volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp', readOnly: false }]);
    expect(pod().volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  });

  test('always pulls the digest-pinned image', () => {
    const c = build(k).container();
    expect(c.image).toBe(IMAGE);
    expect(c.imagePullPolicy).toBe('Always');
  });

  test('sets cpu, memory and ephemeral-storage requests and limits', () => {
    expect(build(k).container().resources).toEqual({
      requests: { 'cpu': '100m', 'memory': '256Mi', 'ephemeral-storage': '128Mi' },
      limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' },
    });
  });

  test('mounts no ServiceAccount token and runs as a dedicated ServiceAccount without automount', () => {
    const { pod, byKind } = build(k);
    expect(pod().automountServiceAccountToken).toBe(false);
    expect(pod().serviceAccountName).toBe('app');
    expect(byKind('ServiceAccount')).toEqual([expect.objectContaining({ metadata: expect.objectContaining({ name: 'app', namespace: 'production' }), automountServiceAccountToken: false })]);
  });

  test('uses no host namespace and no service links, and names the default PriorityClass', () => {
    const { pod, byKind } = build(k);
    expect(pod().hostNetwork).toBe(false);
    expect(pod().hostPID).toBeUndefined();
    expect(pod().hostIPC).toBeUndefined();
    expect(pod().enableServiceLinks).toBe(false);
    expect(pod().priorityClassName).toBe(D.PRIORITY_CLASS.name);
    expect(byKind('PriorityClass')).toHaveLength(1);
  });

  test('labels the controller and the pods with the name and instance labels', () => {
    const { controller, template } = build(k, { labels: { team: 'shop' } });
    const labels = { 'team': 'shop', 'app.kubernetes.io/name': 'app', 'app.kubernetes.io/instance': 'app' };
    expect(controller().metadata.labels).toEqual(labels);
    expect(template().metadata.labels).toMatchObject(labels);
  });

  test('selects its pods with a NetworkPolicy for ingress and egress, allowing cluster DNS out', () => {
    const policy = build(k).byKind('NetworkPolicy')[0];
    expect(policy.metadata).toMatchObject({ name: 'app', namespace: 'production' });
    expect(policy.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'app' } });
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.egress[0]).toEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    });
  });

  test(k.longRunning ? 'declares port 8080 and readiness, liveness and startup probes' : 'declares no port and no probes', () => {
    const c = build(k).container();
    if (k.longRunning) {
      expect(c.ports).toEqual([{ containerPort: 8080, name: 'http', protocol: 'TCP' }]);
      expect(c.readinessProbe.httpGet.path).toBe('/readyz');
      expect(c.livenessProbe.httpGet.path).toBe('/livez');
      expect(c.startupProbe.tcpSocket.port).toBe(8080);
    } else {
      expect(c.ports).toBeUndefined();
      expect(c.readinessProbe).toBeUndefined();
      expect(c.livenessProbe).toBeUndefined();
      expect(c.startupProbe).toBeUndefined();
    }
  });

  test('passes the pss-restricted and hardened packs with no finding', () => {
    for (const pack of ['pss-restricted', 'hardened']) {
      const { chart } = build(k);
      complianceContext(chart, 'production');
      expect(Compliance.check(chart, { pack }).findings.map((f) => `${f.checkId}: ${f.detail ?? f.reason}`)).toEqual([]);
    }
  });
});

describe.each(KINDS)('$className: connectTo', (k) => {
  test('connects to a workload of another namespace: its own egress and the target ingress', () => {
    const { chart, w, byKind } = build(k);
    const db = new HardenedDeployment(chart, 'db', { namespace: 'data', name: 'db', image: IMAGE, port: 5432 });
    w.connectTo(db);
    const policy = (name: string) => byKind('NetworkPolicy').find((p: any) => p.metadata.name === name);
    expect(policy('app').spec.egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } }, podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'db' } } }],
      ports: [{ protocol: 'TCP', port: 5432 }],
    });
    expect(policy('db').spec.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'production' } }, podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'app' } } }],
      ports: [{ protocol: 'TCP', port: 5432 }],
    });
  });
});

describe.each(KINDS.filter((k) => k.longRunning))('$className: exposed by a HardenedService', (k) => {
  test('gets a ClusterIP Service on its main port, and admits the clients the Service allows', () => {
    const { chart, w, byKind } = build(k);
    const client = new HardenedDeployment(chart, 'client', { namespace: 'production', name: 'client', image: IMAGE, port: 9000 });
    const svc = new HardenedService(chart, 'svc', { workload: w, name: 'app-svc' });
    svc.allowFrom(client);
    const service = byKind('Service').find((o: any) => o.metadata.name === 'app-svc');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.selector).toMatchObject({ 'app.kubernetes.io/instance': 'app' });
    expect(service.spec.ports[0]).toMatchObject({ port: 8080, targetPort: 8080 });
    expect(byKind('NetworkPolicy').find((p: any) => p.metadata.name === 'app').spec.ingress).toContainEqual(expect.objectContaining({
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'client' } } }],
    }));
  });
});

describe.each(KINDS)('$className: escape hatch', (k) => {
  test('owns its controller object as child Resource, reachable with ApiObject.of and patchable', () => {
    const { w, controller } = build(k);
    expect(k.resource(w).node.id).toBe('Resource');
    const api = ApiObject.of(k.resource(w));
    expect(api.kind).toBe(k.kind);
    api.addJsonPatch(JsonPatch.add('/metadata/annotations', { 'example.com/owner': 'team-a' }));
    expect(controller().metadata.annotations).toMatchObject({ 'example.com/owner': 'team-a' });
  });
});

describe.each(KINDS)('$className: mounts, env, sidecars and init containers', (k) => {
  test('mounts a Secret as read-only 0400 files (ISecretMountTarget)', () => {
    const { w, pod, container } = build(k);
    w.mountSecret('db-credentials', '/etc/secrets/db', { keys: ['password'] });
    expect(container().volumeMounts).toContainEqual({ name: 'secret-db-credentials', mountPath: '/etc/secrets/db', readOnly: true });
    expect(pod().volumes).toContainEqual({
      name: 'secret-db-credentials',
      secret: { secretName: 'db-credentials', defaultMode: 0o400, optional: false, items: [{ key: 'password', path: 'password' }] },
    });
  });

  test('mounts a ConfigMap as read-only 0444 files', () => {
    const { w, pod, container } = build(k);
    w.mountConfigMap('api-config', '/etc/api');
    expect(container().volumeMounts).toContainEqual({ name: 'config-api-config', mountPath: '/etc/api', readOnly: true });
    expect(pod().volumes).toContainEqual({ name: 'config-api-config', configMap: { name: 'api-config', defaultMode: 0o444, optional: false } });
  });

  test('fails when a ConfigMap name is not a DNS-1123 subdomain', () => {
    const { w } = build(k);
    expect(() => w.mountConfigMap('Bad_Name', '/etc/api')).toThrow(
      `${k.className} 'test/w': configMap name 'Bad_Name' is not a valid ConfigMap name; use a DNS-1123 subdomain (e.g. 'api-config')`);
  });

  test('adds scratch directories, plain env and a hardened sidecar', () => {
    const { pod, container } = build(k, {
      scratchPaths: ['/var/cache'],
      env: { LOG_LEVEL: 'info' },
      sidecars: [{ name: 'proxy', image: SIDECAR_IMAGE, port: 9090, withoutProbes: OptOut.because('the proxy has no health endpoint') }],
    });
    expect(container().env).toEqual([{ name: 'LOG_LEVEL', value: 'info' }]);
    expect(container().volumeMounts).toContainEqual({ name: 'scratch-0-1', mountPath: '/var/cache', readOnly: false });
    expect(container(1).securityContext).toEqual(HARDENED_CONTAINER_CONTEXT);
    expect(container(1).volumeMounts).toEqual([{ name: 'tmp-proxy', mountPath: '/tmp', readOnly: false }]);
    expect(pod().volumes).toContainEqual({ name: 'scratch-0-1', emptyDir: { sizeLimit: '64Mi' } });
  });

  test('adds an init container hardened like the main one, with its own /tmp and no probes', () => {
    const { pod } = build(k, { initContainers: [{ name: 'migrate', image: IMAGE, args: ['migrate'] }] });
    const init = pod().initContainers[0];
    expect(init.name).toBe('migrate');
    expect(init.securityContext).toEqual(HARDENED_CONTAINER_CONTEXT);
    expect(init.resources.limits).toEqual({ 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' });
    expect(init.volumeMounts).toEqual([{ name: 'tmp-migrate', mountPath: '/tmp', readOnly: false }]);
    expect(init.readinessProbe).toBeUndefined();
    expect(init.ports).toBeUndefined();
  });

  test('fails when an init container declares a port', () => {
    expect(() => build(k, { initContainers: [{ name: 'migrate', image: IMAGE, port: 9000 }] })).toThrow(
      `${k.className} 'test/w': init container 'migrate' declares port 9000; an init container runs to completion before the pod serves, remove port`);
  });

  test('fails when an init container has probes', () => {
    expect(() => build(k, { initContainers: [{ name: 'migrate', image: IMAGE, withoutProbes: OptOut.because('init containers have none') }] })).toThrow(
      `${k.className} 'test/w': init container 'migrate' sets withoutProbes; init containers run to completion and take no probes, remove them`);
  });

  test('fails when an init container reuses a container name', () => {
    expect(() => build(k, { initContainers: [{ name: 'app', image: IMAGE }] })).toThrow(
      `${k.className} 'test/w': init container 'app' name 'app' is already used in this pod; give each container a unique name`);
  });
});

describe.each(KINDS)('$className: Kubernetes API access', (k) => {
  const access = () => ApiAccess.of({ optOut: OptOut.because('reads its own ConfigMap through the API') });

  test('mounts a projected, short-lived token, keeps automount off and annotates the pod with the reason', () => {
    const { pod, container, template } = build(k, { apiAccess: access() });
    expect(pod().automountServiceAccountToken).toBe(false);
    expect(template().metadata.annotations).toEqual({ 'cdk8s-hardened.io/api-access': 'reads its own ConfigMap through the API' });
    expect(container().volumeMounts).toContainEqual({ name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true });
    expect(pod().volumes).toContainEqual({
      name: 'kube-api-access',
      projected: {
        defaultMode: 0o400,
        sources: [
          { serviceAccountToken: { path: 'token', expirationSeconds: 600 } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    });
  });

  test('allows egress to the API server on the private ranges, ports 443 and 6443', () => {
    const policy = build(k, { apiAccess: access() }).byKind('NetworkPolicy')[0];
    expect(policy.spec.egress).toContainEqual({
      to: [{ ipBlock: { cidr: '10.0.0.0/8' } }, { ipBlock: { cidr: '172.16.0.0/12' } }, { ipBlock: { cidr: '192.168.0.0/16' } }],
      ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }],
    });
  });

  test('records the warning ApiAccess with the reason', () => {
    const { w } = build(k, { apiAccess: access() });
    expect(Hardening.of(w).warnings.map((x) => x.id)).toContain(`${k.className}.ApiAccess`);
  });

  test('passes the pss-restricted and hardened packs with API access, the token reported as a deliberate exception', () => {
    for (const pack of ['pss-restricted', 'hardened']) {
      const { chart } = build(k, { apiAccess: access() });
      complianceContext(chart, 'production');
      const findings = Compliance.check(chart, { pack }).findings;
      expect(findings.filter((f) => f.suppressedReason === undefined).map((f) => f.checkId)).toEqual([]);
      if (pack === 'hardened') {
        expect(findings.map((f) => [f.checkId, f.suppressedReason])).toEqual([
          ['workload-no-token-automount', 'calls the Kubernetes API on purpose: reads its own ConfigMap through the API'],
        ]);
      }
    }
  });
});
