import * as fs from 'fs';
import * as path from 'path';

/** The package whose version is reported. */
const PACKAGE_NAME = 'cdk8s-hardened';

let cached: string | undefined;

/**
 * This package's version, read once from its package.json.
 *
 * The file sits two levels above this module both in the sources (`src/private/version.ts`, run by
 * ts-node and jest) and in the compiled package (`lib/private/version.js`), so one relative path
 * serves both. Reading it at run time (not importing it) keeps package.json out of the compiled
 * tree. `0.0.0` when the file is missing or is not this package's.
 */
export function packageVersion(): string {
  if (cached === undefined) cached = readVersion(path.join(__dirname, '..', '..', 'package.json'));
  return cached;
}

/** The version in a package.json, or `0.0.0` when it cannot be read or names another package. */
export function readVersion(packageJsonPath: string): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8'));
    return pkg?.name === PACKAGE_NAME && typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
