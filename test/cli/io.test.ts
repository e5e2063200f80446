import * as fs from 'fs';
import * as path from 'path';
import { tmpDir } from './helpers';
import { UsageError, writeFileAtomic } from '../../src/cli/io';

describe('writeFileAtomic', () => {
  test('replaces the file whole and leaves no temporary file', () => {
    const dir = tmpDir({ 'r.json': 'old' });
    writeFileAtomic(path.join(dir, 'r.json'), 'new report');
    expect(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')).toBe('new report');
    expect(fs.readdirSync(dir)).toEqual(['r.json']);
  });

  test('fails with a UsageError when the directory is missing', () => {
    const dir = tmpDir({});
    const target = path.join(dir, 'no', 'r.json');
    expect(() => writeFileAtomic(target, 'x')).toThrow(new UsageError(`cannot write '${target}': directory '${path.join(dir, 'no')}' does not exist`));
  });

  test('fails with a UsageError when the target cannot be replaced, keeping it intact', () => {
    const dir = tmpDir({ 'sub/keep.txt': 'x' });
    const target = path.join(dir, 'sub'); // a non-empty directory cannot be renamed over
    expect(() => writeFileAtomic(target, 'x')).toThrow(/^cannot write '.*sub': E/);
    expect(fs.readdirSync(dir)).toEqual(['sub']);
    expect(fs.readFileSync(path.join(dir, 'sub', 'keep.txt'), 'utf8')).toBe('x');
  });
});
