import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { Compliance } from '../../src/compliance/compliance';
import { HardenedIngress, IngressPathType, IngressRoute } from '../../src/exposure/hardened-ingress';
import { HardenedService, ServicePort } from '../../src/exposure/hardened-service';
import { IngressTls } from '../../src/exposure/ingress-tls';
import { SecureNamespace } from '../../src/namespace/secure-namespace';
import { Attestor } from '../../src/supply-chain/attestor';
import { SignedImagePolicy } from '../../src/supply-chain/signed-image-policy';
import * as WD from '../../src/workloads/defaults';
import { HardenedDeployment } from '../../src/workloads/hardened-deployment';

const REGISTRY = 'registry.example.com';
const IMAGE = `${REGISTRY}/team/api:1.0.0@sha256:${'a'.repeat(64)}`;
const NOW = new Date('2026-01-01T00:00:00Z');

const dnsLabel = fc.stringMatching(/^[a-z]([a-z0-9-]{0,12}[a-z0-9])?$/);
const namespace = dnsLabel.filter((n) => !WD.FORBIDDEN_NAMESPACES.includes(n) && n !== 'ingress-nginx');
const host = fc.tuple(fc.boolean(), fc.array(dnsLabel, { minLength: 1, maxLength: 3 }), fc.constantFrom('example.com', 'example.org'))
  .map(([wildcard, labels, domain]) => `${wildcard ? '*.' : ''}${labels.join('.')}.${domain}`);
const path = fc.array(fc.stringMatching(/^[A-Za-z0-9._~-]{1,8}$/), { maxLength: 3 }).map((parts) => `/${parts.join('/')}`);
const tls = fc.constantFrom(
  () => IngressTls.fromSecret('site-tls'),
  () => IngressTls.certManagerClusterIssuer('letsencrypt-production'),
  () => IngressTls.certManagerIssuer('team-ca', { secretName: 'team-cert' }),
);
const annotations = fc.subarray([
  ['nginx.ingress.kubernetes.io/proxy-body-size', '8m'],
  ['nginx.ingress.kubernetes.io/rewrite-target', '/$1'],
  ['nginx.ingress.kubernetes.io/ssl-redirect', 'true'],
  ['example.com/owner', 'team-a'],
] as Array<[string, string]>).map((pairs) => Object.fromEntries(pairs));

const scenario = fc.record({
  namespace,
  clientNamespace: fc.option(namespace, { nil: undefined }),
  port: fc.integer({ min: 1024, max: 60000 }),
  sidecar: fc.boolean(),
  servicePorts: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 3 }),
  namedPorts: fc.boolean(),
  routes: fc.array(fc.tuple(host, path, fc.constantFrom(IngressPathType.PREFIX, IngressPathType.EXACT)), { minLength: 1, maxLength: 4 }),
  tls,
  annotations,
  controller: fc.option(fc.tuple(dnsLabel, dnsLabel), { nil: undefined }),
}).filter((s) => s.clientNamespace !== s.namespace);

function uniqueRoutes(routes: Array<[string, string, IngressPathType]>): Array<[string, string, IngressPathType]> {
  const seen = new Set<string>();
  return routes.filter(([h, p, t]) => !seen.has(`${h} ${p} ${t}`) && seen.add(`${h} ${p} ${t}`) !== undefined);
}

describe('exposure properties', () => {
  test('any valid Service and Ingress props, with the HardenedDeployment they expose, are clean on pss-restricted and hardened', () => {
    fc.assert(fc.property(scenario, (s) => {
      const chart = new Chart(Testing.app(), 'test');
      new SecureNamespace(chart, 'ns', { name: s.namespace, environment: 'production' });
      const sidecarPort = s.port === 60000 ? 1024 : s.port + 1;
      const api = new HardenedDeployment(chart, 'api', {
        namespace: s.namespace,
        name: 'api',
        image: IMAGE,
        port: s.port,
        sidecars: s.sidecar ? [{ name: 'metrics', image: IMAGE, port: sidecarPort }] : undefined,
      });
      const declared = api.declaredPorts();
      const ports: ServicePort[] = s.servicePorts.map((port, i) => ({
        port,
        targetPort: declared[i % declared.length],
        name: s.namedPorts ? `port-${i}` : undefined,
      }));
      const svc = new HardenedService(chart, 'svc', { workload: api, ports });
      if (s.clientNamespace) {
        new SecureNamespace(chart, 'client-ns', { name: s.clientNamespace, environment: 'production' });
        const client = new HardenedDeployment(chart, 'client', { namespace: s.clientNamespace, name: 'client', image: IMAGE, port: 9999 === s.port ? 9998 : 9999 });
        svc.allowFrom(client, { port: s.servicePorts[s.servicePorts.length - 1] });
      }
      const routes: IngressRoute[] = uniqueRoutes(s.routes).map(([h, p, t], i) => ({
        host: h, path: p, pathType: t, backend: svc, servicePort: s.servicePorts[i % s.servicePorts.length],
      }));
      new HardenedIngress(chart, 'web', {
        name: 'site',
        ingressClassName: 'nginx',
        tls: s.tls(),
        routes,
        annotations: s.annotations,
        controllerNamespace: s.controller?.[0],
        controllerPodLabels: s.controller ? { 'app.kubernetes.io/name': s.controller[1] } : undefined,
      });
      new SignedImagePolicy(chart, 'signed', { imageReferences: [`${REGISTRY}/*`], attestors: [Attestor.githubActions({ repository: 'org/api' })] });

      const objects = Testing.synth(chart);
      for (const pack of ['pss-restricted', 'hardened']) {
        const report = Compliance.evaluate(objects, { pack, now: NOW });
        expect(report.findings.map((f) => `${pack} ${f.checkId}: ${f.detail}`)).toEqual([]);
      }

      const service = objects.find((o: any) => o.kind === 'Service');
      const ingress = objects.find((o: any) => o.kind === 'Ingress');
      const policy = objects.find((o: any) => o.kind === 'NetworkPolicy' && o.metadata.name === 'api');
      expect(service.spec.type).toBe('ClusterIP');
      expect(service.spec.externalIPs).toBeUndefined();
      expect(service.spec.selector).toEqual(api.selectorLabels);
      for (const p of service.spec.ports) expect(declared).toContain(p.targetPort);
      expect(ingress.spec.ingressClassName).toBe('nginx');
      expect(ingress.spec.defaultBackend).toBeUndefined();
      expect(ingress.spec.tls).toHaveLength(1);
      expect([...ingress.spec.tls[0].hosts].sort()).toEqual([...new Set(routes.map((r) => r.host))].sort());
      const controllerNamespace = s.controller?.[0] ?? 'ingress-nginx';
      const targetPorts = new Set(routes.map((r) => svc.targetPortOf(r.servicePort)));
      for (const port of targetPorts) {
        expect(policy.spec.ingress).toContainEqual({
          from: [expect.objectContaining({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': controllerNamespace } } })],
          ports: [{ protocol: 'TCP', port }],
        });
      }
      for (const key of Object.keys(ingress.metadata.annotations ?? {})) expect(key).not.toMatch(/snippet/);
    }), { numRuns: 40 });
  });
});
