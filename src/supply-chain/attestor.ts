import { OptOut } from '../warnings';

/** Public Sigstore transparency log (Rekor). */
export const DEFAULT_REKOR_URL = 'https://rekor.sigstore.dev';

/** Public Sigstore certificate authority (Fulcio), used by keyless signing. */
export const DEFAULT_FULCIO_URL = 'https://fulcio.sigstore.dev';

/** OIDC issuer of GitHub Actions workload identity tokens. */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/** Default branch a GitHub Actions attestor trusts when none is named. */
export const DEFAULT_GITHUB_BRANCH = 'main';

/** Release tag pattern a GitHub Actions attestor trusts when none is named. */
export const DEFAULT_GITHUB_RELEASE_TAGS = 'v*';

/** Workflow triggers a GitHub Actions attestor trusts when none are named. */
export const DEFAULT_GITHUB_TRIGGERS: readonly string[] = ['push'];

/**
 * GitHub events that people without write access can cause, and that run on the base repository's
 * default branch or a pull-request ref (so with its OIDC token): pull requests and their reviews,
 * comments, issues, discussions, and `workflow_run` (started by another, possibly untrusted, run).
 */
export const UNTRUSTED_GITHUB_TRIGGERS: readonly string[] = [
  'pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment',
  'issue_comment', 'issues', 'discussion', 'discussion_comment', 'workflow_run', 'fork', 'watch',
];

