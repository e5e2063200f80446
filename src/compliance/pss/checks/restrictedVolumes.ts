/*
 * restrictedVolumes (restricted, v1.0+)
 *
 * In addition to restricting HostPath volumes, the restricted profile limits usage of inline pod
 * volume sources to: configMap, csi, downwardAPI, emptyDir, ephemeral, image,
 * persistentVolumeClaim, projected, secret.
 *
 * Restricted fields:
 *   spec.volumes[*].hostPath, gcePersistentDisk, awsElasticBlockStore, gitRepo, nfs, iscsi,
 *   glusterfs, rbd, flexVolume, cinder, cephfs, flocker, fc, azureFile, vsphereVolume, quobyte,
 *   azureDisk, photonPersistentDisk, portworxVolume, scaleIO, storageos
 * Allowed values: undefined/null
 *
 * Versions: one revision at v1.0; it replaces hostPathVolumes at the restricted level. Upstream
 * added `image` volumes (Kubernetes 1.33) to the v1.0 function, so they pass at every version.
 * A volume with no source at all is defaulted to emptyDir by the API server before admission, so it
 * passes too.
 */
import { FieldReader, isObject, joinQuote, outcome, pluralize, sortedSet, visitVolumes } from '../helpers';
import { PodSecurityLevel } from '../level';
import { PssCheck, PssCheckOutcome } from '../types';

const ALLOWED_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];
const RESTRICTED_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume',
  'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk',
  'portworxVolume', 'scaleIO', 'storageos',
];
const ALL_SOURCES = [...ALLOWED_SOURCES, ...RESTRICTED_SOURCES];
const SOURCE_NAMES = new Set(ALL_SOURCES);

/** Whether some source field of the volume holds a value that is neither an object nor null. */
function hasMalformedSource(volume: Record<string, any>): boolean {
  for (const key of Object.keys(volume)) {
    if (!SOURCE_NAMES.has(key)) continue;
    const value = volume[key];
    if (value !== undefined && value !== null && !isObject(value)) return true;
  }
  return false;
}

function restrictedVolumesV1Dot0(_metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  const r = new FieldReader();
  const bad: string[] = [];
  const types: string[] = [];
  let location: string | undefined;
  for (const v of visitVolumes(spec, r)) {
    // Go decodes every source; a malformed one is flagged (the whole pod would be rejected), in
    // source order. A volume has one or two fields: look at those first, walk the sources only when one is bad.
    if (hasMalformedSource(v.volume)) for (const source of ALL_SOURCES) r.object(v.volume, source, v.pointer);
    if (ALLOWED_SOURCES.some((s) => r.present(v.volume, s))) continue;
    const type = RESTRICTED_SOURCES.find((s) => r.present(v.volume, s));
    if (type === undefined) continue; // no source: defaulted to emptyDir
    bad.push(v.name);
    types.push(type);
    location ??= `${v.pointer}/${type}`;
  }
  const distinct = sortedSet(types);
  const detail = bad.length > 0
    ? `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('restricted volume type', 'restricted volume types', distinct.length)} ${joinQuote(distinct)}`
    : undefined;
  return outcome('restricted volume types', detail, location, r);
}

/** Volumes use only the inline sources that cannot reach node or network storage directly. */
export const restrictedVolumes: PssCheck = {
  id: 'restrictedVolumes',
  level: PodSecurityLevel.RESTRICTED,
  title: 'Volumes use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret',
  versions: [{ minimumVersion: 'v1.0', evaluate: restrictedVolumesV1Dot0, overrides: ['hostPathVolumes'] }],
};
