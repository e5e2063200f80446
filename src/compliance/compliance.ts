import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ICheck, ObjectRef, Report, SkippedObject } from './check';
import { evaluate } from './engine';
import { loadExceptionsFile } from './exceptions-file';
import { loadPaths } from './loader';
import { PACKS } from './packs';
import { evaluateObjectPodSecurity, formatPssDenial, PodSecurityLevel, PssCheckResult } from './pss';
import { ScorecardTargets } from './scorecard';
import { writeSuppression } from './suppressions';
import { constructError } from '../private/errors';

/**
 * A documented, optionally time-limited exception to a compliance check.
 */
export interface SuppressionProps {
  /**
   * The check id to suppress, or a prefix wildcard ending in `-*`.
   *
   * Exact ids (`pss-restricted-run-as-user`) are preferred; a wildcard (`pss-restricted-*`)
   * excuses a whole family and should be rare. A bare `*` is refused.
   */
  readonly id: string;
  /**
   * Why the exception is acceptable: a ticket, a risk acceptance. At least 10 characters.
   *
   * It is written into the manifest, so the audit trail survives into Git and the cluster.
   */
  readonly reason: string;
  /**
   * Last day (UTC) the suppression holds, as `YYYY-MM-DD`.
   *
   * From the next day on the suppression no longer suppresses and is itself a failure
   * (`suppression-expired`), so exceptions cannot silently become permanent.
   *
   * @default - never expires
   */
  readonly expires?: string;
}

/**
 * Options of a compliance evaluation.
 */
export interface ComplianceCheckOptions {
  /**
   * The rule pack: `pss-baseline`, `pss-restricted`, `rbac-least-privilege`, `cis-k8s` or `hardened`.
   *
   * @default 'hardened'
   */
  readonly pack?: string;
  /**
   * The Pod Security Standards version the PSS checks judge against: `v1.N` or `latest`.
   *
   * `latest` judges against the newest standard, which is what a namespace labelled
   * `enforce-version: latest` (the upstream default) applies; pin a version to match a namespace
   * that pins one (SecureNamespace pins `v1.28` by default).
   *
   * @default 'latest'
   */
  readonly pssVersion?: string;
  /**
   * The Kubernetes version the manifests are applied to, `1.N`: the API-version checks report
   * apiVersions removed at it (error) and deprecated at it (warning).
   *
   * @default '1.28'
   */
  readonly kubernetesVersion?: string;
  /**
   * The evaluation time, for suppression expiry.
   *
   * @default - the current time
   */
  readonly now?: Date;
  /**
   * Labels that mark a production namespace for the scorecard (all must match).
   *
   * When no Namespace object in the set matches, every non-system (not `kube-system`, `kube-public`, `kube-node-lease`) namespace
   * counts as production.
   *
   * @default - { environment: 'production' }
   */
  readonly productionNamespaceLabels?: { [key: string]: string };
  /**
   * Kinds that have no namespace beyond the built-in data (built-in Kubernetes kinds and common add-on
   * CRDs such as OpenShift SecurityContextConstraints or cert-manager ClusterIssuer), as `Kind` (any API
   * group) or `Kind.group`, e.g. `Widget.example.com`. `namespace-explicit` does not apply to them.
   *
   * @default - only the built-in data and the CustomResourceDefinitions of the set
   */
  readonly clusterScopedKinds?: string[];
  /**
   * Target percentages of the scorecard metrics.
   *
   * @default - 100% for every metric
   */
  readonly scorecardTargets?: ScorecardTargets;
  /**
   * Report a finding of an object controlled by another object of the set (the ReplicaSets and Pods
   * of a Deployment, in a `kubectl get -o yaml` dump) once, on the top owner, which lists them in
   * `Finding.owned`. A finding only the controlled object has stays on it.
   *
   * Rendered manifests carry no `ownerReferences`, so this matters only for cluster dumps.
   *
   * @default true
   */
  readonly ownerDedup?: boolean;
  /**
   * Checks to run in addition to the pack's (your own organisation's rules).
   *
   * @default - only the pack's checks
   */
  readonly additionalChecks?: ICheck[];
  /**
   * The namespaces owned by the cluster rather than the application: never production, not judged
   * by the namespace checks, not measured by the scorecard. Replaces the default list; a name
   * prefix such as `kube-` never makes a namespace a system one.
   *
   * @default ['kube-system', 'kube-public', 'kube-node-lease']
   */
  readonly systemNamespaces?: string[];
}

/**
 * Options of `Compliance.evaluate`: a compliance evaluation of manifests read from elsewhere.
 */
