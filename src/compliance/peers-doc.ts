/**
 * Renders docs/peers.md from the peer catalog and the checks' `peers`: every security-relevant
 * manifest check of kube-score, kube-linter, Polaris, Checkov and Trivy, mapped to ours (covered or
 * partly covered), or with the reason it is missing or not applicable, and the counts per tool. The
 * document is generated (`npx projen rules`), never edited by hand.
 */
import { ICheck, PeerTool } from './check';
import { ALL_CHECKS } from './checks';
import { PEER_CATALOG, PeerCatalogEntry } from './peers';
import { SCORECARD_CHECKS } from './scorecard';
import { SUPPRESSION_CHECKS } from './suppressions';

/** How far our checks cover one peer check. */
export enum PeerCoverage {
  /** A check of ours judges the same condition. */
  COVERED = 'covered',
  /** A check of ours judges part of it, or a neighbouring condition (see its note). */
  PARTIAL = 'partial',
  /** A manifest condition no check of ours judges. */
  MISSING = 'missing',
  /** Not a manifest property we evaluate (control-plane flags, PodSecurityPolicy, ...). */
  NOT_APPLICABLE = 'not applicable',
}

/** One peer check with what covers it. */
export interface PeerCoverageRow {
  readonly entry: PeerCatalogEntry;
  readonly coverage: PeerCoverage;
  /** Our checks that map it, with their partial notes. */
  readonly ours: ReadonlyArray<{ readonly checkId: string; readonly partial?: string }>;
}

/** What the document is rendered from (the registry by default; tests pass their own). */
export interface PeersDocInput {
  readonly checks: readonly ICheck[];
  readonly catalog: readonly PeerCatalogEntry[];
}

const REGISTRY: PeersDocInput = { checks: [...ALL_CHECKS, ...SCORECARD_CHECKS, ...SUPPRESSION_CHECKS], catalog: PEER_CATALOG };

const TOOL_NAMES: Record<PeerTool, string> = {
  [PeerTool.KUBE_SCORE]: 'kube-score',
  [PeerTool.KUBE_LINTER]: 'kube-linter',
  [PeerTool.POLARIS]: 'Polaris',
  [PeerTool.CHECKOV]: 'Checkov',
  [PeerTool.TRIVY]: 'Trivy',
};

/** The tool's display name, e.g. `Checkov`. */
export function peerToolName(tool: PeerTool): string {
  return TOOL_NAMES[tool];
}

/** Every catalog entry with its coverage, in catalog order. */
export function peerCoverage(input: PeersDocInput = REGISTRY): PeerCoverageRow[] {
  return input.catalog.map((entry) => {
    const ours = input.checks.flatMap((c) => (c.peers ?? [])
      .filter((p) => p.tool === entry.tool && p.id === entry.id)
      .map((p) => (p.partial ? { checkId: c.id, partial: p.partial } : { checkId: c.id })));
    const coverage = ours.some((o) => o.partial === undefined) ? PeerCoverage.COVERED
      : ours.length > 0 ? PeerCoverage.PARTIAL
        : entry.notApplicable !== undefined ? PeerCoverage.NOT_APPLICABLE : PeerCoverage.MISSING;
    return { entry, coverage, ours };
  });
}

/** Counts per tool: peer checks, covered, partial, missing, not applicable. */
export function peerCounts(rows: readonly PeerCoverageRow[] = peerCoverage()): Array<{ tool: PeerTool } & Record<PeerCoverage | 'total', number>> {
  return Object.values(PeerTool).map((tool) => {
    const mine = rows.filter((r) => r.entry.tool === tool);
    const count = (c: PeerCoverage) => mine.filter((r) => r.coverage === c).length;
    return {
      tool,
      total: mine.length,
      [PeerCoverage.COVERED]: count(PeerCoverage.COVERED),
      [PeerCoverage.PARTIAL]: count(PeerCoverage.PARTIAL),
      [PeerCoverage.MISSING]: count(PeerCoverage.MISSING),
      [PeerCoverage.NOT_APPLICABLE]: count(PeerCoverage.NOT_APPLICABLE),
    } as { tool: PeerTool } & Record<PeerCoverage | 'total', number>;
  });
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function oursCell(row: PeerCoverageRow): string {
  if (row.ours.length === 0) return cell(row.entry.notApplicable ?? row.entry.missing ?? '');
  return row.ours.map((o) => `[\`${o.checkId}\`](../RULES.md#${o.checkId})${o.partial ? ` (partial: ${cell(o.partial)})` : ''}`).join(', ');
}

/** The Markdown of docs/peers.md. Deterministic: tools in PeerTool order, each in catalog order. */
export function renderPeersDoc(input: PeersDocInput = REGISTRY): string {
  const rows = peerCoverage(input);
  const out: string[] = [];
  out.push('<!-- Generated from the peer catalog and the check registry by scripts/peers-doc.ts (`npx projen rules`). Do not edit by hand. -->');
  out.push('# Peer checks', '');
  out.push('Every security-relevant manifest check of kube-score, kube-linter, Polaris, Checkov and Trivy, and the check of ours');
  out.push('that covers it, or why none does. A peer check is *covered* when one of our checks judges the same condition, *partial*');
  out.push('when ours judges part of it or a neighbouring condition (the note says which), *missing* when no check of ours judges');
  out.push('that manifest condition, and *not applicable* when it is not a property of the manifests we evaluate. The control-plane');
  out.push('flag checks of Checkov (CKV_K8S_68 to CKV_K8S_151) and Trivy (KCV ids) judge how a cluster is run, not what is');
  out.push('deployed to it, and are not listed.', '');
  out.push('## Coverage', '');
  out.push('| Tool | Peer checks | Covered | Partial | Missing | Not applicable |', '|---|---|---|---|---|---|');
  for (const c of peerCounts(rows)) {
    out.push(`| ${TOOL_NAMES[c.tool]} | ${c.total} | ${c[PeerCoverage.COVERED]} | ${c[PeerCoverage.PARTIAL]} | ${c[PeerCoverage.MISSING]} | ${c[PeerCoverage.NOT_APPLICABLE]} |`);
  }
  out.push('');
  for (const tool of Object.values(PeerTool)) {
    out.push(`## ${TOOL_NAMES[tool]}`, '');
    out.push('| Peer check | What it flags | Status | Ours, or why not |', '|---|---|---|---|');
    for (const row of rows.filter((r) => r.entry.tool === tool)) {
      out.push(`| \`${row.entry.id}\` | ${cell(row.entry.title)} | ${row.coverage} | ${oursCell(row)} |`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
