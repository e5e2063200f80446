/*
 * hostPathVolumes (baseline, v1.0+)
 *
 * HostPath volumes must be forbidden.
 *
 * Restricted fields:
 *   spec.volumes[*].hostPath
 * Allowed values: undefined/null
 *
 * At the restricted level restrictedVolumes replaces this check (it forbids hostPath too).
 */
import { FieldReader, joinQuote, outcome, pluralize, visitVolumes } from '../helpers';
import { PodSecurityLevel } from '../level';
import { PssCheck, PssCheckOutcome } from '../types';

function hostPathVolumesV1Dot0(_metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  const r = new FieldReader();
  const bad: string[] = [];
  let location: string | undefined;
  for (const v of visitVolumes(spec, r)) {
    // A malformed hostPath is flagged by the reader; it is set all the same.
    if (r.present(v.volume, 'hostPath')) {
      r.object(v.volume, 'hostPath', v.pointer);
      bad.push(v.name);
      location ??= `${v.pointer}/hostPath`;
    }
  }
  const detail = bad.length > 0 ? `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)}` : undefined;
  return outcome('hostPath volumes', detail, location, r);
}

/** The pod must not mount hostPath volumes. */
export const hostPathVolumes: PssCheck = {
  id: 'hostPathVolumes',
  level: PodSecurityLevel.BASELINE,
  title: 'Pod mounts no hostPath volumes',
  versions: [{ minimumVersion: 'v1.0', evaluate: hostPathVolumesV1Dot0 }],
};
