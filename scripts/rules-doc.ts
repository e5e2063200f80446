/**
 * Writes RULES.md from the check registry. Run by the projen task `rules` (part of the build).
 *
 * Usage: ts-node --project tsconfig.dev.json scripts/rules-doc.ts [output path]
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { renderRulesDoc } from '../src/compliance/rules-doc';

const target = process.argv[2] ?? join(__dirname, '..', 'RULES.md');
writeFileSync(target, renderRulesDoc());
process.stdout.write(`wrote ${target}\n`);
