import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as D from './defaults';
import { DNS1035_LABEL_RULE, annotationProblem, describeValue, isDns1035Label, isIpAddress, isPort } from './validation';
import { constructError, quote } from '../private/errors';
import { DNS1123_LABEL_RULE, isDns1123Label } from '../private/validation';
import { Hardening, OptOut } from '../warnings';
import { isCidr } from '../workloads/network-rules';
import { IHardenedWorkload } from '../workloads/workload';

const WARNING_PREFIX = 'HardenedService.';

/**
 * One port of a HardenedService.
 */
export interface ServicePort {
  /** The port clients connect to on the Service (e.g. 80). */
  readonly port: number;

  /**
   * The workload's container port the traffic goes to (it must be declared by a container of the workload).
   *
   * @default - the same number as `port`
   */
  readonly targetPort?: number;

  /**
   * The port's name (a DNS-1123 label, unique in the Service).
   *
   * @default - `http` for the single default port; `<protocol>-<port>` (e.g. `tcp-443`) otherwise
   */
  readonly name?: string;

  /**
   * Transport protocol.
   *
   * @default kplus.Protocol.TCP
   */
  readonly protocol?: kplus.Protocol;
}

/**
 * Fixed external IPs on a Service, with the reason.
 */
export interface ExternalIpsOptOut {
  /** The IP addresses (IPv4 or IPv6, no ranges) nodes accept traffic for. */
  readonly ips: string[];

  /** Why the Service needs them. */
  readonly optOut: OptOut;
}

/**
 * Properties of a HardenedService.
 */
export interface HardenedServiceProps {
  /**
   * The workload whose pods receive the traffic.
   *
   * The Service selects exactly its pods, in its namespace.
   */
  readonly workload: IHardenedWorkload;

  /**
   * `metadata.name` of the Service (a DNS-1035 label: it becomes a DNS name and environment variable prefixes).
   *
   * @default - the workload's name
   */
  readonly name?: string;

  /**
   * The ports, each mapped to a container port of the workload.
   *
   * @default - one port named `http`, the workload's main port on both sides
   */
  readonly ports?: ServicePort[];

  /**
   * Extra annotations (e.g. for a cloud load balancer).
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * Makes the Service a NodePort: every node of the cluster listens on a port (30000-32767) for it.
   *
   * Security note: the pods become reachable from anything that reaches a node IP, bypassing the
   * ingress controller and its TLS; NetworkPolicies still apply, but source IPs may be rewritten by the node.
   * With `loadBalancer`, it also lets the load balancer allocate node ports.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
   * @default - ClusterIP: reachable only inside the cluster
   */
  readonly nodePort?: OptOut;

  /**
   * Makes the Service a LoadBalancer: the cloud provisions an external load balancer for it.
   *
   * Security note: the pods become reachable from outside the cluster (usually the internet) without
   * the ingress controller's TLS and routing. Restrict `loadBalancerSourceRanges`. Node ports are not
   * allocated (`allocateLoadBalancerNodePorts: false`) unless `nodePort` is set too, which load
   * balancers that target node ports need.
   *
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer
   * @default - ClusterIP: reachable only inside the cluster
   */
  readonly loadBalancer?: OptOut;

  /**
   * The client CIDRs a LoadBalancer accepts (only with `loadBalancer`).
   *
   * @default - every source the cloud load balancer allows (usually 0.0.0.0/0)
   */
  readonly loadBalancerSourceRanges?: string[];

  /**
   * IPs for which every node accepts traffic to the Service.
   *
   * Security note: anyone who may create or update Services can claim any IP, including another
   * tenant's or an external one, and intercept its traffic (CVE-2020-8554, unfixed by design); clusters
   * often forbid the field by admission policy.
   *
   * @see https://github.com/kubernetes/kubernetes/issues/97076
   * @default - none
   */
  readonly externalIPs?: ExternalIpsOptOut;
}

/**
 * Options of `HardenedService.allowFrom`.
 */
export interface AllowFromOptions {
  /**
   * The Service port the client connects to.
   *
   * @default - the Service's first port
   */
  readonly port?: number;
}

interface ResolvedPort {
  readonly name: string;
  readonly port: number;
  readonly targetPort: number;
  readonly protocol: kplus.Protocol;
}

