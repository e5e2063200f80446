#!/usr/bin/env node
/**
 * The `cdk8s-hardened` command line: a thin front end over the loader, the engine and the reporters.
 *
 * Exit codes: 0 clean; 1 findings at or above `--fail-on`, a denied pod, a `no`; 2 usage or input
 * error. Errors print one line (`file:line:col: reason` for malformed YAML) and never a stack trace
 * (set CDK8S_HARDENED_DEBUG=1 to see one).
 */
import { Command, CommanderError, Option } from 'commander';
import { CliIo, EXIT_ERROR, EXIT_OK, processIo, UsageError } from './io';
import { InputError } from '../compliance/loader';
import { packageVersion } from '../private/version';

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

/** This package's version (package.json), as `--version` prints it and reports record it. */
export function toolVersion(): string {
  return packageVersion();
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
    .description('Judge every Pod and pod template exactly as Pod Security Admission would (exit 1 if any is denied): at one level, at each namespace\'s labels, or under a label change.')
    .argument('[paths...]', "YAML files or directories (recursive *.yaml, *.yml); '-' for stdin")
    .addOption(new Option('--level <level>', 'Pod Security Standards level every pod is judged at').choices(['baseline', 'restricted']))
    .option('--version <version>', "policy version for --level: 'v1.N' or 'latest'", 'latest')
    .option('--as-enforced', "judge each pod at its own namespace's pod-security.kubernetes.io labels (enforce; warn and audit reported)")
    .option('--dry-run-label <namespace=level[:version]>', "what breaks if the namespace is labelled enforce=level (repeatable): offline 'kubectl label --dry-run=server'", collect)
    .option('-n, --namespace <namespace>', 'judge only objects in this namespace (repeatable)', collect)
    .option('--no-owner-dedup', 'list controlled objects (ReplicaSets, Pods) on their own even when their owner has the same verdict')
    .option('--allow-empty', 'accept an input without any Kubernetes object (default: exit 2)')
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
    .option('--cluster-scoped-kind <kind>', "a custom kind that has no namespace, 'Kind' or 'Kind.group' (repeatable)", collect)
    .option('-n, --namespace <namespace>', 'judge only objects in this namespace (repeatable); the rest of the input still informs the checks', collect)
    .option('--check <id>', "run only this check (repeatable; 'prefix-*' for a family)", collect)
    .option('--skip-check <id>', "never run this check (repeatable; 'prefix-*' for a family)", collect)
    .addOption(new Option('--min-severity <severity>', 'run only checks of this severity or above').choices(['error', 'warning', 'info']))
    .option('--no-owner-dedup', 'report findings of controlled objects (ReplicaSets, Pods) on each, not once on their owner')
    .option('--production-label <key=value>', 'a label marking production namespaces for the scorecard (repeatable; all must match; default environment=production)', collect)
    .option('--target <metric=percent>', 'a scorecard target, e.g. network-policy-coverage=90 (repeatable; default 100 each)', collect)
    .option('--allow-empty', 'accept an input without any Kubernetes object (default: exit 2)')
    .option('--kubernetes-version <version>', "Kubernetes version the API-version checks judge removed and deprecated apiVersions against: '1.N'", '1.28')
    .option('--exceptions <file>', 'a YAML file of exceptions for objects nobody can annotate (see docs/cli.md)')
    .option('--include-managed', 'judge the RBAC objects Kubernetes manages itself (bootstrap policy) instead of reporting them suppressed')
    .option('--system-namespaces <list>', 'comma-separated namespaces owned by the cluster, not judged as application namespaces', 'kube-system,kube-public,kube-node-lease')
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
    .option('--kubernetes-version <version>', "version of Kubernetes' built-in roles (admin, edit, view, cluster-admin) used when the input lacks them: 'v1.N' or 'latest'", 'latest')
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
    .option('--kubernetes-version <version>', "version of Kubernetes' built-in roles (admin, edit, view, cluster-admin) used when the input lacks them: 'v1.N' or 'latest'", 'latest')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((args: string[], opts) => setExit(commands.rbac().runWhoCan(args, opts, io)));

  program.command('rbac')
    .description('RBAC audits over manifests.')
    .command('subjects')
    .description('What each User, Group and ServiceAccount can effectively do: every rule it holds through any binding (its groups included), with where, and its notable capabilities.')
    .argument('[paths...]', "YAML files or directories (recursive *.yaml, *.yml); '-' for stdin")
    .option('--subject <subject>', "only this subject: 'User:NAME', 'Group:NAME' or 'ServiceAccount:NAMESPACE/NAME'")
    .option('-n, --namespace <namespace>', 'only rules that apply in this namespace')
    .option('--kubernetes-version <version>', "version of Kubernetes' built-in roles (admin, edit, view, cluster-admin) used when the input lacks them: 'v1.N' or 'latest'", 'latest')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((paths: string[], opts) => setExit(commands.rbac().runSubjects(paths, opts, io)));

  program.command('exceptions')
    .description('List exceptions with their expiry: admission exceptions (Kyverno PolicyExceptions, annotated exemptions), suppression annotations and exceptions file entries (exit 1 if any is expired, invalid or has none).')
    .argument('[paths...]', "YAML files or directories (recursive *.yaml, *.yml); '-' for stdin")
    .option('--within <days>', 'flag exceptions that expire within this many days', '30')
    .option('--exceptions <file>', 'also list the entries of this exceptions file (the one given to check --exceptions)')
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

function collect(value: string, previous: string[] = []): string[] {
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
