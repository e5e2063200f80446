/**
 * Owner chains: which objects of the input are controlled by another object of the input.
 *
 * A `kubectl get -o yaml` dump holds each Deployment, its ReplicaSets and their Pods; a CronJob, its
 * Jobs and their Pods; a StatefulSet or DaemonSet and its Pods. The controlled objects are copies of
 * their controller's template, so judging each repeats every workload finding three times or more.
 * The controller is named by the one `ownerReference` with `controller: true`; it is matched by
 * `uid` when the reference and an input object carry it, else by kind, name and namespace (a
 * controller lives in its object's namespace, or is cluster-scoped).
 *
 * The engine folds a finding of a controlled object into the same check's finding on its top owner
 * (the end of the chain), naming the controlled objects there. A finding the top owner does not have
 * stays on the controlled object: a Pod that differs from its template (a sidecar injected by a
 * webhook, a template changed since the Pod started) is real information, never dropped.
 */
import { Finding, ObjectRef } from './check';

/** Who controls what, among the objects of one input. */
export class OwnerIndex {
  /**
   * Builds the index of `objects` (same order as the input; non-objects are never owners nor owned).
   */
  public static of(objects: readonly unknown[]): OwnerIndex {
    const refs = objects.map(controllerRef);
    // Rendered manifests carry no ownerReferences: they pay for this one pass only.
    if (refs.every((r) => r === undefined)) return new OwnerIndex(refs.map(() => undefined));
    const byUid = new Map<string, number>();
    const byName = new Map<string, number>();
    objects.forEach((o, i) => {
      const m = metadataOf(o);
      if (!m) return;
      if (typeof m.uid === 'string' && m.uid !== '' && !byUid.has(m.uid)) byUid.set(m.uid, i);
      const kind = (o as any).kind;
      if (typeof kind === 'string' && typeof m.name === 'string') {
        const key = nameKey(kind, typeof m.namespace === 'string' ? m.namespace : '', m.name);
        if (!byName.has(key)) byName.set(key, i);
      }
    });
    const parent = objects.map((o, i) => {
      const ref = refs[i];
      if (!ref) return undefined;
      const namespace = metadataOf(o)?.namespace;
      const byUidFound = ref.uid !== undefined ? byUid.get(ref.uid) : undefined;
      const found = byUidFound
        ?? byName.get(nameKey(ref.kind, typeof namespace === 'string' ? namespace : '', ref.name))
        ?? byName.get(nameKey(ref.kind, '', ref.name));
      if (found === undefined || found === i) return undefined;
      // Same name, another uid: the controller was deleted and recreated; this one does not own it.
      const foundUid = metadataOf(objects[found])?.uid;
      if (byUidFound === undefined && ref.uid !== undefined && typeof foundUid === 'string' && foundUid !== '' && foundUid !== ref.uid) return undefined;
      return found;
    });
    return new OwnerIndex(parent);
  }

  private readonly top: Array<number | undefined>;

  private constructor(private readonly parent: ReadonlyArray<number | undefined>) {
    this.top = parent.map((_, i) => this.findTop(i));
  }

  /** The index of the object at the end of `i`'s controller chain, or undefined when nothing in the input controls `i`. */
  public topOwnerOf(i: number): number | undefined {
    return this.top[i];
  }

  /** Whether any object of the input is controlled by another. */
  public get hasOwned(): boolean {
    return this.top.some((t) => t !== undefined);
  }

  private findTop(i: number): number | undefined {
    const first = this.parent[i];
    if (first === undefined) return undefined;
    const seen = new Set<number>([i]);
    let at: number = first;
    for (;;) {
      const next: number | undefined = this.parent[at];
      if (next === undefined || seen.has(next)) return at; // a reference cycle stops where it closes
      seen.add(at);
      at = next;
    }
  }
}

/**
 * Folds the findings of controlled objects into the same check's finding on their top owner.
 *
 * @param findings the findings in input order, each with the input index of its object
 * @param owners the owner index of the same input
 * @returns the findings left, in the same order; a top owner's finding lists the folded objects in `owned`
 */
export function foldOwnedFindings(findings: ReadonlyArray<{ finding: Finding; index: number }>, owners: OwnerIndex): Finding[] {
  if (!owners.hasOwned) return findings.map((f) => f.finding);
  const kept: Array<{ finding: Finding; owned: ObjectRef[] }> = [];
  const onOwner = new Map<string, { finding: Finding; owned: ObjectRef[] }>();
  for (const { finding, index } of findings) {
    if (owners.topOwnerOf(index) !== undefined) continue;
    const slot = { finding, owned: [] };
    onOwner.set(`${index}\u0000${finding.checkId}`, slot);
  }
  for (const { finding, index } of findings) {
    const top = owners.topOwnerOf(index);
    if (top === undefined) {
      kept.push(onOwner.get(`${index}\u0000${finding.checkId}`)!);
      continue;
    }
    const target = onOwner.get(`${top}\u0000${finding.checkId}`);
    if (target) target.owned.push(finding.object);
    else kept.push({ finding, owned: [] });
  }
  return kept.map((k) => (k.owned.length === 0 ? k.finding : { ...k.finding, owned: k.owned }));
}

interface ControllerRef {
  readonly kind: string;
  readonly name: string;
  readonly uid?: string;
}

/** The ownerReference with `controller: true`, when well formed. */
function controllerRef(o: unknown): ControllerRef | undefined {
  const refs = metadataOf(o)?.ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  const ref = refs.find((r) => typeof r === 'object' && r !== null && r.controller === true);
  if (!ref || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return undefined;
  return { kind: ref.kind, name: ref.name, ...(typeof ref.uid === 'string' && ref.uid !== '' ? { uid: ref.uid } : {}) };
}

function metadataOf(o: unknown): Record<string, any> | undefined {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return undefined;
  const m = (o as Record<string, any>).metadata;
  return typeof m === 'object' && m !== null && !Array.isArray(m) ? m : undefined;
}

function nameKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}
