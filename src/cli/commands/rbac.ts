/**
 * `cdk8s-hardened can-i` and `who-can`: offline RBAC answers over the manifests, worded like
 * `kubectl auth can-i`, with the binding and rule behind each answer.
 */
import { authorize, Grant, listPermissions, parseServiceAccountUser, Permission, RbacOptions, RbacRef, whoCan } from '../../compliance/rbac/authorizer';
import { BOOTSTRAP_VERSIONS, bootstrapVersionFor } from '../../compliance/rbac/bootstrap-policy';
import { subjectPermissions, SubjectPermissions } from '../../compliance/rbac/subjects';
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
  /** Version of the built-in roles (`1.N` or `latest`). */
  readonly kubernetesVersion?: string;
}

/** Options of who-can. */
export interface WhoCanOptions {
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  readonly name?: string;
  readonly subresource?: string;
  readonly format: string;
  /** Version of the built-in roles (`1.N` or `latest`). */
  readonly kubernetesVersion?: string;
}

/** Options of `rbac subjects`. */
export interface SubjectsOptions {
  /** `Kind:name` or `ServiceAccount:namespace/name`. */
  readonly subject?: string;
  readonly namespace?: string;
  readonly format: string;
  readonly kubernetesVersion?: string;
}

/** The RBAC options of a command, the version checked. */
function rbacOptions(options: { kubernetesVersion?: string }): RbacOptions {
  const version = options.kubernetesVersion ?? 'latest';
  if (!bootstrapVersionFor(version)) {
    throw new UsageError(`invalid --kubernetes-version '${version}'; use 'v1.N' (1.${BOOTSTRAP_VERSIONS[0].split('.')[1]} or later) or 'latest'`);
  }
  return { kubernetesVersion: version };
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
  const rbac = rbacOptions(options);

  if (options.list) {
    const input = loadInputs(args, io);
    const namespace = options.allNamespaces ? undefined : options.namespace ?? parseServiceAccountUser(options.as)?.namespace ?? 'default';
    const permissions = listPermissions(input.objects, identity, namespace, rbac);
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
  }, rbac);
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
  const rbac = rbacOptions(options);
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
  }, rbac);
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

const SUBJECT_KINDS = ['User', 'Group', 'ServiceAccount'];

/** Parses `--subject Kind:name` (`ServiceAccount:namespace/name`). */
function parseSubject(value: string): RbacRef {
  const m = /^(User|Group|ServiceAccount):(.+)$/.exec(value);
  if (!m) throw new UsageError(`invalid --subject '${value}'; use one of ${SUBJECT_KINDS.map((k) => `'${k}:NAME'`).join(', ')} (a ServiceAccount as 'ServiceAccount:NAMESPACE/NAME')`);
  if (m[1] !== 'ServiceAccount') return { kind: m[1], name: m[2] };
  const slash = m[2].indexOf('/');
  if (slash <= 0 || slash === m[2].length - 1) throw new UsageError(`invalid --subject '${value}'; a ServiceAccount is 'ServiceAccount:NAMESPACE/NAME'`);
  return { kind: 'ServiceAccount', namespace: m[2].slice(0, slash), name: m[2].slice(slash + 1) };
}

/** Runs `rbac subjects`: what each subject can effectively do; returns 0. */
export function runSubjects(paths: string[], options: SubjectsOptions, io: CliIo): number {
  if (options.format !== 'text' && options.format !== 'json') throw new UsageError(`invalid --format '${options.format}'; use 'text' or 'json'`);
  const rbac = rbacOptions(options);
  const subject = options.subject !== undefined ? parseSubject(options.subject) : undefined;
  const input = loadInputs(paths, io);
  const subjects = subjectPermissions(input.objects, { ...rbac, namespace: options.namespace, subject });
  if (options.format === 'json') {
    io.out(JSON.stringify(subjects.map((s) => ({
      subject: s.subject,
      capabilities: s.capabilities,
      permissions: s.permissions.map((p) => ({ ...(p.namespace !== undefined ? { namespace: p.namespace } : {}), ...permissionJson(p) })),
    })), null, 2) + '\n');
    return EXIT_OK;
  }
  if (subjects.length === 0) {
    io.out(subject ? `no binding names ${subject.kind} "${subject.namespace ? `${subject.namespace}/` : ''}${subject.name}"\n` : 'no subjects\n');
    return EXIT_OK;
  }
  io.out(subjects.map(subjectText).join('\n'));
  return EXIT_OK;
}

function subjectText(s: SubjectPermissions): string {
  const who = `${s.subject.kind} ${s.subject.namespace ? `${s.subject.namespace}/` : ''}${s.subject.name}`;
  const lines = [`${who}: ${s.permissions.length} rule${s.permissions.length === 1 ? '' : 's'}`];
  for (const c of s.capabilities) {
    lines.push(`  ! ${c.id}: ${c.description} (${c.namespaces[0] === '*' ? 'cluster-wide' : `in ${c.namespaces.join(', ')}`})`);
  }
  for (const p of s.permissions) {
    const where = p.namespace === undefined ? 'cluster-wide' : `in ${p.namespace}`;
    const what = p.nonResourceURLs.length > 0 ? p.nonResourceURLs.join(' ')
      : p.resources.map((r) => (p.apiGroups.length === 1 && p.apiGroups[0] === '' ? r : `${r}.${p.apiGroups.map((g) => g || '""').join('|')}`)).join(' ');
    const names = p.resourceNames.length > 0 ? ` [${p.resourceNames.join(' ')}]` : '';
    lines.push(`  ${where}: ${p.verbs.join(',')} ${what}${names}  <- ${describeGrant(p.grant)}`);
  }
  return lines.join('\n') + '\n';
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
