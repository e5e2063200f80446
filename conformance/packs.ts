/**
 * Section `every pack`: each synthesized case, judged alone, has no active finding on any pack at
 * the pinned PSS version v1.28 and at `latest`.
 *
 * A construct configuration is part of the contract only if the checker agrees with it. A finding
 * the case records on purpose (an opt-out the user also suppresses, or the API-access exception) is
 * allowed when it carries its reason, and counted in the notes: deliberate, never silent.
 */
import { SynthesizedCase } from './cases';
import { ConformanceSection } from './section';
import { Compliance } from '../src/compliance/compliance';
import { PACKS } from '../src/compliance/packs';

const PSS_VERSIONS = ['v1.28', 'latest'];
/** A fixed evaluation time, so expiry dates judge the same on every run. */
const NOW = new Date('2026-01-01T00:00:00Z');

export function runEveryPack(cases: readonly SynthesizedCase[]): ConformanceSection {
  const failures: string[] = [];
  const suppressed = new Map<string, number>();
  let checked = 0;
  for (const c of cases) {
    for (const pack of PACKS) {
      for (const pssVersion of PSS_VERSIONS) {
        const report = Compliance.evaluate(c.objects as any[], { pack: pack.id, pssVersion, now: NOW });
        checked++;
        for (const f of report.findings) {
          if (f.suppressedReason !== undefined) {
            suppressed.set(f.checkId, (suppressed.get(f.checkId) ?? 0) + 1);
            continue;
          }
          failures.push(`${c.name}: ${pack.id} @${pssVersion}: ${f.checkId} on ${f.object.kind} ${f.object.name}: ${f.detail ?? f.reason ?? ''}`);
        }
      }
    }
  }
  const notes = [`${cases.length} cases x ${PACKS.length} packs x ${PSS_VERSIONS.length} PSS versions`];
  if (suppressed.size > 0) notes.push(`suppressed with a reason: ${[...suppressed].map(([k, v]) => `${k}=${v}`).join(', ')}`);
  return { name: 'every pack', checked, failures, notes };
}
