import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { ExternalNameService, ExternalNameServiceProps } from '../../src/exposure/external-name-service';
import { Hardening, OptOut } from '../../src/warnings';

const PATH = "ExternalNameService 'test/db'";
const because = OptOut.because('managed database outside the cluster, SEC-310');

function setup(props: Partial<ExternalNameServiceProps> = {}) {
  const chart = Testing.chart();
  const svc = new ExternalNameService(chart, 'db', { namespace: 'shop', name: 'db', externalName: 'db.example.com', optOut: because, ...props });
  return { chart, svc, service: () => Testing.synth(chart).find((o: any) => o.kind === 'Service') };
}

describe('ExternalNameService', () => {
  test('matches the snapshot', () => {
    expect(setup().service()).toMatchSnapshot();
  });

  test('renders an ExternalName Service without a selector or ports', () => {
    const { svc, service } = setup();
    expect(service().spec).toEqual({ type: 'ExternalName', externalName: 'db.example.com' });
    expect(service().metadata).toEqual({ name: 'db', namespace: 'shop' });
    expect([svc.name, svc.namespace, svc.externalName, svc.dnsName]).toEqual(['db', 'shop', 'db.example.com', 'db.shop.svc']);
  });

  test('records the opt-out as a warning', () => {
    expect(Hardening.of(setup().svc).warnings.map((w) => [w.id, w.message])).toEqual([[
      'ExternalNameService.ExternalName',
      "aliases 'db.shop.svc' to the external name 'db.example.com': managed database outside the cluster, SEC-310",
    ]]);
  });

  test('the Service is child Resource and ApiObject.of patches it', () => {
    const { svc, service } = setup();
    expect(svc.node.findChild('Resource')).toBe(svc.resource);
    ApiObject.of(svc.resource).addJsonPatch(JsonPatch.add('/metadata/labels', { team: 'shop' }));
    expect(service().metadata.labels).toEqual({ team: 'shop' });
  });

  test.each([['default'], ['kube-system'], ['Shop']])('fails in namespace %j', (namespace) => {
    expect(() => setup({ namespace })).toThrow(
      `${PATH}: namespace '${namespace}' is not allowed; use a DNS-1123 label: at most 63 characters, lowercase alphanumerics or '-', starting and ending with an alphanumeric, not default, kube-system, kube-public, kube-node-lease`);
  });

  test('fails when the name is not a DNS-1035 label', () => {
    expect(() => setup({ name: '9db' })).toThrow(
      `${PATH}: name '9db' is not a valid Service name; use a DNS-1035 label: at most 63 characters, lowercase alphanumerics or '-', starting with a letter and ending with an alphanumeric`);
  });

  test.each([['169.254.169.254'], ['10.0.0.1'], ['DB.example.com'], ['db..example.com']])('fails when externalName is %j', (externalName) => {
    expect(() => setup({ externalName })).toThrow(
      `${PATH}: externalName '${externalName}' is not allowed; use a DNS name (a DNS-1123 subdomain, not an IP address), e.g. 'db.example.com'`);
  });

  test.each([['localhost'], ['api.localhost'], ['metadata.google.internal'], ['metadata.azure.internal']])('fails when externalName is the local or metadata name %j', (externalName) => {
    expect(() => setup({ externalName })).toThrow(
      `${PATH}: externalName '${externalName}' points at a local or cloud metadata endpoint (localhost, metadata.google.internal, metadata.azure.internal), which would turn the alias into server-side request forgery; name the external service's own host`);
  });

  test('fails without an OptOut', () => {
    expect(() => setup({ optOut: undefined as any })).toThrow(
      `${PATH}: optOut undefined is not an OptOut; pass optOut: OptOut.because('<why an in-cluster alias is needed>')`);
  });
});
