/**
 * `npm run conformance`: checks the library's synthesized output against the third-party corpus.
 *
 * Prints one line per section (`name: checked N, failures M`) with its notes, lists failures
 * (capped), and exits non-zero when any section has a failure or checked nothing.
 */
import { buildCases, CaseSet } from './cases';
import { resolveCorpusDir } from './corpus';
import { runEveryPack } from './packs';
import { runPolarisFixtures, runPolarisHardened } from './polaris';
import { runPolicyCel } from './policy-cel';
import { runPolicyStructure } from './policy-structure';
import { runPssFixtures } from './pss';
import { runKyvernoPssExpectations } from './pss-kyverno';
import { runSchemaValidation } from './schema';
import { ConformanceSection } from './section';

/** How many failure lines to print per section. */
const FAILURE_LISTING_CAP = 15;

type SectionRunner = () => ConformanceSection | Promise<ConformanceSection>;

function casesSection(set: CaseSet): ConformanceSection {
  return {
    name: 'synthesized cases',
    checked: set.cases.length,
    failures: set.broken.map((b) => `case failed to build: ${b}`),
  };
}

function errorSection(name: string, e: unknown): ConformanceSection {
  return { name, checked: 0, failures: [`section crashed: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ') ?? String(e)}`] };
}

async function main(): Promise<number> {
  let corpusDir: string;
  try {
    corpusDir = resolveCorpusDir();
  } catch (e) {
    process.stderr.write(`conformance: ${(e as Error).message}\n`);
    return 1;
  }
  console.log(`conformance corpus: ${corpusDir}`);

  let caseSet: CaseSet | undefined;
  const getCases = () => (caseSet ??= buildCases());
  const runners: Array<[string, SectionRunner]> = [
    ['polaris fixtures', () => runPolarisFixtures(corpusDir)],
    ['pss fixtures', () => runPssFixtures(corpusDir)],
    ['pss kyverno expectations', () => runKyvernoPssExpectations(corpusDir)],
    ['synthesized cases', () => casesSection(getCases())],
    ['openapi + crd schemas', () => runSchemaValidation(corpusDir, getCases().cases)],
    ['polaris hardened output', () => runPolarisHardened(corpusDir, getCases().cases)],
    ['every pack', () => runEveryPack(getCases().cases)],
    ['policy cel', () => runPolicyCel(corpusDir)],
    ['policy structure', () => runPolicyStructure(corpusDir)],
  ];

  let failed = false;
  for (const [fallbackName, run] of runners) {
    let section: ConformanceSection;
    try {
      section = await run();
    } catch (e) {
      section = errorSection(fallbackName, e);
    }
    const bad = section.failures.length > 0 || section.checked === 0;
    failed ||= bad;
    console.log(`${bad ? 'FAIL' : 'ok  '} ${section.name}: checked ${section.checked}, failures ${section.failures.length}`);
    for (const note of section.notes ?? []) console.log(`       ${note}`);
    if (section.checked === 0) console.log('       checked nothing: a section that checks nothing proves nothing');
    for (const f of section.failures.slice(0, FAILURE_LISTING_CAP)) console.log(`     - ${f}`);
    if (section.failures.length > FAILURE_LISTING_CAP) {
      console.log(`     ... and ${section.failures.length - FAILURE_LISTING_CAP} more (${section.failures.length} failures in total)`);
    }
  }
  console.log(failed ? 'conformance: FAILED' : 'conformance: passed');
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`conformance: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
