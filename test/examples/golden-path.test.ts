import * as fs from 'fs';
import * as path from 'path';
import { Compliance, Hardening } from 'cdk8s-hardened';
import { buildGoldenPathApp } from '../../examples/golden-path/app';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
/** What a user's project has installed: the library, its peers and Node.js. */
const PACKAGES = new Set(['cdk8s-hardened', 'cdk8s', 'cdk8s-plus-28', 'constructs', 'path', 'fs']);

function sourcesOf(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'dist' ? [] : sourcesOf(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*import\b[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

describe('the golden-path example', () => {
  test.each(Compliance.packIds())('has zero findings on the %s pack at PSS v1.28 and latest', (pack) => {
    for (const pssVersion of ['v1.28', 'latest']) {
      const report = Compliance.check(buildGoldenPathApp(), { pack, pssVersion });
      expect(report.findings.map((f) => `${f.checkId} ${f.object.constructPath}: ${f.detail ?? f.reason}`)).toEqual([]);
      expect(report.summary.errors).toBe(0);
    }
  });

  test('leaves no unacknowledged hardening opt-out', () => {
    expect(Hardening.of(buildGoldenPathApp()).unacknowledgedWarnings).toEqual([]);
  });

  test('imports only the library by its package name, its peers and files of its own folder', () => {
    const files = sourcesOf(EXAMPLES);
    expect(files.length).toBeGreaterThan(0);
    const offending = files.flatMap((file) => importsOf(file)
      .filter((spec) => spec.startsWith('.')
        ? !path.resolve(path.dirname(file), spec).startsWith(path.dirname(file) + path.sep)
        : !PACKAGES.has(spec))
      .map((spec) => `${path.relative(EXAMPLES, file)}: '${spec}'`));
    expect(offending).toEqual([]);
  });
});