/**
 * A ClusterIP Service for a hardened workload.
 *
 * The selector is the workload's own selector labels and every port maps to a port a container of the
 * workload declares, so the Service can never route to another workload's pods or to a port nothing
 * listens on. Each default closes one threat:
 * - `type: ClusterIP`: nothing outside the cluster reaches the pods except through the ingress
 *   controller; NodePort, LoadBalancer and `externalIPs` are named opt-outs with a warning.
 * - no `externalIPs`: no traffic interception through a claimed IP (CVE-2020-8554).
 * - `allowFrom(client)` writes the client's egress and the workload's ingress NetworkPolicy rules on
 *   the target port, so the Service port a client uses is the only thing a user writes.
 *
 * Child id `Resource` is the Service (`ApiObject.of(svc.resource)` is the escape hatch).
 */
export class HardenedService extends Construct {
  /** `metadata.name` of the Service. */
  public readonly name: string;

  /** The namespace (the workload's). */
  public readonly namespace: string;

  /** The in-cluster DNS name: `<name>.<namespace>.svc`. */
  public readonly dnsName: string;

  /** The first Service port (what clients connect to by default). */
  public readonly port: number;

  /** Every Service port, in order. */
  public readonly servicePorts: number[];

  /** The workload behind the Service. */
  public readonly workload: IHardenedWorkload;

  /** The Service type: `ClusterIP` unless an opt-out asks for `NodePort` or `LoadBalancer`. */
  public readonly type: string;

  /** The Service object (child id `Resource`). */
  public readonly resource: ApiObject;

  private readonly ports: ResolvedPort[];

