/**
 * `cdk8s-hardened pss`: judges every Pod and pod template exactly as Pod Security Admission would.
 *
 * Three questions, one per mode:
 * - `--level L [--version V]`: would each pod pass level L?
 * - `--as-enforced`: would each pod pass what its own namespace's labels enforce (and warn, audit)?
 * - `--dry-run-label N=L[:V]`: what breaks if namespace N is labelled `enforce=L` at version V? The
 *   offline `kubectl label --dry-run=server ns N pod-security.kubernetes.io/enforce=L`.
 */
import { LoadResult } from '../../compliance/loader';
import { OwnerIndex } from '../../compliance/owners';
import { isPodBearing } from '../../compliance/pod-spec';
import { evaluateObjectPodSecurity, formatPssReason, parsePssVersion, PodSecurityLevel, PssEvaluation } from '../../compliance/pss';
import { formatLevelVersion, LevelVersion, namespacePolicy, NamespacePolicy, parseLevelVersion, PSA_LABEL_PREFIX, PSA_MODES } from '../../compliance/pss/namespace-policy';
import { objectInScope } from '../../compliance/scope';
import { loadInputs } from '../inputs';
import { CliIo, EXIT_FINDINGS, EXIT_OK, UsageError } from '../io';

/** Options of the pss command. */
export interface PssCommandOptions {
  readonly level?: string;
  readonly version: string;
  readonly format: string;
  /** Judge each pod at its namespace's labels. */
  readonly asEnforced?: boolean;
  /** `NAMESPACE=LEVEL[:VERSION]`: the labels to try (repeatable). */
  readonly dryRunLabel?: string[];
  /** Judge only objects in these namespaces. */
  readonly namespace?: string[];
  /** Fold controlled objects into their owner's verdict (commander's `--no-owner-dedup` sets false). */
  readonly ownerDedup?: boolean;
  /** Accept an input without objects. */
  readonly allowEmpty?: boolean;
}

/** One entry of `pss --format json` (with `--level` or `--as-enforced`): the contract documented in docs/cli.md. */
export interface PssVerdict {
  readonly file: string;
  readonly index: number;
  /** 1-based line of an item of a List. */
  readonly line?: number;
  /** 1-based column of an item of a List. */
  readonly column?: number;
  readonly kind: string;
  readonly name: string;
  /** metadata.namespace; with `--as-enforced`, `default` when the object sets none. */
  readonly namespace?: string;
  /** The `level:version` judged (with `--as-enforced`: the namespace's enforce policy). */
  readonly policy?: string;
  readonly allowed: boolean;
  readonly reasons: string[];
  /** With `--as-enforced`: what the namespace's warn and audit policies say, when they object. */
  readonly warn?: string;
  readonly audit?: string;
  /** Controlled objects with the same verdict, folded into this one (`Kind namespace/name`). */
  readonly owned?: string[];
}

/** One namespace of `pss --dry-run-label --format json`. */
export interface PssDryRun {
  readonly namespace: string;
  /** The new enforce policy, `level:version`. */
  readonly policy: string;
  /** Whether the enforce policy changes (admission evaluates existing pods only then). */
  readonly changed: boolean;
  /** Existing Pods that violate the new policy, grouped by identical reasons, as admission groups its warnings. */
  readonly pods: Array<{ readonly names: string[]; readonly reasons: string[] }>;
  /** Controllers whose pod template violates it: they could not create new pods. */
  readonly controllers: Array<{ readonly kind: string; readonly name: string; readonly reasons: string[] }>;
}

const LEVELS: Record<string, PodSecurityLevel> = {
  baseline: PodSecurityLevel.BASELINE,
  restricted: PodSecurityLevel.RESTRICTED,
};

