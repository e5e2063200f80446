/**
 * Renders RULES.md from the registry: every check with its id, title, severity, kinds, controls,
 * peer equivalents and the packs that include it. The document is generated (`npx projen rules`), never edited by
 * hand, so it cannot drift from the code.
 */
import { Control, Framework, ICheck, PeerCheck, PeerTool } from './check';
import { ALL_CHECKS } from './checks';
import { PACKS } from './packs';
import { peerToolName } from './peers-doc';
import { SCORECARD_CHECKS, SCORECARD_EQUIVALENTS } from './scorecard';
import { SUPPRESSION_CHECKS } from './suppressions';

/** A rule pack as the registry describes it. */
export interface RulesDocPack {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly checkIds: readonly string[];
}

/** What the document is rendered from (the registry by default; tests pass their own). */
export interface RulesDocInput {
  readonly checks: readonly ICheck[];
  readonly packs: readonly RulesDocPack[];
  /** Checks the engine runs on every pack (scorecard and suppression checks). */
  readonly engineChecks: readonly ICheck[];
}

const FRAMEWORK_ORDER: Framework[] = [Framework.PSS, Framework.CIS, Framework.SOC2, Framework.PCI_DSS, Framework.HIPAA];

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function anchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9-]/g, '');
}

function controlsLine(controls: readonly Control[]): string[] {
  const lines: string[] = [];
  for (const framework of FRAMEWORK_ORDER) {
    const ids = controls.filter((c) => c.framework === framework).map((c) => c.id);
    if (ids.length > 0) lines.push(`  - ${framework}: ${[...new Set(ids)].map((id) => `\`${id}\``).join(', ')}`);
  }
  return lines;
}

function peersLine(peers: readonly PeerCheck[]): string[] {
  const lines: string[] = [];
  for (const tool of Object.values(PeerTool)) {
    const mine = peers.filter((p) => p.tool === tool);
    if (mine.length === 0) continue;
    lines.push(`  - ${peerToolName(tool)}: ${mine.map((p) => `\`${p.id}\`${p.partial ? ` (partial: ${cell(p.partial)})` : ''}`).join(', ')}`);
  }
  return lines;
}

const REGISTRY: RulesDocInput = { checks: ALL_CHECKS, packs: PACKS, engineChecks: [...SCORECARD_CHECKS, ...SUPPRESSION_CHECKS] };

/** The Markdown of RULES.md. Deterministic: registry order, packs in registry order. */
export function renderRulesDoc(input: RulesDocInput = REGISTRY): string {
  const packsOf = (id: string): string[] => input.packs.filter((p) => p.checkIds.includes(id)).map((p) => p.id);
  const out: string[] = [];
  out.push('<!-- Generated from the check registry by scripts/rules-doc.ts (`npx projen rules`). Do not edit by hand. -->');
  out.push('# Rules', '');
  out.push(`${input.checks.length} checks in ${input.packs.length} packs, plus ${input.engineChecks.length} engine checks that run with every pack.`);
  out.push('Suppress a check on an object with `Compliance.of(construct).suppress({ id, reason, expires })` or the annotation');
  out.push('`cdk8s-hardened.io/suppressions` (see docs/compliance.md).', '');

  out.push('## Packs', '');
  out.push('| Pack | Title | Checks |', '|---|---|---|');
  for (const p of input.packs) out.push(`| \`${p.id}\` | ${cell(p.title)} | ${p.checkIds.length} |`);
  out.push('');
  for (const p of input.packs) {
    if (p.description) out.push(`- \`${p.id}\`: ${cell(p.description)}`);
  }
  if (input.packs.some((p) => p.description)) out.push('');

  out.push('## Checks', '');
  out.push('| Id | Title | Severity | Packs |', '|---|---|---|---|');
  for (const c of input.checks) {
    out.push(`| [\`${c.id}\`](#${anchor(c.id)}) | ${cell(c.title)} | ${c.severity} | ${packsOf(c.id).map((p) => `\`${p}\``).join(', ') || '-'} |`);
  }
  out.push('');
  for (const c of input.checks) out.push(...section(c, packsOf(c.id)));

  out.push('## Engine checks (every pack)', '');
  out.push('The `scorecard-*` checks turn a scorecard shortfall into findings on the objects responsible, only while the metric is');
  out.push('below its target; a pack that contains all of a scorecard check\'s equivalents does not run it. The `suppression-*`');
  out.push('checks report expired and malformed suppressions and cannot themselves be suppressed.', '');
  for (const c of input.engineChecks) {
    const equivalents = SCORECARD_EQUIVALENTS[c.id];
    const note = equivalents
      ? `Skipped when the pack contains ${equivalents.map((set) => set.map((e) => `\`${e}\``).join(', ')).join(', or ')}.`
      : undefined;
    out.push(...section(c, [], note));
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function section(c: ICheck, packs: string[], note?: string): string[] {
  const lines = [`### ${c.id}`, '', `**${cell(c.title)}**`, '', c.description.trim(), ''];
  lines.push(`- Severity: ${c.severity}`);
  lines.push(`- Kinds: ${c.kinds.map((k) => `\`${k}\``).join(', ')}`);
  if (packs.length > 0) lines.push(`- Packs: ${packs.map((p) => `\`${p}\``).join(', ')}`);
  const controls = controlsLine(c.controls);
  if (controls.length > 0) lines.push('- Controls:', ...controls);
  const peers = peersLine(c.peers ?? []);
  if (peers.length > 0) lines.push('- Peers (see docs/peers.md):', ...peers);
  if (note) lines.push(`- ${note}`);
  lines.push('');
  return lines;
}
