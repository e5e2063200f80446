/**
 * The evaluation context: what a check may know besides the object it judges.
 *
 * Built once per evaluation. Indexes the set by kind and by (kind, namespace) up front so checks
 * that look at other objects (NetworkPolicies selecting a pod, bindings of a role, image
 * policies) do a map lookup instead of re-walking the whole set.
 */
import { DEFAULT_KUBERNETES_VERSION } from './api-versions';
import { ICheckContext } from './check';
import { managedReason } from './rbac/managed';

/** The label that marks a production namespace by default. */
export const PRODUCTION_LABEL_KEY = 'environment';
/** The value of {@link PRODUCTION_LABEL_KEY} that marks a production namespace by default. */
export const PRODUCTION_LABEL_VALUE = 'production';

/** Options of an {@link EvaluationContext}. */
export interface EvaluationContextOptions {
  /** PSS version, `v1.N` or `latest`. */
  readonly pssVersion: string;
  /** The evaluation time. */
  readonly now: Date;
  /** The target Kubernetes version, `1.N`. @default '1.28' */
  readonly kubernetesVersion?: string;
  /**
   * Labels that mark a production namespace (all must match). Replaces `environment=production`.
   */
  readonly productionNamespaceLabels?: { [key: string]: string };
  /** Kinds declared cluster-scoped beyond the built-in data (`Kind` or `Kind.group`). */
  readonly clusterScopedKinds?: string[];
  /**
   * The namespaces owned by the cluster rather than the application: never production, and not
   * measured by the namespace checks and the scorecard. Replaces the default list.
   * @default DEFAULT_SYSTEM_NAMESPACES
   */
  readonly systemNamespaces?: readonly string[];
  /**
   * Judge the objects Kubernetes manages itself (./rbac/managed.ts) like any other: count them in
   * the scorecard. By default they are left out of it.
   * @default false
   */
  readonly includeManaged?: boolean;
}

/**
 * The system namespaces by default: the three every cluster creates. Other `kube-*` namespaces
 * (`kube-flannel`, `kube-prometheus`) are applications like any other and are judged: the
 * `kube-` prefix is reserved by convention only, and nothing enforces it.
 */
export const DEFAULT_SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether a namespace is in a list of system namespaces (by default `kube-system`, `kube-public`,
 * `kube-node-lease`): owned by the cluster, never counted as production.
 */
export function isSystemNamespace(name: string, systemNamespaces: readonly string[] = DEFAULT_SYSTEM_NAMESPACES): boolean {
  return systemNamespaces.includes(name);
}

/** Whether a namespace is a system namespace of an evaluation (the default list for a foreign context). */
export function systemNamespaceIn(context: ICheckContext, name: string): boolean {
  return context instanceof EvaluationContext ? context.isSystemNamespace(name) : isSystemNamespace(name);
}

/** Whether an object is one Kubernetes manages that the evaluation leaves out of the scorecard. */
export function managedIn(context: ICheckContext, object: unknown): boolean {
  const include = context instanceof EvaluationContext && context.includeManaged;
  return !include && managedReason(object) !== undefined;
}

/** The `ICheckContext` implementation used by the engine. */
export class EvaluationContext implements ICheckContext {
  public readonly objects: any[];
  public readonly pssVersion: string;
  public readonly now: Date;
  public readonly clusterScopedKinds: string[];
  public readonly kubernetesVersion: string;
  /** The system namespaces of this evaluation. */
  public readonly systemNamespaces: readonly string[];
  /** Whether managed objects are judged like any other. */
  public readonly includeManaged: boolean;
  private readonly byKind = new Map<string, any[]>();
  private readonly byKindNamespace = new Map<string, any[]>();
  private readonly namespaces = new Map<string, any>();
  private readonly productionLabels: Array<[string, string]>;
  /** Whether any Namespace object in the set matches the production labels. */
  private readonly anyLabelledProduction: boolean;
  /** Per-evaluation caches for expensive derived data (scorecard, RBAC indexes): keyed by owner. */
  private readonly caches = new Map<string, unknown>();

