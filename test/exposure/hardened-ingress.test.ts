import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as D from '../../src/exposure/defaults';
import { HardenedIngress, HardenedIngressProps, IngressPathType, IngressRoute } from '../../src/exposure/hardened-ingress';
import { HardenedService } from '../../src/exposure/hardened-service';
import { IngressTls } from '../../src/exposure/ingress-tls';
import { HardenedDeployment } from '../../src/workloads/hardened-deployment';

const IMAGE = `registry.example.com/team/api:1.0.0@sha256:${'a'.repeat(64)}`;
const PATH = "HardenedIngress 'test/web'";
const CONTROLLER_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
};

function setup(props: Partial<HardenedIngressProps> = {}, routes?: (svc: HardenedService) => IngressRoute[]) {
  const chart = new Chart(Testing.app(), 'test');
  const api = new HardenedDeployment(chart, 'api', { namespace: 'shop', name: 'api', image: IMAGE, labels: { team: 'checkout' } });
  const svc = new HardenedService(chart, 'svc', { workload: api, ports: [{ port: 80, targetPort: 8080, name: 'http' }] });
  const ing = new HardenedIngress(chart, 'web', {
    name: 'shop',
    ingressClassName: 'nginx',
    tls: IngressTls.fromSecret('shop-tls'),
    routes: routes ? routes(svc) : [{ host: 'shop.example.com', backend: svc }],
    ...props,
  });
  const synth = () => Testing.synth(chart);
  const ingress = () => synth().find((o: any) => o.kind === 'Ingress');
  const policy = (name: string) => synth().find((o: any) => o.kind === 'NetworkPolicy' && o.metadata.name === name);
  return { chart, api, svc, ing, synth, ingress, policy };
}

function build(props: Partial<HardenedIngressProps>, routes?: (svc: HardenedService) => IngressRoute[]) {
  return () => setup(props, routes);
}

function controllerRules(np: any): any[] {
  return np.spec.ingress.filter((r: any) => JSON.stringify(r.from).includes('ingress-nginx'));
}

