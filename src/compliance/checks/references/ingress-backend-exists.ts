/**
 * ingress-backend-exists: every Service an Ingress routes to is in the input.
 *
 * Restricted: Ingress.spec.defaultBackend.service.name and spec.rules[*].http.paths[*].backend
 * .service.name (and the v1beta1 `backend.serviceName`). Required: a Service of that name in the
 * Ingress's namespace. Resource backends (`backend.resource`) do not apply. A missing backend answers
 * 503 for the whole path, usually after a Service was renamed.
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { objectPresent } from '../../references';
import { namespaceOf } from '../../selectors';
import { errorOutcome, fail, isObject, pass, pci, peer, quoted, soc2 } from '../support';

/** Every Service name an Ingress routes to, with its JSON pointer. */
export function ingressBackends(ingress: any): Array<{ name: string; pointer: string }> {
  const spec = isObject(ingress?.spec) ? ingress.spec : {};
  const out: Array<{ name: string; pointer: string }> = [];
  const add = (backend: unknown, pointer: string) => {
    if (!isObject(backend)) return;
    if (isObject(backend.service) && typeof backend.service.name === 'string') out.push({ name: backend.service.name, pointer: `${pointer}/service/name` });
    else if (typeof backend.serviceName === 'string') out.push({ name: backend.serviceName, pointer: `${pointer}/serviceName` });
  };
  add(spec.defaultBackend, '/spec/defaultBackend');
  add(spec.backend, '/spec/backend');
  (Array.isArray(spec.rules) ? spec.rules : []).forEach((rule: any, r: number) => {
    const paths = isObject(rule) && isObject(rule.http) && Array.isArray(rule.http.paths) ? rule.http.paths : [];
    paths.forEach((path: any, p: number) => add(isObject(path) ? path.backend : undefined, `/spec/rules/${r}/http/paths/${p}/backend`));
  });
  return out;
}

export const ingressBackendExists: ICheck = {
  id: 'ingress-backend-exists',
  title: 'Ingresses route only to Services present in the same namespace',
  description: 'An Ingress backend naming a Service that is not in the input answers 503 for its path, usually after '
    + 'the Service was renamed.',
  severity: Severity.WARNING,
  peers: [
    peer(PeerTool.KUBE_SCORE, 'ingress-targets-service'),
    peer(PeerTool.KUBE_LINTER, 'dangling-ingress'),
  ],
  controls: [...soc2('CC8.1'), ...pci('6.5.1')],
  kinds: ['Ingress'],
  evaluate: (object, context) => {
    if (!isObject(object)) return errorOutcome('object is not a map');
    const namespace = namespaceOf(object);
    const missing = ingressBackends(object).filter((b) => !objectPresent('Service', b.name, namespace, context));
    if (missing.length === 0) return pass();
    const names = [...new Set(missing.map((m) => m.name))];
    return fail('backend Service missing', `Services ${quoted(names)} are not in namespace ${JSON.stringify(namespace)}`, missing[0].pointer);
  },
};
