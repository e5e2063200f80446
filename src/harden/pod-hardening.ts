/**
 * Hardening every pod-bearing object under a scope at synth: objects from `Include`, `Helm` and
 * plain cdk8s-plus, with the same planner as the `harden` CLI.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { DEFAULT_RESOURCES, HardeningChange, planHardening, PlanOptions } from './plan';
import { escapeToken, getPointer, pointerTokens, setPointer } from './pointer';
import { Hardening } from '../warnings';

/** Per-image settings for the opt-in non-root and read-only root filesystem changes. */
export interface PodHardeningImageSettings {
  /** Image glob: `*` matches within a path segment, `**` across segments (`ghcr.io/org/**`). */
  readonly image: string;
  /**
   * The uid the image runs as (with `runAsNonRoot: true` when it is not 0).
   * @default - the container's user is left as the image sets it
   */
  readonly runAsUser?: number;
  /**
   * The gid the image runs as.
   * @default - the container's group is left as the image sets it
   */
  readonly runAsGroup?: number;
  /**
   * Mount the root filesystem read-only.
   * @default false
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Paths the image writes to, each mounted as a size-limited emptyDir when the root is read-only.
   * @default - none
   */
  readonly writablePaths?: string[];
}

/** Options of PodHardening.apply. */
export interface PodHardeningProps {
  /**
   * Write `runAsNonRoot: true` on pods that do not run as uid 0 explicitly (behaviour-changing:
   * an image whose user is root then fails to start).
   * @default false
   */
  readonly assumeNonRoot?: boolean;
  /**
   * Per-image uid, read-only root filesystem and writable paths (the first matching entry wins).
   * @default - none
   */
  readonly images?: PodHardeningImageSettings[];
  /**
   * Image reference (as written) to digest (`sha256:<64 hex>`): matching images are pinned.
   * @default - no image is pinned
   */
  readonly digests?: { [image: string]: string };
  /**
   * Requests written where missing, per resource name (`cpu`, `memory`, `ephemeral-storage`).
   * @default - the Hardened* constructs' requests: cpu 100m, memory 256Mi, ephemeral-storage 128Mi
   */
  readonly resourceRequests?: { [resource: string]: string };
  /**
   * Limits written where missing, per resource name.
   * @default - the Hardened* constructs' limits: cpu 500m, memory 256Mi, ephemeral-storage 512Mi
   */
  readonly resourceLimits?: { [resource: string]: string };
}

/** One change PodHardening made. */
export interface PodHardeningChange {
  /** Construct path of the changed ApiObject. */
  readonly path: string;
  /** JSON pointer of the field inside the object. */
  readonly field: string;
  /** The value before (undefined when the field was unset). */
  readonly before?: any;
  /** The value written. */
  readonly after: any;
  /** Why the value is safe and what it closes. */
  readonly why: string;
  /** `safe` (by default) or `opt-in` (asked for in the props). */
  readonly kind: string;
  /** Stable id of the rule, e.g. `seccomp`. */
  readonly rule: string;
}

/**
 * Hardens every pod-bearing ApiObject under a scope when the app is synthesized.
 *
 * Charts pulled in with `Include` or `Helm`, and cdk8s-plus workloads, get the Hardened* defaults
 * where they left a field unset: seccomp RuntimeDefault, no privilege escalation, capabilities
 * dropped to ALL (plus NET_BIND_SERVICE for a port below 1024), no ServiceAccount token without RBAC,
 * requests and limits, `imagePullPolicy: Always`; and, only when asked, a non-root user, a read-only
 * root filesystem and image digests. The changes are JSON patches on each object, so they apply
 * after every other patch. What it must not fix (host namespaces, privileged containers, hostPath
 * volumes, host ports, added capabilities) stays as written and is recorded as a
 * `PodHardening.NotFixed` warning on the object, with the fix a person must make.
 */