export interface EvaluateOptions extends ComplianceCheckOptions {
  /**
   * Where each object came from (file, document index, line, construct path), parallel to the objects.
   *
   * Identity fields (apiVersion, kind, name, namespace) are taken from the object
   * itself when it has them.
   *
   * @default - no positions in the report
   */
  readonly refs?: ObjectRef[];
  /**
   * Judge the RBAC objects Kubernetes manages itself (its bootstrap policy: `cluster-admin` bound to
   * `system:masters`, the `system:controller:*` roles, ...) like any other object.
   *
   * By default their findings are reported suppressed ("managed by Kubernetes, recreated by the API
   * server"), counted in `summary.managed`, and left out of the scorecard.
   *
   * @default false
   */
  readonly includeManaged?: boolean;
  /**
   * A YAML exceptions file (`exceptions: [{ id, kind, namespace, name, labels, reason, expires }]`)
   * for objects nobody can annotate; expired or malformed entries are findings. The format is in
   * docs/cli.md, "The exceptions file".
   *
   * @default - no exceptions file
   */
  readonly exceptionsFile?: string;
}

/**
 * Manifests read from YAML files and directories, with where each object came from.
 */
export interface LoadedManifests {
  /**
   * The objects, in input order: files in order, documents in order, `kind: List` items in order.
   */
  readonly objects: any[];
  /**
   * One position per object, in the same order: file, 0-based document index and 1-based start line.
   *
   * Pass them to `Compliance.evaluate(objects, { refs })` so that every finding names its file and line.
   */
  readonly refs: ObjectRef[];
  /**
   * Documents that are not Kubernetes objects (empty documents, scalars, sequences), with the reason.
   */
  readonly skipped: SkippedObject[];
  /**
   * The files read, in order: directories expanded to their `*.yaml` and `*.yml` files, sorted by path.
   */
  readonly files: string[];
}

/**
 * What Pod Security Admission would decide about one pod-bearing object.
 */
export interface PodSecurityVerdict {
  /**
   * Whether admission would allow the pod.
   */
  readonly allowed: boolean;
  /**
   * The failed checks only, in upstream order: baseline ids sorted, then restricted ids sorted.
   */
  readonly results: PssCheckResult[];
  /**
   * The denial message in Pod Security Admission's words, or none when the pod is allowed.
   *
   * For example `violates PodSecurity "restricted:v1.28": allowPrivilegeEscalation != false
   * (container "app" must set securityContext.allowPrivilegeEscalation=false)`.
   *
   * @default - none: the pod is allowed
   */
  readonly message?: string;
}

/**
 * The compliance engine's library front end: judge a cdk8s app or any manifests, and record
 * documented exceptions on constructs.
 *
 * The engine judges the final rendered manifests (after JSON patches and escape hatches), never
 * construct props, so what it reports is what the cluster would receive.
 *
 * @example
 * const report = Compliance.check(app, { pack: 'pss-restricted' });
 * Compliance.of(legacy).suppress({ id: 'pss-restricted-run-as-non-root', reason: 'vendor image needs root, SEC-142', expires: '2026-06-30' });
 */
export class Compliance {
  /**
   * The compliance handle of a construct, to record suppressions on it.
   *
   * A suppression on a construct covers every ApiObject at or below it.
   */
  public static of(scope: IConstruct): Compliance {
    return new Compliance(scope);
  }

  /**
   * Synthesizes an App or a Chart (with its nested charts) and evaluates the result.
   *
   * Objects carry their construct path (`ObjectRef.constructPath`). Synthesis runs cdk8s
   * validations first, exactly as `cdk8s synth` would.
   *
   * @param scope an App or a Chart
   * @throws when scope is neither, the pack is unknown or the PSS version is malformed
   */
  public static check(scope: IConstruct, options: ComplianceCheckOptions = {}): Report {
    const { objects, refs } = synthesize(scope);
    return evaluate(objects, { ...options, refs });
  }

  /**
   * Evaluates parsed manifests (from files, Helm or kustomize output) against a pack.
   *
   * Never throws on the objects: unreadable documents are listed in `Report.skipped`, and a
   * check that cannot judge an object reports an `error` finding.
   *
   * @param objects the manifests, in input order
   * @throws when the pack is unknown, the PSS version is malformed, or the exceptions file cannot be read or is not an exceptions file
   */
  public static evaluate(objects: any[], options: EvaluateOptions = {}): Report {
    const { exceptionsFile, ...rest } = options;
    return evaluate(objects, { ...rest, exceptions: exceptionsFile !== undefined ? loadExceptionsFile(exceptionsFile) : undefined });
  }

