import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageVersion, readVersion } from '../../src/private/version';

const PACKAGE_JSON = path.join(__dirname, '..', '..', 'package.json');

describe('packageVersion', () => {
  test('is the semver version of package.json, not the 0.0.0 placeholder', () => {
    const version = JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8')).version;
    expect(packageVersion()).toBe(version);
    expect(version).toMatch(/^0\.[1-9][0-9]*\.[0-9]+$/);
  });

  test('.projenrc.ts sets the same version, so npx projen keeps it', () => {
    const projenrc = fs.readFileSync(path.join(__dirname, '..', '..', '.projenrc.ts'), 'utf8');
    expect(projenrc).toContain(`project.package.addVersion('${packageVersion()}');`);
  });
});

describe('readVersion', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'version-'));
  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };

  test('reads the version of this package', () => {
    expect(readVersion(write('ok.json', JSON.stringify({ name: 'cdk8s-hardened', version: '1.2.3' })))).toBe('1.2.3');
  });

  test.each([
    ['another package', JSON.stringify({ name: 'other', version: '9.9.9' })],
    ['no version', JSON.stringify({ name: 'cdk8s-hardened' })],
    ['malformed JSON', '{'],
  ])('falls back to 0.0.0 for %s', (name, content) => {
    expect(readVersion(write(`${name}.json`, content))).toBe('0.0.0');
  });

  test('falls back to 0.0.0 for a missing file', () => {
    expect(readVersion(path.join(dir, 'missing.json'))).toBe('0.0.0');
  });
});
