/**
 * Name, label and quantity validation shared by the namespace and RBAC constructs.
 *
 * Module-internal: not exported from the package. The rules mirror
 * k8s.io/apimachinery/pkg/util/validation (IsDNS1123Label, IsDNS1123Subdomain, IsValidLabelValue)
 * and k8s.io/apimachinery/pkg/api/resource (Quantity), so an invalid value fails at the call instead
 * of at `kubectl apply`.
 */

const DNS1123_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** What a DNS-1123 label is, quoted in error messages. */
export const DNS1123_LABEL_RULE = "a DNS-1123 label: at most 63 characters, lowercase alphanumerics or '-', starting and ending with an alphanumeric";

/** What a DNS-1123 subdomain is, quoted in error messages. */
export const DNS1123_SUBDOMAIN_RULE = "a DNS-1123 subdomain: at most 253 characters, lowercase alphanumerics, '-' or '.', starting and ending with an alphanumeric";

/** What a label value is, quoted in error messages. */
export const LABEL_VALUE_RULE = "a label value: at most 63 characters, alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";

/** True when `value` is a DNS-1123 label (namespace names). */
export function isDns1123Label(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && DNS1123_LABEL_RE.test(value);
}

/** True when `value` is a DNS-1123 subdomain (ServiceAccount, Role and RoleBinding names). */
export function isDns1123Subdomain(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 253 && DNS1123_SUBDOMAIN_RE.test(value);
}

/** True when `value` is a valid label value (the empty string is valid). */
export function isLabelValue(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && LABEL_VALUE_RE.test(value);
}

const QUANTITY_RE = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][-+]?[0-9]+)?$/;

const DECIMAL_SUFFIXES: Array<[string, number]> = [['n', -9], ['u', -6], ['m', -3], ['', 0], ['k', 3], ['M', 6], ['G', 9], ['T', 12], ['P', 15], ['E', 18]];
const BINARY_SUFFIXES: Array<[string, number]> = [['Ki', 10], ['Mi', 20], ['Gi', 30], ['Ti', 40], ['Pi', 50], ['Ei', 60]];
const SUFFIX_FACTORS: { [suffix: string]: number } = Object.fromEntries([
  ...DECIMAL_SUFFIXES.map(([s, e]) => [s, 10 ** e]),
  ...BINARY_SUFFIXES.map(([s, e]) => [s, 2 ** e]),
]);

/**
 * Parses a non-negative Kubernetes resource quantity (`500m`, `2`, `512Mi`, `1.5Gi`, `1e3`).
 *
 * @returns the value in base units (cores, bytes), or undefined when it is not a quantity
 */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = QUANTITY_RE.exec(value);
  if (!m) return undefined;
  const suffix = m[2] ?? '';
  const factor = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX_FACTORS[suffix];
  return Number(m[1]) * factor;
}
