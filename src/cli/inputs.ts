/**
 * Reads the manifests a command was given, with progress on a terminal for large inputs.
 */
import { CliIo, UsageError } from './io';
import { loadPaths, LoadResult, STDIN } from '../compliance/loader';

/** Inputs of at least this many files show progress (when stderr is a terminal). */
export const PROGRESS_MIN_FILES = 20;

/**
 * Loads paths (files, directories, `-`); with no path, reads standard input unless it is a terminal.
 *
 * @throws UsageError when no path is given and stdin is a terminal
 * @throws InputError on unreadable or malformed input
 */
export function loadInputs(paths: string[], io: CliIo): LoadResult {
  if (paths.length === 0) {
    if (io.stdinIsTTY) throw new UsageError("no input: pass YAML files or directories, or '-' to read standard input");
    paths = [STDIN];
  }
  const progress = io.stderrIsTTY;
  let shown = false;
  const result = loadPaths(paths, {
    readStdin: io.readStdin,
    onFile: (done, total) => {
      if (!progress || total < PROGRESS_MIN_FILES) return;
      shown = true;
      io.err(`\rreading manifests: ${done}/${total} files`);
    },
  });
  if (shown) io.err('\r\x1b[K');
  return result;
}
