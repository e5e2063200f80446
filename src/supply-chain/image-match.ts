/*
 * Image matching exactly as the admission engines match, for coverage questions without a cluster.
 *
 * Kyverno (kyverno.io/v1 verifyImages, 1.13 .. 1.19):
 * - The image of every container is normalized first (pkg/utils/image GetImageInfo): an image whose
 *   first path component is not a registry (no '.', no ':', not 'localhost', lower case) gets the
 *   default registry `docker.io/` prepended; the reference is parsed with distribution/reference
 *   (`reference.Parse`, NOT `ParseNormalizedNamed`: Docker Hub official images keep their one-component
 *   path, `nginx` becomes `docker.io/nginx`, not `docker.io/library/nginx`); a missing tag becomes
 *   `latest`; the string matched is `registry/path@digest` when a digest is present (the tag is
 *   dropped) and `registry/path:tag` otherwise (ImageInfo.String()).
 * - `imageReferences` (and `skipImageReferences`) are wildcard patterns (pkg/utils/wildcard): '*'
 *   matches any sequence including '/', '?' exactly one character, everything else itself; no
 *   escaping, no classes; the whole string must match.
 * - A verifyImages entry enforces when its `failureAction` is `Enforce`; without one, the deprecated
 *   spec-level `validationFailureAction` (`Enforce`/`enforce`) decides; the default is Audit.
 *
 * Sigstore policy-controller (ClusterImagePolicy v1alpha1 / v1beta1, v0.15):
 * - The webhook parses the image with go-containerregistry `name.ParseReference` and matches the
 *   glob against `ref.Name()`: `docker.io` is rewritten to `index.docker.io`, a one-component
 *   Docker Hub repository gets `library/` (`nginx` -> `index.docker.io/library/nginx:latest`), a
 *   missing tag becomes `latest`, and a digest reference drops its tag (`repo@sha256:...`).
 * - Globs (pkg/apis/glob): only `[a-zA-Z0-9-_:/*.]` are valid; `*` matches any run of non-'/'
 *   characters, `**` any run including '/'; the glob `*` means `index.docker.io/library/*` and `*\/*`
 *   means `index.docker.io/*\/*`; the whole name must match.
 * - `spec.mode` is `enforce` (default) or `warn`. An authority `static: { action: pass }` admits
 *   without verifying anything. The policy applies only in namespaces labelled
 *   `policy.sigstore.dev/include: "true"`.
 *
 * Everything here is pure (no constructs), so the compliance engine can judge rendered manifests.
 */

/** Registry Kyverno prepends to images without one (its `defaultRegistry` setting). */
export const KYVERNO_DEFAULT_REGISTRY = 'docker.io';

/** Registry go-containerregistry (and so policy-controller) resolves Docker Hub to. */
export const SIGSTORE_DEFAULT_REGISTRY = 'index.docker.io';

/** Label a namespace needs before policy-controller enforces ClusterImagePolicies in it. */
export const SIGSTORE_NAMESPACE_OPT_IN_LABEL = 'policy.sigstore.dev/include';