describe('HardenedIngress defaults', () => {
  test('matches the defaults snapshot (Ingress and the backend NetworkPolicy)', () => {
    const { ingress, policy } = setup();
    expect([ingress(), policy('api')]).toMatchSnapshot();
  });

  test('renders a networking.k8s.io/v1 Ingress in the backend\'s namespace with its class', () => {
    const { ing, ingress } = setup();
    expect(ingress().apiVersion).toBe('networking.k8s.io/v1');
    expect(ingress().metadata.namespace).toBe('shop');
    expect(ing.namespace).toBe('shop');
    expect(ingress().spec.ingressClassName).toBe('nginx');
    expect(ing.ingressClassName).toBe('nginx');
  });

  test('labels the Ingress like its first backend workload', () => {
    expect(setup().ingress().metadata.labels).toEqual({ 'team': 'checkout', 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' });
  });

  test('defaults a route to path / with pathType Prefix on the Service\'s first port', () => {
    expect(D.DEFAULT_INGRESS_PATH).toBe('/');
    expect(setup().ingress().spec.rules).toEqual([{
      host: 'shop.example.com',
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] },
    }]);
  });

  test('serves TLS for every host with the given Secret and writes no annotation', () => {
    const { ing, ingress } = setup();
    expect(ingress().spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-tls' }]);
    expect(ing.tlsSecretName).toBe('shop-tls');
    expect(ingress().metadata.annotations).toBeUndefined();
  });

  test('has no default backend: requests for other hosts and paths match nothing', () => {
    expect(setup().ingress().spec.defaultBackend).toBeUndefined();
  });

  test('admits the ingress-nginx controller pods on the target port of the backend workload', () => {
    expect(D.INGRESS_CONTROLLER_NAMESPACE).toBe('ingress-nginx');
    expect(D.INGRESS_CONTROLLER_POD_LABELS).toEqual({ 'app.kubernetes.io/name': 'ingress-nginx' });
    const { ing, policy } = setup();
    expect(ing.controllerNamespace).toBe('ingress-nginx');
    expect(ing.controllerPodLabels).toEqual({ 'app.kubernetes.io/name': 'ingress-nginx' });
    expect(controllerRules(policy('api'))).toEqual([{ from: [CONTROLLER_PEER], ports: [{ protocol: 'TCP', port: 8080 }] }]);
  });
});

describe('HardenedIngress TLS', () => {
  test('a cert-manager ClusterIssuer writes its annotation and derives the Secret name', () => {
    expect(D.TLS_SECRET_SUFFIX).toBe('-tls');
    const { ing, ingress } = setup({ tls: IngressTls.certManagerClusterIssuer('letsencrypt-production') });
    expect(ingress().metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-production' });
    expect(ingress().spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-tls' }]);
    expect(ing.tlsSecretName).toBe('shop-tls');
  });

  test('a cert-manager Issuer writes its annotation and keeps a given Secret name', () => {
    const { ingress } = setup({ tls: IngressTls.certManagerIssuer('shop-ca', { secretName: 'shop-certificate' }) });
    expect(ingress().metadata.annotations).toEqual({ 'cert-manager.io/issuer': 'shop-ca' });
    expect(ingress().spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-certificate' }]);
  });

  test('derives the Secret name from a generated Ingress name', () => {
    const { ing, ingress } = setup({ name: undefined, tls: IngressTls.certManagerClusterIssuer('le') });
    expect(ing.name).toMatch(/^test-web-c8[0-9a-f]{6}$/);
    expect(ingress().spec.tls[0].secretName).toBe(`${ing.name}-tls`);
  });
});

describe('HardenedIngress routes', () => {
  test('groups several hosts and paths into rules and lists every host once for TLS', () => {
    const { ingress } = setup({}, (svc) => [
      { host: 'shop.example.com', backend: svc },
      { host: 'shop.example.com', path: '/api/v1', pathType: IngressPathType.EXACT, backend: svc },
      { host: '*.shop.example.com', path: '/static', backend: svc, servicePort: 80 },
    ]);
    expect(ingress().spec.rules).toEqual([
      {
        host: 'shop.example.com',
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } },
            { path: '/api/v1', pathType: 'Exact', backend: { service: { name: 'api', port: { number: 80 } } } },
          ],
        },
      },
      { host: '*.shop.example.com', http: { paths: [{ path: '/static', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] } },
    ]);
    expect(ingress().spec.tls).toEqual([{ hosts: ['shop.example.com', '*.shop.example.com'], secretName: 'shop-tls' }]);
  });

  test('admits the controller once per backend workload and port, for every backend', () => {
    const { chart, ing, policy } = setup({}, (svc) => [
      { host: 'shop.example.com', backend: svc },
      { host: 'www.example.com', backend: svc },
    ]);
    const web = new HardenedDeployment(chart, 'frontend', { namespace: 'shop', name: 'frontend', image: IMAGE, port: 3000 });
    ing.addRoute({ host: 'www.example.com', path: '/app', backend: new HardenedService(chart, 'frontend-svc', { workload: web }) });
    expect(controllerRules(policy('api'))).toEqual([{ from: [CONTROLLER_PEER], ports: [{ protocol: 'TCP', port: 8080 }] }]);
    expect(controllerRules(policy('frontend'))).toEqual([{ from: [CONTROLLER_PEER], ports: [{ protocol: 'TCP', port: 3000 }] }]);
  });

  test('addRoute adds a rule and its host to the TLS hosts', () => {
    const { ing, svc, ingress } = setup();
    ing.addRoute({ host: 'api.example.com', backend: svc });
    expect(ingress().spec.rules.map((r: any) => r.host)).toEqual(['shop.example.com', 'api.example.com']);
    expect(ingress().spec.tls[0].hosts).toEqual(['shop.example.com', 'api.example.com']);
  });

  test('admits a configured controller namespace and pod labels', () => {
    const { policy } = setup({ controllerNamespace: 'edge', controllerPodLabels: { 'app.kubernetes.io/name': 'traefik' } });
    expect(policy('api').spec.ingress).toContainEqual({
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
      }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
  });

  test('keeps harmless controller annotations', () => {
    const { ingress } = setup({ annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m', 'nginx.ingress.kubernetes.io/rewrite-target': '/$2' } });
    expect(ingress().metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/proxy-body-size': '8m', 'nginx.ingress.kubernetes.io/rewrite-target': '/$2' });
  });
});

describe('HardenedIngress refusals', () => {
  test('fails when routes is empty', () => {
    const chart = Testing.chart();
    expect(() => new HardenedIngress(chart, 'web', { ingressClassName: 'nginx', tls: IngressTls.fromSecret('x'), routes: [] })).toThrow(
      `${PATH}: routes is empty; list at least one route ({ host, backend }): an Ingress without routes serves nothing`);
  });

  test('fails when the name is not a DNS-1123 subdomain', () => {
    expect(build({ name: 'Shop' })).toThrow(
      `${PATH}: name 'Shop' is not valid; use a DNS-1123 subdomain: at most 253 characters, lowercase alphanumerics, '-' or '.', starting and ending with an alphanumeric (at most 249, so the derived TLS Secret name fits)`);
  });

  test('fails when ingressClassName is not a class name', () => {
    expect(build({ ingressClassName: '' })).toThrow(
      `${PATH}: ingressClassName '' is not valid; use the name of an IngressClass (a DNS-1123 subdomain: at most 253 characters, lowercase alphanumerics, '-' or '.', starting and ending with an alphanumeric, e.g. 'nginx')`);
  });

  test('fails when tls is not an IngressTls', () => {
    expect(build({ tls: undefined as any })).toThrow(
      `${PATH}: tls undefined is not an IngressTls; use IngressTls.fromSecret(), IngressTls.certManagerClusterIssuer() or IngressTls.certManagerIssuer()`);
  });

  test('fails when controllerNamespace is not a namespace name', () => {
    expect(build({ controllerNamespace: 'Ingress' })).toThrow(
      `${PATH}: controllerNamespace 'Ingress' is not a valid namespace name; use a DNS-1123 label: at most 63 characters, lowercase alphanumerics or '-', starting and ending with an alphanumeric (e.g. 'ingress-nginx')`);
  });

  test('fails when controllerPodLabels is empty', () => {
    expect(build({ controllerPodLabels: {} })).toThrow(
      `${PATH}: controllerPodLabels is empty, which would admit every pod of the controller namespace; name the controller pods' labels (e.g. { 'app.kubernetes.io/name': 'ingress-nginx' })`);
  });

  test('fails when controllerPodLabels has an invalid value', () => {
    expect(build({ controllerPodLabels: { app: 'ingress nginx' } })).toThrow(
      `${PATH}: controllerPodLabels: label 'app' has invalid value "ingress nginx" (at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric)`);
  });

  test.each([
    ['Shop.example.com'],
    ['shop.*.example.com'],
    ['*'],
    ['**.example.com'],
    ['10.0.0.1'],
    ['shop_example.com'],
    [`${'a'.repeat(64)}.example.com`],
    [''],
  ])('fails when the host is %j', (host) => {
    expect(build({}, (svc) => [{ host, backend: svc }])).toThrow(
      `${PATH}: route 1 host ${JSON.stringify(host)} is not valid; use a DNS-1123 subdomain (lowercase alphanumerics, '-' or '.', not an IP), with a wildcard only as a leading '*.' (e.g. 'shop.example.com' or '*.example.com')`);
  });

  test('fails when the backend is not a HardenedService', () => {
    expect(build({}, () => [{ host: 'shop.example.com', backend: { name: 'api' } as any }])).toThrow(
      `${PATH}: route 1 backend {"name":"api"} is not a HardenedService; expose the workload with new HardenedService(scope, id, { workload })`);
  });

  test('fails when an added route\'s backend is not a HardenedService', () => {
    const { ing, api } = setup();
    expect(() => ing.addRoute({ host: 'shop.example.com', path: '/x', backend: api as any })).toThrow(
      `${PATH}: route 2 backend HardenedDeployment 'test/api' is not a HardenedService; expose the workload with new HardenedService(scope, id, { workload })`);
  });

  test('fails when a backend is in another namespace', () => {
    const { chart, ing } = setup();
    const other = new HardenedDeployment(chart, 'other', { namespace: 'billing', name: 'other', image: IMAGE });
    expect(() => ing.addRoute({ host: 'billing.example.com', backend: new HardenedService(chart, 'other-svc', { workload: other }) })).toThrow(
      `${PATH}: route 2 backend 'test/other-svc' is in namespace 'billing', not 'shop'; an Ingress can only route to Services of its own namespace, create one HardenedIngress per namespace`);
  });

  test.each([
    ['api'],
    ['/api;'],
    ['/a b'],
    ['/api{'],
    ['/api"'],
    ['/api\n'],
    ['/(.*)'],
  ])('fails when the path is %j', (path) => {
    expect(build({}, (svc) => [{ host: 'shop.example.com', path, backend: svc }])).toThrow(
      `${PATH}: route 1 path ${JSON.stringify(path)} is not allowed; use '/' followed by letters, digits, '.', '_', '~', '-' or '/' (e.g. '/api'): other characters end up in the controller's configuration (CVE-2026-24512)`);
  });

  test('fails when the pathType is ImplementationSpecific', () => {
    expect(build({}, (svc) => [{ host: 'shop.example.com', pathType: 'ImplementationSpecific' as IngressPathType, backend: svc }])).toThrow(
      `${PATH}: route 1 pathType 'ImplementationSpecific' is not allowed; use IngressPathType.PREFIX or IngressPathType.EXACT`);
  });

  test('fails when servicePort is not a port of the Service', () => {
    expect(build({}, (svc) => [{ host: 'shop.example.com', backend: svc, servicePort: 8080 }])).toThrow(
      `${PATH}: route 1 servicePort 8080 is not a port of Service 'api' (ports: 80); pass one of them or omit it for the first`);
  });

  test('fails when a host and path are routed twice', () => {
    expect(build({}, (svc) => [{ host: 'shop.example.com', backend: svc }, { host: 'shop.example.com', path: '/', backend: svc }])).toThrow(
      `${PATH}: route 2 repeats host 'shop.example.com' path '/' (Prefix); each host and path may be routed once`);
  });
});

describe('HardenedIngress annotations', () => {
  test.each([
    ['nginx.ingress.kubernetes.io/configuration-snippet'],
    ['nginx.ingress.kubernetes.io/server-snippet'],
    ['nginx.ingress.kubernetes.io/auth-snippet'],
    ['nginx.ingress.kubernetes.io/stream-snippet'],
    ['nginx.ingress.kubernetes.io/modsecurity-snippet'],
    ['nginx.org/server-snippets'],
    ['nginx.org/location-snippets'],
    ['haproxy.org/backend-config-snippet'],
  ])('fails on the snippet annotation %s', (key) => {
    expect(build({ annotations: { [key]: 'return 200;' } })).toThrow(
      `${PATH}: annotation '${key}' is a snippet annotation: raw controller configuration lets whoever writes the Ingress run code in the controller, which can read every Secret (CVE-2021-25742, CVE-2023-5043); remove it and configure the controller itself, or use a dedicated annotation`);
  });

  test.each([
    ['nginx.ingress.kubernetes.io/auth-url', 'CVE-2025-24514'],
    ['nginx.ingress.kubernetes.io/auth-tls-match-cn', 'CVE-2025-1097'],
    ['nginx.ingress.kubernetes.io/mirror-target', 'CVE-2025-1098'],
    ['nginx.ingress.kubernetes.io/mirror-host', 'CVE-2025-1098'],
    ['nginx.ingress.kubernetes.io/auth-proxy-set-headers', 'CVE-2025-15566'],
  ])('fails on the injection-prone annotation %s (%s)', (key, cve) => {
    expect(D.INJECTION_PRONE_ANNOTATIONS[key]).toBe(cve);
    expect(build({ annotations: { [key]: 'https://auth.example.com' } })).toThrow(
      `${PATH}: annotation '${key}' is refused: it was a configuration-injection vector in ingress-nginx (${cve}); remove it and configure the behaviour in the controller's ConfigMap or an auth proxy in front of the backend`);
  });

  test.each([
    ['8m;'], ['a{'], ['b}'], ['"x'], ["'x"], ['`x'], ['\\x'], ['#x'], ['1\n2'], ['1\r2'],
  ])('fails on an ingress-nginx annotation value %j', (value) => {
    expect(build({ annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': value } })).toThrow(
      `${PATH}: annotation 'nginx.ingress.kubernetes.io/proxy-body-size' has value ${JSON.stringify(value)} with a character that can inject nginx configuration (';', '{', '}', quotes, '#', '\\' or a newline); remove the character`);
  });

  test.each([
    ['kubernetes.io/ingress.class', 'the deprecated class annotation; use ingressClassName'],
    ['cert-manager.io/cluster-issuer', 'written by tls: IngressTls.certManagerClusterIssuer()'],
    ['cert-manager.io/issuer', 'written by tls: IngressTls.certManagerIssuer()'],
  ])('fails on the managed annotation %s', (key, why) => {
    expect(build({ annotations: { [key]: 'x' } })).toThrow(`${PATH}: annotation '${key}' is managed by this construct (${why}); remove it`);
  });

  test('fails on an invalid annotation key', () => {
    expect(build({ annotations: { '/x': 'y' } })).toThrow(
      `${PATH}: annotation key '/x' is not a valid annotation key; use an optional DNS subdomain prefix and '/', then at most 63 alphanumerics, '-', '_' or '.'`);
  });
});

describe('HardenedIngress escape hatch', () => {
  test('the Ingress is child Resource and ApiObject.of patches it', () => {
    const { ing, ingress } = setup();
    expect(ing.node.findChild('Resource')).toBe(ing.resource);
    ApiObject.of(ing.resource).addJsonPatch(JsonPatch.add('/metadata/annotations', { owner: 'team-a' }));
    expect(ingress().metadata.annotations).toEqual({ owner: 'team-a' });
    expect(ingress().spec.tls).toHaveLength(1);
  });
});
