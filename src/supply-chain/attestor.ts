import { OptOut } from '../warnings';

/** Public Sigstore transparency log (Rekor). */
export const DEFAULT_REKOR_URL = 'https://rekor.sigstore.dev';

/** Public Sigstore certificate authority (Fulcio), used by keyless signing. */
export const DEFAULT_FULCIO_URL = 'https://fulcio.sigstore.dev';

/** OIDC issuer of GitHub Actions workload identity tokens. */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

const GITHUB_OWNER_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_REPO_RE = /^[A-Za-z0-9_.-]{1,100}$/;
const WORKFLOW_RE = /^\.github\/workflows\/[A-Za-z0-9_.-]+\.ya?ml$/;
const GIT_REF_RE = /^refs\/[A-Za-z0-9_./*-]+$/;
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
   * Git ref the workflow ran on, where `*` matches any characters (`refs/tags/v*`).
   *
   * @default 'refs/*' (any branch or tag)
   */
  readonly ref?: string;

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

/** Internal shape of an attestor, rendered per backend by SignedImagePolicy. */
interface AttestorSpec {
  readonly type: 'keyless' | 'publicKey' | 'kms';
  readonly issuer?: string;
  readonly subject?: string;
  readonly subjectRegExp?: string;
  readonly anySubject?: OptOut;
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
      subject: options.subject,
      subjectRegExp: options.subjectRegExp,
      anySubject: options.anySubject,
      rekorUrl: checkUrl(where, 'rekorUrl', options.rekorUrl ?? DEFAULT_REKOR_URL),
      ctLogPublicKey: options.ctLogPublicKey,
    });
  }

  /**
   * A GitHub Actions workflow signing keyless (`cosign sign` with the workflow's OIDC token).
   *
   * Issuer `https://token.actions.githubusercontent.com`; the subject regular expression is anchored
   * and escaped: `^https://github\.com/org/repo/\.github/workflows/release\.yml@refs/.*$`.
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
    const ref = options.ref ?? 'refs/*';
    if (!GIT_REF_RE.test(ref)) {
      throw new Error(`${where}: ref ${JSON.stringify(ref)} is not a git ref; use e.g. 'refs/heads/main' or 'refs/tags/v*'`);
    }
    const workflow = options.workflow !== undefined ? escapeRegExp(options.workflow) : '\\.github/workflows/[^/@]+';
    const refPattern = ref.split('*').map(escapeRegExp).join('.*');
    const subjectRegExp = `^https://github\\.com/${escapeRegExp(parts[0])}/${escapeRegExp(parts[1])}/${workflow}@${refPattern}$`;
    return Attestor.keyless({ issuer: GITHUB_ACTIONS_ISSUER, subjectRegExp, rekorUrl: options.rekorUrl });
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

  /** Exact subject of a keyless attestor, if one was given. */
  public get subject(): string | undefined {
    return this.spec.subject;
  }

  /** Subject regular expression of a keyless attestor, if one was given. */
  public get subjectRegExp(): string | undefined {
    return this.spec.subjectRegExp;
  }

  /**
   * @internal The weakenings this attestor carries, recorded as hardening warnings by the policy.
   */
  public _weakenings(): { id: string; message: string }[] {
    const out: { id: string; message: string }[] = [];
    if (this.spec.anySubject) {
      out.push({ id: 'SignedImagePolicy.AnySubject', message: `keyless attestor for issuer '${this.spec.issuer}' accepts any subject: ${this.spec.anySubject.reason}` });
    }
    if (this.spec.ignoreTransparencyLog) {
      out.push({ id: 'SignedImagePolicy.NoTransparencyLog', message: `key attestor accepts signatures without a transparency log entry: ${this.spec.ignoreTransparencyLog.reason}` });
    }
    return out;
  }

  /** @internal Kyverno attestor entry (kyverno.io/v1 verifyImages[].attestors[].entries[]). */
  public _kyvernoEntry(): any {
    const s = this.spec;
    const rekor = s.ignoreTransparencyLog ? { url: s.rekorUrl, ignoreTlog: true } : { url: s.rekorUrl };
    if (s.type === 'keyless') {
      return {
        keyless: {
          issuer: s.issuer,
          ...(s.subject !== undefined ? { subject: s.subject } : {}),
          ...(s.subjectRegExp !== undefined ? { subjectRegExp: s.subjectRegExp } : {}),
          rekor,
          ...(s.ctLogPublicKey !== undefined ? { ctlog: { pubkey: s.ctLogPublicKey } } : {}),
        },
      };
    }
    return { keys: { ...(s.type === 'publicKey' ? { publicKeys: s.key } : { kms: s.key }), rekor } };
  }

  /** @internal policy-controller authority (policy.sigstore.dev/v1beta1 spec.authorities[]). */
  public _sigstoreAuthority(): any {
    const s = this.spec;
    if (s.type === 'keyless') {
      if (s.ctLogPublicKey !== undefined) {
        throw new Error('Attestor.keyless: ctLogPublicKey is not supported by the Sigstore policy-controller backend; configure a TrustRoot instead or use the Kyverno backend');
      }
      const identity = {
        issuer: s.issuer,
        ...(s.subject !== undefined ? { subject: s.subject } : {}),
        ...(s.subjectRegExp !== undefined ? { subjectRegExp: s.subjectRegExp } : {}),
        ...(s.anySubject !== undefined ? { subjectRegExp: '.*' } : {}),
      };
      return { keyless: { url: DEFAULT_FULCIO_URL, identities: [identity] }, ctlog: { url: s.rekorUrl } };
    }
    if (s.ignoreTransparencyLog) {
      throw new Error('Attestor: ignoreTransparencyLog is not supported by the Sigstore policy-controller backend; use the Kyverno backend');
    }
    return { key: s.type === 'publicKey' ? { data: s.key } : { kms: s.key }, ctlog: { url: s.rekorUrl } };
  }
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
