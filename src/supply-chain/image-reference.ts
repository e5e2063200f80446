/** A sha256 digest: `sha256:` followed by 64 lowercase hex characters. */
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
/** One path component of a repository name (OCI distribution spec). */
const COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const REGISTRY_RE = /^(?:localhost|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+|[a-zA-Z0-9-]+)(?::[0-9]+)?$/;

/** The parts of an image reference, pinned or not. */
export interface ParsedImageReference {
  readonly registry?: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/**
 * Parses any image reference.
 *
 * @returns the parts, or a short reason (`has no digest`, `has an invalid tag 'x'`) why it is not valid
 */
export function parseImageReference(reference: string, requireDigest: boolean): ParsedImageReference | string {
  if (typeof reference !== 'string' || reference.length === 0) return 'is empty';
  if (/\s/.test(reference)) return 'contains white space';
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) return `has an invalid digest '${digest}' (expected sha256: followed by 64 lowercase hex characters)`;
  } else if (requireDigest) {
    return 'has no digest';
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) return `has an invalid tag '${tag}'`;
  }
  const parts = rest.split('/');
  let registry: string | undefined;
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    registry = parts.shift()!;
    if (!REGISTRY_RE.test(registry)) return `has an invalid registry '${registry}'`;
  }
  if (parts.length === 0 || parts.some((p) => !COMPONENT_RE.test(p))) return `has an invalid repository '${parts.join('/')}'`;
  return { registry, repository: parts.join('/'), tag, digest };
}

/** The accepted forms, quoted in every error about an image reference. */
export const ACCEPTED_IMAGE_FORMS = "'registry/repository:tag@sha256:<64 hex>' or 'registry/repository@sha256:<64 hex>'";

/**
 * A container image reference pinned by digest.
 *
 * A tag can be moved to other content at any time; a digest cannot. Admission policies, SBOMs and
 * signatures are bound to digests, so every image a hardened workload runs is pinned by one.
 */
export class ImageReference {
  /**
   * Parses an image reference that must carry a sha256 digest.
   *
   * @param reference e.g. `myregistry.io/app:v1.0.0@sha256:<64 hex>`
   * @throws if the reference is malformed or has no digest
   */
  public static fromString(reference: string): ImageReference {
    const parsed = parseImageReference(reference, true);
    if (typeof parsed === 'string') {
      throw new Error(`image ${JSON.stringify(reference)} ${parsed}; use ${ACCEPTED_IMAGE_FORMS}`);
    }
    return new ImageReference(parsed);
  }

  /**
   * Builds a reference from its parts.
   *
   * @param repository e.g. `myregistry.io/team/app`
   * @param digest `sha256:<64 hex>`
   * @param tag optional human readable tag kept next to the digest
   */
  public static fromDigest(repository: string, digest: string, tag?: string): ImageReference {
    return ImageReference.fromString(`${repository}${tag ? `:${tag}` : ''}@${digest}`);
  }

  /** Registry host as written, or `undefined` for the default registry (Docker Hub). */
  public readonly registry?: string;
  /** Repository path without the registry, e.g. `team/app`. */
  public readonly repository: string;
  /** Tag, if one was written next to the digest. */
  public readonly tag?: string;
  /** The sha256 digest. */
  public readonly digest: string;

  private constructor(parsed: ParsedImageReference) {
    this.registry = parsed.registry;
    this.repository = parsed.repository;
    this.tag = parsed.tag;
    this.digest = parsed.digest ?? '';
  }

  /** `registry/repository` as written (no tag, no digest). */
  public get name(): string {
    return this.registry ? `${this.registry}/${this.repository}` : this.repository;
  }

  /**
   * The fully qualified name, as admission controllers normalize it:
   * `docker.io/library/nginx` for `nginx`.
   */
  public get fullyQualifiedName(): string {
    const registry = this.registry ?? 'docker.io';
    const repository = !this.registry && !this.repository.includes('/') ? `library/${this.repository}` : this.repository;
    return `${registry}/${repository}`;
  }

  /** The reference as written: `name[:tag]@digest`. */
  public toString(): string {
    return `${this.name}${this.tag ? `:${this.tag}` : ''}${this.digest ? `@${this.digest}` : ''}`;
  }
}
