/**
 * configmap-no-secrets: ConfigMaps hold no credentials.
 *
 * Restricted: ConfigMap.data and binaryData, keys and values. ConfigMaps are readable by every
 * subject with `get configmaps` (the view role included), are not encrypted at rest by the
 * Secret encryption provider, and are printed by `kubectl describe`. Refused:
 * - a key named like a credential (words `password`, `passwd`, `passphrase`, `secret`, `token`,
 *   `credential(s)`, `apikey`/`api-key`, `privatekey`, `accesskey`, in any case and separator style)
 *   whose value looks like one: not empty, not a boolean, number or duration, not a path and not a
 *   placeholder (`${VAR}`, `$(VAR)`, `{{ .Values.x }}`);
 * - a value, under any key, holding a PEM private key, an AWS access key id (AKIA/ASIA), a GCP API
 *   key (AIza) or service-account key, an Azure storage or Service Bus key (`AccountKey=`,
 *   `SharedAccessKey=`), a JWT, a GitHub or Slack token, a URL with a password (`scheme://user:pw@`),
 *   or a configuration line assigning a credential-named key (`db.password=...`, `token: ...`).
 * False positives are kept low on purpose: a credential word qualified as a setting about
 * credentials is allowed (`password-policy: strict`, `password-min-length: "12"`, `token-ttl: 1h`,
 * `secret-name: db` naming a Secret, `token-url`, `*-file`, `*-path`), and so is a value that is a
 * reference rather than the credential. The check never prints a value.
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { pointerToken } from '../../pss/helpers';
import { errorOutcome, fail, hipaa, isObject, pass, pci, peer, soc2 } from '../support';

const CREDENTIAL_WORDS = new Set(['password', 'passwd', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'credential',
  'credentials', 'apikey', 'privatekey', 'accesskey', 'secretkey', 'clientsecret', 'authtoken', 'bearer']);
const CREDENTIAL_PAIRS: ReadonlyArray<[string, string]> = [['api', 'key'], ['private', 'key'], ['access', 'key'], ['secret', 'key']];
/** Words that make a credential-named key a setting about credentials, not a credential. */
const SETTING_WORDS = new Set(['policy', 'policies', 'length', 'min', 'max', 'minlength', 'maxlength', 'name', 'names', 'file',
  'path', 'ref', 'enabled', 'enable', 'disabled', 'ttl', 'timeout', 'expiry', 'expiration', 'lifetime', 'url', 'uri',
  'endpoint', 'issuer', 'header', 'type', 'mode', 'algorithm', 'format', 'rotation', 'mount', 'dir', 'location', 'hint',
  'prompt', 'regex', 'pattern', 'required', 'strength', 'complexity', 'audience', 'duration', 'size', 'count', 'version']);

/** Patterns of credentials in values, with what they are. */
const VALUE_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/, 'a PEM private key'],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+=]{40}/i, 'an AWS secret access key'],
  [/"type"\s*:\s*"service_account"[\s\S]*"private_key"|"private_key"[\s\S]*"type"\s*:\s*"service_account"/, 'a GCP service-account key'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'a GCP API key'],
  [/\b(?:AccountKey|SharedAccessKey)=[A-Za-z0-9+/]{20,}={0,2}/, 'an Azure storage or Service Bus key'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, 'a JWT'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'a GitHub token'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
];
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:([^\s@/]+)@/gi;
const ASSIGNMENT = /^\s*["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*["']?([^"'\s#,]*)/;

/** The words of a key: split on separators and camelCase, lowercase. */
function wordsOf(key: string): string[] {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

/** Whether a key is named like a credential (and not like a setting about credentials). */
export function isCredentialKey(key: string): boolean {
  const words = wordsOf(key);
  if (words.some((w) => SETTING_WORDS.has(w))) return false;
  if (words.some((w) => CREDENTIAL_WORDS.has(w))) return true;
  return CREDENTIAL_PAIRS.some(([a, b]) => words.some((w, i) => w === a && words[i + 1] === b));
}

/** Whether a value under a credential-named key could be the credential itself. */
export function couldBeCredential(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return false;
  if (/^(true|false|yes|no|on|off|none|null)$/i.test(v)) return false;
  if (/^-?\d+(\.\d+)?([smhdw]|ms)?$/.test(v)) return false;
  if (/^(\$\{[^}]*\}|\$\([^)]*\)|\{\{[\s\S]*\}\})$/.test(v)) return false;
  if (v.startsWith('/')) return false;
  return true;
}

/** What in a value looks like a credential, or undefined. */
function credentialIn(value: string): string | undefined {
  for (const [re, what] of VALUE_PATTERNS) if (re.test(value)) return what;
  for (const m of value.matchAll(URL_PASSWORD)) if (couldBeCredential(m[1])) return 'a URL with a password';
  const lines = value.split(/\r?\n/);
  if (lines.length > 1 || ASSIGNMENT.test(value)) {
    for (let i = 0; i < lines.length; i++) {
      const m = ASSIGNMENT.exec(lines[i]);
      if (!m) continue;
      const last = m[1].split('.').pop() ?? m[1];
      if (isCredentialKey(last) && couldBeCredential(m[2])) return `a credential assigned to "${m[1]}" on line ${i + 1}`;
    }
  }
  return undefined;
}

function decode(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return Buffer.from(value, 'base64').toString('utf8');
  } catch {
    return undefined;
  }
}

export const configmapNoSecrets: ICheck = {
  id: 'configmap-no-secrets',
  title: 'ConfigMaps hold no passwords, tokens, private keys or cloud credentials',
  description: 'ConfigMaps are readable by every subject that may read configuration (the view role included), are '
    + 'not encrypted at rest with Secrets and show in kubectl describe. Keep credentials in Secrets, mounted as files.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.POLARIS, 'sensitiveConfigmapContent'),
    peer(PeerTool.KUBE_LINTER, 'configmap-with-credentials'),
    peer(PeerTool.TRIVY, 'KSV0109'),
  ],
  controls: [...soc2('CC6.1', 'CC6.7'), ...pci('3.5.1', '8.3.2'), ...hipaa('164.312(a)(1)')],
  kinds: ['ConfigMap'],
  evaluate: (object) => {
    if (!isObject(object)) return errorOutcome('object is not a map');
    const found: Array<{ field: string; key: string; why: string }> = [];
    for (const field of ['data', 'binaryData']) {
      const entries = object[field];
      if (entries === undefined || entries === null) continue;
      if (!isObject(entries)) return errorOutcome(`${field} is not a map`, `/${field}`);
      for (const [key, raw] of Object.entries(entries)) {
        const value = field === 'data' ? (typeof raw === 'string' ? raw : undefined) : decode(raw);
        if (value === undefined) continue;
        const inValue = credentialIn(value);
        if (inValue) found.push({ field, key, why: `holds ${inValue}` });
        else if (isCredentialKey(key) && couldBeCredential(value)) found.push({ field, key, why: 'is named like a credential and holds a value' });
      }
    }
    if (found.length === 0) return pass();
    const detail = found.map((f) => `${f.field} key ${JSON.stringify(f.key)} ${f.why}`).join('; ');
    return fail('credentials in a ConfigMap', `${detail}; move them to a Secret and mount it as a file`, `/${found[0].field}/${pointerToken(found[0].key)}`);
  },
};
