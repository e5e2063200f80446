/**
 * What the CLI touches of the outside world, behind one interface so tests can run it in process.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tty from 'tty';
import { readStdinSync } from '../compliance/loader';

/** The CLI's streams and environment. */
export interface CliIo {
  /** Writes to standard output. */
  readonly out: (text: string) => void;
  /** Writes to standard error. */
  readonly err: (text: string) => void;
  /** Reads all of standard input. */
  readonly readStdin: () => string;
  /** Whether standard input is a terminal (then `-` is not implied when no path is given). */
  readonly stdinIsTTY: boolean;
  /** Whether standard error is a terminal (progress is shown only then). */
  readonly stderrIsTTY: boolean;
}

/**
 * The process's real streams.
 *
 * Standard input is never touched through `process.stdin`: creating that stream makes a pipe
 * non-blocking, and a synchronous read of an empty non-blocking pipe fails with EAGAIN (the bug that
 * broke `kubectl get -o yaml | cdk8s-hardened check -` beyond 64 KiB). The terminal test asks the
 * file descriptor instead, and the read loops until the end of input.
 */
export function processIo(): CliIo {
  return {
    out: (text) => { process.stdout.write(text); },
    err: (text) => { process.stderr.write(text); },
    readStdin: readStdinSync,
    stdinIsTTY: tty.isatty(0),
    stderrIsTTY: tty.isatty(2),
  };
}

/** A usage error: exit code 2, message printed without a stack. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes. */
export const EXIT_OK = 0;
/** Findings at or above the threshold, a denied pod, a `no` answer. */
export const EXIT_FINDINGS = 1;
/** Usage or input error. */
export const EXIT_ERROR = 2;

/**
 * Writes a whole file or nothing: the text goes to a temporary file in the same directory, which is
 * then renamed over the target (atomic on POSIX), so a crash or a full disk never leaves a half
 * report for a CI step to pick up.
 */
export function writeFileAtomic(file: string, text: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new UsageError(`cannot write '${file}': directory '${dir}' does not exist`);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e: any) {
    try { fs.unlinkSync(tmp); } catch { /* already gone */ }
    throw new UsageError(`cannot write '${file}': ${e?.code ?? e?.message ?? e}`);
  }
}