  constructor(objects: any[], options: EvaluationContextOptions) {
    this.objects = objects;
    this.pssVersion = options.pssVersion;
    this.now = options.now;
    this.clusterScopedKinds = [...(options.clusterScopedKinds ?? [])];
    this.kubernetesVersion = options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    this.systemNamespaces = options.systemNamespaces ?? DEFAULT_SYSTEM_NAMESPACES;
    this.includeManaged = options.includeManaged ?? false;
    const labels = options.productionNamespaceLabels;
    this.productionLabels = labels && Object.keys(labels).length > 0
      ? Object.entries(labels)
      : [[PRODUCTION_LABEL_KEY, PRODUCTION_LABEL_VALUE]];

    for (const o of objects) {
      if (!isObject(o) || typeof o.kind !== 'string') continue;
      push(this.byKind, o.kind, o);
      const ns = isObject(o.metadata) && typeof o.metadata.namespace === 'string' ? o.metadata.namespace : undefined;
      if (ns !== undefined) push(this.byKindNamespace, `${o.kind}\u0000${ns}`, o);
      if (o.kind === 'Namespace' && isObject(o.metadata) && typeof o.metadata.name === 'string' && !this.namespaces.has(o.metadata.name)) {
        this.namespaces.set(o.metadata.name, o);
      }
    }
    this.anyLabelledProduction = [...this.namespaces.values()].some((n) => this.hasProductionLabels(n));
  }

  public objectsOfKind(kind: string, namespace?: string): any[] {
    if (namespace === undefined) return this.byKind.get(kind) ?? [];
    return this.byKindNamespace.get(`${kind}\u0000${namespace}`) ?? [];
  }

  public namespaceObject(name: string): any {
    return this.namespaces.get(name);
  }

  /** Names of the Namespace objects in the set, in input order. */
  public namespaceNames(): string[] {
    return [...this.namespaces.keys()];
  }

  public isProductionNamespace(name: string): boolean {
    if (typeof name !== 'string' || name.length === 0) return false;
    if (this.anyLabelledProduction) {
      const ns = this.namespaces.get(name);
      return ns !== undefined && this.hasProductionLabels(ns);
    }
    return !this.isSystemNamespace(name);
  }

  /** Whether the namespace is one of this evaluation's system namespaces. */
  public isSystemNamespace(name: string): boolean {
    return isSystemNamespace(name, this.systemNamespaces);
  }

  /**
   * A value computed once per evaluation (e.g. the scorecard), shared by every check that needs it.
   *
   * @param key a key unique to the owner module
   * @param compute computes the value on first use
   */
  public cached<T>(key: string, compute: () => T): T {
    if (!this.caches.has(key)) this.caches.set(key, compute());
    return this.caches.get(key) as T;
  }

  private hasProductionLabels(namespace: any): boolean {
    const labels = isObject(namespace?.metadata) && isObject(namespace.metadata.labels) ? namespace.metadata.labels : {};
    return this.productionLabels.every(([k, v]) => labels[k] === v);
  }
}

/**
 * A per-evaluation cache for any context: the engine's `EvaluationContext` shares values through
 * `cached`; a foreign `ICheckContext` (a test double) gets a WeakMap-backed cache.
 */
const foreignCaches = new WeakMap<object, Map<string, unknown>>();
export function cachedIn<T>(context: ICheckContext, key: string, compute: () => T): T {
  if (context instanceof EvaluationContext) return context.cached(key, compute);
  let cache = foreignCaches.get(context);
  if (!cache) {
    cache = new Map();
    foreignCaches.set(context, cache);
  }
  if (!cache.has(key)) cache.set(key, compute());
  return cache.get(key) as T;
}

function push(map: Map<string, any[]>, key: string, value: any): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
