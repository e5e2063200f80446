/**
 * statefulset-headless-service: a StatefulSet's serviceName names a headless Service in the input.
 *
 * Restricted: StatefulSet.spec.serviceName. Required: when set, a Service of that name in the same
 * namespace with `clusterIP: None`. The headless Service gives each replica its stable DNS name
 * (`<pod>.<service>`); without it, or with a Service that has a cluster IP, peers cannot address each
 * other and the StatefulSet's identity guarantees are lost. An unset serviceName does not apply.
 */
import { ICheck, PeerTool, Severity } from '../../check';
import { nameOf } from '../../references';
import { namespaceOf, objectsInNamespace } from '../../selectors';
import { errorOutcome, fail, isObject, notApplicable, pass, pci, peer, soc2 } from '../support';

export const statefulsetHeadlessService: ICheck = {
  id: 'statefulset-headless-service',
  title: 'StatefulSets name a headless Service (clusterIP: None) present in the same namespace',
  description: 'The headless Service named by spec.serviceName gives every replica its stable DNS name; without it '
    + 'the replicas cannot address each other.',
  severity: Severity.WARNING,
  peers: [peer(PeerTool.KUBE_SCORE, 'statefulset-has-servicename')],
  controls: [...soc2('CC8.1'), ...pci('6.5.1')],
  kinds: ['StatefulSet'],
  evaluate: (object, context) => {
    if (!isObject(object)) return errorOutcome('object is not a map');
    const name = isObject(object.spec) ? object.spec.serviceName : undefined;
    if (name === undefined || name === null || name === '') return notApplicable('spec.serviceName is unset');
    if (typeof name !== 'string') return errorOutcome('spec.serviceName is not a string', '/spec/serviceName');
    const namespace = namespaceOf(object);
    const service = objectsInNamespace(context, 'Service', namespace).find((s) => nameOf(s) === name);
    if (!service) return fail('headless Service missing', `Service ${JSON.stringify(name)} is not in namespace ${JSON.stringify(namespace)}; add it with clusterIP: None`, '/spec/serviceName');
    if (isObject(service.spec) && service.spec.clusterIP === 'None') return pass();
    return fail('Service not headless', `Service ${JSON.stringify(name)} does not set clusterIP: None`, '/spec/serviceName');
  },
};
