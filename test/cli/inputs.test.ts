import { tmpDir } from './helpers';
import { loadInputs, PROGRESS_MIN_FILES } from '../../src/cli/inputs';
import { CliIo } from '../../src/cli/io';

function io(stderrIsTTY: boolean, err: string[]): CliIo {
  return { out: () => undefined, err: (t) => { err.push(t); }, readStdin: () => '', stdinIsTTY: true, stderrIsTTY };
}

describe('loadInputs', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < PROGRESS_MIN_FILES; i++) files[`m${String(i).padStart(2, '0')}.yaml`] = `kind: ConfigMap\nmetadata: {name: c${i}}\n`;
  const dir = tmpDir(files);

  test('shows progress on a terminal for large inputs, and clears it', () => {
    const err: string[] = [];
    expect(loadInputs([dir], io(true, err)).objects.length).toBe(PROGRESS_MIN_FILES);
    expect(err[0]).toBe(`\rreading manifests: 1/${PROGRESS_MIN_FILES} files`);
    expect(err[err.length - 1]).toBe('\r\x1b[K');
  });

  test('shows no progress when stderr is not a terminal', () => {
    const err: string[] = [];
    loadInputs([dir], io(false, err));
    expect(err).toEqual([]);
  });
});
