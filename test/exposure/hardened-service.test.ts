import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as D from '../../src/exposure/defaults';
import { HardenedService, HardenedServiceProps } from '../../src/exposure/hardened-service';
import { LeastPrivilegeServiceAccount } from '../../src/rbac/least-privilege-service-account';
import { Hardening, OptOut, STRICT_CONTEXT_KEY } from '../../src/warnings';
import { HardenedDeployment, HardenedDeploymentProps } from '../../src/workloads/hardened-deployment';
import { EgressRule, IngressRule } from '../../src/workloads/network-rules';
import { ConnectOptions, IHardenedWorkload } from '../../src/workloads/workload';

const IMAGE = `registry.example.com/team/api:1.0.0@sha256:${'a'.repeat(64)}`;
const SIDECAR_IMAGE = `registry.example.com/team/metrics@sha256:${'b'.repeat(64)}`;
const PATH = "HardenedService 'test/svc'";
const because = OptOut.because('edge proxy needs it, SEC-200');

function setup(props: Partial<HardenedServiceProps> = {}, workload: Partial<HardenedDeploymentProps> = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const api = new HardenedDeployment(chart, 'api', { namespace: 'shop', name: 'api', image: IMAGE, ...workload });
  const svc = new HardenedService(chart, 'svc', { workload: api, ...props });
  const synth = () => Testing.synth(chart);
  const service = () => synth().find((o: any) => o.kind === 'Service');
  const policy = (name: string) => synth().find((o: any) => o.kind === 'NetworkPolicy' && o.metadata.name === name);
  return { app, chart, api, svc, synth, service, policy };
}

function build(props: Partial<HardenedServiceProps>, workload: Partial<HardenedDeploymentProps> = {}) {
  return () => setup(props, workload);
}

function warningIds(scope: Construct): string[] {
  return Hardening.of(scope).warnings.map((w) => w.id);
}

/** An IHardenedWorkload whose pods declare no port (e.g. a queue consumer), to test the contract alone. */
class PortlessWorkload extends Construct implements IHardenedWorkload {
  public readonly name = 'consumer';
  public readonly namespace = 'shop';
  public readonly labels = { 'app.kubernetes.io/instance': 'consumer' };
  public readonly selectorLabels = { 'app.kubernetes.io/instance': 'consumer' };
  public readonly port = undefined;
  public readonly serviceAccount: LeastPrivilegeServiceAccount;
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    this.serviceAccount = new LeastPrivilegeServiceAccount(this, 'ServiceAccount', { namespace: 'shop', name: 'consumer' });
  }
  public declaredPorts(): number[] { return []; }
  public allowIngress(_rule: IngressRule): void { throw new Error('unexpected allowIngress'); }
  public allowEgress(_rule: EgressRule): void { throw new Error('unexpected allowEgress'); }
  public connectTo(_target: IHardenedWorkload, _options?: ConnectOptions): void { throw new Error('unexpected connectTo'); }
}