// distribution/reference grammar (reference/regexp.go).
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const DISTRIBUTION_REFERENCE_RE = new RegExp(`^(${DOMAIN})/(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const DISTRIBUTION_NAME_TOTAL_LENGTH_MAX = 255;

/**
 * Kyverno's wildcard match (pkg/utils/wildcard.Match): '*' any sequence (also '/'), '?' exactly one
 * character, anything else itself; the whole name must match. Compares code points, like Go runes.
 */
export function kyvernoWildcardMatch(pattern: string, name: string): boolean {
  const p = Array.from(pattern);
  const n = Array.from(name);
  let px = 0;
  let nx = 0;
  let starPx = -1;
  let starNx = 0;
  while (nx < n.length) {
    if (px < p.length) {
      if (p[px] === '*') {
        px++;
        if (px === p.length) return true;
        starPx = px;
        starNx = nx;
        continue;
      }
      if (p[px] === '?' || p[px] === n[nx]) {
        px++;
        nx++;
        continue;
      }
    }
    if (starPx < 0) return false;
    starNx++;
    px = starPx;
    nx = starNx;
  }
  return p.slice(px).every((c) => c === '*');
}

/** The parts Kyverno derives from an image (its ImageInfo). */
export interface KyvernoImageInfo {
  /** Registry, `docker.io` when the image names none. */
  readonly registry: string;
  /** Repository path, e.g. `nginx` or `team/app`. */
  readonly path: string;
  /** Tag; `latest` when neither tag nor digest is given. */
  readonly tag?: string;
  /** Digest, if any. */
  readonly digest?: string;
  /** The string imageReferences are matched against (`registry/path@digest` or `registry/path:tag`). */
  readonly reference: string;
}

/**
 * Normalizes an image the way Kyverno does before matching `imageReferences`.
 *
 * @returns the parts, or undefined when Kyverno would reject the image as invalid
 */
export function kyvernoImageInfo(image: string, defaultRegistry: string = KYVERNO_DEFAULT_REGISTRY): KyvernoImageInfo | undefined {
  if (typeof image !== 'string' || image.length === 0) return undefined;
  let full = image;
  const slash = image.indexOf('/');
  if (slash === -1) {
    full = `${defaultRegistry}/${image}`;
  } else {
    const first = image.slice(0, slash);
    if (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first) full = `${defaultRegistry}/${image}`;
  }
  const m = DISTRIBUTION_REFERENCE_RE.exec(full);
  if (!m) return undefined;
  const [, registry, path, tag, digest] = m;
  if (registry.length + 1 + path.length > DISTRIBUTION_NAME_TOTAL_LENGTH_MAX) return undefined;
  const effectiveTag = tag ?? (digest ? undefined : 'latest');
  const reference = digest ? `${registry}/${path}@${digest}` : `${registry}/${path}:${effectiveTag}`;
  return { registry, path, tag: effectiveTag, digest, reference };
}

/**
 * Whether a Kyverno `imageReferences` pattern matches a container image, as Kyverno decides it.
 *
 * `nginx:1.27` is matched as `docker.io/nginx:1.27`; `myregistry.io/app:v1@sha256:...` as
 * `myregistry.io/app@sha256:...`. An image Kyverno cannot parse matches nothing.
 */
export function kyvernoImageReferenceMatches(image: string, pattern: string): boolean {
  const info = kyvernoImageInfo(image);
  return info !== undefined && kyvernoWildcardMatch(pattern, info.reference);
}

// go-containerregistry pkg/name character sets.
const GGCR_REPOSITORY_CHARS = /^[a-z0-9_\-./]+$/;
const GGCR_TAG_CHARS = /^[A-Za-z0-9_\-.]+$/;
const GGCR_DIGEST_RE = /^sha256:[0-9a-f]{64}$/;
const GGCR_REGISTRY_RE = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;

/**
 * Normalizes an image the way policy-controller does before matching globs
 * (go-containerregistry `name.ParseReference(image).Name()`).
 *
 * @returns e.g. `index.docker.io/library/nginx:latest`, or undefined for an invalid reference
 */
export function sigstoreImageName(image: string): string | undefined {
  if (typeof image !== 'string' || image.length === 0) return undefined;
  return parseGgcrTag(image) ?? parseGgcrDigest(image);
}

function parseGgcrTag(name: string): string | undefined {
  let base = name;
  let tag = 'latest';
  const parts = name.split(':');
  if (parts.length > 1 && !parts[parts.length - 1].includes('/')) {
    base = parts.slice(0, -1).join(':');
    tag = parts[parts.length - 1];
    if (tag.length === 0 || tag.length > 128 || !GGCR_TAG_CHARS.test(tag)) return undefined;
  }
  const repo = parseGgcrRepository(base);
  return repo === undefined ? undefined : `${repo}:${tag}`;
}

function parseGgcrDigest(name: string): string | undefined {
  const parts = name.split('@');
  if (parts.length !== 2 || !GGCR_DIGEST_RE.test(parts[1])) return undefined;
  // A tag before the digest is parsed and dropped (name.NewDigest).
  const tagged = parseGgcrTag(parts[0]);
  const repo = tagged !== undefined ? tagged.slice(0, tagged.lastIndexOf(':')) : parseGgcrRepository(parts[0]);
  return repo === undefined ? undefined : `${repo}@${parts[1]}`;
}

function parseGgcrRepository(name: string): string | undefined {
  if (name.length === 0) return undefined;
  let registry = '';
  let repo = name;
  const slash = name.indexOf('/');
  if (slash >= 0) {
    const first = name.slice(0, slash);
    if (first.includes('.') || first.includes(':')) {
      registry = first;
      repo = name.slice(slash + 1);
    }
  }
  if (repo.length < 2 || repo.length > 255 || !GGCR_REPOSITORY_CHARS.test(repo)) return undefined;
  if (registry !== '' && !GGCR_REGISTRY_RE.test(registry)) return undefined;
  if (registry === '' || registry === 'docker.io') registry = SIGSTORE_DEFAULT_REGISTRY;
  if (registry === SIGSTORE_DEFAULT_REGISTRY && !repo.includes('/')) repo = `library/${repo}`;
  return `${registry}/${repo}`;
}

const SIGSTORE_VALID_GLOB = /^[a-zA-Z0-9\-_:/*.]+$/;

/**
 * Compiles a policy-controller glob to the regular expression it uses (pkg/apis/glob.Compile).
 *
 * @returns the expression, or undefined for a glob policy-controller rejects
 */
export function sigstoreGlobToRegExp(glob: string): RegExp | undefined {
  if (typeof glob !== 'string') return undefined;
  let g = glob;
  if (g === '*/*') g = `${SIGSTORE_DEFAULT_REGISTRY}/*/*`;
  if (g === '*') g = `${SIGSTORE_DEFAULT_REGISTRY}/library/*`;
  if (!SIGSTORE_VALID_GLOB.test(g)) return undefined;
  const source = g.replace(/\./g, '\\.').replace(/\*\*/g, '#').replace(/\*/g, '[^/]*').replace(/#/g, '.*');
  return new RegExp(`^${source}$`);
}