/** Runs the command; returns the exit code. */
export function runPss(paths: string[], options: PssCommandOptions, io: CliIo): number {
  const modes = [options.level !== undefined, Boolean(options.asEnforced), (options.dryRunLabel ?? []).length > 0].filter(Boolean).length;
  if (modes !== 1) {
    throw new UsageError('pss needs exactly one of --level <baseline|restricted>, --as-enforced or --dry-run-label NAMESPACE=LEVEL[:VERSION]');
  }
  if (options.dryRunLabel && options.dryRunLabel.length > 0) return runDryRun(paths, options, io);
  if (options.asEnforced) return runAsEnforced(paths, options, io);

  const level = LEVELS[options.level!];
  if (!level) throw new UsageError(`invalid --level '${options.level}'; use 'baseline' or 'restricted'`);
  const version = parsePssVersion(options.version);
  if (!version) throw new UsageError(`invalid --version '${options.version}'; use 'v1.N' (e.g. 'v1.28') or 'latest'`);
  const fixed: LevelVersion = { level, version: version.label };

  const input = loadInputs(paths, io, { allowEmpty: options.allowEmpty });
  const verdicts = judgeAll(input, options, () => fixed, false);
  if (options.format === 'json') io.out(JSON.stringify(verdicts, null, 2) + '\n');
  else io.out(pssText(verdicts, `at ${formatLevelVersion(fixed)}`));
  return verdicts.every((v) => v.allowed) ? EXIT_OK : EXIT_FINDINGS;
}

/** `--as-enforced`: each pod at its own namespace's enforce policy, with its warn and audit objections. */
function runAsEnforced(paths: string[], options: PssCommandOptions, io: CliIo): number {
  const input = loadInputs(paths, io, { allowEmpty: options.allowEmpty });
  const namespaces = namespacesOf(input.objects);
  const missing = new Set<string>();
  const policies = new Map<string, NamespacePolicy>();
  const policyOf = (ns: string): NamespacePolicy => {
    let p = policies.get(ns);
    if (!p) {
      if (!namespaces.has(ns)) missing.add(ns);
      p = namespacePolicy(namespaces.get(ns));
      for (const mode of PSA_MODES) {
        if (p[mode].problem) io.err(`warning: namespace "${ns}": ${p[mode].problem}\n`);
      }
      policies.set(ns, p);
    }
    return p;
  };
  const verdicts = judgeAll(input, options, (ns) => policyOf(ns).enforce, true, (ns, object) => {
    const p = policyOf(ns);
    const extra: { warn?: string; audit?: string } = {};
    for (const mode of ['warn', 'audit'] as const) {
      const denial = denialOf(p[mode], object);
      if (denial) extra[mode] = denial;
    }
    return extra;
  });
  for (const ns of [...missing].sort()) {
    io.err(`note: namespace "${ns}" is not in the input; its pods are judged as an unlabelled namespace's (privileged:latest). Include the Namespace objects (kubectl get ns -o yaml) to judge them at their labels\n`);
  }
  if (options.format === 'json') io.out(JSON.stringify(verdicts, null, 2) + '\n');
  else io.out(pssText(verdicts, "at their namespaces' enforce policies"));
  return verdicts.every((v) => v.allowed) ? EXIT_OK : EXIT_FINDINGS;
}

