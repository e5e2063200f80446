#!/usr/bin/env node
/**
 * The `cdk8s-hardened` command line: a thin front end over the loader, the engine and the reporters.
 *
 * Exit codes: 0 clean; 1 findings at or above `--fail-on`, a denied pod, a `no`; 2 usage or input
 * error. Errors print one line (`file:line:col: reason` for malformed YAML) and never a stack trace
 * (set CDK8S_HARDENED_DEBUG=1 to see one).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { CliIo, EXIT_ERROR, EXIT_OK, processIo, UsageError } from './io';
import { InputError } from '../compliance/loader';

const NAME = 'cdk8s-hardened';

// Commands load on use: `pss` need not load the rule packs, nor `can-i` the PSS evaluator.
/* eslint-disable @typescript-eslint/no-require-imports */
const commands = {
  pss: () => require('./commands/pss') as typeof import('./commands/pss'),
  check: () => require('./commands/check') as typeof import('./commands/check'),
  rbac: () => require('./commands/rbac') as typeof import('./commands/rbac'),
  exceptions: () => require('./commands/exceptions') as typeof import('./commands/exceptions'),
  harden: () => require('./commands/harden') as typeof import('./commands/harden'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** This package's version, or `0.0.0` when package.json cannot be read. */
export function toolVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command(NAME)
    .description('Judge Kubernetes manifests: Pod Security Standards, rule packs with a compliance scorecard, offline RBAC questions.')
    .version(toolVersion(), '-V, --version')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run with --help for usage)');

  program.command('pss')
    .description('Judge every Pod and pod template exactly as Pod Security Admission would (exit 1 if any is denied).')
    .argument('[paths...]', "YAML files or directories (recursive *.yaml, *.yml); '-' for stdin")
    .addOption(new Option('--level <level>', 'Pod Security Standards level').choices(['baseline', 'restricted']).makeOptionMandatory())
    .option('--version <version>', "policy version: 'v1.N' or 'latest'", 'latest')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((paths: string[], opts) => setExit(commands.pss().runPss(paths, opts, io)));

  program.command('check')
    .description('Run a rule pack over manifests and print the findings and the scorecard.')
    .argument('[paths...]', "YAML files or directories (recursive *.yaml, *.yml); '-' for stdin")
    .option('--pack <id>', 'rule pack: pss-baseline, pss-restricted, rbac-least-privilege, cis-k8s, hardened', 'hardened')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif', 'junit', 'markdown']).default('text'))
    .option('--output <file>', 'write the report to a file (atomically) instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 on active findings at or above this severity').choices(['error', 'warning', 'never']).default('error'))
    .option('--pss-version <version>', "Pod Security Standards version the PSS checks judge against: 'v1.N' or 'latest'", 'latest')
    .action((paths: string[], opts) => setExit(commands.check().runCheck(paths, { ...opts, toolVersion: toolVersion() }, io)));

  program.command('can-i')
    .description('Answer `kubectl auth can-i` offline over RBAC manifests (exit 0 yes, 1 no), with the binding and rule that grant it.')
    .usage('<verb> <resource> --as <user> [options] [paths...]\n       cdk8s-hardened can-i --list --as <user> [options] [paths...]')
    .argument('[args...]', '<verb> <resource> then paths; with --list, only paths')
    .option('--as <user>', "user name, or 'system:serviceaccount:NAMESPACE:NAME'")
    .option('--as-group <group>', 'a group the user belongs to (repeatable)', collect, [])
    .option('-n, --namespace <namespace>', "the request's namespace (default: the service account's own, else 'default')")
    .option('-A, --all-namespaces', 'ask cluster-wide: only ClusterRoleBindings count')
    .option('--name <name>', 'a specific object name (for rules with resourceNames)')
    .option('--subresource <subresource>', 'a subresource, e.g. exec (same as <resource>/<subresource>)')
    .option('--list', 'list every rule the user holds in the namespace')
    .option('-q, --quiet', 'print nothing; answer with the exit code')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((args: string[], opts) => setExit(commands.rbac().runCanI(args, opts, io)));

  program.command('who-can')
    .description('List the subjects that may make a request, with the bindings and rules that let them.')
    .usage('<verb> <resource> [options] [paths...]')
    .argument('[args...]', '<verb> <resource> then paths')
    .option('-n, --namespace <namespace>', "the request's namespace", 'default')
    .option('-A, --all-namespaces', 'count RoleBindings of every namespace')
    .option('--name <name>', 'a specific object name')
    .option('--subresource <subresource>', 'a subresource, e.g. exec')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((args: string[], opts) => setExit(commands.rbac().runWhoCan(args, opts, io)));

  program.command('exceptions')
    .description('List admission exceptions (Kyverno PolicyExceptions, annotated exemptions) with their expiry (exit 1 if any is expired or has none).')
    .argument('[paths...]', "YAML files or directories (recursive *.yaml, *.yml); '-' for stdin")
    .option('--within <days>', 'flag exceptions that expire within this many days', '30')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((paths: string[], opts) => setExit(commands.exceptions().runExceptions(paths, opts, io)));

  program.command('harden')
    .description('Rewrite manifests to the hardened defaults, keeping everything else byte for byte (exit 1 if findings remain that a person must fix).')
    .argument('[paths...]', "YAML files or directories (recursive *.yaml, *.yml); '-' for stdin")
    .option('--output <dir|->', "directory for the hardened files (same relative names), or '-' for stdout")
    .option('--report <file>', 'write the JSON change report')
    .option('--dry-run', 'print a unified diff and write nothing')
    .option('--assume-non-root', 'opt-in: set runAsNonRoot: true on pods that do not run as uid 0 explicitly')
    .option('--image-settings <file>', 'opt-in: per-image uid, read-only root filesystem and writable paths (YAML list)')
    .option('--digests <file>', 'opt-in: pin images to digests (YAML map of image to sha256:...)')
    .option('--network-policies', 'opt-in: add default-deny ingress NetworkPolicies plus what declared ports and Services imply')
    .option('--cpu-request <q>', 'cpu request written where missing').option('--cpu-limit <q>', 'cpu limit written where missing')
    .option('--memory-request <q>', 'memory request written where missing').option('--memory-limit <q>', 'memory limit written where missing')
    .option('--ephemeral-storage-request <q>', 'ephemeral-storage request written where missing')
    .option('--ephemeral-storage-limit <q>', 'ephemeral-storage limit written where missing')
    .option('--pss-version <version>', "Pod Security Standards version the remaining findings are judged at: 'v1.N' or 'latest'", 'latest')
    .action((paths: string[], opts) => setExit(commands.harden().runHarden(paths, opts, io)));

  return program;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Runs the CLI on arguments (without `node` and the script) and returns the exit code.
 *
 * Never throws: every error becomes a one-line message on stderr and exit code 2.
 */
export function run(argv: string[], io: CliIo = processIo()): number {
  let exitCode = EXIT_OK;
  try {
    const program = buildProgram(io, (code) => { exitCode = code; });
    if (argv.length === 0) {
      io.err(program.helpInformation());
      return EXIT_ERROR;
    }
    program.parse(argv, { from: 'user' });
    return exitCode;
  } catch (e: any) {
    if (e instanceof CommanderError) {
      // commander has printed its message; help and version are not errors.
      return e.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    }
    if (e instanceof InputError || e instanceof UsageError) {
      io.err(`${NAME}: ${e.message}\n`);
      return EXIT_ERROR;
    }
    io.err(`${NAME}: internal error: ${e?.message ?? e}\n`);
    if (process.env.CDK8S_HARDENED_DEBUG) io.err(`${e?.stack ?? ''}\n`);
    return EXIT_ERROR;
  }
}

/** The process entry point. */
export function main(): void {
  // A closed pipe (`| head`) is not an error worth a stack.
  process.stdout.on('error', (e: any) => {
    if (e?.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  process.exitCode = run(process.argv.slice(2));
}

if (require.main === module) main();
