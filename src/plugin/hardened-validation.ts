/**
 * The cdk8s-cli validation plugin: `cdk8s synth` runs the compliance engine over the synthesized
 * manifests and fails (exit 2) on findings, each reported with the construct path that made it.
 *
 * ```yaml
 * # cdk8s.yaml
 * validations:
 *   - package: ./node_modules/cdk8s-hardened/lib/plugin
 *     version: 0.0.0            # any exact version: local plugins are not installed
 *     class: HardenedValidation
 *     properties:
 *       pack: hardened          # or pss-restricted, cis-k8s, ...
 * ```
 *
 * A thin adapter over the engine: it reads the manifests with the same loader as the CLI, so a
 * finding reads the same in `cdk8s synth`, `cdk8s-hardened check` and `Compliance.check()`. It does
 * not import cdk8s-cli at run time: the context is typed structurally below.
 */
import { DEFAULT_KUBERNETES_VERSION, kubernetesMinor } from '../compliance/api-versions';
import { Finding, ObjectRef } from '../compliance/check';
import { isKindDeclaration } from '../compliance/cluster-scoped-kinds';
import { checksOfPack, DEFAULT_PACK, DEFAULT_PSS_VERSION, evaluate } from '../compliance/engine';
import { InputError, loadPaths } from '../compliance/loader';
import { PACKS } from '../compliance/packs';
import { parsePssVersion } from '../compliance/pss';
import { describeControls, describeProblem, FAIL_ON, failsRun, formatPercent } from '../compliance/reporters/common';
import { ScorecardTargets } from '../compliance/scorecard';

/** The fields of ScorecardTargets (the plugin's properties are checked at run time: they come from YAML). */
const TARGET_FIELDS: Record<keyof ScorecardTargets, true> = {
  rbacLeastPrivilege: true, pssRestrictedProduction: true, networkPolicyCoverage: true, imageSigning: true,
};

/**
 * Properties of the HardenedValidation plugin (the `properties:` of its `validations:` entry).
 */
export interface HardenedValidationProps {
  /**
   * The rule pack: `pss-baseline`, `pss-restricted`, `rbac-least-privilege`, `cis-k8s` or `hardened`.
   *
   * @default 'hardened'
   */
  readonly pack?: string;
  /**
   * The Pod Security Standards version the PSS checks judge against: `v1.N` or `latest`.
   *
   * @default 'latest'
   */
  readonly pssVersion?: string;
  /**
   * The lowest severity that fails synthesis: `error`, `warning` or `never`.
   *
   * Security note: `never` reports findings but lets synthesis succeed; use it only while adopting
   * the library, never in CI.
   *
   * @default 'error'
   */
  readonly failOn?: string;
  /**
   * The Kubernetes version the API-version checks judge against: `1.N`, quoted in YAML (`"1.30"`:
   * unquoted, YAML reads `1.30` as the number 1.3).
   *
   * @default '1.28'
   */
  readonly kubernetesVersion?: string;
  /**
   * Kinds that have no namespace beyond the built-in data and the CRDs of the app, as `Kind` or
   * `Kind.group` (e.g. `Widget.example.com`): the namespace checks do not apply to them.
   *
   * @default - none
   */
  readonly clusterScopedKinds?: string[];
  /**
   * The labels (all of them) that mark a production namespace for the scorecard.
   *
   * @default - `environment: production`
   */
  readonly productionNamespaceLabels?: { [key: string]: string };
  /**
   * Scorecard targets, in percent from 0 to 100.
   *
   * @default - 100 each
   */
  readonly scorecardTargets?: ScorecardTargets;
}

/** What the plugin reads of cdk8s-cli's ValidationContext (structural, so cdk8s-cli is not loaded). */
interface ValidationContextLike {
  readonly manifests: readonly string[];
  readonly metadata?: { readonly [resourceName: string]: { readonly path: string } | undefined };
  readonly report: {
    addViolation(violation: {
      ruleName: string;
      recommendation: string;
      fix: string;
      violatingResources: { resourceName: string; manifestPath: string; locations: string[] }[];
    }): void;
    submit(status: 'success' | 'failure', metadata?: { [key: string]: string }): void;
  };
  readonly logger?: { log(message: string): void };
}

/**
 * Validates synthesized manifests against a cdk8s-hardened rule pack, for `cdk8s synth`.
 *
 * Wire it into `cdk8s.yaml` under `validations:` (see docs/cli.md). Each failing check becomes one
 * violation listing every resource that fails it, with the JSON pointer and detail as location and
 * the construct path (cdk8s-cli adds it from the construct metadata).
 */
export class HardenedValidation {
  /** The pack evaluated. */
  public readonly pack: string;
  /** The PSS version the PSS checks judge against. */
  public readonly pssVersion: string;
  /** The lowest failing severity. */
  public readonly failOn: string;
  /** The Kubernetes version the API-version checks judge against. */
  public readonly kubernetesVersion: string;
  private readonly clusterScopedKinds: string[];
  private readonly productionNamespaceLabels?: { [key: string]: string };
  private readonly scorecardTargets?: ScorecardTargets;

