/**
 * The enforcing image verification policies of an evaluated set, shared by the image-signature
 * check and the image-signing scorecard so both judge coverage the same way.
 *
 * A Kyverno `Policy` acts only in its own namespace; a policy-controller ClusterImagePolicy only in
 * namespaces carrying its opt-in label (a namespace whose Namespace object is not in the set is not
 * known to opt in). Matching is each engine's own (`src/supply-chain/image-match`). A policy the
 * matcher cannot read verifies nothing.
 *
 * Cost stays flat in the number of policies: every pattern is indexed once per evaluation by its
 * literal prefix (the characters before its first wildcard), each image is normalized once per
 * engine, and a question (namespace, image) is answered once and remembered. An image is then
 * tried only against the patterns whose literal prefix starts its normalized name (a handful),
 * not against every pattern of every policy.
 */
import { ICheckContext } from './check';
import { cachedIn } from './context';
import {
  ImageVerificationPolicyInfo, imageVerificationPatterns, kyvernoImageInfo, kyvernoWildcardMatch, sigstoreGlobToRegExp, sigstoreImageName,
  SIGSTORE_DEFAULT_REGISTRY,
} from '../supply-chain/image-match';

const POLICY_KINDS = ['ClusterPolicy', 'Policy', 'ClusterImagePolicy'];

/** Coverage questions over every enforcing policy of a set, answered through an index. */
export interface ImageCoverage {
  /** Whether any enforcing policy acts in the namespace. */
  anyAppliesIn(namespace: string): boolean;
  /** Whether an enforcing rule of a policy acting in the namespace verifies the image. */
  covers(namespace: string, image: string): boolean;
  /**
   * Why policy-controller leaves an image that no applicable policy covers unverified, or undefined
   * when its namespace opt-in plays no part.
   *
   * - A ClusterImagePolicy matches the image but the namespace lacks the opt-in label: the webhook
   *   never sees the pod, so the image runs unverified.
   * - The namespace opts in but no ClusterImagePolicy matches: the controller's `no-match-policy`
   *   (ConfigMap `config-policy-controller`) decides, `deny` by default: the pod is refused at
   *   admission (or admitted with a warning or silently, if changed), never signature-verified.
   */
  optInHint(namespace: string, image: string): string | undefined;
}

type Engine = 'kyverno' | 'sigstore';
type Matcher = (name: string) => boolean;

interface IndexedPolicy {
  readonly info: ImageVerificationPolicyInfo;
  readonly appliesIn: (namespace: string) => boolean;
}

interface IndexedPattern {
  readonly policy: IndexedPolicy;
  readonly test: Matcher;
  readonly skip: readonly Matcher[];
}

/** Patterns of one engine, by literal prefix. */
class PrefixIndex {
  private readonly byPrefix = new Map<string, IndexedPattern[]>();
  private lengths: number[] = [];
  /** The candidates of each name asked (several namespaces ask about the same image). */
  private readonly asked = new Map<string, readonly IndexedPattern[]>();

  public add(prefix: string, entry: IndexedPattern): void {
    this.asked.clear();
    const list = this.byPrefix.get(prefix);
    if (list) {
      list.push(entry);
      return;
    }
    this.byPrefix.set(prefix, [entry]);
    if (!this.lengths.includes(prefix.length)) this.lengths = [...this.lengths, prefix.length].sort((a, b) => a - b);
  }

  /** The patterns whose literal prefix starts the name, shortest prefix first. */
  public candidates(name: string): readonly IndexedPattern[] {
    let found = this.asked.get(name);
    if (found === undefined) {
      const out: IndexedPattern[] = [];
      for (const length of this.lengths) {
        if (length > name.length) break;
        const list = this.byPrefix.get(name.slice(0, length));
        if (list) out.push(...list);
      }
      this.asked.set(name, found = out);
    }
    return found;
  }
}

/** The characters of a pattern before its first wildcard. */
function literalPrefix(pattern: string, wildcards: string): string {
  let i = 0;
  while (i < pattern.length && !wildcards.includes(pattern[i])) i++;
  return pattern.slice(0, i);
}

/** A Kyverno `imageReferences` pattern: its prefix and matcher. */
function kyvernoPattern(pattern: string): { prefix: string; test: Matcher } {
  return { prefix: literalPrefix(pattern, '*?'), test: (name) => kyvernoWildcardMatch(pattern, name) };
}

/** A policy-controller glob: its prefix (after the `*` and `*\/*` shorthands) and compiled matcher; undefined when invalid. */
function sigstorePattern(glob: string): { prefix: string; test: Matcher } | undefined {
  const re = sigstoreGlobToRegExp(glob);
  if (!re) return undefined;
  const expanded = glob === '*/*' ? `${SIGSTORE_DEFAULT_REGISTRY}/*/*` : glob === '*' ? `${SIGSTORE_DEFAULT_REGISTRY}/library/*` : glob;
  return { prefix: literalPrefix(expanded, '*'), test: (name) => re.test(name) };
}

