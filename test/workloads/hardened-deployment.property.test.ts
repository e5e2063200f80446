import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { HARDENED_CONTAINER_CONTEXT } from './fixtures';
import * as D from '../../src/workloads/defaults';
import { HardenedContainerProps, HardenedDeployment, HardenedDeploymentProps } from '../../src/workloads/hardened-deployment';
import { HealthCheck } from '../../src/workloads/health-check';

const hex = fc.stringMatching(/^[a-f0-9]{64}$/);
const image = fc.tuple(fc.constantFrom('registry.example.com/team/app', 'ghcr.io/org/svc', 'busybox'), fc.option(fc.constantFrom('1.0.0', 'v2', 'latest'), { nil: undefined }), hex)
  .map(([repo, tag, h]) => `${repo}${tag ? `:${tag}` : ''}@sha256:${h}`);
const dnsLabel = fc.stringMatching(/^[a-z]([a-z0-9-]{0,20}[a-z0-9])?$/);
const namespace = dnsLabel.filter((n) => !D.FORBIDDEN_NAMESPACES.includes(n));
const safeEnvName = fc.stringMatching(/^[A-Z][A-Z_]{0,10}$/).filter((n) => !D.SENSITIVE_ENV_NAME_PATTERNS.some((re) => re.test(n)));
const probes = fc.constantFrom(
  {},
  { readiness: HealthCheck.http('/ready'), liveness: HealthCheck.http('/alive') },
  { readiness: HealthCheck.tcp(), liveness: HealthCheck.command(['/bin/check']) },
);

const propsArb = fc.record({
  namespace,
  name: dnsLabel,
  image,
  replicas: fc.integer({ min: 2, max: 10 }),
  port: fc.integer({ min: 1024, max: 60000 }),
  env: fc.dictionary(safeEnvName, fc.string({ maxLength: 20 }), { maxKeys: 3 }),
  labels: fc.dictionary(fc.stringMatching(/^[a-z]{1,10}$/), fc.stringMatching(/^[a-z0-9]{0,10}$/), { maxKeys: 3 }),
  cpuRequest: fc.integer({ min: 10, max: 1000 }),
  cpuExtra: fc.integer({ min: 0, max: 1000 }),
  probes,
  scratchPaths: fc.subarray(['/var/cache', '/var/run', '/home/app/.cache']),
  sidecarCount: fc.integer({ min: 0, max: 2 }),
  sidecarImage: image,
  ingressNamespaces: fc.option(fc.array(dnsLabel, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  egressPorts: fc.option(fc.array(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
}).map((p): HardenedDeploymentProps => {
  const sidecars: HardenedContainerProps[] = [];
  for (let i = 0; i < p.sidecarCount; i++) {
    const port = p.port + i + 1;
    sidecars.push({ name: `sidecar-${i}`, image: p.sidecarImage, port });
  }
  return {
    namespace: p.namespace,
    name: p.name,
    image: p.image,
    replicas: p.replicas,
    port: p.port,
    env: p.env,
    labels: p.labels,
    resources: { cpu: { request: kplus.Cpu.millis(p.cpuRequest), limit: kplus.Cpu.millis(p.cpuRequest + p.cpuExtra) } },
    ...p.probes,
    scratchPaths: p.scratchPaths,
    sidecars,
    ingress: p.ingressNamespaces ? [{ peers: [{ namespaces: p.ingressNamespaces }] }] : undefined,
    egress: p.egressPorts ? [{ peers: [{ cidr: '10.0.0.0/8' }], ports: p.egressPorts }] : undefined,
  };
});

function handlerKey(probe: any): string {
  if (probe.httpGet) return `http ${probe.httpGet.path} ${probe.httpGet.port}`;
  if (probe.tcpSocket) return `tcp ${probe.tcpSocket.port}`;
  return `exec ${JSON.stringify(probe.exec.command)}`;
}

describe('HardenedDeployment properties', () => {
  test('any valid props synthesize a Deployment that keeps every hardened field', () => {
    fc.assert(fc.property(propsArb, (props) => {
      const app = Testing.app();
      const chart = new Chart(app, 'test');
      new HardenedDeployment(chart, 'workload', props);
      const objects = Testing.synth(chart);
      const dep = objects.find((o: any) => o.kind === 'Deployment');
      const pdb = objects.find((o: any) => o.kind === 'PodDisruptionBudget');
      const np = objects.find((o: any) => o.kind === 'NetworkPolicy');
      const pod = dep.spec.template.spec;

      for (const o of objects) {
        if (o.kind === 'PriorityClass') expect(o.metadata.namespace).toBeUndefined();
        else expect(o.metadata.namespace).toBe(props.namespace);
      }
      expect(dep.metadata.labels[D.INSTANCE_LABEL]).toBe(dep.metadata.name);
      expect(dep.spec.selector.matchLabels).toEqual({ [D.NAME_LABEL]: props.name, [D.INSTANCE_LABEL]: props.name });
      expect(dep.spec.template.metadata.labels).toMatchObject(dep.spec.selector.matchLabels);
      expect(dep.spec.replicas).toBeGreaterThanOrEqual(2);
      expect(dep.spec.strategy.type).toBe('RollingUpdate');

      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.hostNetwork).toBe(false);
      expect(pod.hostPID).toBeUndefined();
      expect(pod.hostIPC).toBeUndefined();
      expect(pod.priorityClassName).toBe(D.PRIORITY_CLASS.name);
      expect(pod.topologySpreadConstraints[0].whenUnsatisfiable).toBe('ScheduleAnyway');
      expect(pod.topologySpreadConstraints[0].labelSelector).toEqual(dep.spec.selector);
      expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
      expect(pod.volumes.every((v: any) => v.emptyDir === undefined || v.emptyDir.sizeLimit !== undefined)).toBe(true);
      expect(pod.volumes.some((v: any) => v.hostPath)).toBe(false);

      expect(pod.containers).toHaveLength(1 + (props.sidecars?.length ?? 0));
      for (const c of pod.containers) {
        expect(c.securityContext).toEqual(HARDENED_CONTAINER_CONTEXT);
        expect(c.imagePullPolicy).toBe('Always');
        expect(c.image).toMatch(/@sha256:[a-f0-9]{64}$/);
        for (const side of ['requests', 'limits']) {
          expect(Object.keys(c.resources[side]).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
        }
        expect(c.readinessProbe).toBeDefined();
        expect(c.livenessProbe).toBeDefined();
        expect(handlerKey(c.readinessProbe)).not.toBe(handlerKey(c.livenessProbe));
        expect(c.volumeMounts).toContainEqual(expect.objectContaining({ mountPath: '/tmp', readOnly: false }));
        for (const port of c.ports ?? []) {
          expect(port.containerPort).toBeGreaterThanOrEqual(1024);
          expect(port.hostPort).toBeUndefined();
        }
        for (const e of c.env ?? []) {
          expect(e.valueFrom).toBeUndefined();
        }
      }

      expect(pdb.spec.selector).toEqual(dep.spec.selector);
      expect(pdb.spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
      expect(np.spec.podSelector).toEqual({ matchLabels: { [D.INSTANCE_LABEL]: props.name } });
      expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(np.spec.ingress.length).toBeGreaterThan(0);
      expect(np.spec.egress.length).toBeGreaterThan(0);
      for (const rule of [...np.spec.ingress, ...np.spec.egress]) {
        expect((rule.from ?? rule.to).length).toBeGreaterThan(0);
        expect(rule.ports.length).toBeGreaterThan(0);
      }
    }), { numRuns: 60 });
  });
});
