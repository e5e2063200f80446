/**
 * workload-no-token-automount: pods do not get a ServiceAccount token they did not ask for.
 *
 * Restricted: the effective automount of the pod: spec.automountServiceAccountToken, else the
 * automountServiceAccountToken of its ServiceAccount (spec.serviceAccountName, else `default`, in
 * the pod's namespace) when that ServiceAccount is in the set, else true (the API default).
 * Allowed: false. CIS 5.1.6 (v1.10 and v1.12): "the Pod spec takes precedence".
 * A projected `serviceAccountToken` volume mounts a token too, whatever automount says. A pod template
 * annotated `cdk8s-hardened.io/api-access` with a reason of at least 10 characters (the constructs'
 * `ApiAccess` opt-in: a short-lived, audience-bound projected token) calls the API on purpose: the
 * projected-token failure carries that reason as its exemption and is reported suppressed, never as a
 * silent pass. The reason never covers a legacy automounted token, which the opt-in does not promise.
 */
import { API_ACCESS_ANNOTATION } from '../../../annotations';
import { apiTokenMount, deliberateApiAccess } from '../../api-tokens';
import { CheckOutcome, ICheck, ICheckContext, Severity } from '../../check';
import { checkov, polaris, trivy } from '../../peers/catalog';
import { namespaceOf, objectsInNamespace } from '../../selectors';
import { MIN_REASON_LENGTH } from '../../suppressions';
import { cis, fail, hipaa, isOutcome, pass, pci, podOf, PodView, soc2 } from '../support';

export const workloadNoTokenAutomount: ICheck = {
  id: 'workload-no-token-automount',
  title: 'Pods do not automount a ServiceAccount token',
  description: 'The pod spec sets automountServiceAccountToken: false, or leaves it unset and runs as a '
    + 'ServiceAccount (in the evaluated set) that disables automounting. Workloads that call the API server '
    + 'should use a dedicated ServiceAccount with least-privilege RBAC and suppress this with a reason.',
  severity: Severity.WARNING,
  controls: [...cis('5.1.6'), ...soc2('CC6.1'), ...pci('7.2.5'), ...hipaa('164.312(a)(1)')],
  kinds: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'],
  peers: [polaris('automountServiceAccountToken'), checkov('CKV_K8S_38'), trivy('KSV036')],
  evaluate: (object, context) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const automounted = legacyAutomount(object, pod, context);
    if (automounted) return automounted;
    const projected = apiTokenMount(object, context);
    if (!projected?.projected) return pass();
    const deliberate = deliberateApiAccess(object);
    const exemption = deliberate !== undefined && deliberate.length >= MIN_REASON_LENGTH ? { exemption: `calls the Kubernetes API on purpose: ${deliberate}` } : {};
    return {
      ...fail('token mounted', `pods ${projected.why}; remove it, or annotate the pod template ${API_ACCESS_ANNOTATION} with the reason (10+ characters) the pods call the API`, projected.location),
      ...exemption,
    };
  },
};

/** The failure for a legacy automounted token (never covered by the API-access reason), or undefined when none is automounted. */
function legacyAutomount(object: any, pod: PodView, context: ICheckContext): CheckOutcome | undefined {
  const location = `${pod.specPointer}/automountServiceAccountToken`;
  const own = pod.spec.automountServiceAccountToken;
  if (own === false) return undefined;
  if (own !== undefined && own !== null) return fail('token automounted', `automountServiceAccountToken=${JSON.stringify(own)}; set it to false`, location);
  const name = typeof pod.spec.serviceAccountName === 'string' && pod.spec.serviceAccountName
    ? pod.spec.serviceAccountName
    : typeof pod.spec.serviceAccount === 'string' && pod.spec.serviceAccount ? pod.spec.serviceAccount : 'default';
  const account = objectsInNamespace(context, 'ServiceAccount', namespaceOf(object)).find((sa) => sa?.metadata?.name === name);
  if (account && account.automountServiceAccountToken === false) return undefined;
  const why = account ? `ServiceAccount ${JSON.stringify(name)} does not set automountServiceAccountToken: false`
    : `ServiceAccount ${JSON.stringify(name)} is not in the evaluated set`;
  return fail('token automounted', `automountServiceAccountToken is unset and ${why}; set it to false in the pod spec`, location);
}
