import * as kplus from 'cdk8s-plus-28';
import { NAMESPACE_NAME_LABEL } from './defaults';
import { isDns1123Label } from '../private/validation';

/**
 * A set of network endpoints a workload may talk to or hear from.
 *
 * Set `namespaces`, `podLabels` (or both: those pods in those namespaces), or `cidr` alone.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export interface NetworkPeer {
  /**
   * Namespaces, by name (matched on the `kubernetes.io/metadata.name` label).
   *
   * @default - the workload's own namespace when `podLabels` is set; no namespace selection otherwise
   */
  readonly namespaces?: string[];

  /**
   * Labels the peer pods must carry.
   *
   * @default - every pod of the selected namespaces
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * An IP range in CIDR notation, e.g. `10.0.0.0/16` (for endpoints outside the cluster).
   *
   * Security note: `0.0.0.0/0` means the whole internet.
   *
   * @default - no IP range
   */
  readonly cidr?: string;

  /**
   * Ranges excluded from `cidr`.
   *
   * @default - none
   */
  readonly exceptCidrs?: string[];
}

/**
 * Traffic a workload accepts.
 */
export interface IngressRule {
  /** Who may connect (at least one peer). */
  readonly peers: NetworkPeer[];

  /**
   * Container ports they may connect to (each must be declared by a container).
   *
   * @default - the main container's port
   */
  readonly ports?: number[];

  /**
   * Transport protocol of the ports.
   *
   * @default kplus.Protocol.TCP
   */
  readonly protocol?: kplus.Protocol;
}

/**
 * Traffic a workload may send (besides cluster DNS, which is always allowed).
 */
export interface EgressRule {
  /** Where it may connect (at least one peer). */
  readonly peers: NetworkPeer[];

  /** Destination ports (at least one: an egress rule without ports would allow every port). */
  readonly ports: number[];

  /**
   * Transport protocol of the ports.
   *
   * @default kplus.Protocol.TCP
   */
  readonly protocol?: kplus.Protocol;
}

const CIDR_V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const CIDR_V6 = /^[0-9a-fA-F:]+\/(\d{1,3})$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** Whether a string is a CIDR block (IPv4 or IPv6). */
export function isCidr(value: string): boolean {
  const v4 = CIDR_V4.exec(value);
  if (v4) return v4.slice(1, 5).every((o) => Number(o) <= 255) && Number(v4[5]) <= 32;
  const v6 = CIDR_V6.exec(value);
  return v6 !== null && value.includes(':') && Number(v6[1]) <= 128;
}

/** Returns a problem with a label map, if any. */
export function labelProblem(labels: { [key: string]: string }): string | undefined {
  for (const [key, value] of Object.entries(labels)) {
    if (key.length > 317 || !LABEL_KEY.test(key)) return `label key '${key}' is not a valid label key`;
    if (typeof value !== 'string' || !LABEL_VALUE.test(value)) return `label '${key}' has invalid value ${JSON.stringify(value)} (at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric)`;
  }
  return undefined;
}

/**
 * Renders one peer as a NetworkPolicy peer, or returns why it is invalid.
 *
 * @param what e.g. `ingress rule 1 peer 2`, for messages
 */
export function renderPeer(peer: NetworkPeer, what: string): { [key: string]: any } | string {
  const hasNs = peer.namespaces !== undefined;
  const hasPods = peer.podLabels !== undefined;
  if (peer.cidr !== undefined) {
    if (hasNs || hasPods) return `${what} mixes cidr with namespaces/podLabels; use separate peers`;
    if (!isCidr(peer.cidr)) return `${what} has invalid cidr '${peer.cidr}'; use e.g. '10.0.0.0/16'`;
    for (const e of peer.exceptCidrs ?? []) {
      if (!isCidr(e)) return `${what} has invalid exceptCidrs entry '${e}'; use e.g. '10.0.1.0/24'`;
    }
    return { ipBlock: { cidr: peer.cidr, ...(peer.exceptCidrs?.length ? { except: [...peer.exceptCidrs] } : {}) } };
  }
  if (peer.exceptCidrs !== undefined) return `${what} sets exceptCidrs without cidr`;
  if (!hasNs && !hasPods) return `${what} selects nothing; set namespaces, podLabels or cidr`;
  const out: { [key: string]: any } = {};
  if (hasNs) {
    const namespaces = peer.namespaces!;
    if (namespaces.length === 0) return `${what} has an empty namespaces list; name at least one namespace`;
    const bad = namespaces.find((n) => !isDns1123Label(n));
    if (bad !== undefined) return `${what} has invalid namespace ${JSON.stringify(bad)}; use a DNS-1123 label`;
    const unique = [...new Set(namespaces)].sort();
    out.namespaceSelector = unique.length === 1
      ? { matchLabels: { [NAMESPACE_NAME_LABEL]: unique[0] } }
      : { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: unique }] };
  }
  if (hasPods) {
    const labels = peer.podLabels!;
    if (Object.keys(labels).length === 0) return `${what} has empty podLabels, which would select every pod; name at least one label`;
    const problem = labelProblem(labels);
    if (problem) return `${what}: ${problem}`;
    out.podSelector = { matchLabels: { ...labels } };
  }
  return out;
}