/** `--dry-run-label`: what admission would warn if the namespace were labelled now. */
function runDryRun(paths: string[], options: PssCommandOptions, io: CliIo): number {
  const requests = (options.dryRunLabel ?? []).map(parseDryRunLabel);
  const input = loadInputs(paths, io, { allowEmpty: options.allowEmpty });
  const namespaces = namespacesOf(input.objects);
  const owners = OwnerIndex.of(input.objects);
  const results: PssDryRun[] = requests.map(({ namespace, level, version }) => {
    const ns = namespaces.get(namespace);
    if (!ns) {
      throw new UsageError(`namespace "${namespace}" is not in the input; include it (kubectl get ns,po -A -o yaml) to judge a label change on it`);
    }
    const old = namespacePolicy(ns).enforce;
    // `kubectl label ns N pod-security.kubernetes.io/enforce=L` keeps an existing enforce-version label.
    const existingVersion = ns.metadata?.labels?.[`${PSA_LABEL_PREFIX}enforce-version`];
    const kept = typeof existingVersion === 'string' ? parsePssVersion(existingVersion)?.label : undefined;
    const policy: LevelVersion = { level, version: version ?? kept ?? 'latest' };
    const changed = old.problem !== undefined || old.level !== policy.level || old.version !== policy.version;
    const pods: Array<{ names: string[]; reasons: string[] }> = [];
    const controllers: Array<{ kind: string; name: string; reasons: string[] }> = [];
    if (changed && policy.level !== PodSecurityLevel.PRIVILEGED) {
      const byReasons = new Map<string, { names: string[]; reasons: string[] }>();
      input.objects.forEach((object, i) => {
        if (!isPodBearing(object) || namespaceOf(object) !== namespace) return;
        const evaluation = evaluateObjectPodSecurity(policy.level, policy.version, object);
        if (!evaluation || evaluation.allowed) return;
        const reasons = uniqueReasons(evaluation);
        if (object.kind === 'Pod') {
          const key = reasons.join('\u0000');
          const group = byReasons.get(key);
          const name = String(object.metadata?.name ?? '');
          if (group) {
            group.names.push(name);
          } else {
            const entry = { names: [name], reasons };
            byReasons.set(key, entry);
            pods.push(entry);
          }
        } else if (owners.topOwnerOf(i) === undefined) {
          controllers.push({ kind: object.kind, name: String(object.metadata?.name ?? ''), reasons });
        }
      });
    }
    return { namespace, policy: formatLevelVersion(policy), changed, pods, controllers };
  });
  if (options.format === 'json') io.out(JSON.stringify(results, null, 2) + '\n');
  else io.out(results.map(dryRunText).join(''));
  return results.some((r) => r.pods.length > 0 || r.controllers.length > 0) ? EXIT_FINDINGS : EXIT_OK;
}

/** Judges every pod-bearing object in scope at the policy of its namespace, folding controlled objects into their owners. */
function judgeAll(
  input: LoadResult,
  options: PssCommandOptions,
  policyOf: (namespace: string) => LevelVersion,
  defaultNamespace: boolean,
  extra?: (namespace: string, object: any) => { warn?: string; audit?: string },
): PssVerdict[] {
  const verdicts: Array<PssVerdict & { owned?: string[] }> = [];
  const at = new Map<number, PssVerdict & { owned: string[] }>();
  const owners = options.ownerDedup === false ? undefined : OwnerIndex.of(input.objects);
  input.objects.forEach((object, i) => {
    if (!isPodBearing(object) || !objectInScope(object, { namespaces: options.namespace })) return;
    const ref = input.refs[i];
    const namespace = ref.namespace ?? (defaultNamespace ? 'default' : undefined);
    const policy = policyOf(namespace ?? 'default');
    const evaluation = evaluateObjectPodSecurity(policy.level, policy.version, object);
    if (!evaluation) return;
    const verdict: PssVerdict & { owned: string[] } = {
      file: ref.file ?? '-',
      index: ref.index ?? 0,
      // An item of a List: the document index is the List's, so the item's own position is given.
      ...(ref.column !== undefined ? { line: ref.line, column: ref.column } : {}),
      kind: ref.kind,
      name: ref.name,
      ...(namespace !== undefined ? { namespace } : {}),
      policy: formatLevelVersion(policy),
      allowed: evaluation.allowed,
      reasons: evaluation.results.map(formatPssReason),
      ...(extra ? extra(namespace ?? 'default', object) : {}),
      owned: [],
    };
    const top = owners?.topOwnerOf(i);
    const owner = top !== undefined ? at.get(top) : undefined;
    if (owner && sameVerdict(owner, verdict)) {
      owner.owned.push(`${verdict.kind} ${verdict.namespace ? `${verdict.namespace}/` : ''}${verdict.name}`);
      return;
    }
    at.set(i, verdict);
    verdicts.push(verdict);
  });
  return verdicts.map(({ owned, ...v }) => (owned && owned.length > 0 ? { ...v, owned } : v));
}

function sameVerdict(a: PssVerdict, b: PssVerdict): boolean {
  return a.allowed === b.allowed && a.warn === b.warn && a.audit === b.audit && a.reasons.join('\u0000') === b.reasons.join('\u0000');
}

