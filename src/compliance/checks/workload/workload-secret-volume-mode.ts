/**
 * workload-secret-volume-mode: Secret files are readable by their owner and group only.
 *
 * Restricted: defaultMode and items[*].mode of secret volumes, and defaultMode and
 * sources[*].secret.items[*].mode of projected volumes with secret sources. Allowed: modes without
 * any bit for others (mode & 0o007 = 0) and without write or execute bits; unset defaultMode means
 * 0644, which others can read. The hardened constructs write 0400 (group read comes from fsGroup).
 */
import { ICheck, Severity } from '../../check';
import { POD_BEARING_KINDS } from '../../pod-spec';
import { fail, hipaa, isObject, isOutcome, pass, pci, podOf, soc2 } from '../support';

/** Whether a file mode is at most read for owner and group (0400, 0440, 0040, 0). */
function ownerGroupReadOnly(mode: number): boolean {
  const owner = Math.floor(mode / 0o100) % 8;
  const group = Math.floor(mode / 0o10) % 8;
  return mode % 8 === 0 && (owner === 0 || owner === 4) && (group === 0 || group === 4) && mode < 0o1000;
}

function modeProblem(mode: unknown, unsetMeans: number | undefined): string | undefined {
  const effective = mode === undefined || mode === null ? unsetMeans : mode;
  if (effective === undefined) return undefined;
  if (!Number.isInteger(effective)) return `mode ${JSON.stringify(mode)} is not an integer`;
  if (ownerGroupReadOnly(effective as number)) return undefined;
  const octal = `0${(effective as number).toString(8)}`;
  return mode === undefined || mode === null ? `defaultMode is unset (${octal})` : `mode ${octal}`;
}

export const workloadSecretVolumeMode: ICheck = {
  id: 'workload-secret-volume-mode',
  title: 'Secret volumes mount files readable by owner and group only',
  description: 'Secret and projected-secret volumes set defaultMode (and item modes) without write, execute or '
    + 'world-read bits, e.g. 0400 or 0440.',
  severity: Severity.WARNING,
  controls: [...soc2('CC6.1'), ...pci('7.2.1', '8.3.2'), ...hipaa('164.312(a)(1)')],
  kinds: [...POD_BEARING_KINDS],
  peers: [],
  evaluate: (object) => {
    const pod = podOf(object);
    if (isOutcome(pod)) return pod;
    const volumes = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
    const bad: string[] = [];
    let location: string | undefined;
    volumes.forEach((v: any, index: number) => {
      if (!isObject(v)) return;
      const name = JSON.stringify(typeof v.name === 'string' ? v.name : `<${index}>`);
      const at = `${pod.specPointer}/volumes/${index}`;
      const note = (problem: string | undefined, where: string) => {
        if (!problem) return;
        bad.push(`volume ${name} ${problem}`);
        location ??= where;
      };
      const items = (list: unknown, where: string) => (Array.isArray(list) ? list : []).forEach((item: any, i: number) => {
        if (isObject(item)) note(modeProblem(item.mode, undefined), `${where}/items/${i}/mode`);
      });
      if (isObject(v.secret)) {
        note(modeProblem(v.secret.defaultMode, 0o644), `${at}/secret`);
        items(v.secret.items, `${at}/secret`);
      }
      if (isObject(v.projected)) {
        const sources = (Array.isArray(v.projected.sources) ? v.projected.sources : []);
        if (!sources.some((s: any) => isObject(s) && isObject(s.secret))) return;
        note(modeProblem(v.projected.defaultMode, 0o644), `${at}/projected`);
        sources.forEach((s: any, i: number) => {
          if (isObject(s) && isObject(s.secret)) items(s.secret.items, `${at}/projected/sources/${i}/secret`);
        });
      }
    });
    if (bad.length === 0) return pass();
    return fail('Secret files readable by others', `${bad.join('; ')}; set defaultMode: 0400 (0o400 = 256)`, location);
  },
};
