/**
 * ingress-tls: every host an Ingress serves is covered by its TLS section.
 *
 * Restricted: Ingress.spec.tls against spec.rules[*].host. Required: for each rule host, a `tls`
 * entry whose `hosts` lists it (exactly, or by a `*.` wildcard one label deep, as TLS certificates
 * match); for rules without a host and for an Ingress with only a defaultBackend, a `tls` entry
 * without `hosts` (the controller's default certificate). Without it the controller serves that host
 * over plain HTTP: credentials and session cookies cross the network in clear text.
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { errorOutcome, fail, hipaa, isObject, pass, pci, peer, quoted, soc2 } from '../support';

/** Whether a TLS host entry covers a rule host (`*.example.com` covers `a.example.com`, not `a.b.example.com`). */
export function tlsHostCovers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (!pattern.startsWith('*.')) return false;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot) === pattern.slice(1);
}

export const ingressTls: ICheck = {
  id: 'ingress-tls',
  title: 'Ingresses terminate TLS for every host they serve',
  description: 'A host without a matching spec.tls entry is served over plain HTTP: passwords, tokens and session '
    + 'cookies cross the network in clear text.',
  severity: Severity.ERROR,
  peers: [peer(PeerTool.POLARIS, 'tlsSettingsMissing')],
  controls: [...soc2('CC6.7'), ...pci('4.2.1'), ...hipaa('164.312(e)(1)')],
  kinds: ['Ingress'],
  evaluate: (object) => {
    if (!isObject(object)) return errorOutcome('object is not a map');
    const spec = isObject(object.spec) ? object.spec : {};
    if (spec.tls !== undefined && spec.tls !== null && !Array.isArray(spec.tls)) return errorOutcome('spec.tls is not a list', '/spec/tls');
    const tls = (Array.isArray(spec.tls) ? spec.tls : []).filter(isObject);
    const patterns = tls.flatMap((t) => (Array.isArray(t.hosts) ? t.hosts.filter((h: unknown): h is string => typeof h === 'string') : []));
    const defaultCertificate = tls.some((t) => !Array.isArray(t.hosts) || t.hosts.length === 0);
    const rules = (Array.isArray(spec.rules) ? spec.rules : []).filter(isObject);
    const hosts = rules.map((r) => (typeof r.host === 'string' && r.host.length > 0 ? r.host : undefined));
    const uncovered = [...new Set(hosts.filter((h): h is string => h !== undefined && !patterns.some((p) => tlsHostCovers(p, h))))];
    const hostless = (hosts.some((h) => h === undefined) || (rules.length === 0 && spec.defaultBackend !== undefined)) && !defaultCertificate;
    if (uncovered.length === 0 && !hostless) return pass();
    const parts: string[] = [];
    if (uncovered.length > 0) parts.push(`hosts ${quoted(uncovered)} have no spec.tls entry`);
    if (hostless) parts.push('rules without a host (or the default backend) have no spec.tls entry without hosts');
    const location = tls.length > 0 ? '/spec/tls' : '/spec';
    return fail(tls.length === 0 ? 'no TLS' : 'hosts without TLS', `${parts.join('; ')}; add them to spec.tls with a certificate Secret`, location);
  },
};
