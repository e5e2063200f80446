/**
 * The opt-in NetworkPolicies of `harden`: default-deny (ingress and egress) per namespace, plus, per
 * workload, what the manifests imply: ingress on the ports its containers declare and its Services
 * target; egress to cluster DNS and to the pods of the Services of its namespace, on their target
 * ports. Only for workloads that name their namespace.
 *
 * Behaviour-changing by design (hence opt-in): traffic the manifests do not show, such as calls to
 * other namespaces or outside the cluster, is denied until a person allows it.
 */
import { containersOf, podTemplateOf } from '../compliance/pod-spec';
import { CLUSTER_DNS, NAMESPACE_NAME_LABEL } from '../workloads/defaults';

/** A NetworkPolicy to add, with why. */
export interface PlannedPolicy {
  readonly policy: Record<string, any>;
  readonly why: string;
}

/** Name of the generated default-deny policy of each namespace. */
export const DEFAULT_DENY_NAME = 'harden-default-deny';

/** Suffix of the generated per-workload allow policy. */
export const ALLOW_SUFFIX = '-harden-network';

/** The NetworkPolicies the input lacks; none that a policy of the input (by name) already is. */
export function planNetworkPolicies(objects: readonly unknown[]): PlannedPolicy[] {
  const list = objects.filter(isObject);
  const existing = new Set(list.filter((o) => o.kind === 'NetworkPolicy').map((o) => key(o.metadata?.namespace, o.metadata?.name)));
  const services = list.filter((o) => o.kind === 'Service' && isObject(o.spec?.selector));
  const out: PlannedPolicy[] = [];
  const namespaces = new Set<string>();
  for (const o of list) {
    const template = podTemplateOf(o);
    const labels = template?.metadata?.labels;
    if (!template || !isObject(labels) || Object.keys(labels).length === 0 || typeof o.metadata?.name !== 'string') continue;
    // A policy without a namespace lands wherever the kubectl context points: not one we can promise.
    const namespace = typeof o.metadata.namespace === 'string' && o.metadata.namespace ? o.metadata.namespace : undefined;
    if (namespace === undefined) continue;
    namespaces.add(namespace);
    const local = services.filter((s) => s.metadata?.namespace === namespace);
    const ports = portsOf(template.spec, labels, local);
    const name = `${o.metadata.name}${ALLOW_SUFFIX}`.slice(0, 253);
    if (existing.has(key(namespace, name))) continue;
    out.push({
      policy: policy(name, namespace, {
        podSelector: { matchLabels: selectorOf(o, labels) },
        policyTypes: ['Ingress', 'Egress'],
        ingress: ports.length > 0 ? [{ ports }] : [],
        egress: [DNS_EGRESS, ...local.map(serviceEgress)],
      }),
      why: `asked for with network policies: ${o.kind} '${o.metadata.name}' accepts traffic only on the ports its containers declare and its Services target, `
        + 'and sends it only to cluster DNS and the Services of its namespace',
    });
  }
  const deny = [...namespaces].filter((ns) => !existing.has(key(ns, DEFAULT_DENY_NAME))).map((ns) => ({
    policy: policy(DEFAULT_DENY_NAME, ns, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    why: `asked for with network policies: pods of namespace '${ns}' accept and send no traffic that a policy does not allow`,
  }));
  return [...deny, ...out];
}

const DNS_EGRESS = {
  to: [{
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: CLUSTER_DNS.namespace } },
    podSelector: { matchLabels: { ...CLUSTER_DNS.podLabels } },
  }],
  ports: CLUSTER_DNS.protocols.map((protocol) => ({ port: CLUSTER_DNS.port, protocol })),
};

/** Egress to a Service's pods on its target ports (a named target port stays a name: policies resolve it per pod). */
function serviceEgress(s: Record<string, any>): Record<string, any> {
  const ports = (Array.isArray(s.spec.ports) ? s.spec.ports : []).filter(isObject).map((p: Record<string, any>) => ({
    port: p.targetPort ?? p.port,
    protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
  }));
  return { to: [{ podSelector: { matchLabels: { ...s.spec.selector } } }], ...(ports.length > 0 ? { ports } : {}) };
}

function policy(name: string, namespace: string, spec: Record<string, any>): Record<string, any> {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

/** The controller's selector when it selects by labels only and its template carries them; else the template labels. */
function selectorOf(o: Record<string, any>, labels: Record<string, any>): Record<string, any> {
  const match = o.spec?.selector?.matchLabels;
  const onlyLabels = isObject(o.spec?.selector) && Object.keys(o.spec.selector).every((k) => k === 'matchLabels');
  if (onlyLabels && isObject(match) && Object.keys(match).length > 0 && Object.entries(match).every(([k, v]) => labels[k] === v)) return { ...match };
  return { ...labels };
}

function portsOf(spec: any, labels: Record<string, any>, services: Array<Record<string, any>>): Array<Record<string, any>> {
  const declared = new Map<string, { port: number; protocol: string }>();
  const byName = new Map<string, { port: number; protocol: string }>();
  for (const c of containersOf(spec)) {
    if (c.field === 'ephemeralContainers') continue;
    for (const p of Array.isArray(c.container.ports) ? c.container.ports : []) {
      if (typeof p?.containerPort !== 'number') continue;
      const entry = { port: p.containerPort, protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP' };
      declared.set(`${entry.protocol}/${entry.port}`, entry);
      if (typeof p.name === 'string') byName.set(p.name, entry);
    }
  }
  for (const s of services) {
    if (!Object.entries(s.spec.selector).every(([k, v]) => labels[k] === v)) continue;
    for (const p of Array.isArray(s.spec.ports) ? s.spec.ports : []) {
      const target = p?.targetPort ?? p?.port;
      const protocol = typeof p?.protocol === 'string' ? p.protocol : 'TCP';
      const entry = typeof target === 'number' ? { port: target, protocol } : byName.get(String(target));
      if (entry) declared.set(`${entry.protocol}/${entry.port}`, entry);
    }
  }
  return [...declared.values()].sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

function key(namespace: unknown, name: unknown): string {
  return `${typeof namespace === 'string' ? namespace : ''}/${String(name)}`;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