  constructor(props: HardenedValidationProps = {}) {
    this.pack = props.pack ?? DEFAULT_PACK;
    this.pssVersion = props.pssVersion ?? DEFAULT_PSS_VERSION;
    this.failOn = props.failOn ?? 'error';
    if (!checksOfPack(this.pack)) {
      throw new Error(`HardenedValidation: unknown pack '${this.pack}' in cdk8s.yaml properties; use one of ${PACKS.map((p) => `'${p.id}'`).join(', ')}`);
    }
    if (!parsePssVersion(this.pssVersion)) {
      throw new Error(`HardenedValidation: invalid pssVersion '${this.pssVersion}' in cdk8s.yaml properties; use 'v1.N' (e.g. 'v1.28') or 'latest'`);
    }
    if (!(this.failOn in FAIL_ON)) {
      throw new Error(`HardenedValidation: invalid failOn '${this.failOn}' in cdk8s.yaml properties; use 'error', 'warning' or 'never'`);
    }
    this.kubernetesVersion = props.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    if (typeof this.kubernetesVersion !== 'string' || kubernetesMinor(this.kubernetesVersion) === undefined) {
      throw new Error(`HardenedValidation: invalid kubernetesVersion ${JSON.stringify(this.kubernetesVersion)} in cdk8s.yaml properties; `
        + 'use a quoted \'1.N\' (e.g. kubernetesVersion: "1.30"; unquoted, YAML reads 1.30 as the number 1.3)');
    }
    this.clusterScopedKinds = props.clusterScopedKinds ?? [];
    const badKind = Array.isArray(this.clusterScopedKinds)
      ? this.clusterScopedKinds.find((k) => typeof k !== 'string' || !isKindDeclaration(k)) : this.clusterScopedKinds;
    if (badKind !== undefined) {
      throw new Error(`HardenedValidation: invalid clusterScopedKinds entry ${JSON.stringify(badKind)} in cdk8s.yaml properties; `
        + "use a list of 'Kind' or 'Kind.group' (e.g. [Widget.example.com])");
    }
    const labels = props.productionNamespaceLabels;
    if (labels !== undefined && (typeof labels !== 'object' || labels === null || Array.isArray(labels)
      || Object.keys(labels).length === 0 || Object.values(labels).some((v) => typeof v !== 'string'))) {
      throw new Error(`HardenedValidation: invalid productionNamespaceLabels ${JSON.stringify(labels)} in cdk8s.yaml properties; `
        + 'use a non-empty map of label to string value (e.g. { environment: production })');
    }
    this.productionNamespaceLabels = labels;
    const targets = props.scorecardTargets;
    if (targets !== undefined) {
      const fields = Object.keys(TARGET_FIELDS);
      const bad = typeof targets !== 'object' || targets === null || Array.isArray(targets) ? JSON.stringify(targets)
        : Object.entries(targets).map(([k, v]) => (!fields.includes(k) ? `unknown target '${k}'`
          : typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100 ? `${k}: ${JSON.stringify(v)}` : undefined)).find((x) => x !== undefined);
      if (bad !== undefined) {
        throw new Error(`HardenedValidation: invalid scorecardTargets (${bad}) in cdk8s.yaml properties; `
          + `use percents from 0 to 100 for ${fields.map((f) => `'${f}'`).join(', ')}`);
      }
    }
    this.scorecardTargets = targets;
  }

  /**
   * Runs the pack over `context.manifests` and reports violations to `context.report`.
   *
   * @param context cdk8s-cli's ValidationContext
   */
  public async validate(context: any): Promise<void> {
    const ctx = context as ValidationContextLike;
    let input;
    try {
      input = loadPaths([...ctx.manifests]);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      ctx.report.addViolation({
        ruleName: 'input-error',
        recommendation: 'The synthesized manifests must be valid YAML',
        fix: e.message,
        violatingResources: [{ resourceName: '', manifestPath: e.file ?? '', locations: [e.message] }],
      });
      ctx.report.submit('failure', { pack: this.pack });
      return;
    }
    const refs: ObjectRef[] = input.refs.map((ref) => {
      const path = ref.name ? ctx.metadata?.[ref.name]?.path : undefined;
      return path ? { ...ref, constructPath: path } : ref;
    });
    const report = evaluate(input.objects, {
      pack: this.pack,
      pssVersion: this.pssVersion,
      kubernetesVersion: this.kubernetesVersion,
      clusterScopedKinds: this.clusterScopedKinds,
      productionNamespaceLabels: this.productionNamespaceLabels,
      scorecardTargets: this.scorecardTargets,
      refs,
    });
    const descriptions = new Map((checksOfPack(this.pack) ?? []).map((c) => [c.id, c.description]));

    const failing = report.findings.filter((f) => failsRun(f, this.failOn));
    const byCheck = new Map<string, Finding[]>();
    for (const f of failing) {
      const list = byCheck.get(f.checkId);
      if (list) list.push(f);
      else byCheck.set(f.checkId, [f]);
    }
    for (const [checkId, findings] of byCheck) {
      const first = findings[0];
      const controls = describeControls(first.controls);
      ctx.report.addViolation({
        ruleName: checkId,
        recommendation: `${first.title}${controls ? ` (${controls})` : ''}`,
        fix: descriptions.get(checkId) ?? first.title,
        violatingResources: findings.map((f) => ({
          resourceName: f.object.name,
          manifestPath: f.object.file ?? '',
          locations: [f.location ? `${f.location}: ${describeProblem(f)}` : describeProblem(f)],
        })),
      });
    }

    const metadata: { [key: string]: string } = {
      'pack': this.pack,
      'pss version': this.pssVersion,
      'kubernetes version': this.kubernetesVersion,
      'findings': String(failing.length),
      'suppressed': String(report.summary.suppressed),
    };
    for (const m of report.scorecard) {
      metadata[m.title] = `${formatPercent(m.percent)} (${m.compliant}/${m.total}, target ${formatPercent(m.target)})`;
    }
    ctx.report.submit(failing.length > 0 ? 'failure' : 'success', metadata);
  }
}
