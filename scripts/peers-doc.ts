/**
 * Writes docs/peers.md from the peer catalog and the checks' peers. Run by the projen task `rules`.
 *
 * Usage: ts-node --project tsconfig.dev.json scripts/peers-doc.ts [output path]
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { peerCounts, peerToolName, renderPeersDoc } from '../src/compliance/peers-doc';

const target = process.argv[2] ?? join(__dirname, '..', 'docs', 'peers.md');
writeFileSync(target, renderPeersDoc());
process.stdout.write(`wrote ${target}\n`);
for (const c of peerCounts()) {
  process.stdout.write(`  ${peerToolName(c.tool)}: ${c.total} checks, ${c.covered} covered, ${c.partial} partial, ${c.missing} missing, ${c['not applicable']} not applicable\n`);
}