  public constructor(scope: Construct, id: string, props: HardenedServiceProps) {
    super(scope, id);
    if (typeof props.workload?.declaredPorts !== 'function') {
      throw constructError(this, `workload ${describeValue(props.workload)} is not a hardened workload; pass a HardenedDeployment or another IHardenedWorkload`);
    }
    this.workload = props.workload;
    this.namespace = props.workload.namespace;
    this.name = props.name ?? props.workload.name;
    if (!isDns1035Label(this.name)) {
      throw constructError(this, `name ${quote(this.name)} is not a valid Service name; use ${DNS1035_LABEL_RULE}`);
    }
    this.dnsName = `${this.name}.${this.namespace}.svc`;
    this.ports = this.resolvePorts(props.ports);
    this.port = this.ports[0].port;
    this.servicePorts = this.ports.map((p) => p.port);

    const annotations = props.annotations ?? {};
    for (const [key, value] of Object.entries(annotations)) {
      const problem = annotationProblem(key, value);
      if (problem) throw constructError(this, `annotation ${problem}`);
    }

    this.type = props.loadBalancer ? 'LoadBalancer' : props.nodePort ? 'NodePort' : D.SERVICE_TYPE;
    const spec: { [key: string]: any } = {
      type: this.type,
      selector: { ...props.workload.selectorLabels },
      ports: this.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: p.protocol })),
    };
    if (props.nodePort) {
      this.warn('NodePort', `opens ports ${this.portList()} on every node of the cluster (nodePort): ${props.nodePort.reason}`);
    }
    if (props.loadBalancer) {
      this.warn('LoadBalancer', `exposes ports ${this.portList()} through an external load balancer: ${props.loadBalancer.reason}`);
      if (!props.nodePort) spec.allocateLoadBalancerNodePorts = false;
    }
    if (props.loadBalancerSourceRanges !== undefined) {
      if (!props.loadBalancer) {
        throw constructError(this, 'loadBalancerSourceRanges is set but the Service is not a LoadBalancer; remove it, or pass loadBalancer: OptOut.because(\'<why>\')');
      }
      if (props.loadBalancerSourceRanges.length === 0) {
        throw constructError(this, 'loadBalancerSourceRanges is an empty list; omit it or list the client CIDRs (e.g. \'203.0.113.0/24\')');
      }
      const bad = props.loadBalancerSourceRanges.find((r) => typeof r !== 'string' || !isCidr(r));
      if (bad !== undefined) throw constructError(this, `loadBalancerSourceRanges entry ${quote(bad)} is not a CIDR; use e.g. '203.0.113.0/24'`);
      spec.loadBalancerSourceRanges = [...props.loadBalancerSourceRanges];
    }
    if (props.externalIPs) {
      const ips = [...new Set(props.externalIPs.ips ?? [])];
      if (ips.length === 0) throw constructError(this, 'externalIPs lists no IP; remove the opt-out or name the IPs');
      const bad = ips.find((ip) => !isIpAddress(ip));
      if (bad !== undefined) throw constructError(this, `externalIPs entry ${quote(bad)} is not an IP address; use a single IPv4 or IPv6 address such as '198.51.100.10'`);
      this.warn('ExternalIPs', `claims external IPs ${ips.join(', ')} on every node (CVE-2020-8554: traffic to these IPs is intercepted cluster-wide): ${props.externalIPs.optOut.reason}`);
      spec.externalIPs = ips;
    }

    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: { ...props.workload.labels },
        ...(Object.keys(annotations).length > 0 ? { annotations: { ...annotations } } : {}),
      },
      spec,
    });
  }

  /**
   * The container port a Service port sends traffic to.
   *
   * @param port a port of this Service; the first port when omitted
   */
  public targetPortOf(port?: number): number {
    return this.portOf(port, 'targetPortOf').targetPort;
  }

  /**
   * Lets a client workload's pods reach this Service's pods.
   *
   * Maps the Service port to its target port and calls `client.connectTo(workload, { port: targetPort })`,
   * which writes the client's egress rule and the workload's ingress rule (within or across namespaces).
   * NetworkPolicies see pod ports, not Service ports, so this is the mapping a user would otherwise
   * have to repeat by hand.
   */
  public allowFrom(client: IHardenedWorkload, options: AllowFromOptions = {}): void {
    const p = this.portOf(options.port, 'allowFrom');
    if (client === this.workload) {
      throw constructError(this, `allowFrom names the Service's own workload '${client.node.path}'; its pods need no NetworkPolicy rule to reach each other through it`);
    }
    client.connectTo(this.workload, { port: p.targetPort, protocol: p.protocol });
  }

  private portOf(port: number | undefined, what: string): ResolvedPort {
    if (port === undefined) return this.ports[0];
    const found = this.ports.find((p) => p.port === port);
    if (!found) throw constructError(this, `${what}: port ${quote(port)} is not a port of this Service (ports: ${this.portList()}); pass one of them`);
    return found;
  }

  private resolvePorts(ports: ServicePort[] | undefined): ResolvedPort[] {
    const declared = this.workload.declaredPorts();
    if (ports === undefined) {
      const main = this.workload.port ?? declared[0];
      if (main === undefined) {
        throw constructError(this, `workload '${this.workload.node.path}' declares no container port; give it a port, or list ports the workload declares`);
      }
      return [{ name: D.DEFAULT_SERVICE_PORT_NAME, port: main, targetPort: main, protocol: kplus.Protocol.TCP }];
    }
    if (ports.length === 0) throw constructError(this, 'ports is an empty list; omit it for the workload\'s main port, or list at least one port');
    const out: ResolvedPort[] = [];
    ports.forEach((p, i) => {
      const what = `port ${i + 1}`;
      if (!isPort(p.port)) throw constructError(this, `${what} has port ${quote(p.port)}; use an integer between 1 and 65535`);
      const targetPort = p.targetPort ?? p.port;
      if (!isPort(targetPort)) throw constructError(this, `${what} has targetPort ${quote(p.targetPort)}; use an integer between 1 and 65535`);
      if (!declared.includes(targetPort)) {
        throw constructError(this, `${what} targets container port ${targetPort}, which no container of workload '${this.workload.node.path}' declares (declared: ${declared.join(', ') || 'none'}); target a declared port, e.g. { port: ${p.port}, targetPort: ${declared[0] ?? 8080} }`);
      }
      const protocol = p.protocol ?? kplus.Protocol.TCP;
      const name = p.name ?? `${protocol.toLowerCase()}-${p.port}`;
      if (!isDns1123Label(name)) throw constructError(this, `${what} name ${quote(name)} is not valid; use ${DNS1123_LABEL_RULE}`);
      if (out.some((o) => o.name === name)) throw constructError(this, `${what} name '${name}' is already used; give each port a unique name`);
      if (out.some((o) => o.port === p.port && o.protocol === protocol)) {
        throw constructError(this, `${what} repeats port ${p.port}/${protocol}; each Service port and protocol may appear once`);
      }
      out.push({ name, port: p.port, targetPort, protocol });
    });
    return out;
  }

  private portList(): string {
    return this.ports.map((p) => p.port).join(', ');
  }

  private warn(name: string, message: string): void {
    Hardening.of(this).addWarning(`${WARNING_PREFIX}${name}`, message);
  }
}
