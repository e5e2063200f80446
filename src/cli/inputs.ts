/**
 * Reads the manifests a command was given, with progress on a terminal for large inputs.
 */
import { CliIo, UsageError } from './io';
import { loadPaths, LoadResult, STDIN } from '../compliance/loader';

/** Inputs of at least this many files show progress (when stderr is a terminal). */
export const PROGRESS_MIN_FILES = 20;

/** Options of {@link loadInputs}. */
export interface LoadInputsOptions {
  /** Accept an input without any Kubernetes object (`--allow-empty`). @default false */
  readonly allowEmpty?: boolean;
}

/**
 * Loads paths (files, directories, `-`); with no path, reads standard input unless it is a terminal.
 *
 * An input without any object is refused unless `allowEmpty`: an empty render or a `kubectl get` that
 * failed upstream of the pipe would otherwise be reported as compliant.
 *
 * @throws UsageError when no path is given and stdin is a terminal, or when the input holds no object
 * @throws InputError on unreadable or malformed input
 */
export function loadInputs(paths: string[], io: CliIo, options: LoadInputsOptions = {}): LoadResult {
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
  if (result.objects.length === 0 && !options.allowEmpty) throw new UsageError(emptyInputMessage(result));
  return result;
}

function emptyInputMessage(result: LoadResult): string {
  const source = result.files.length === 1 ? (result.files[0] === STDIN ? 'standard input' : `'${result.files[0]}'`) : `${result.files.length} files`;
  const skipped = result.skipped.length === 0 ? '' : ` (${result.skipped.length} ${result.skipped.length === 1 ? 'document' : 'documents'} skipped: ${result.skipped[0].reason}${result.skipped.length > 1 ? ', ...' : ''})`;
  return `no Kubernetes objects in ${source}${skipped}; an empty render or a failed 'kubectl get' looks like this. `
    + 'Pass --allow-empty if an empty input is expected';
}
