/**
 * Locates the third-party conformance corpus.
 *
 * The corpus lives beside the project (`<repo root>/../shared/corpus`) and is never copied into
 * the repository; `CDK8S_HARDENED_CORPUS` overrides the location.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The environment variable that overrides the corpus location. */
export const CORPUS_ENV = 'CDK8S_HARDENED_CORPUS';

/** The repository root (the parent of this `conformance/` folder). */
export const REPO_ROOT = path.resolve(__dirname, '..');

/** Resolves the corpus directory; throws a message naming the path and the variable when it is missing. */
export function resolveCorpusDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[CORPUS_ENV];
  const dir = fromEnv ? path.resolve(fromEnv) : path.resolve(REPO_ROOT, '..', 'shared', 'corpus');
  const required = ['polaris', 'k8s-openapi', 'crds'];
  const missing = required.filter((sub) => !fs.existsSync(path.join(dir, sub)));
  if (!fs.existsSync(dir) || missing.length > 0) {
    const what = fs.existsSync(dir) ? `is missing ${missing.map((m) => `${m}/`).join(', ')}` : 'does not exist';
    const source = fromEnv ? `${CORPUS_ENV}=${fromEnv}` : `default location (set ${CORPUS_ENV} to override)`;
    throw new Error(`conformance corpus ${dir} ${what} (${source})`);
  }
  return dir;
}
