/**
 * ingress-nginx-no-snippets: Ingresses carry no ingress-nginx snippet and no injection in the
 * annotations ingress-nginx pastes into its configuration.
 *
 * Restricted: `metadata.annotations` with the `nginx.ingress.kubernetes.io/` prefix.
 * - Any `*-snippet` annotation (configuration-snippet, server-snippet, auth-snippet, stream-snippet,
 *   modsecurity-snippet, ...): raw nginx configuration, which can read the controller's
 *   ServiceAccount token and every Secret it can (CVE-2021-25742, CVE-2023-5043). Refused whatever
 *   the value.
 * - The annotations whose values ingress-nginx copied into nginx.conf unescaped: `auth-url`
 *   (CVE-2025-24514), `auth-tls-match-cn` (CVE-2025-1097), `mirror-target` and `mirror-host`
 *   (CVE-2025-1098), `permanent-redirect` (CVE-2023-5044). Refused when the value holds a character
 *   that ends or opens an nginx directive or string: a line break, `;`, `{`, `}`, a quote, a backtick
 *   or a backslash. Plain URLs and host names pass.
 * - `auth-proxy-set-headers` (CVE-2025-15566) names a ConfigMap whose values become headers: refused
 *   when that ConfigMap is in the input and a value holds such a character.
 * - `spec.rules[*].http.paths[*].path` (CVE-2026-24512, CVE-2026-4342): refused when it holds a line
 *   break, `;`, `#`, a quote or a backtick. Braces and backslashes stay allowed there: regex paths
 *   (`use-regex`) use them as quantifiers and escapes.
 * Patched controllers (v1.12.1, v1.11.5 and later, with annotation validation on) refuse these too;
 * the manifest should not depend on the controller's version.
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { pointerToken } from '../../pss/helpers';
import { nameOf } from '../../references';
import { namespaceOf, objectsInNamespace } from '../../selectors';
import { errorOutcome, fail, hipaa, isObject, pass, pci, peer, quoted, soc2 } from '../support';

const PREFIX = 'nginx.ingress.kubernetes.io/';

/** Annotations whose values reach nginx.conf unescaped in vulnerable ingress-nginx releases, with the CVE. */
export const INJECTABLE_ANNOTATIONS: Readonly<Record<string, string>> = {
  'auth-url': 'CVE-2025-24514',
  'auth-tls-match-cn': 'CVE-2025-1097',
  'mirror-target': 'CVE-2025-1098',
  'mirror-host': 'CVE-2025-1098',
  'permanent-redirect': 'CVE-2023-5044',
};

/** Characters that end or open an nginx directive, block or string. */
const INJECTION = /[\r\n;{}'"`\\]/;
/** The same in Ingress paths, where regex paths legitimately use braces and backslashes; `#` starts a comment. */
const PATH_INJECTION = /[\r\n;#'"`]/;

export const ingressNginxNoSnippets: ICheck = {
  id: 'ingress-nginx-no-snippets',
  title: 'Ingresses set no ingress-nginx snippet annotations and no nginx directive injection in annotations or paths',
  description: 'ingress-nginx pastes snippet annotations into nginx.conf verbatim (CVE-2021-25742) and, before its '
    + '2025 fixes, the auth-url, auth-tls-match-cn, mirror-target and mirror-host values unescaped (CVE-2025-24514, '
    + 'CVE-2025-1097, CVE-2025-1098): whoever writes an Ingress runs code in the controller and reads its Secrets.',
  severity: Severity.ERROR,
  peers: [
    peer(PeerTool.CHECKOV, 'CKV_K8S_153'),
    peer(PeerTool.CHECKOV, 'CKV_K8S_152'),
    peer(PeerTool.CHECKOV, 'CKV_K8S_154'),
  ],
  controls: [...soc2('CC6.1', 'CC6.8'), ...pci('6.2.4', '6.3.3'), ...hipaa('164.312(a)(1)')],
  kinds: ['Ingress'],
  evaluate: (object, context) => {
    if (!isObject(object)) return errorOutcome('object is not a map');
    const annotations = isObject(object.metadata) && isObject(object.metadata.annotations) ? object.metadata.annotations : {};
    const snippets: string[] = [];
    const injected: string[] = [];
    for (const [key, value] of Object.entries(annotations)) {
      if (!key.startsWith(PREFIX)) continue;
      const name = key.slice(PREFIX.length);
      if (name.endsWith('-snippet')) {
        snippets.push(key);
      } else if (INJECTABLE_ANNOTATIONS[name] && typeof value === 'string' && INJECTION.test(value)) {
        injected.push(`${key} (${INJECTABLE_ANNOTATIONS[name]})`);
      } else if (name === 'auth-proxy-set-headers' && typeof value === 'string' && headersInjected(value, namespaceOf(object), context)) {
        injected.push(`${key} (CVE-2025-15566: ConfigMap ${JSON.stringify(value)})`);
      }
    }
    const paths = injectedPaths(object);
    if (snippets.length === 0 && injected.length === 0 && paths.length === 0) return pass();
    const parts: string[] = [];
    if (snippets.length > 0) parts.push(`snippet annotations ${quoted(snippets)} paste raw nginx configuration (CVE-2021-25742)`);
    if (injected.length > 0) parts.push(`${injected.join(', ')} hold characters that inject nginx directives`);
    if (paths.length > 0) parts.push(`paths ${quoted(paths.map((p) => p.path))} hold characters that inject nginx directives (CVE-2026-24512)`);
    const first = snippets[0] ?? injected[0]?.split(' ')[0];
    return fail(snippets.length > 0 ? 'nginx snippet annotation' : 'nginx directive injection',
      `${parts.join('; ')}; remove them (use the controller's ConfigMap or a dedicated annotation)`,
      first !== undefined ? `/metadata/annotations/${pointerToken(first)}` : paths[0].pointer);
  },
};

/** Whether the ConfigMap `[namespace/]name` is in the input with a value that would inject directives. */
function headersInjected(reference: string, ingressNamespace: string, context: Parameters<ICheck['evaluate']>[1]): boolean {
  const [namespace, name] = reference.includes('/') ? reference.split('/', 2) : [ingressNamespace, reference];
  const configMap = objectsInNamespace(context, 'ConfigMap', namespace).find((c) => nameOf(c) === name);
  const data = isObject(configMap?.data) ? configMap.data : {};
  return Object.values(data).some((v) => typeof v === 'string' && INJECTION.test(v));
}

/** The rule paths that hold directive characters, with their pointers. */
function injectedPaths(ingress: any): Array<{ path: string; pointer: string }> {
  const rules = isObject(ingress.spec) && Array.isArray(ingress.spec.rules) ? ingress.spec.rules : [];
  const out: Array<{ path: string; pointer: string }> = [];
  rules.forEach((rule: any, r: number) => {
    const paths = isObject(rule) && isObject(rule.http) && Array.isArray(rule.http.paths) ? rule.http.paths : [];
    paths.forEach((p: any, i: number) => {
      if (isObject(p) && typeof p.path === 'string' && PATH_INJECTION.test(p.path)) out.push({ path: p.path, pointer: `/spec/rules/${r}/http/paths/${i}/path` });
    });
  });
  return out;
}
