/**
 * Runs the real CLI entry point in a child process (TypeScript compiled on the fly), optionally fed by
 * a shell pipeline, as a user's terminal or CI step would run it.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const MAIN = path.join(ROOT, 'src', 'cli', 'main.ts');

/** The outcome of one spawned run. */
export interface SpawnResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const ENV = { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json'), CDK8S_HARDENED_DEBUG: '' };

/** The shell words that start the CLI. */
export function cliCommand(args: string[]): string {
  return [process.execPath, '-r', 'ts-node/register/transpile-only', MAIN, ...args].map(shellQuote).join(' ');
}

/** Runs `producer | cdk8s-hardened args...` in a shell; the producer is a shell command. */
export function spawnPipeline(producer: string, args: string[]): SpawnResult {
  return spawnChild('/bin/sh', ['-c', `${producer} | ${cliCommand(args)}`], '');
}

/** Runs the CLI with the given text on standard input (a pipe written all at once by the parent). */
export function spawnCli(args: string[], stdin = ''): SpawnResult {
  return spawnChild(process.execPath, ['-r', 'ts-node/register/transpile-only', MAIN, ...args], stdin);
}

function spawnChild(command: string, args: string[], input: string): SpawnResult {
  const r = spawnSync(command, args, { cwd: ROOT, input, encoding: 'utf8', env: ENV, timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A node command line running a script file. */
export function nodeCommand(script: string, args: string[] = []): string {
  return [process.execPath, script, ...args].map(shellQuote).join(' ');
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, "'\\''")}'`;
}