/** Whether a glob is one policy-controller accepts. */
export function isValidSigstoreGlob(glob: string): boolean {
  return sigstoreGlobToRegExp(glob) !== undefined;
}

/**
 * Whether a policy-controller `spec.images[].glob` matches a container image, as its webhook decides.
 *
 * `nginx` is matched as `index.docker.io/library/nginx:latest`, so `index.docker.io/library/*`
 * (or the glob `*`) covers it. An invalid image or glob matches nothing.
 */
export function sigstoreGlobMatches(image: string, glob: string): boolean {
  const name = sigstoreImageName(image);
  const re = sigstoreGlobToRegExp(glob);
  return name !== undefined && re !== undefined && re.test(name);
}

/** The admission engine that verifies image signatures. */
export type ImageVerificationEngine = 'kyverno' | 'sigstore';

/** One verifying unit of a policy: a Kyverno verifyImages entry or a whole ClusterImagePolicy. */
export interface ImageVerificationRule {
  /** Images it verifies (Kyverno imageReferences, or policy-controller globs). */
  readonly patterns: string[];
  /** Images it skips even when a pattern matches (Kyverno skipImageReferences). */
  readonly skipPatterns: string[];
  /** Whether an image that fails verification is denied (not only reported). */
  readonly enforcing: boolean;
}

/** What a rendered image verification policy enforces. */
export interface ImageVerificationPolicyInfo {
  /** `kyverno` (ClusterPolicy / Policy) or `sigstore` (ClusterImagePolicy). */
  readonly engine: ImageVerificationEngine;
  /** Whether at least one rule denies images that fail verification. */
  readonly enforcing: boolean;
  /** The patterns of the enforcing rules, or of all rules when none enforces. */
  readonly patterns: string[];
  /** Every verifying rule. */
  readonly rules: ImageVerificationRule[];
  /** The namespace a Kyverno `Policy` is limited to; undefined for cluster-wide policies. */
  readonly namespace?: string;
  /** A label a namespace needs before the policy applies there (policy-controller's opt-in). */
  readonly namespaceOptInLabel?: { readonly key: string; readonly value: string };
}

type Json = { [key: string]: any };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function isEnforce(action: unknown): boolean {
  return action === 'Enforce' || action === 'enforce';
}

/**
 * Reads a rendered Kyverno ClusterPolicy / Policy or policy-controller ClusterImagePolicy and tells
 * whether it verifies image signatures, for which images, and whether it enforces.
 *
 * Kyverno: every `spec.rules[].verifyImages[]` entry with attestors or attestations counts (an entry
 * with neither only checks or adds digests); `failureAction` on the entry, else the deprecated
 * spec-level `validationFailureAction`, must be Enforce; `spec.admission: false` never enforces.
 * policy-controller: `spec.mode` (default `enforce`) and `spec.images[].glob`; a policy whose
 * authorities include `static: { action: pass }` verifies nothing and never enforces.
 *
 * @returns undefined when the object is not an image verification policy
 */
