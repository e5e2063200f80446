import * as path from 'path';
import { resolveCorpusDir } from '../../conformance/corpus';

describe('resolveCorpusDir', () => {
  test('fails naming the path and the variable when the override does not exist', () => {
    const dir = path.resolve('/nonexistent/corpus');
    expect(() => resolveCorpusDir({ CDK8S_HARDENED_CORPUS: dir }))
      .toThrow(`conformance corpus ${dir} does not exist (CDK8S_HARDENED_CORPUS=${dir})`);
  });

  test('fails when the directory lacks the expected sub-folders', () => {
    const dir = path.resolve(__dirname);
    expect(() => resolveCorpusDir({ CDK8S_HARDENED_CORPUS: dir }))
      .toThrow(`conformance corpus ${dir} is missing polaris/, k8s-openapi/, crds/ (CDK8S_HARDENED_CORPUS=${dir})`);
  });
});
