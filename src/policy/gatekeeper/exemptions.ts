/**
 * Gatekeeper exemptions expressed in the constraint's own `match` block, so that they are visible
 * to anyone reading the constraint (and to `gator`), without touching the template's code.
 *
 * A constraint matches an object when every criterion of its `match` holds (`excludedNamespaces`,
 * `namespaces`, `labelSelector`, `namespaceSelector` are ANDed). An exception "namespace in N and
 * labels L" exempts exactly the objects where all of it holds, so what must still be matched is
 * its negation: "namespace not in N, or some label of L differs", a disjunction one `match` cannot
 * express. The exemptions are therefore compiled into a small set of disjoint match blocks, one
 * constraint each, whose union is exactly "everything except the exempted objects":
 *
 *   not (ns in N and l1 and l2) = (ns not in N)
 *                               | (ns in N and not l1)
 *                               | (ns in N and l1 and not l2)
 *
 * with `excludedNamespaces`, `namespaces` and label requirements `In` / `NotIn` (NotIn also matches
 * objects without the label). Blocks are disjoint, so an object is judged by one constraint only.
 *
 * @see https://open-policy-agent.github.io/gatekeeper/website/docs/howto/#the-match-field
 */
import { AdmissionException, EXCEPTION_EXPIRES_ANNOTATION, EXCEPTION_ID_ANNOTATION, EXCEPTION_REASON_ANNOTATION } from '../model';

/** More blocks than this means the exemptions are too intricate for match blocks. */
export const MAX_MATCH_BLOCKS = 16;

/** One label selector requirement. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn';
  readonly values: string[];
}

/** The exemption-dependent part of a constraint's `match`. */
export interface ConstraintMatchBlock {
  /** Namespaces the constraint skips. */
  readonly excludedNamespaces: string[];
  /** Namespaces the constraint is limited to (undefined: every namespace). */
  readonly namespaces?: string[];
  /** Label requirements the object must satisfy (all of them). */
  readonly labelRequirements: LabelRequirement[];
}

interface Block {
  excluded: Set<string>;
  only?: Set<string>;
  labels: LabelRequirement[];
}

function contradictory(labels: readonly LabelRequirement[]): boolean {
  for (const a of labels) {
    for (const b of labels) {
      if (a.key !== b.key) continue;
      if (a.operator === 'In' && b.operator === 'NotIn' && a.values[0] === b.values[0]) return true;
      if (a.operator === 'In' && b.operator === 'In' && a.values[0] !== b.values[0]) return true;
    }
  }
  return false;
}

function empty(block: Block): boolean {
  if (block.only && [...block.only].every((n) => block.excluded.has(n))) return true;
  return contradictory(block.labels);
}

/**
 * Compiles exemptions into disjoint match blocks whose union matches everything the base match
 * does except the exempted objects.
 *
 * @param exemptions the exemptions (each with namespaces and/or matchLabels)
 * @param excludedNamespaces namespaces the constraint skips anyway
 * @param namespaces namespaces the constraint is limited to, if any
 * @throws when the exemptions need more than MAX_MATCH_BLOCKS constraints
 */
export function exemptionMatchBlocks(
  exemptions: readonly AdmissionException[], excludedNamespaces: readonly string[] = [], namespaces?: readonly string[],
): ConstraintMatchBlock[] {
  let blocks: Block[] = [{ excluded: new Set(excludedNamespaces), only: namespaces ? new Set(namespaces) : undefined, labels: [] }];
  for (const e of exemptions) {
    const ns = e.namespaces ?? [];
    const labels = Object.entries(e.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const next: Block[] = [];
    for (const b of blocks) {
      if (ns.length > 0) next.push({ ...b, excluded: new Set([...b.excluded, ...ns]), labels: [...b.labels] });
      const inNs = ns.length > 0 ? new Set([...(b.only ?? ns)].filter((n) => ns.includes(n))) : b.only;
      labels.forEach(([key, value], i) => {
        const equal: LabelRequirement[] = labels.slice(0, i).map(([k, v]) => ({ key: k, operator: 'In', values: [v] }));
        next.push({
          excluded: new Set(b.excluded),
          only: inNs ? new Set(inNs) : undefined,
          labels: [...b.labels, ...equal, { key, operator: 'NotIn', values: [value] }],
        });
      });
    }
    blocks = next.filter((b) => !empty(b));
    if (blocks.length > MAX_MATCH_BLOCKS) {
      throw new Error(`the exemptions need ${blocks.length} constraints to express (at most ${MAX_MATCH_BLOCKS}); `
        + 'merge exemptions, use fewer labels per exemption, or use the CEL engine (exceptions as matchConditions)');
    }
  }
  return blocks.map((b) => ({
    excludedNamespaces: [...b.excluded].sort(),
    ...(b.only ? { namespaces: [...b.only].filter((n) => !b.excluded.has(n)).sort() } : {}),
    labelRequirements: b.labels.map((l) => ({ key: l.key, operator: l.operator, values: [...l.values] })),
  }));
}

/** The `match` fields of a block (without kinds and namespaceSelector). */
export function matchFieldsOf(block: ConstraintMatchBlock): { [key: string]: any } {
  const out: { [key: string]: any } = {};
  if (block.excludedNamespaces.length > 0) out.excludedNamespaces = [...block.excludedNamespaces];
  if (block.namespaces) out.namespaces = [...block.namespaces];
  if (block.labelRequirements.length > 0) {
    out.labelSelector = { matchExpressions: block.labelRequirements.map((l) => ({ key: l.key, operator: l.operator, values: [...l.values] })) };
  }
  return out;
}

/**
 * The annotations recording exemptions on a constraint: ids, the earliest expiry, and the reasons.
 * Empty when there are none.
 */
export function exemptionAnnotations(exemptions: readonly AdmissionException[]): { [key: string]: string } {
  if (exemptions.length === 0) return {};
  const earliest = [...exemptions].sort((a, b) => (a.expires < b.expires ? -1 : a.expires > b.expires ? 1 : 0))[0];
  return {
    [EXCEPTION_ID_ANNOTATION]: exemptions.map((e) => e.id).join(','),
    [EXCEPTION_EXPIRES_ANNOTATION]: earliest.expires,
    [EXCEPTION_REASON_ANNOTATION]: exemptions.map((e) => `${e.id}: ${e.reason.trim()}`).join('; '),
  };
}