export function imageVerificationPatterns(object: unknown): ImageVerificationPolicyInfo | undefined {
  if (!isObject(object) || typeof object.apiVersion !== 'string' || !isObject(object.spec)) return undefined;
  const group = object.apiVersion.split('/')[0];
  if (group === 'kyverno.io' && (object.kind === 'ClusterPolicy' || object.kind === 'Policy')) return kyvernoPolicyInfo(object);
  if (group === 'policy.sigstore.dev' && object.kind === 'ClusterImagePolicy') return sigstorePolicyInfo(object);
  return undefined;
}

function kyvernoPolicyInfo(object: Json): ImageVerificationPolicyInfo | undefined {
  const spec = object.spec as Json;
  const rules: ImageVerificationRule[] = [];
  const admission = spec.admission !== false;
  for (const rule of Array.isArray(spec.rules) ? spec.rules : []) {
    if (!isObject(rule) || !Array.isArray(rule.verifyImages)) continue;
    for (const entry of rule.verifyImages) {
      if (!isObject(entry)) continue;
      const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;
      const verifies = nonEmpty(entry.attestors) || nonEmpty(entry.attestations);
      if (!verifies) continue;
      // `image` is the deprecated single-pattern form (ImageVerification.Convert()).
      const patterns = strings(entry.imageReferences);
      if (patterns.length === 0 && typeof entry.image === 'string' && entry.image !== '') patterns.push(entry.image);
      const action = entry.failureAction ?? spec.validationFailureAction;
      rules.push({ patterns, skipPatterns: strings(entry.skipImageReferences), enforcing: admission && isEnforce(action) });
    }
  }
  if (rules.length === 0) return undefined;
  const namespace = object.kind === 'Policy' && isObject(object.metadata) && typeof object.metadata.namespace === 'string' ? object.metadata.namespace : undefined;
  return summarize('kyverno', rules, namespace);
}

function sigstorePolicyInfo(object: Json): ImageVerificationPolicyInfo | undefined {
  const spec = object.spec as Json;
  const patterns = (Array.isArray(spec.images) ? spec.images : [])
    .map((i: unknown) => (isObject(i) && typeof i.glob === 'string' ? i.glob : undefined))
    .filter((g: string | undefined): g is string => g !== undefined);
  const authorities = Array.isArray(spec.authorities) ? spec.authorities : [];
  const passesAnything = authorities.some((a: unknown) => isObject(a) && isObject(a.static) && a.static.action === 'pass');
  const mode = spec.mode ?? 'enforce';
  const enforcing = mode === 'enforce' && authorities.length > 0 && !passesAnything;
  return {
    ...summarize('sigstore', [{ patterns, skipPatterns: [], enforcing }], undefined),
    namespaceOptInLabel: { key: SIGSTORE_NAMESPACE_OPT_IN_LABEL, value: 'true' },
  };
}

function summarize(engine: ImageVerificationEngine, rules: ImageVerificationRule[], namespace: string | undefined): ImageVerificationPolicyInfo {
  const enforcingRules = rules.filter((r) => r.enforcing);
  const source = enforcingRules.length > 0 ? enforcingRules : rules;
  const patterns = [...new Set(source.flatMap((r) => r.patterns))];
  return { engine, enforcing: enforcingRules.length > 0, patterns, rules, namespace };
}

/**
 * Whether an image is matched by a verifying rule of the policy (a pattern matches and no skip
 * pattern does), with the engine's own matching.
 *
 * @param onlyEnforcing count only rules that deny unverified images (default true)
 */
export function imageVerificationCovers(info: ImageVerificationPolicyInfo, image: string, onlyEnforcing: boolean = true): boolean {
  const matches = info.engine === 'kyverno' ? kyvernoImageReferenceMatches : sigstoreGlobMatches;
  return info.rules.some((rule) =>
    (!onlyEnforcing || rule.enforcing)
    && rule.patterns.some((p) => matches(image, p))
    && !rule.skipPatterns.some((p) => matches(image, p)));
}
