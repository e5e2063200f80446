/**
 * How a pod gets a Kubernetes API token, shared by the `workload-no-token-automount` check and the
 * scorecard's token metric so both judge the same way.
 *
 * A pod mounts a token when it has a projected `serviceAccountToken` volume, or when its
 * `automountServiceAccountToken` is true, or unset while its ServiceAccount does not set it to false
 * (a ServiceAccount missing from the set automounts: the API default). The pod's own setting wins over
 * its ServiceAccount's (CIS 5.1.6). A pod template annotated `cdk8s-hardened.io/api-access` with a
 * reason calls the API on purpose (the constructs' `ApiAccess` opt-in).
 */
import { API_ACCESS_ANNOTATION } from '../annotations';
import { ICheckContext } from './check';
import { podTemplateOf } from './pod-spec';
import { namespaceOf, objectsInNamespace } from './selectors';

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nameOf(o: any): string {
  return typeof o?.metadata?.name === 'string' ? o.metadata.name : '';
}

/** How a workload's pods get an API token (and the field to blame), or undefined when they get none. */
export function apiTokenMount(w: any, context: ICheckContext): { why: string; location: string; projected?: boolean } | undefined {
  const template = podTemplateOf(w);
  if (!template) return undefined;
  const spec = template.spec;
  const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
  const projected = volumes.findIndex((v: any) => isObject(v) && isObject(v.projected) && Array.isArray(v.projected.sources)
    && v.projected.sources.some((src: any) => isObject(src) && src.serviceAccountToken !== undefined && src.serviceAccountToken !== null));
  if (projected >= 0) {
    return { why: `mount a projected serviceAccountToken volume "${volumes[projected].name}"`, location: `${template.specPointer}/volumes/${projected}`, projected: true };
  }
  const location = `${template.specPointer}/automountServiceAccountToken`;
  const own = spec.automountServiceAccountToken;
  if (own === false) return undefined;
  if (own !== undefined && own !== null) return { why: `set automountServiceAccountToken: ${JSON.stringify(own)}`, location };
  const name = typeof spec.serviceAccountName === 'string' && spec.serviceAccountName
    ? spec.serviceAccountName
    : typeof spec.serviceAccount === 'string' && spec.serviceAccount ? spec.serviceAccount : 'default';
  const account = objectsInNamespace(context, 'ServiceAccount', namespaceOf(w)).find((sa) => nameOf(sa) === name);
  if (account && account.automountServiceAccountToken === false) return undefined;
  return {
    why: `automount a token: automountServiceAccountToken is unset and ServiceAccount "${name}" ${account ? 'does not set it to false' : 'is not in the set (the API default automounts)'}`,
    location,
  };
}

/** The reason a workload's pods call the API on purpose (the API-access annotation), if given. */
export function deliberateApiAccess(w: any): string | undefined {
  const annotations = podTemplateOf(w)?.metadata.annotations;
  const reason = isObject(annotations) ? annotations[API_ACCESS_ANNOTATION] : undefined;
  return typeof reason === 'string' && reason.trim() !== '' ? reason.trim() : undefined;
}