describe('HardenedService defaults', () => {
  test('matches the defaults snapshot', () => {
    expect(setup().service()).toMatchSnapshot();
  });

  test('defaults to type ClusterIP, reachable only inside the cluster', () => {
    expect(D.SERVICE_TYPE).toBe('ClusterIP');
    const { svc, service } = setup();
    expect(service().spec.type).toBe('ClusterIP');
    expect(svc.type).toBe('ClusterIP');
  });

  test('selects exactly the workload\'s pods with its selector labels', () => {
    const { api, service } = setup();
    expect(service().spec.selector).toEqual(api.selectorLabels);
    expect(service().spec.selector).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' });
  });

  test('defaults to one TCP port named http on the workload\'s main port', () => {
    expect(D.DEFAULT_SERVICE_PORT_NAME).toBe('http');
    const { svc, service } = setup({}, { port: 9000 });
    expect(service().spec.ports).toEqual([{ name: 'http', port: 9000, targetPort: 9000, protocol: 'TCP' }]);
    expect(svc.port).toBe(9000);
    expect(svc.servicePorts).toEqual([9000]);
  });

  test('defaults its name, namespace and labels to the workload\'s', () => {
    const { svc, service } = setup({}, { labels: { team: 'checkout' } });
    expect(svc.name).toBe('api');
    expect(svc.namespace).toBe('shop');
    expect(service().metadata).toEqual({
      name: 'api',
      namespace: 'shop',
      labels: { 'team': 'checkout', 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' },
    });
  });

  test('exposes the DNS name, the port and the workload', () => {
    const { svc, api } = setup({ name: 'api-public' });
    expect(svc.dnsName).toBe('api-public.shop.svc');
    expect(svc.workload).toBe(api);
    expect(svc.targetPortOf()).toBe(8080);
  });

  test('writes no node port, load balancer, external IPs or annotations and records no warning', () => {
    const { svc, service } = setup();
    expect(Object.keys(service().spec).sort()).toEqual(['ports', 'selector', 'type']);
    expect(service().metadata.annotations).toBeUndefined();
    expect(warningIds(svc)).toEqual([]);
  });
});

describe('HardenedService ports', () => {
  test('maps a service port to a different container port', () => {
    const { svc, service } = setup({ ports: [{ port: 80, targetPort: 8080 }] });
    expect(service().spec.ports).toEqual([{ name: 'tcp-80', port: 80, targetPort: 8080, protocol: 'TCP' }]);
    expect(svc.port).toBe(80);
    expect(svc.targetPortOf(80)).toBe(8080);
  });

  test('names ports <protocol>-<port> unless named, and maps ports of sidecars', () => {
    const { service } = setup(
      { ports: [{ port: 443, targetPort: 8080, name: 'https' }, { port: 9090 }] },
      { sidecars: [{ name: 'metrics', image: SIDECAR_IMAGE, port: 9090 }] },
    );
    expect(service().spec.ports).toEqual([
      { name: 'https', port: 443, targetPort: 8080, protocol: 'TCP' },
      { name: 'tcp-9090', port: 9090, targetPort: 9090, protocol: 'TCP' },
    ]);
  });

  test('keeps the protocol of a port', () => {
    const { service } = setup({ ports: [{ port: 8080, protocol: kplus.Protocol.UDP }] });
    expect(service().spec.ports).toEqual([{ name: 'udp-8080', port: 8080, targetPort: 8080, protocol: 'UDP' }]);
  });

  test('fails when ports is empty', () => {
    expect(build({ ports: [] })).toThrow(`${PATH}: ports is an empty list; omit it for the workload's main port, or list at least one port`);
  });

  test('fails when a port is out of range', () => {
    expect(build({ ports: [{ port: 0 }] })).toThrow(`${PATH}: port 1 has port 0; use an integer between 1 and 65535`);
  });

  test('fails when a targetPort is out of range', () => {
    expect(build({ ports: [{ port: 80, targetPort: 70000 }] })).toThrow(`${PATH}: port 1 has targetPort 70000; use an integer between 1 and 65535`);
  });

  test('fails when the target port is not declared by the workload', () => {
    expect(build({ ports: [{ port: 80 }] })).toThrow(
      `${PATH}: port 1 targets container port 80, which no container of workload 'test/api' declares (declared: 8080); target a declared port, e.g. { port: 80, targetPort: 8080 }`);
  });

  test('fails when a port name is not a DNS-1123 label', () => {
    expect(build({ ports: [{ port: 8080, name: 'HTTP' }] })).toThrow(
      `${PATH}: port 1 name 'HTTP' is not valid; use a DNS-1123 label: at most 63 characters, lowercase alphanumerics or '-', starting and ending with an alphanumeric`);
  });

  test('fails when two ports share a name', () => {
    expect(build({ ports: [{ port: 80, targetPort: 8080, name: 'web' }, { port: 81, targetPort: 8080, name: 'web' }] })).toThrow(
      `${PATH}: port 2 name 'web' is already used; give each port a unique name`);
  });

  test('fails when a port and protocol repeat', () => {
    expect(build({ ports: [{ port: 80, targetPort: 8080, name: 'a' }, { port: 80, targetPort: 8080, name: 'b' }] })).toThrow(
      `${PATH}: port 2 repeats port 80/TCP; each Service port and protocol may appear once`);
  });

  test('fails when the workload declares no port and none is given', () => {
    const chart = Testing.chart();
    const consumer = new PortlessWorkload(chart, 'consumer');
    expect(() => new HardenedService(chart, 'svc', { workload: consumer })).toThrow(
      "HardenedService 'test/svc': workload 'test/consumer' declares no container port; give it a port, or list ports the workload declares");
  });

  test('fails when the workload is not a hardened workload', () => {
    const chart = Testing.chart();
    expect(() => new HardenedService(chart, 'svc', { workload: undefined as any })).toThrow(
      "HardenedService 'test/svc': workload undefined is not a hardened workload; pass a HardenedDeployment or another IHardenedWorkload");
  });

  test('fails when the name is not a DNS-1035 label', () => {
    expect(build({ name: '1api' })).toThrow(
      `${PATH}: name '1api' is not a valid Service name; use a DNS-1035 label: at most 63 characters, lowercase alphanumerics or '-', starting with a letter and ending with an alphanumeric`);
  });

  test('fails when targetPortOf names a port the Service does not have', () => {
    const { svc } = setup();
    expect(() => svc.targetPortOf(81)).toThrow(`${PATH}: targetPortOf: port 81 is not a port of this Service (ports: 8080); pass one of them`);
  });
});

describe('HardenedService allowFrom', () => {
  test('writes the client egress and the workload ingress on the target port', () => {
    const { chart, svc, policy } = setup({ ports: [{ port: 80, targetPort: 8080 }] });
    const worker = new HardenedDeployment(chart, 'worker', { namespace: 'shop', name: 'worker', image: IMAGE, port: 9090 });
    svc.allowFrom(worker);
    expect(policy('worker').spec.egress).toContainEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'api' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
    expect(policy('api').spec.ingress).toContainEqual({
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'worker' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
  });

  test('works across namespaces with namespace selectors on both sides', () => {
    const { chart, svc, policy } = setup();
    const worker = new HardenedDeployment(chart, 'worker', { namespace: 'jobs', name: 'worker', image: IMAGE, port: 9090 });
    svc.allowFrom(worker);
    expect(policy('worker').spec.egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'api' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
    expect(policy('api').spec.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'jobs' } }, podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'worker' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
  });

  test('maps the chosen service port to its own target port and protocol', () => {
    const { chart, svc, policy } = setup(
      { ports: [{ port: 80, targetPort: 8080 }, { port: 9000, targetPort: 9090, protocol: kplus.Protocol.UDP }] },
      { sidecars: [{ name: 'metrics', image: SIDECAR_IMAGE, port: 9090 }] },
    );
    const worker = new HardenedDeployment(chart, 'worker', { namespace: 'shop', name: 'worker', image: IMAGE, port: 7070 });
    svc.allowFrom(worker, { port: 9000 });
    expect(policy('worker').spec.egress).toContainEqual(expect.objectContaining({ ports: [{ protocol: 'UDP', port: 9090 }] }));
    expect(policy('api').spec.ingress).toContainEqual(expect.objectContaining({ ports: [{ protocol: 'UDP', port: 9090 }] }));
  });

  test('fails when the port is not a port of the Service', () => {
    const { chart, svc } = setup({ ports: [{ port: 80, targetPort: 8080 }] });
    const worker = new HardenedDeployment(chart, 'worker', { namespace: 'shop', name: 'worker', image: IMAGE, port: 9090 });
    expect(() => svc.allowFrom(worker, { port: 8080 })).toThrow(`${PATH}: allowFrom: port 8080 is not a port of this Service (ports: 80); pass one of them`);
  });

  test('fails when the client is the Service\'s own workload', () => {
    const { svc, api } = setup();
    expect(() => svc.allowFrom(api)).toThrow(
      `${PATH}: allowFrom names the Service's own workload 'test/api'; its pods need no NetworkPolicy rule to reach each other through it`);
  });
});

describe('HardenedService opt-outs', () => {
  test('nodePort makes a NodePort Service and records a warning', () => {
    const { svc, service } = setup({ nodePort: because });
    expect(service().spec.type).toBe('NodePort');
    expect(Hardening.of(svc).warnings).toEqual([{
      id: 'HardenedService.NodePort',
      message: 'opens ports 8080 on every node of the cluster (nodePort): edge proxy needs it, SEC-200',
      path: 'test/svc',
      acknowledgedReason: undefined,
    }]);
  });

  test('loadBalancer makes a LoadBalancer without node ports and records a warning', () => {
    const { svc, service } = setup({ loadBalancer: because });
    expect(service().spec.type).toBe('LoadBalancer');
    expect(service().spec.allocateLoadBalancerNodePorts).toBe(false);
    expect(svc.type).toBe('LoadBalancer');
    expect(Hardening.of(svc).warnings.map((w) => [w.id, w.message])).toEqual([
      ['HardenedService.LoadBalancer', 'exposes ports 8080 through an external load balancer: edge proxy needs it, SEC-200'],
    ]);
  });

  test('loadBalancer with nodePort lets the load balancer allocate node ports and records both warnings', () => {
    const { svc, service } = setup({ loadBalancer: because, nodePort: because });
    expect(service().spec.type).toBe('LoadBalancer');
    expect(service().spec.allocateLoadBalancerNodePorts).toBeUndefined();
    expect(warningIds(svc)).toEqual(['HardenedService.NodePort', 'HardenedService.LoadBalancer']);
  });

  test('loadBalancerSourceRanges restricts the load balancer clients', () => {
    const { service } = setup({ loadBalancer: because, loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'] });
    expect(service().spec.loadBalancerSourceRanges).toEqual(['203.0.113.0/24', '2001:db8::/32']);
  });

  test('externalIPs writes the IPs and records a warning naming CVE-2020-8554', () => {
    const { svc, service } = setup({ externalIPs: { ips: ['198.51.100.10', '2001:db8::1', '198.51.100.10'], optOut: because } });
    expect(service().spec.externalIPs).toEqual(['198.51.100.10', '2001:db8::1']);
    expect(service().spec.type).toBe('ClusterIP');
    expect(Hardening.of(svc).warnings.map((w) => [w.id, w.message])).toEqual([[
      'HardenedService.ExternalIPs',
      'claims external IPs 198.51.100.10, 2001:db8::1 on every node (CVE-2020-8554: traffic to these IPs is intercepted cluster-wide): edge proxy needs it, SEC-200',
    ]]);
  });

  test('keeps annotations for the cloud load balancer', () => {
    const { service } = setup({ loadBalancer: because, annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } });
    expect(service().metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' });
  });

  test('fails synthesis in strict mode until the opt-out is acknowledged', () => {
    const app = Testing.app();
    app.node.setContext(STRICT_CONTEXT_KEY, true);
    const chart = new Chart(app, 'test');
    const api = new HardenedDeployment(chart, 'api', { namespace: 'shop', name: 'api', image: IMAGE });
    const svc = new HardenedService(chart, 'svc', { workload: api, nodePort: because });
    expect(() => app.synth()).toThrow(/\[HardenedService.NodePort\] opens ports 8080 on every node of the cluster \(nodePort\): edge proxy needs it, SEC-200/);
    Hardening.of(svc).acknowledge('HardenedService.NodePort', 'bare-metal cluster without load balancer');
    expect(() => app.synth()).not.toThrow();
  });

  test('fails when loadBalancerSourceRanges is set without loadBalancer', () => {
    expect(build({ loadBalancerSourceRanges: ['10.0.0.0/8'] })).toThrow(
      `${PATH}: loadBalancerSourceRanges is set but the Service is not a LoadBalancer; remove it, or pass loadBalancer: OptOut.because('<why>')`);
  });

  test('fails when loadBalancerSourceRanges is empty', () => {
    expect(build({ loadBalancer: because, loadBalancerSourceRanges: [] })).toThrow(
      `${PATH}: loadBalancerSourceRanges is an empty list; omit it or list the client CIDRs (e.g. '203.0.113.0/24')`);
  });

  test('fails when a loadBalancerSourceRanges entry is not a CIDR', () => {
    expect(build({ loadBalancer: because, loadBalancerSourceRanges: ['203.0.113.7'] })).toThrow(
      `${PATH}: loadBalancerSourceRanges entry '203.0.113.7' is not a CIDR; use e.g. '203.0.113.0/24'`);
  });

  test('fails when externalIPs lists no IP', () => {
    expect(build({ externalIPs: { ips: [], optOut: because } })).toThrow(`${PATH}: externalIPs lists no IP; remove the opt-out or name the IPs`);
  });

  test('fails when an externalIPs entry is not a single IP', () => {
    expect(build({ externalIPs: { ips: ['198.51.100.0/24'], optOut: because } })).toThrow(
      `${PATH}: externalIPs entry '198.51.100.0/24' is not an IP address; use a single IPv4 or IPv6 address such as '198.51.100.10'`);
  });

  test('fails when an annotation key is invalid', () => {
    expect(build({ annotations: { 'bad key': 'x' } })).toThrow(
      `${PATH}: annotation key 'bad key' is not a valid annotation key; use an optional DNS subdomain prefix and '/', then at most 63 alphanumerics, '-', '_' or '.'`);
  });

  test('fails when an annotation value is not a string', () => {
    expect(build({ annotations: { owner: 42 as any } })).toThrow(`${PATH}: annotation 'owner' has value 42; use a string`);
  });
});

describe('HardenedService escape hatch', () => {
  test('the Service is child Resource and ApiObject.of patches it', () => {
    const { svc, service } = setup();
    expect(svc.node.findChild('Resource')).toBe(svc.resource);
    ApiObject.of(svc.resource).addJsonPatch(JsonPatch.add('/spec/sessionAffinity', 'ClientIP'));
    expect(service().spec.sessionAffinity).toBe('ClientIP');
    expect(service().spec.type).toBe('ClusterIP');
  });
});