function denialOf(policy: LevelVersion, object: any): string | undefined {
  if (policy.level === PodSecurityLevel.PRIVILEGED) return undefined;
  const evaluation = evaluateObjectPodSecurity(policy.level, policy.version, object);
  if (!evaluation || evaluation.allowed) return undefined;
  return `would violate PodSecurity "${formatLevelVersion(policy)}": ${evaluation.results.map(formatPssReason).join(', ')}`;
}

function uniqueReasons(evaluation: PssEvaluation): string[] {
  return [...new Set(evaluation.results.map((r) => r.reason))];
}

function parseDryRunLabel(text: string): { namespace: string; level: PodSecurityLevel; version?: string } {
  const eq = text.indexOf('=');
  const namespace = eq > 0 ? text.slice(0, eq) : '';
  const value = eq > 0 ? text.slice(eq + 1) : '';
  const parsed = parseLevelVersion(value);
  if (!namespace || !parsed) {
    throw new UsageError(`invalid --dry-run-label '${text}'; use NAMESPACE=LEVEL[:VERSION] with LEVEL privileged, baseline or restricted and VERSION 'v1.N' or 'latest' (e.g. 'shop=restricted:v1.30')`);
  }
  return { namespace, level: parsed.level, ...(value.includes(':') ? { version: parsed.version } : {}) };
}

function namespacesOf(objects: readonly any[]): Map<string, any> {
  const out = new Map<string, any>();
  for (const o of objects) {
    if (o?.kind === 'Namespace' && typeof o.metadata?.name === 'string' && !out.has(o.metadata.name)) out.set(o.metadata.name, o);
  }
  return out;
}

function namespaceOf(object: any): string {
  const ns = object?.metadata?.namespace;
  return typeof ns === 'string' ? ns : 'default';
}

function pssText(verdicts: PssVerdict[], judgedAt: string): string {
  const lines: string[] = [];
  for (const v of verdicts) {
    const name = v.name || '<unnamed>';
    const source = v.column !== undefined ? `${v.file}:${v.line}:${v.column}` : `${v.file}#${v.index}`;
    const where = `${source} ${v.kind || '<no kind>'} ${v.namespace ? `${v.namespace}/${name}` : name}`;
    if (v.allowed) {
      lines.push(`allowed  ${where}${judgedAt.startsWith('at their') ? ` (enforce ${v.policy})` : ''}`);
    } else {
      lines.push(`DENIED   ${where}: violates PodSecurity "${v.policy}": ${v.reasons.join(', ')}`);
    }
    if (v.warn) lines.push(`         warn: ${v.warn}`);
    if (v.audit) lines.push(`         audit: ${v.audit}`);
    if (v.owned) lines.push(`         also ${v.owned.join(', ')}`);
  }
  const denied = verdicts.filter((v) => !v.allowed).length;
  lines.push(`${verdicts.length} pods and pod templates ${judgedAt}: ${verdicts.length - denied} allowed, ${denied} denied`);
  return lines.join('\n') + '\n';
}

/** The dry run in kubectl's words (`kubectl label --dry-run=server`), plus the controllers kubectl does not list. */
function dryRunText(r: PssDryRun): string {
  const lines: string[] = [];
  if (r.pods.length > 0) {
    lines.push(`Warning: existing pods in namespace "${r.namespace}" violate the new PodSecurity enforce level "${r.policy}"`);
    for (const g of r.pods) {
      const others = g.names.length - 1;
      lines.push(`Warning: ${g.names[0]}${others > 0 ? ` (and ${others} other ${others === 1 ? 'pod' : 'pods'})` : ''}: ${g.reasons.join(', ')}`);
    }
  }
  for (const c of r.controllers) {
    lines.push(`Warning: ${c.kind} ${r.namespace}/${c.name} could not create pods under "${r.policy}": ${c.reasons.join(', ')}`);
  }
  if (!r.changed) lines.push(`(enforce is already "${r.policy}" on namespace "${r.namespace}": admission evaluates nothing)`);
  lines.push(`namespace/${r.namespace} labeled (offline dry run)`);
  return lines.join('\n') + '\n';
}