export class PodHardening {
  /** Stable id of the warning for what PodHardening must not fix, such as host access or a privileged container. */
  public static readonly NOT_FIXED_WARNING_ID = 'PodHardening.NotFixed';

  /**
   * Hardens the pod-bearing objects under `scope` at synth.
   *
   * @param scope an App, a Chart, an Include or any construct
   * @param props the opt-in changes and resource defaults
   */
  public static apply(scope: IConstruct, props: PodHardeningProps = {}): PodHardening {
    const hardening = new PodHardening(scope, props);
    scope.node.addValidation({ validate: () => { hardening.run(); return []; } });
    return hardening;
  }

  private readonly recorded: PodHardeningChange[] = [];
  private readonly options: PlanOptions;
  private done = false;

  private constructor(private readonly scope: IConstruct, props: PodHardeningProps) {
    const base = planOptionsOf(props);
    try {
      planHardening([], base);
    } catch (e: any) {
      throw new Error(`PodHardening '${scope.node.path || '<root>'}': ${e.message}`);
    }
    this.options = base;
  }

  /** The changes made, once the app is synthesized (empty before). */
  public get changes(): PodHardeningChange[] {
    return [...this.recorded];
  }

  /**
   * Plans over every ApiObject of the app (RBAC bindings anywhere decide the token change) and
   * patches the ones under the scope. Runs once: later validations see the patched objects.
   */
  private run(): void {
    if (this.done) return;
    this.done = true;
    const all = this.scope.node.root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    const mine = new Set(this.scope.node.findAll());
    const json = all.map((o) => o.toJson());
    const plan = planHardening(json, this.options);
    const byObject = new Map<number, HardeningChange[]>();
    for (const c of plan.changes) byObject.set(c.object.index, [...(byObject.get(c.object.index) ?? []), c]);
    all.forEach((object, index) => {
      if (!mine.has(object)) return;
      const current = JSON.parse(JSON.stringify(json[index]));
      for (const c of byObject.get(index) ?? []) {
        object.addJsonPatch(patchOf(current, c.path, c.after));
        setPointer(current, c.path, c.after);
        this.recorded.push({ path: object.node.path, field: c.path, before: c.before, after: c.after, why: c.why, kind: c.kind, rule: c.rule });
      }
    });
    for (const f of plan.findings) {
      const object = all[f.object.index];
      if (!mine.has(object)) continue;
      Hardening.of(object).addWarning(PodHardening.NOT_FIXED_WARNING_ID, `${f.check} at ${f.path ?? '/'}: ${f.detail}; fix: ${f.fix}`);
    }
  }
}

function planOptionsOf(props: PodHardeningProps): PlanOptions {
  const requests = props.resourceRequests;
  const limits = props.resourceLimits;
  return {
    assumeNonRoot: props.assumeNonRoot ?? false,
    ...(props.images ? { images: props.images } : {}),
    ...(props.digests ? { digests: props.digests } : {}),
    ...(requests || limits ? { resources: resourcesOf(requests, limits) } : {}),
  };
}

function resourcesOf(requests?: { [r: string]: string }, limits?: { [r: string]: string }) {
  return { requests: { ...DEFAULT_RESOURCES.requests, ...requests }, limits: { ...DEFAULT_RESOURCES.limits, ...limits } };
}

/**
 * The JSON patch for a planned change: `add` at the first missing step (JSON patch cannot create
 * intermediate objects), `replace` where the field exists.
 */
function patchOf(object: any, path: string, after: unknown): JsonPatch {
  const tokens = pointerTokens(path);
  let prefix = '';
  for (let i = 0; i < tokens.length; i++) {
    const step = `${prefix}/${escapeToken(tokens[i])}`;
    if (getPointer(object, step) === undefined) {
      const value = tokens.slice(i + 1).reduceRight<unknown>((v, t) => ({ [t]: v }), after);
      return JsonPatch.add(step, value);
    }
    prefix = step;
  }
  return JsonPatch.replace(path, after);
}

