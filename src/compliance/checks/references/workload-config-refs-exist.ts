/**
 * workload-config-refs-exist: every ConfigMap and Secret a pod reads is in the input.
 *
 * Restricted: in every container (init, regular, ephemeral) `env[*].valueFrom.configMapKeyRef` and
 * `secretKeyRef`, `envFrom[*].configMapRef` and `secretRef`; in the pod spec `volumes[*].configMap`,
 * `volumes[*].secret` and `volumes[*].projected.sources[*].configMap|secret`. Required: a ConfigMap
 * or Secret of that name in the workload's namespace. A Secret written by an object of the namespace
 * counts as present: an ExternalSecret (its `spec.target.name`, default the ExternalSecret's name), a
 * SealedSecret (`spec.template.metadata.name`, default its name) or a cert-manager Certificate
 * (`spec.secretName`); so do the ConfigMaps every namespace has (`kube-root-ca.crt`). References marked `optional: true` do not
 * apply. A missing one keeps the pod in ContainerCreating (volumes) or CreateContainerConfigError
 * (env), usually after a rename.
 */
import { ICheck, Severity } from '../../check';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { configMapPresent, secretPresent } from '../../references';
import { namespaceOf } from '../../selectors';
import { fail, isObject, isOutcome, pass, pci, podOf, quoted, soc2 } from '../support';

interface Reference {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly pointer: string;
}

function ref(kind: 'ConfigMap' | 'Secret', source: unknown, field: string, pointer: string, out: Reference[]): void {
  if (!isObject(source) || source.optional === true) return;
  const name = source[field];
  if (typeof name === 'string' && name.length > 0) out.push({ kind, name, pointer });
}

/** Every ConfigMap and Secret reference of a pod spec and its containers. */
export function configReferences(spec: any, specPointer: string, containers: ReadonlyArray<{ container: any; pointer: string }>): Reference[] {
  const out: Reference[] = [];
  for (const { container, pointer } of containers) {
    (Array.isArray(container.env) ? container.env : []).forEach((e: any, i: number) => {
      const from = isObject(e) && isObject(e.valueFrom) ? e.valueFrom : {};
      ref('ConfigMap', from.configMapKeyRef, 'name', `${pointer}/env/${i}/valueFrom/configMapKeyRef`, out);
      ref('Secret', from.secretKeyRef, 'name', `${pointer}/env/${i}/valueFrom/secretKeyRef`, out);
    });
    (Array.isArray(container.envFrom) ? container.envFrom : []).forEach((e: any, i: number) => {
      if (!isObject(e)) return;
      ref('ConfigMap', e.configMapRef, 'name', `${pointer}/envFrom/${i}/configMapRef`, out);
      ref('Secret', e.secretRef, 'name', `${pointer}/envFrom/${i}/secretRef`, out);
    });
  }
  (isObject(spec) && Array.isArray(spec.volumes) ? spec.volumes : []).forEach((v: any, i: number) => {
    if (!isObject(v)) return;
    const at = `${specPointer}/volumes/${i}`;
    ref('ConfigMap', v.configMap, 'name', `${at}/configMap`, out);
    ref('Secret', v.secret, 'secretName', `${at}/secret`, out);
    const sources = isObject(v.projected) && Array.isArray(v.projected.sources) ? v.projected.sources : [];
    sources.forEach((s: any, j: number) => {
      if (!isObject(s)) return;
      ref('ConfigMap', s.configMap, 'name', `${at}/projected/sources/${j}/configMap`, out);
      ref('Secret', s.secret, 'name', `${at}/projected/sources/${j}/secret`, out);
    });
  });
  return out;
}

export const workloadConfigRefsExist: ICheck = {
  id: 'workload-config-refs-exist',
  title: 'Pods read only ConfigMaps and Secrets present in their namespace (or written by an ExternalSecret, SealedSecret or Certificate)',
  description: 'A pod that references a ConfigMap or Secret missing from the input does not start '
    + '(ContainerCreating or CreateContainerConfigError), usually after a rename; optional references are exempt.',
  severity: Severity.WARNING,
  controls: [...soc2('CC8.1'), ...pci('6.5.1')],
  kinds: [...POD_BEARING_KINDS],
  evaluate: (object, context) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const namespace = namespaceOf(object);
    const missing = configReferences(pod.spec, pod.specPointer, pod.containers).filter((r) => (r.kind === 'ConfigMap'
      ? !configMapPresent(r.name, namespace, context)
      : !secretPresent(r.name, namespace, context)));
    if (missing.length === 0) return pass();
    const byKind = (kind: string) => [...new Set(missing.filter((m) => m.kind === kind).map((m) => m.name))];
    const parts = ['ConfigMap', 'Secret'].map((k) => [k, byKind(k)] as const).filter(([, names]) => names.length > 0)
      .map(([k, names]) => `${k}s ${quoted(names)}`);
    return fail('missing ConfigMap or Secret', `${parts.join(' and ')} are not in namespace ${JSON.stringify(namespace)} `
      + '(nor written by an ExternalSecret, SealedSecret or Certificate); add them or mark the reference optional', missing[0].pointer);
  },
};
