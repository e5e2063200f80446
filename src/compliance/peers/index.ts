/**
 * The peer catalog: every check of kube-score, kube-linter, Polaris, Checkov and Trivy that judges
 * a manifest, as data (one file per tool).
 */
import { PeerCatalogEntry } from './catalog';
import { CHECKOV_CHECKS } from './checkov';
import { KUBE_LINTER_CHECKS } from './kube-linter';
import { KUBE_SCORE_CHECKS } from './kube-score';
import { POLARIS_CHECKS } from './polaris';
import { TRIVY_CHECKS } from './trivy';

export { PeerCatalogEntry } from './catalog';

/** Every peer check, tool by tool in PeerTool order, each tool in its own order. */
export const PEER_CATALOG: readonly PeerCatalogEntry[] = [
  ...KUBE_SCORE_CHECKS,
  ...KUBE_LINTER_CHECKS,
  ...POLARIS_CHECKS,
  ...CHECKOV_CHECKS,
  ...TRIVY_CHECKS,
];
