import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { constructError, quote } from '../../private/errors';
import * as D from '../defaults';
import { EgressRule, IngressRule, renderPeer } from '../network-rules';
import { ConnectOptions, IHardenedWorkload } from '../workload';
import { isPort } from './mounts';

/** What the rules need to know about the pod's ports. */
export interface PodPorts {
  /** The main container's port, if it declares one. */
  readonly port?: number;
  /** Every port declared by a container of the pod. */
  declaredPorts(): number[];
}

/** Metadata of the NetworkPolicy. */
export interface PolicyMetadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  readonly annotations?: { [key: string]: string };
}

/**
 * The rules of one workload's NetworkPolicy: ingress from declared peers only, egress to cluster DNS
 * and declared peers only.
 */
export class PodNetworkRules {
  /** Rendered ingress rules (shared with the NetworkPolicy object, so later rules still render). */
  public readonly ingress: any[] = [];

  /** Rendered egress rules; rule 0 is cluster DNS. */
  public readonly egress: any[] = [];

  /**
   * @param refuseIngress when set, the reason every ingress rule is refused (a Job accepts no traffic)
   */
  public constructor(private readonly scope: Construct, private readonly pod: PodPorts, private readonly refuseIngress?: string) {
    this.egress.push({
      to: [{
        namespaceSelector: { matchLabels: { [D.NAMESPACE_NAME_LABEL]: D.CLUSTER_DNS.namespace } },
        podSelector: { matchLabels: { ...D.CLUSTER_DNS.podLabels } },
      }],
      ports: D.CLUSTER_DNS.protocols.map((protocol) => ({ protocol, port: D.CLUSTER_DNS.port })),
    });
  }

  /** Applies the `ingress` prop: undefined allows the same namespace on the main port. */
  public applyIngressProp(rules: IngressRule[] | undefined): void {
    if (this.refuseIngress !== undefined) {
      if (rules !== undefined) throw constructError(this.scope, `ingress is not allowed: ${this.refuseIngress}`);
      return;
    }
    if (rules === undefined) {
      if (this.pod.port !== undefined) this.ingress.push({ from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: this.pod.port }] });
      return;
    }
    if (rules.length === 0) {
      throw constructError(this.scope, 'ingress is an empty list; omit it to allow pods of the same namespace on the main port, or declare at least one rule');
    }
    rules.forEach((rule) => this.allowIngress(rule));
  }

  /** Allows more traffic into the pods. */
  public allowIngress(rule: IngressRule): void {
    if (this.refuseIngress !== undefined) throw constructError(this.scope, `ingress is not allowed: ${this.refuseIngress}`);
    const n = this.ingress.length + 1;
    if (!rule.peers || rule.peers.length === 0) {
      throw constructError(this.scope, `ingress rule ${n} has no peers, which would allow every source; name at least one peer (namespaces, podLabels or cidr)`);
    }
    const from = rule.peers.map((p, i) => this.peer(renderPeer(p, `ingress rule ${n} peer ${i + 1}`)));
    const declared = this.pod.declaredPorts();
    const ports = rule.ports ?? [this.pod.port ?? declared[0]];
    if (ports.length === 0) throw constructError(this.scope, `ingress rule ${n} has an empty ports list, which would allow every port; omit it for the main port or list ports`);
    for (const port of ports) {
      if (!declared.includes(port)) {
        throw constructError(this.scope, `ingress rule ${n} allows port ${quote(port)}, which no container declares (declared: ${declared.join(', ')}); allow a declared port`);
      }
    }
    const protocol = rule.protocol ?? kplus.Protocol.TCP;
    this.ingress.push({ from, ports: ports.map((port) => ({ protocol, port })) });
  }

  /** Allows more traffic out of the pods. */
  public allowEgress(rule: EgressRule): void {
    const n = this.egress.length; // rule 0 is DNS
    if (!rule.peers || rule.peers.length === 0) {
      throw constructError(this.scope, `egress rule ${n} has no peers, which would allow every destination; name at least one peer (namespaces, podLabels or cidr)`);
    }
    const to = rule.peers.map((p, i) => this.peer(renderPeer(p, `egress rule ${n} peer ${i + 1}`)));
    if (!rule.ports || rule.ports.length === 0) {
      throw constructError(this.scope, `egress rule ${n} has no ports, which would allow every port; list the destination ports`);
    }
    for (const port of rule.ports) {
      if (!isPort(port)) throw constructError(this.scope, `egress rule ${n} has port ${quote(port)}; use an integer between 1 and 65535`);
    }
    const protocol = rule.protocol ?? kplus.Protocol.TCP;
    this.egress.push({ to, ports: rule.ports.map((port) => ({ protocol, port })) });
  }

  /**
   * Creates the NetworkPolicy selecting exactly this workload's pods.
   *
   * Only the instance label is used: Polaris `missingNetworkPolicy` requires the podSelector to match
   * exactly one of the pod's labels (oneOf).
   */
  public createPolicy(id: string, meta: PolicyMetadata): ApiObject {
    const annotations = meta.annotations ? { annotations: { ...meta.annotations } } : {};
    return new ApiObject(this.scope, id, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: meta.name, namespace: meta.namespace, labels: { ...meta.labels }, ...annotations },
      spec: {
        podSelector: { matchLabels: { [D.INSTANCE_LABEL]: meta.name } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: this.ingress,
        egress: this.egress,
      },
    });
  }

  private peer(rendered: { [key: string]: any } | string): { [key: string]: any } {
    if (typeof rendered === 'string') throw constructError(this.scope, rendered);
    return rendered;
  }
}

/**
 * Lets the client's pods connect to the target's pods: the client's egress and the target's ingress.
 *
 * Pods are selected by their `app.kubernetes.io/instance` label, with a namespace selector when the
 * namespaces differ.
 */
export function connectWorkloads(client: IHardenedWorkload, target: IHardenedWorkload, options: ConnectOptions = {}): void {
  const port = options.port ?? target.port;
  const declared = target.declaredPorts();
  if (port === undefined || !declared.includes(port)) {
    throw constructError(client, `connectTo '${target.node.path}': port ${quote(port)} is not declared by a container of the target (declared: ${declared.join(', ') || 'none'}); pass a declared port`);
  }
  if (target === client) {
    throw constructError(client, 'connectTo names this workload itself; pods of one workload need no NetworkPolicy rule to reach each other through it');
  }
  const crossNamespace = target.namespace !== client.namespace;
  const protocol = options.protocol;
  client.allowEgress({
    peers: [{ podLabels: { [D.INSTANCE_LABEL]: target.name }, namespaces: crossNamespace ? [target.namespace] : undefined }],
    ports: [port],
    protocol,
  });
  target.allowIngress({
    peers: [{ podLabels: { [D.INSTANCE_LABEL]: client.name }, namespaces: crossNamespace ? [client.namespace] : undefined }],
    ports: [port],
    protocol,
  });
}
