/**
 * The shape of the peer catalog: every security-relevant manifest check of a peer checker, and, for
 * those no check of ours maps, why not.
 *
 * A catalog entry is either mapped by the `peers` of one of our checks (covered, or partly covered),
 * or carries a reason: `notApplicable` when the peer judges something that is not a property of the
 * manifests we evaluate (control-plane flags, PodSecurityPolicy, organisation-specific allowlists,
 * what the API server's own validation rejects), `missing` when it is a manifest condition we do not
 * judge. docs/peers.md is generated from the catalog and the checks' `peers`.
 */
import { PeerCheck, PeerTool } from '../check';

/** One check of a peer checker. */
export interface PeerCatalogEntry {
  /** The peer tool. */
  readonly tool: PeerTool;
  /** The peer's own id, exactly as the tool spells it. */
  readonly id: string;
  /** What the peer check flags, in the peer's words (shortened). */
  readonly title: string;
  /** Why it is not a manifest property we judge (control-plane flags, PodSecurityPolicy, ...). */
  readonly notApplicable?: string;
  /** Why no check of ours judges this manifest condition. */
  readonly missing?: string;
}

/** A row of a tool's catalog: `[id, title]`, or with a reason `[id, title, na(...)]` / `[id, title, missing(...)]`. */
export type CatalogRow = readonly [string, string] | readonly [string, string, { readonly notApplicable: string } | { readonly missing: string }];

/** Marks a catalog row not applicable, with the reason. */
export function na(reason: string): { readonly notApplicable: string } {
  return { notApplicable: reason };
}

/** Marks a catalog row as a manifest condition we do not judge, with the reason. */
export function missing(reason: string): { readonly missing: string } {
  return { missing: reason };
}

/** The entries of one tool from its rows. */
export function catalogOf(tool: PeerTool, rows: readonly CatalogRow[]): PeerCatalogEntry[] {
  return rows.map(([id, title, reason]) => ({ tool, id, title, ...(reason ?? {}) }));
}

/** Reasons shared by several tools. */
export const REASONS = {
  psp: 'judges a PodSecurityPolicy, an API removed in Kubernetes 1.25; the pss-* checks judge the pods themselves',
  controlPlane: 'a control-plane or node setting (API server, kubelet, etcd flags), not a property of the workload manifests',
  apiValidation: 'the API server\'s own validation rejects such an object, so it never runs',
  efficiency: 'a cost or efficiency preference, not a security or availability condition',
  organisation: 'an organisation-specific convention (owner labels, annotations, registries), configured per team rather than judged by a general rule',
  rbac: 'an RBAC condition: the RBAC checks carry their own peer mappings, not set in this catalog',
  exposure: 'no check yet: Service and Ingress exposure (NodePort/LoadBalancer, externalIPs, TLS, ingress-nginx annotations)',
  scaling: 'no check yet: autoscaler and PodDisruptionBudget settings',
  dangling: 'no check yet: references between objects (selectors, backends, targets)',
  apiVersions: 'no check yet: removed and deprecated apiVersions',
  configuration: 'no check yet: credentials in ConfigMap data',
  helm2: 'Helm v2 Tiller, unsupported since 2020; not a condition of current manifests',
} as const;

/** A reference from one of our checks to a peer check (the `peers` of an ICheck). */
export function peer(tool: PeerTool, id: string, partial?: string): PeerCheck {
  return partial ? { tool, id, partial } : { tool, id };
}

/** kube-score check, e.g. `container-security-context-readonlyrootfilesystem`. */
export function kubeScore(id: string, partial?: string): PeerCheck {
  return peer(PeerTool.KUBE_SCORE, id, partial);
}

/** kube-linter check, e.g. `no-read-only-root-fs`. */
export function kubeLinter(id: string, partial?: string): PeerCheck {
  return peer(PeerTool.KUBE_LINTER, id, partial);
}

/** Polaris check, e.g. `notReadOnlyRootFilesystem`. */
export function polaris(id: string, partial?: string): PeerCheck {
  return peer(PeerTool.POLARIS, id, partial);
}

/** Checkov check, e.g. `CKV_K8S_22`. */
export function checkov(id: string, partial?: string): PeerCheck {
  return peer(PeerTool.CHECKOV, id, partial);
}

/** Trivy check, e.g. `KSV014`. */
export function trivy(id: string, partial?: string): PeerCheck {
  return peer(PeerTool.TRIVY, id, partial);
}
