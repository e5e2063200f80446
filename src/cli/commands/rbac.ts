/**
 * `cdk8s-hardened can-i` and `who-can`: offline RBAC answers over the manifests, worded like
 * `kubectl auth can-i`, with the binding and rule behind each answer.
 */
import { authorize, Grant, listPermissions, parseServiceAccountUser, Permission, whoCan } from '../../compliance/rbac/authorizer';
import { loadInputs } from '../inputs';
import { CliIo, EXIT_FINDINGS, EXIT_OK, UsageError } from '../io';
import { resolveResource, ResolvedResource } from '../resources';

/** Options of can-i. */
export interface CanIOptions {
  readonly as?: string;
  readonly asGroup?: string[];
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  readonly name?: string;
  readonly subresource?: string;
  readonly list?: boolean;
  readonly quiet?: boolean;
  readonly format: string;
}

/** Options of who-can. */
export interface WhoCanOptions {
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  readonly name?: string;
  readonly subresource?: string;
  readonly format: string;
}

/** `binding RoleBinding "b" in "ns" -> Role "r" rule #0 (verbs: get, list; resources: pods)`. */
export function describeGrant(grant: Grant): string {
  const b = grant.binding;
  const role = grant.role;
  const via = grant.roleRef ? ` (aggregated into ${grant.roleRef.kind} "${grant.roleRef.name}")` : '';
  const r = grant.rule;
  const parts = [`verbs: ${r.verbs.join(', ')}`];
  if (r.apiGroups.length > 0) parts.push(`apiGroups: ${r.apiGroups.map((g) => (g === '' ? '""' : g)).join(', ')}`);
  if (r.resources.length > 0) parts.push(`resources: ${r.resources.join(', ')}`);
  if (r.resourceNames.length > 0) parts.push(`resourceNames: ${r.resourceNames.join(', ')}`);
  if (r.nonResourceURLs.length > 0) parts.push(`nonResourceURLs: ${r.nonResourceURLs.join(', ')}`);
  return `${b.kind} "${b.name}"${b.namespace ? ` in "${b.namespace}"` : ''} -> ${role.kind} "${role.name}"${role.namespace ? ` in "${role.namespace}"` : ''}${grant.builtIn ? ' (built-in)' : ''}${via} rule #${grant.ruleIndex} (${parts.join('; ')})`;
}

function namespaceFor(resolved: ResolvedResource, options: { namespace?: string; allNamespaces?: boolean }, user?: string): string | undefined {
  if (resolved.clusterScoped || resolved.nonResourceURL || options.allNamespaces) return undefined;
  if (options.namespace) return options.namespace;
  // kubectl uses the kubeconfig namespace; offline, a service account's own namespace is the useful default.
  return (user && parseServiceAccountUser(user)?.namespace) || 'default';
}

/** Runs can-i; returns the exit code (0 yes, 1 no). */
export function runCanI(args: string[], options: CanIOptions, io: CliIo): number {
  if (!options.as) throw new UsageError("can-i needs --as <user> (a user name or 'system:serviceaccount:NAMESPACE:NAME')");
  if (options.format !== 'text' && options.format !== 'json') throw new UsageError(`invalid --format '${options.format}'; use 'text' or 'json'`);
  const identity = { user: options.as, groups: options.asGroup ?? [] };

  if (options.list) {
    const input = loadInputs(args, io);
    const namespace = options.allNamespaces ? undefined : options.namespace ?? parseServiceAccountUser(options.as)?.namespace ?? 'default';
    const permissions = listPermissions(input.objects, identity, namespace);
    if (options.format === 'json') io.out(JSON.stringify(permissions.map(permissionJson), null, 2) + '\n');
    else if (!options.quiet) io.out(permissionTable(permissions));
    return EXIT_OK;
  }

  if (args.length < 2) throw new UsageError('can-i needs <verb> <resource> (e.g. `can-i get pods --as jane`), or --list');
  const [verb, resourceArg, ...paths] = args;
  const resolved = resolveResource(resourceArg, options.subresource);
  if (resolved.warning) io.err(`warning: ${resolved.warning}\n`);
  const input = loadInputs(paths, io);
  const namespace = namespaceFor(resolved, options, options.as);
  const result = authorize(input.objects, {
    ...identity,
    verb,
    resource: resolved.resource,
    subresource: resolved.subresource,
    apiGroup: resolved.apiGroup,
    nonResourceURL: resolved.nonResourceURL,
    namespace,
    name: options.name,
  });
  if (options.format === 'json') {
    io.out(JSON.stringify({ allowed: result.allowed, reason: result.reason, namespace: namespace ?? null, grants: result.grants.map(grantJson) }, null, 2) + '\n');
  } else if (!options.quiet) {
    const lines = [result.allowed ? 'yes' : 'no'];
    if (result.allowed) {
      lines.push(`  ${result.reason}`);
      for (const g of result.grants) lines.push(`  granted by ${describeGrant(g)}`);
    }
    io.out(lines.join('\n') + '\n');
  }
  return result.allowed ? EXIT_OK : EXIT_FINDINGS;
}