function compile(engine: Engine, pattern: string): { prefix: string; test: Matcher } | undefined {
  return engine === 'kyverno' ? kyvernoPattern(pattern) : sigstorePattern(pattern);
}

function policyOf(info: ImageVerificationPolicyInfo, context: ICheckContext): IndexedPolicy {
  return {
    info,
    appliesIn: (namespace) => {
      if (info.namespace !== undefined && info.namespace !== namespace) return false;
      return !info.namespaceOptInLabel || hasLabel(context, namespace, info.namespaceOptInLabel);
    },
  };
}

function hasLabel(context: ICheckContext, namespace: string, label: { key: string; value: string }): boolean {
  const labels = context.namespaceObject(namespace)?.metadata?.labels;
  return typeof labels === 'object' && labels !== null && labels[label.key] === label.value;
}

/** The enforcing policies of the set, read once per evaluation. */
function readPolicies(context: ICheckContext): IndexedPolicy[] {
  return cachedIn(context, 'enforcing-image-policies', () => {
    const out: IndexedPolicy[] = [];
    for (const kind of POLICY_KINDS) {
      for (const object of context.objectsOfKind(kind)) {
        const info = attempt(() => imageVerificationPatterns(object), undefined);
        if (info && info.enforcing) out.push(policyOf(info, context));
      }
    }
    return out;
  });
}

/** Coverage over every enforcing policy of the set, built once per evaluation. */
export function imageCoverage(context: ICheckContext): ImageCoverage {
  return cachedIn(context, 'image-coverage', () => buildCoverage(readPolicies(context), context));
}

function buildCoverage(policies: readonly IndexedPolicy[], context: ICheckContext): ImageCoverage {
  const indexes: Record<Engine, PrefixIndex> = { kyverno: new PrefixIndex(), sigstore: new PrefixIndex() };
  for (const policy of policies) {
    const engine = policy.info.engine;
    for (const rule of policy.info.rules) {
      if (!rule.enforcing) continue;
      const skip = rule.skipPatterns.map((p) => compile(engine, p)?.test).filter((t): t is Matcher => t !== undefined);
      for (const pattern of rule.patterns) {
        const compiled = compile(engine, pattern);
        if (compiled) indexes[engine].add(compiled.prefix, { policy, test: compiled.test, skip });
      }
    }
  }
  // Each image is normalized once per engine; each (namespace, image) question answered once.
  const names = new Map<string, [string | undefined, string | undefined]>();
  const nameOf = (image: string): [string | undefined, string | undefined] => {
    let n = names.get(image);
    if (!n) {
      n = [attempt(() => kyvernoImageInfo(image)?.reference, undefined), attempt(() => sigstoreImageName(image), undefined)];
      names.set(image, n);
    }
    return n;
  };
  const matches = (image: string, accept: (policy: IndexedPolicy) => boolean): boolean => {
    const [kyverno, sigstore] = nameOf(image);
    const hit = (index: PrefixIndex, name: string | undefined): boolean => {
      if (name === undefined) return false;
      for (const c of index.candidates(name)) {
        if (accept(c.policy) && c.test(name) && !c.skip.some((s) => s(name))) return true;
      }
      return false;
    };
    return hit(indexes.kyverno, kyverno) || hit(indexes.sigstore, sigstore);
  };
  const covered = (image: string, namespace: string): boolean => matches(image, (p) => p.appliesIn(namespace));
  const optInLabel = policies.find((p) => p.info.namespaceOptInLabel !== undefined)?.info.namespaceOptInLabel;
  const answers = new Map<string, boolean>();
  const anyIn = new Map<string, boolean>();
  return {
    anyAppliesIn(namespace: string): boolean {
      let any = anyIn.get(namespace);
      if (any === undefined) {
        any = policies.some((p) => p.appliesIn(namespace));
        anyIn.set(namespace, any);
      }
      return any;
    },
    covers(namespace: string, image: string): boolean {
      if (typeof image !== 'string') return false;
      const key = `${namespace}\u0000${image}`;
      let answer = answers.get(key);
      if (answer === undefined) {
        answer = covered(image, namespace);
        answers.set(key, answer);
      }
      return answer;
    },
    optInHint(namespace: string, image: string): string | undefined {
      if (!optInLabel || typeof image !== 'string') return undefined;
      const matched = matches(image, (p) => p.info.namespaceOptInLabel !== undefined);
      if (!hasLabel(context, namespace, optInLabel)) {
        return matched
          ? `a policy-controller ClusterImagePolicy matches it, but namespace ${JSON.stringify(namespace)} is not labelled ${optInLabel.key}=${optInLabel.value}, so policy-controller does not verify it there`
          : undefined;
      }
      return matched ? undefined
        : `namespace ${JSON.stringify(namespace)} opts in to policy-controller but no ClusterImagePolicy matches the image, so its no-match-policy decides (deny by default: the pod is refused, never verified)`;
    },
  };
}

function attempt<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}