const GITHUB_OWNER_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_REPO_RE = /^[A-Za-z0-9_.-]{1,100}$/;
const WORKFLOW_RE = /^\.github\/workflows\/[A-Za-z0-9_.-]+\.ya?ml$/;
const GIT_REF_RE = /^refs\/[A-Za-z0-9_./*-]+$/;
const BRANCH_OR_TAG_REF_RE = /^refs\/(heads|tags|pull)\/[A-Za-z0-9_./*-]+$/;
const BRANCH_RE = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const TAG_PATTERN_RE = /^[A-Za-z0-9_.*-]+(\/[A-Za-z0-9_.*-]+)*$/;
const TRIGGER_RE = /^([a-z_]+|\*)$/;
const PEM_PUBLIC_KEY_RE = /^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\s*$/;
const KMS_RE = /^(awskms|gcpkms|azurekms|hashivault|k8s):\/\/\S+$/;

/**
 * A keyless (Fulcio certificate) signer identity.
 */
export interface KeylessAttestorOptions {
  /**
   * OIDC issuer of the signer's identity token, e.g. `https://token.actions.githubusercontent.com`.
   */
  readonly issuer: string;

  /**
   * Exact certificate subject (the workflow, e-mail or SPIFFE id that signed).
   *
   * @default - `subjectRegExp` must be set
   */
  readonly subject?: string;

  /**
   * Regular expression the certificate subject must match, anchored with `^...$`.
   *
   * @default - `subject` must be set
   */
  readonly subjectRegExp?: string;

  /**
   * Accept any subject of the issuer.
   *
   * Security note: every identity the issuer serves can then sign (for GitHub Actions: every workflow
   * of every repository on github.com). Records the warning `SignedImagePolicy.AnySubject`.
   *
   * @default - a subject or subjectRegExp is required
   */
  readonly anySubject?: OptOut;

  /**
   * Rekor transparency log the signature must be recorded in.
   *
   * @default 'https://rekor.sigstore.dev'
   */
  readonly rekorUrl?: string;

  /**
   * PEM public key of a private certificate transparency log, to verify Signed Certificate Timestamps.
   *
   * @default - the public Sigstore CT log
   */
  readonly ctLogPublicKey?: string;
}

/**
 * A GitHub Actions workflow that signs images keyless.
 *
 * By default only a run of the workflow on the default branch or on a release tag, started by a
 * push, in this repository, is a trusted signer: the refs and triggers a release comes from.
 */
export interface GitHubActionsAttestorOptions {
  /**
   * The repository, `owner/name`.
   */
  readonly repository: string;

  /**
   * Path of the signing workflow in the repository, e.g. `.github/workflows/release.yml`.
   *
   * @default - any workflow of the repository
   */
  readonly workflow?: string;

  /**
   * The default branch: a run on `refs/heads/<defaultBranch>` may sign.
   *
   * Ignored when `refs` is given.
   *
   * @default 'main'
   */
  readonly defaultBranch?: string;

  /**
   * The release tags, as a pattern where `*` matches any characters: a run on
   * `refs/tags/<releaseTags>` may sign.
   *
   * Ignored when `refs` is given.
   *
   * @default 'v*'
   */
  readonly releaseTags?: string;

  /**
   * The git refs the signing run may have been on, replacing `defaultBranch` and `releaseTags`;
   * `*` matches any characters (`refs/tags/release-*`).
   *
   * Security note: a ref that matches every branch or tag (`refs/*`, `refs/heads/*`) or a
   * pull-request ref (`refs/pull/...`) lets anyone who can push a branch or open a pull request
   * that runs the workflow sign an admitted image; such refs need `untrustedRefs`.
   *
   * @default - `refs/heads/<defaultBranch>` and `refs/tags/<releaseTags>`
   */
  readonly refs?: string[];

  /**
   * Accept refs that match every branch or tag, or pull-request refs.
   *
   * Records the warning `SignedImagePolicy.UntrustedRef`.
   *
   * @default - such refs are refused
   */
  readonly untrustedRefs?: OptOut;

  /**
   * The events that may have started the signing run (the `event_name` of the run, Fulcio
   * certificate extension GitHub Workflow Trigger, OID 1.3.6.1.4.1.57264.1.2), e.g. `push`,
   * `release`, `workflow_dispatch`.
   *
   * Security note: events that outsiders can cause and that run on the default branch
   * (`pull_request_target`, `issue_comment`, `workflow_run`, ...) need `untrustedTriggers`.
   *
   * @default ['push']
   */
  readonly triggers?: string[];

  /**
   * Accept triggers that people without write access can cause (pull requests, comments, issues,
   * `workflow_run`).
   *
   * Records the warning `SignedImagePolicy.UntrustedTrigger`.
   *
   * @default - such triggers are refused
   */
  readonly untrustedTriggers?: OptOut;

  /**
   * Rekor transparency log the signature must be recorded in.
   *
   * @default 'https://rekor.sigstore.dev'
   */
  readonly rekorUrl?: string;
}

/**
 * A key-based signer.
 */
export interface KeyAttestorOptions {
  /**
   * Rekor transparency log the signature must be recorded in.
   *
   * @default 'https://rekor.sigstore.dev'
   */
  readonly rekorUrl?: string;

  /**
   * Accept signatures that are not in a transparency log (private signing infrastructure).
   *
   * Security note: without the log there is no public, tamper-evident record of what the key signed,
   * so a stolen key can sign unnoticed. Records the warning `SignedImagePolicy.NoTransparencyLog`.
   *
   * @default - signatures must be in the transparency log
   */
  readonly ignoreTransparencyLog?: OptOut;
}

/**
 * One certificate identity a keyless attestor accepts.
 */
export interface KeylessIdentity {
  /**
   * Exact certificate subject.
   *
   * @default - matched by subjectRegExp
   */
  readonly subject?: string;

  /**
   * Regular expression the certificate subject must match.
   *
   * @default - matched by subject
   */
  readonly subjectRegExp?: string;

  /**
   * Fulcio certificate extensions the certificate must carry, by cosign's names.
   *
   * E.g. `githubWorkflowTrigger`, `githubWorkflowRepository`, `githubWorkflowRef`. Values may use
   * Kyverno wildcards (`*`, `?`). Verified by the Kyverno backend (`additionalExtensions`).
   *
   * @default - no extension is pinned
   */
  readonly additionalExtensions?: { [name: string]: string };
}

/** Internal shape of an attestor, rendered per backend by SignedImagePolicy. */
interface AttestorSpec {
  readonly type: 'keyless' | 'publicKey' | 'kms';
  readonly issuer?: string;
  /** Keyless: any one of these identities may sign. */
  readonly identities?: KeylessIdentity[];
  readonly anySubject?: OptOut;
  /** GitHub Actions: the weakenings accepted with a reason, as warnings. */
  readonly untrustedRefs?: { refs: string[]; optOut: OptOut };
  readonly untrustedTriggers?: { triggers: string[]; optOut: OptOut };
  readonly repository?: string;
  readonly rekorUrl: string;
  readonly ctLogPublicKey?: string;
  readonly key?: string;
  readonly ignoreTransparencyLog?: OptOut;
}

/**
 * Who must have signed an image: a keyless identity or a key.
 *
 * Keyless attestors bind a signature to an OIDC identity (the CI workflow that built the image)
 * through a short-lived Fulcio certificate recorded in Rekor, so there is no long-lived key to steal.
 */
export class Attestor {
  /**
   * A keyless signer: OIDC issuer plus exact subject or subject regular expression.
   */
  public static keyless(options: KeylessAttestorOptions): Attestor {
    const where = 'Attestor.keyless';
    if (typeof options.issuer !== 'string' || !/^https:\/\/\S+$/.test(options.issuer)) {
      throw new Error(`${where}: issuer ${JSON.stringify(options.issuer)} is not an https URL; use the OIDC issuer of the signer, e.g. '${GITHUB_ACTIONS_ISSUER}'`);
    }
    const identities = [options.subject, options.subjectRegExp, options.anySubject].filter((v) => v !== undefined).length;
    if (identities !== 1) {
      throw new Error(`${where}: set exactly one of subject, subjectRegExp or anySubject (got ${identities}); without a subject every identity of '${options.issuer}' could sign`);
    }
    if (options.subject !== undefined && options.subject.trim() === '') throw new Error(`${where}: subject is empty; use the signer identity, e.g. 'https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main'`);
    if (options.subjectRegExp !== undefined) checkRegExp(where, 'subjectRegExp', options.subjectRegExp);
    if (options.ctLogPublicKey !== undefined && !PEM_PUBLIC_KEY_RE.test(options.ctLogPublicKey)) {
      throw new Error(`${where}: ctLogPublicKey is not a PEM public key; use '-----BEGIN PUBLIC KEY-----\\n...\\n-----END PUBLIC KEY-----'`);
    }
    return new Attestor({
      type: 'keyless',
      issuer: options.issuer,
      identities: options.anySubject !== undefined ? [] : [{
        ...(options.subject !== undefined ? { subject: options.subject } : {}),
        ...(options.subjectRegExp !== undefined ? { subjectRegExp: options.subjectRegExp } : {}),
      }],
      anySubject: options.anySubject,
      rekorUrl: checkUrl(where, 'rekorUrl', options.rekorUrl ?? DEFAULT_REKOR_URL),
      ctLogPublicKey: options.ctLogPublicKey,
    });
  }

  /**
   * A GitHub Actions workflow signing keyless (`cosign sign` with the workflow's OIDC token).
   *
   * Issuer `https://token.actions.githubusercontent.com`; one identity per trusted ref (and, for
   * Kyverno, per trigger). The subject regular expression is anchored and escaped
   * (`^https://github\.com/org/repo/\.github/workflows/release\.yml@refs/heads/main$`), and the
   * Fulcio extensions pin the run itself: `githubWorkflowRepository` (the repository that ran the
   * workflow, not only the one that holds it), `githubWorkflowRef` (the ref it ran on) and
   * `githubWorkflowTrigger` (the event that started it).
   *
   * Refuses refs that admit any branch, tag or pull request and triggers outsiders can cause,
   * unless accepted with an `OptOut`.
   */
  public static githubActions(options: GitHubActionsAttestorOptions): Attestor {
    const where = 'Attestor.githubActions';
    const parts = typeof options.repository === 'string' ? options.repository.split('/') : [];
    if (parts.length !== 2 || !GITHUB_OWNER_RE.test(parts[0]) || !GITHUB_REPO_RE.test(parts[1]) || parts[1] === '.' || parts[1] === '..') {
      throw new Error(`${where}: repository ${JSON.stringify(options.repository)} is not 'owner/name'; use e.g. 'my-org/my-app'`);
    }
    if (options.workflow !== undefined && !WORKFLOW_RE.test(options.workflow)) {
      throw new Error(`${where}: workflow ${JSON.stringify(options.workflow)} is not a workflow path; use '.github/workflows/<file>.yml'`);
    }
    const refs = githubRefs(where, options);
    const triggers = githubTriggers(where, options);
    const workflow = options.workflow !== undefined ? escapeRegExp(options.workflow) : '\\.github/workflows/[^/@]+';
    const subjectPrefix = `^https://github\\.com/${escapeRegExp(parts[0])}/${escapeRegExp(parts[1])}/${workflow}@`;
    const identities: KeylessIdentity[] = refs.flatMap((ref) => triggers.map((trigger) => ({
      subjectRegExp: `${subjectPrefix}${ref.split('*').map(escapeRegExp).join('.*')}$`,
      additionalExtensions: { githubWorkflowRepository: options.repository, githubWorkflowRef: ref, githubWorkflowTrigger: trigger },
    })));
    const untrustedRefs = refs.filter(untrustedRefReason);
    const untrustedTriggers = triggers.filter((t) => t === '*' || UNTRUSTED_GITHUB_TRIGGERS.includes(t));
    return new Attestor({
      type: 'keyless',
      issuer: GITHUB_ACTIONS_ISSUER,
      identities,
      repository: options.repository,
      ...(untrustedRefs.length > 0 ? { untrustedRefs: { refs: untrustedRefs, optOut: options.untrustedRefs! } } : {}),
      ...(untrustedTriggers.length > 0 ? { untrustedTriggers: { triggers: untrustedTriggers, optOut: options.untrustedTriggers! } } : {}),
      rekorUrl: checkUrl(where, 'rekorUrl', options.rekorUrl ?? DEFAULT_REKOR_URL),
    });
  }

  /**
   * A signer holding a key pair: images must verify against this PEM public key.
   *
   * @param publicKeyPem `-----BEGIN PUBLIC KEY-----...-----END PUBLIC KEY-----`
   */
  public static publicKey(publicKeyPem: string, options: KeyAttestorOptions = {}): Attestor {
    const where = 'Attestor.publicKey';
    if (typeof publicKeyPem !== 'string' || !PEM_PUBLIC_KEY_RE.test(publicKeyPem)) {
      throw new Error(`${where}: the key is not a PEM public key; use '-----BEGIN PUBLIC KEY-----\\n...\\n-----END PUBLIC KEY-----' (cosign.pub)`);
    }
    return new Attestor({
      type: 'publicKey', key: publicKeyPem, rekorUrl: checkUrl(where, 'rekorUrl', options.rekorUrl ?? DEFAULT_REKOR_URL), ignoreTransparencyLog: options.ignoreTransparencyLog,
    });
  }

  /**
   * A signer whose key lives in a KMS (`awskms://`, `gcpkms://`, `azurekms://`, `hashivault://`).
   *
   * @param uri e.g. `awskms:///arn:aws:kms:us-east-1:123456789012:key/<id>`
   */
  public static kms(uri: string, options: KeyAttestorOptions = {}): Attestor {
    const where = 'Attestor.kms';
    if (typeof uri !== 'string' || !KMS_RE.test(uri)) {
      throw new Error(`${where}: ${JSON.stringify(uri)} is not a KMS key URI; use awskms://, gcpkms://, azurekms:// or hashivault://`);
    }
    return new Attestor({
      type: 'kms', key: uri, rekorUrl: checkUrl(where, 'rekorUrl', options.rekorUrl ?? DEFAULT_REKOR_URL), ignoreTransparencyLog: options.ignoreTransparencyLog,
    });
  }

  private readonly spec: AttestorSpec;

  private constructor(spec: AttestorSpec) {
    this.spec = spec;
  }

  /** OIDC issuer of a keyless attestor, undefined for keys. */
  public get issuer(): string | undefined {
    return this.spec.issuer;
  }

  /** Exact subject of a keyless attestor with a single identity, if one was given. */
  public get subject(): string | undefined {
    return this.spec.identities?.length === 1 ? this.spec.identities[0].subject : undefined;
  }

  /** Subject regular expression of a keyless attestor with a single identity, if one was given. */
  public get subjectRegExp(): string | undefined {
    return this.spec.identities?.length === 1 ? this.spec.identities[0].subjectRegExp : undefined;
  }

  /**
   * The certificate identities a keyless attestor accepts, any one of which may sign.
   *
   * Empty for keys and for `anySubject`.
   */
  public get identities(): KeylessIdentity[] {
    return (this.spec.identities ?? []).map((i) => ({
      ...i,
      ...(i.additionalExtensions ? { additionalExtensions: { ...i.additionalExtensions } } : {}),
    }));
  }

  /**
   * @internal The weakenings this attestor carries, recorded as hardening warnings by the policy.
   */
  public _weakenings(): { id: string; message: string }[] {
    const out: { id: string; message: string }[] = [];
    if (this.spec.anySubject) {
      out.push({ id: 'SignedImagePolicy.AnySubject', message: `keyless attestor for issuer '${this.spec.issuer}' accepts any subject: ${this.spec.anySubject.reason}` });
    }
    if (this.spec.untrustedRefs) {
      out.push({
        id: 'SignedImagePolicy.UntrustedRef',
        message: `GitHub Actions attestor for '${this.spec.repository}' accepts signatures from ${this.spec.untrustedRefs.refs.map((r) => `'${r}'`).join(', ')}: ${this.spec.untrustedRefs.optOut.reason}`,
      });
    }
    if (this.spec.untrustedTriggers) {
      out.push({
        id: 'SignedImagePolicy.UntrustedTrigger',
        message: `GitHub Actions attestor for '${this.spec.repository}' accepts runs started by ${this.spec.untrustedTriggers.triggers.map((t) => `'${t}'`).join(', ')}: ${this.spec.untrustedTriggers.optOut.reason}`,
      });
    }
    if (this.spec.ignoreTransparencyLog) {
      out.push({ id: 'SignedImagePolicy.NoTransparencyLog', message: `key attestor accepts signatures without a transparency log entry: ${this.spec.ignoreTransparencyLog.reason}` });
    }
    return out;
  }

  /** @internal Kyverno attestor entries (kyverno.io/v1 verifyImages[].attestors[].entries[]), one per identity. */
  public _kyvernoEntries(): any[] {
    const s = this.spec;
    const rekor = s.ignoreTransparencyLog ? { url: s.rekorUrl, ignoreTlog: true } : { url: s.rekorUrl };
    if (s.type !== 'keyless') {
      return [{ keys: { ...(s.type === 'publicKey' ? { publicKeys: s.key } : { kms: s.key }), rekor } }];
    }
    // anySubject: no identity, only the issuer.
    const identities: KeylessIdentity[] = s.identities!.length > 0 ? s.identities! : [{}];
    return identities.map((identity) => ({
      keyless: {
        issuer: s.issuer,
        ...(identity.subject !== undefined ? { subject: identity.subject } : {}),
        ...(identity.subjectRegExp !== undefined ? { subjectRegExp: identity.subjectRegExp } : {}),
        ...(identity.additionalExtensions !== undefined ? { additionalExtensions: { ...identity.additionalExtensions } } : {}),
        rekor,
        ...(s.ctLogPublicKey !== undefined ? { ctlog: { pubkey: s.ctLogPublicKey } } : {}),
      },
    }));
  }

  /** @internal policy-controller authority (policy.sigstore.dev/v1beta1 spec.authorities[]). */
  public _sigstoreAuthority(): any {
    const s = this.spec;
    if (s.type === 'keyless') {
      if (s.ctLogPublicKey !== undefined) {
        throw new Error('Attestor.keyless: ctLogPublicKey is not supported by the Sigstore policy-controller backend; configure a TrustRoot instead or use the Kyverno backend');
      }
      // policy-controller identities match issuer and subject only: one per distinct subject (the
      // extensions, one identity each for Kyverno, collapse here).
      const seen = new Set<string>();
      const identities = s.anySubject !== undefined ? [{ issuer: s.issuer, subjectRegExp: '.*' }] : s.identities!.flatMap((i) => {
        const key = `${i.subject ?? ''}\n${i.subjectRegExp ?? ''}`;
        if (seen.has(key)) return [];
        seen.add(key);
        return [{
          issuer: s.issuer,
          ...(i.subject !== undefined ? { subject: i.subject } : {}),
          ...(i.subjectRegExp !== undefined ? { subjectRegExp: i.subjectRegExp } : {}),
        }];
      });
      return { keyless: { url: DEFAULT_FULCIO_URL, identities }, ctlog: { url: s.rekorUrl } };
    }
    if (s.ignoreTransparencyLog) {
      throw new Error('Attestor: ignoreTransparencyLog is not supported by the Sigstore policy-controller backend; use the Kyverno backend');
    }
    return { key: s.type === 'publicKey' ? { data: s.key } : { kms: s.key }, ctlog: { url: s.rekorUrl } };
  }
}

/** The refs a GitHub Actions attestor trusts, validated; refuses untrusted ones without an OptOut. */
function githubRefs(where: string, options: GitHubActionsAttestorOptions): string[] {
  let refs: string[];
  if (options.refs !== undefined) {
    if (!Array.isArray(options.refs) || options.refs.length === 0) {
      throw new Error(`${where}: refs ${JSON.stringify(options.refs)} is empty; name the refs releases come from, e.g. ['refs/heads/main', 'refs/tags/v*']`);
    }
    for (const [prop, value] of [['defaultBranch', options.defaultBranch], ['releaseTags', options.releaseTags]] as const) {
      if (value !== undefined) throw new Error(`${where}: ${prop} has no effect when refs is given; name the branch or tags in refs instead`);
    }
    refs = options.refs;
  } else {
    const branch = options.defaultBranch ?? DEFAULT_GITHUB_BRANCH;
    if (typeof branch !== 'string' || !BRANCH_RE.test(branch) || branch.startsWith('refs/')) {
      throw new Error(`${where}: defaultBranch ${JSON.stringify(branch)} is not a branch name; use e.g. 'main' (no 'refs/heads/' prefix, no wildcard)`);
    }
    const tags = options.releaseTags ?? DEFAULT_GITHUB_RELEASE_TAGS;
    if (typeof tags !== 'string' || !TAG_PATTERN_RE.test(tags) || tags.startsWith('refs/')) {
      throw new Error(`${where}: releaseTags ${JSON.stringify(tags)} is not a tag pattern; use e.g. 'v*' (no 'refs/tags/' prefix)`);
    }
    refs = [`refs/heads/${branch}`, `refs/tags/${tags}`];
  }
  const seen = new Set<string>();
  for (const ref of refs) {
    const reason = typeof ref === 'string' && GIT_REF_RE.test(ref) ? untrustedRefReason(ref) : undefined;
    if (reason === undefined && (typeof ref !== 'string' || !BRANCH_OR_TAG_REF_RE.test(ref))) {
      throw new Error(`${where}: ref ${JSON.stringify(ref)} is not a branch or tag ref; use e.g. 'refs/heads/main' or 'refs/tags/v*'`);
    }
    if (seen.has(ref)) throw new Error(`${where}: refs lists ${JSON.stringify(ref)} twice; remove the duplicate`);
    seen.add(ref);
    if (reason !== undefined && options.untrustedRefs === undefined) {
      throw new Error(`${where}: ref ${JSON.stringify(ref)} ${reason}; name the refs releases come from (e.g. 'refs/heads/main', 'refs/tags/v*') or pass untrustedRefs: OptOut.because('<why>')`);
    }
  }
  return [...refs];
}

/** Why a ref is untrusted, or undefined when it names specific branches or tags. */
function untrustedRefReason(ref: string): string | undefined {
  if (ref.startsWith('refs/pull/')) {
    return 'is a pull-request ref: anyone who can open a pull request that runs the workflow could sign an admitted image';
  }
  const star = ref.indexOf('*');
  if (star >= 0 && !/^refs\/(heads|tags)\/[^*]+$/.test(ref.slice(0, star))) {
    return 'matches every branch or tag (and with \'refs/*\' every pull request): anyone who can push one could sign an admitted image';
  }
  return undefined;
}

/** The triggers a GitHub Actions attestor trusts, validated; refuses untrusted ones without an OptOut. */
function githubTriggers(where: string, options: GitHubActionsAttestorOptions): string[] {
  const triggers = options.triggers ?? [...DEFAULT_GITHUB_TRIGGERS];
  if (!Array.isArray(triggers) || triggers.length === 0) {
    throw new Error(`${where}: triggers ${JSON.stringify(options.triggers)} is empty; name the events releases run on, e.g. ['push']`);
  }
  const seen = new Set<string>();
  for (const trigger of triggers) {
    if (typeof trigger !== 'string' || !TRIGGER_RE.test(trigger)) {
      throw new Error(`${where}: trigger ${JSON.stringify(trigger)} is not a GitHub Actions event name; use e.g. 'push', 'release' or 'workflow_dispatch'`);
    }
    if (seen.has(trigger)) throw new Error(`${where}: triggers lists ${JSON.stringify(trigger)} twice; remove the duplicate`);
    seen.add(trigger);
    if ((trigger === '*' || UNTRUSTED_GITHUB_TRIGGERS.includes(trigger)) && options.untrustedTriggers === undefined) {
      const why = trigger === '*' ? 'accepts every event, including pull requests and comments' : 'can be caused by people without write access to the repository';
      throw new Error(`${where}: trigger ${JSON.stringify(trigger)} ${why}, and such runs get the repository's OIDC token; use 'push', 'release' or 'workflow_dispatch', or pass untrustedTriggers: OptOut.because('<why>')`);
    }
  }
  return [...triggers];
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function checkRegExp(where: string, prop: string, value: string): void {
  try {
    new RegExp(value);
  } catch {
    throw new Error(`${where}: ${prop} ${JSON.stringify(value)} is not a valid regular expression`);
  }
  if (value.trim() === '' || value === '.*' || value === '^.*$') {
    throw new Error(`${where}: ${prop} ${JSON.stringify(value)} matches every subject; anchor a specific identity (e.g. '^https://github\\.com/org/repo/') or use anySubject with a reason`);
  }
}

function checkUrl(where: string, prop: string, value: string): string {
  if (typeof value !== 'string' || !/^https:\/\/[^\s/]+(\/\S*)?$/.test(value)) {
    throw new Error(`${where}: ${prop} ${JSON.stringify(value)} is not an https URL; use e.g. '${DEFAULT_REKOR_URL}'`);
  }
  return value;
}