/** Runs who-can; returns 0 (a listing, even when empty). */
export function runWhoCan(args: string[], options: WhoCanOptions, io: CliIo): number {
  if (args.length < 2) throw new UsageError('who-can needs <verb> <resource> (e.g. `who-can get secrets -n prod`)');
  if (options.format !== 'text' && options.format !== 'json') throw new UsageError(`invalid --format '${options.format}'; use 'text' or 'json'`);
  const [verb, resourceArg, ...paths] = args;
  const resolved = resolveResource(resourceArg, options.subresource);
  if (resolved.warning) io.err(`warning: ${resolved.warning}\n`);
  const input = loadInputs(paths, io);
  const namespace = resolved.clusterScoped || resolved.nonResourceURL ? undefined : options.allNamespaces ? undefined : options.namespace ?? 'default';
  const subjects = whoCan(input.objects, {
    verb,
    resource: resolved.resource,
    subresource: resolved.subresource,
    apiGroup: resolved.apiGroup,
    nonResourceURL: resolved.nonResourceURL,
    namespace,
    name: options.name,
    allNamespaces: options.allNamespaces,
  });
  if (options.format === 'json') {
    io.out(JSON.stringify(subjects.map((s) => ({ subject: s.subject, grants: s.grants.map(grantJson) })), null, 2) + '\n');
    return EXIT_OK;
  }
  if (subjects.length === 0) {
    io.out('no subject can do this\n');
    return EXIT_OK;
  }
  const rows = subjects.map((s) => [s.subject.kind, s.subject.namespace ?? '', s.subject.name, s.grants.map(describeGrant).join('; ')]);
  io.out(table(['KIND', 'NAMESPACE', 'NAME', 'GRANTED BY'], rows));
  return EXIT_OK;
}

function grantJson(g: Grant): Record<string, unknown> {
  return {
    binding: g.binding,
    role: g.role,
    ...(g.roleRef ? { roleRef: g.roleRef } : {}),
    ruleIndex: g.ruleIndex,
    rule: g.rule,
    subject: g.subject,
    ...(g.builtIn ? { builtIn: true } : {}),
  };
}

function permissionJson(p: Permission): Record<string, unknown> {
  return {
    verbs: p.verbs,
    apiGroups: p.apiGroups,
    resources: p.resources,
    resourceNames: p.resourceNames,
    nonResourceURLs: p.nonResourceURLs,
    grant: grantJson(p.grant),
  };
}

/** kubectl's `auth can-i --list` table, with where each rule comes from. */
function permissionTable(permissions: Permission[]): string {
  const rows: string[][] = [];
  for (const p of permissions) {
    const from = `${p.grant.binding.kind} "${p.grant.binding.name}" -> ${p.grant.role.kind} "${p.grant.role.name}" rule #${p.grant.ruleIndex}`;
    if (p.nonResourceURLs.length > 0) {
      rows.push(['', `[${p.nonResourceURLs.join(' ')}]`, '[]', `[${p.verbs.join(' ')}]`, from]);
      continue;
    }
    for (const res of p.resources) {
      for (const group of p.apiGroups.length > 0 ? p.apiGroups : ['']) {
        rows.push([group === '' ? res : `${res}.${group}`, '[]', `[${p.resourceNames.join(' ')}]`, `[${p.verbs.join(' ')}]`, from]);
      }
    }
  }
  return table(['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs', 'Granted by'], rows);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('   ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
