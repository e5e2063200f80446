/**
 * What a credential looks like in a manifest: secret-like names and values, as data.
 *
 * Shared by the checks that look for literal credentials (environment variable values) and by the
 * constructs that refuse to write them (HardenedConfigMap), so both judge a credential the same way;
 * it lives below both so neither imports the other. Names
 * follow the peers' lists (Polaris `sensitiveContainerEnvVar`, Checkov CKV_K8S_35's neighbours,
 * kube-linter `env-var-secret`); values are the provider formats that identify themselves (AWS and
 * Google key ids, PEM private keys, Azure connection strings, Slack and GitHub tokens).
 */

/**
 * Names that Polaris reports as credentials, whatever their value (`sensitiveContainerEnvVar` for env
 * vars, `sensitiveConfigmapContent` for ConfigMap keys).
 *
 * Broader than SECRET_NAME_PATTERNS: a reference such as `DB_PASSWORD_FILE` matches too.
 */
export const SENSITIVE_ENV_NAME_PATTERNS: readonly RegExp[] = [
  /^AWS_SECRET_ACCESS_KEY$/i,
  /^GOOGLE_APPLICATION_CREDENTIALS$/i,
  /^AZURE_.+KEY$/i,
  /^OCI_CLI_KEY_CONTENT$/i,
  /password/i,
  /token/i,
  /bearer/i,
  /secret/i,
];

/** A value that is a private key, as Polaris matches it (`sensitiveContainerEnvVar`, `sensitiveConfigmapContent`). */
export const PRIVATE_KEY_VALUE_PATTERN = /\s*-BEGIN\s+.*PRIVATE KEY-\s*/i;

/** Names of keys or variables that hold a credential (matched case-insensitively on the whole name). */
export const SECRET_NAME_PATTERNS: readonly RegExp[] = [
  /passw(or)?d/i,
  /(^|_|-)pwd($|_|-)/i,
  /secret/i,
  /token/i,
  /bearer/i,
  /api[_-]?key/i,
  /private[_-]?key/i,
  /access[_-]?key/i,
  /credential/i,
  /(^|_|-)auth($|_|-)/i,
  /connection[_-]?string/i,
  /^GOOGLE_APPLICATION_CREDENTIALS$/i,
  /^AZURE_.+KEY$/i,
];

/**
 * Suffixes that make a secret-like name a reference to a credential rather than the credential:
 * a file or directory holding it, its name, where to fetch it, how long it lives.
 */
export const REFERENCE_NAME_SUFFIX = /(_|-)(file|path|dir|name|ref|url|uri|endpoint|ttl|timeout|expiry|expires|length|header|id|key_id|type|mode|enabled)$/i;

/** A credential format recognizable from the value alone, with the name a finding shows. */
export interface SecretValuePattern {
  /** e.g. `AWS access key id`. */
  readonly name: string;
  readonly pattern: RegExp;
}

/** Values that are credentials whatever they are called. */
export const SECRET_VALUE_PATTERNS: readonly SecretValuePattern[] = [
  { name: 'PEM private key', pattern: /-----BEGIN[ A-Z0-9]*PRIVATE KEY( BLOCK)?-----/ },
  { name: 'AWS access key id', pattern: /\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { name: 'AWS secret access key', pattern: /aws_?secret_?access_?key\s*[=:]\s*['"]?[A-Za-z0-9/+=]{40}\b/i },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'Google service account key', pattern: /"type"\s*:\s*"service_account"/ },
  { name: 'Azure storage connection string', pattern: /AccountKey=[A-Za-z0-9/+=]{20,}/ },
  { name: 'Azure SAS signature', pattern: /[?&]sig=[A-Za-z0-9%/+=]{20,}/ },
  { name: 'GitHub token', pattern: /\b(ghp|gho|ghs|ghu|ghr|github_pat)_[A-Za-z0-9_]{20,}\b/ },
  { name: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  // A password expanded from another variable (`$(DB_PASSWORD)`) is not a literal.
  { name: 'credentials in a URL', pattern: /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:(?!\$\()[^/\s@]+@/i },
];

/** Whether a key or variable name looks like it holds a credential (and not a reference to one). */
export function isSecretLikeName(name: string): boolean {
  return SECRET_NAME_PATTERNS.some((re) => re.test(name)) && !REFERENCE_NAME_SUFFIX.test(name);
}

/** The credential format a value matches, or undefined. */
export function secretValueKind(value: string): string | undefined {
  return SECRET_VALUE_PATTERNS.find((p) => p.pattern.test(value))?.name;
}

/**
 * Why a literal name/value pair is a credential in plain text, or undefined.
 *
 * A secret-like name with an empty value, or a value that only expands another variable (`$(VAR)`),
 * carries no credential.
 */
export function literalSecret(name: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const kind = secretValueKind(value);
  if (kind) return `its value matches the ${kind} format`;
  if (/^\$\([A-Za-z_][A-Za-z0-9_.-]*\)$/.test(value.trim())) return undefined;
  if (isSecretLikeName(name)) return 'its name says it holds a credential';
  return undefined;
}