  /**
   * Reads every Kubernetes object from YAML files and directories, with its file and line.
   *
   * The same loader as `cdk8s-hardened check`: directories are searched recursively for `*.yaml` and
   * `*.yml` files (sorted by path), multi-document files are split, `kind: List` documents are
   * expanded into their items, and `-` reads standard input. Judge the result with
   * `Compliance.evaluate(loaded.objects, { refs: loaded.refs })`.
   *
   * @param paths files, directories or `-`
   * @throws when no path is given, a path does not exist, a directory holds no YAML file or a
   * document is malformed YAML (the message starts with `file:line:column`)
   */
  public static loadManifests(paths: string[]): LoadedManifests {
    if (paths.length === 0) {
      throw new Error("Compliance.loadManifests() received no path; pass YAML files, directories or '-' for standard input");
    }
    const { objects, refs, skipped, files } = loadPaths(paths);
    return { objects, refs, skipped, files };
  }

  /**
   * The ids of every rule pack, in the order the CLI lists them.
   *
   * Each id is a valid `pack` for `Compliance.check`, `Compliance.evaluate`, the CLI's `--pack` and
   * the validation plugin.
   */
  public static packIds(): string[] {
    return PACKS.map((p) => p.id);
  }

  /**
   * Judges one object's pod exactly as Pod Security Admission would, at a level and policy version.
   *
   * Pods and the pod templates of Deployment, StatefulSet, DaemonSet, ReplicaSet,
   * ReplicationController, Job and CronJob are judged alike, with every container (init, regular,
   * ephemeral). Never throws on the object's content: a malformed field that a check restricts
   * fails that check. See docs/pod-security.md for the checks and their versions.
   *
   * @param level `baseline` or `restricted` (`privileged` allows everything)
   * @param version the policy version as the `pod-security.kubernetes.io/enforce-version` label takes it: `v1.N` or `latest`
   * @param object a parsed manifest
   * @returns the verdict, or none when the object bears no pod
   * @throws when the level or the version is invalid
   */
  public static podSecurity(level: PodSecurityLevel, version: string, object: any): PodSecurityVerdict | undefined {
    const evaluation = evaluateObjectPodSecurity(level, version, object);
    if (!evaluation) return undefined;
    const message = formatPssDenial(level, version, evaluation);
    return { ...evaluation, ...(message !== undefined ? { message } : {}) };
  }

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Suppresses a check on every ApiObject at or below this construct, with a reason.
   *
   * Writes the annotation `cdk8s-hardened.io/suppressions` (a JSON array of
   * `{id, reason, expires?}`), which the engine, the CLI and the cdk8s validation plugin honour.
   * Call it once the construct is complete: objects added below it later are not covered.
   *
   * @throws when the id, reason or expiry is invalid, or nothing below the construct renders
   */
  public suppress(props: SuppressionProps): void {
    writeSuppression(this.scope, props);
  }
}

/** The rendered objects of an App or Chart with their construct paths. */
function synthesize(scope: IConstruct): { objects: any[]; refs: ObjectRef[] } {
  let charts: Chart[];
  if (scope instanceof App) {
    charts = scope.charts;
  } else if (Chart.isChart(scope)) {
    charts = App.of(scope).charts.filter((c) => c === scope || isBelow(c, scope));
  } else {
    throw constructError(scope, 'Compliance.check() needs an App or a Chart; pass the chart that contains this construct (Chart.of(construct))');
  }
  const objects: any[] = [];
  const refs: ObjectRef[] = [];
  let prepared = false;
  // The same order `chart.toJson()` renders in (cdk8s' chartToKube), so index i is object i.
  const apiObjectsOf = (chart: Chart): ApiObject[] => new DependencyGraph(chart.node).topology()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c))
    .filter((c) => Chart.of(c) === chart);
  for (const chart of charts) {
    let json: any[];
    let apiObjects: ApiObject[];
    if (!prepared || chart.toJson !== Chart.prototype.toJson) {
      // The first `toJson()` resolves the app's dependencies and runs its validations, as
      // `cdk8s synth` does; a chart that overrides toJson() is always asked.
      json = chart.toJson();
      apiObjects = apiObjectsOf(chart);
      prepared = true;
    } else {
      // cdk8s' `chart.toJson()` would resolve and validate the whole app again for every chart
      // (quadratic in the number of charts); what is left of it is rendering each object.
      apiObjects = apiObjectsOf(chart);
      json = apiObjects.map((o) => o.toJson());
    }
    json.forEach((object, i) => {
      objects.push(object);
      const path = apiObjects.length === json.length ? apiObjects[i].node.path : undefined;
      refs.push({
        apiVersion: typeof object?.apiVersion === 'string' ? object.apiVersion : '',
        kind: typeof object?.kind === 'string' ? object.kind : '',
        name: typeof object?.metadata?.name === 'string' ? object.metadata.name : '',
        ...(path !== undefined ? { constructPath: path } : {}),
      });
    });
  }
  return { objects, refs };
}

function isBelow(c: IConstruct, ancestor: IConstruct): boolean {
  for (let s = c.node.scope; s; s = s.node.scope) if (s === ancestor) return true;
  return false;
}
