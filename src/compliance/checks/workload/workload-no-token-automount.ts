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
 * failure carries that reason as its exemption and is reported suppressed, never as a silent pass.
 */
import { API_ACCESS_ANNOTATION } from '../../../annotations';
import { apiTokenMount, deliberateApiAccess } from '../../api-tokens';
import { ICheck, Severity } from '../../check';
import { checkov, polaris, trivy } from '../../peers/catalog';
import { namespaceOf, objectsInNamespace } from '../../selectors';
import { MIN_REASON_LENGTH } from '../../suppressions';
import { cis, fail, hipaa, isOutcome, pass, pci, podOf, soc2 } from '../support';

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
    const deliberate = deliberateApiAccess(object);
    const exemption = deliberate !== undefined && deliberate.length >= MIN_REASON_LENGTH ? { exemption: `calls the Kubernetes API on purpose: ${deliberate}` } : {};
    const projected = apiTokenMount(object, context);
    if (projected?.projected) {
      return { ...fail('token mounted', `pods ${projected.why}; remove it, or annotate the pod template ${API_ACCESS_ANNOTATION} with the reason (10+ characters) the pods call the API`, projected.location), ...exemption };
    }
    const location = `${pod.specPointer}/automountServiceAccountToken`;
    const own = pod.spec.automountServiceAccountToken;
    if (own === false) return pass();
    if (own !== undefined && own !== null) return { ...fail('token automounted', `automountServiceAccountToken=${JSON.stringify(own)}; set it to false`, location), ...exemption };
    const name = typeof pod.spec.serviceAccountName === 'string' && pod.spec.serviceAccountName
      ? pod.spec.serviceAccountName
      : typeof pod.spec.serviceAccount === 'string' && pod.spec.serviceAccount ? pod.spec.serviceAccount : 'default';
    const namespace = namespaceOf(object);
    const account = objectsInNamespace(context, 'ServiceAccount', namespace).find((sa) => sa?.metadata?.name === name);
    if (account && account.automountServiceAccountToken === false) return pass();
    const why = account ? `ServiceAccount ${JSON.stringify(name)} does not set automountServiceAccountToken: false`
      : `ServiceAccount ${JSON.stringify(name)} is not in the evaluated set`;
    return { ...fail('token automounted', `automountServiceAccountToken is unset and ${why}; set it to false in the pod spec`, location), ...exemption };
  },
};
