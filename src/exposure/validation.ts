/**
 * Validation shared by the exposure constructs (module-internal, not exported from the package).
 */
import { quote } from '../private/errors';
import { isDns1123Subdomain } from '../private/validation';

const DNS1035_LABEL_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6_RE = /^[0-9a-fA-F:]+$/;
const ANNOTATION_NAME_RE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** True when `n` is a TCP/UDP port number. */
export function isPort(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** True when `value` is one IPv4 or IPv6 address (not a range). */
export function isIpAddress(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const v4 = IPV4_RE.exec(value);
  if (v4) return v4.slice(1).every((o) => Number(o) <= 255 && String(Number(o)) === o);
  if (!IPV6_RE.test(value) || !value.includes(':')) return false;
  const halves = value.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (groups.some((g) => g.length === 0 || g.length > 4)) return false;
  return halves.length === 2 ? groups.length < 8 : groups.length === 8;
}

/**
 * Returns why an annotation is invalid (key syntax, string value), if it is.
 *
 * The key is a Kubernetes qualified name: an optional DNS-1123 subdomain prefix and `/`, then a name
 * of at most 63 alphanumerics, `-`, `_` or `.`.
 */
export function annotationProblem(key: string, value: unknown): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if ((prefix !== undefined && !isDns1123Subdomain(prefix)) || !ANNOTATION_NAME_RE.test(name)) {
    return `key '${key}' is not a valid annotation key; use an optional DNS subdomain prefix and '/', then at most 63 alphanumerics, '-', '_' or '.'`;
  }
  if (typeof value !== 'string') return `'${key}' has value ${JSON.stringify(value)}; use a string`;
  return undefined;
}

/** What a Service name (a DNS-1035 label) is, quoted in error messages. */
export const DNS1035_LABEL_RULE = "a DNS-1035 label: at most 63 characters, lowercase alphanumerics or '-', starting with a letter and ending with an alphanumeric";

/** True when `value` is a DNS-1035 label (Service names: they become DNS names and env var prefixes). */
export function isDns1035Label(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && DNS1035_LABEL_RE.test(value);
}

/**
 * Describes a received value for an error message: a construct by its type and path (quoting it as
 * JSON would recurse through the construct tree), anything else quoted.
 */
export function describeValue(value: unknown): string {
  const path = (value as any)?.node?.path;
  if (typeof path === 'string') return `${(value as object).constructor.name} '${path}'`;
  try {
    return quote(value);
  } catch {
    return String(value);
  }
}
