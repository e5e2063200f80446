/**
 * namespace-limit-range: every application namespace has a LimitRange for containers.
 *
 * Required: a LimitRange in the namespace with a `Container` limit. It gives containers that set no
 * resources a default request and limit, and caps what one container may ask for. System namespaces
 * (`kube-system`, `kube-public`, `kube-node-lease` unless configured) do not apply.
 */
import { ICheck, Severity } from '../../check';
import { trivy } from '../../peers/catalog';
import { cis, fail, isObject, isOutcome, namespaceName, pass, pci, soc2 } from '../support';

export const namespaceLimitRange: ICheck = {
  id: 'namespace-limit-range',
  title: 'Namespaces have a LimitRange with container defaults and bounds',
  description: 'A LimitRange of type Container in each non-system namespace defaults and bounds container '
    + 'requests and limits, so no pod runs unbounded.',
  severity: Severity.WARNING,
  controls: [...cis('5.7.1', '5.6.1'), ...soc2('CC7.2'), ...pci('2.2.1')],
  kinds: ['Namespace'],
  peers: [trivy('KSV039')],
  evaluate: (object, context) => {
    const name = namespaceName(object, context);
    if (isOutcome(name)) return name;
    const ranges = context.objectsOfKind('LimitRange', name);
    const container = ranges.some((r) => isObject(r?.spec) && Array.isArray(r.spec.limits)
      && r.spec.limits.some((l: unknown) => isObject(l) && l.type === 'Container'));
    if (container) return pass();
    return fail('no LimitRange', ranges.length === 0
      ? `no LimitRange in namespace ${JSON.stringify(name)}`
      : `no LimitRange in namespace ${JSON.stringify(name)} has a limit of type Container`);
  },
};
