/**
 * rbac-no-persistentvolume-create: no role can create PersistentVolumes.
 *
 * Restricted: `create` on persistentvolumes. Allowed: none. A PersistentVolume can be a hostPath
 * volume, which gives the pods that claim it the node's filesystem, bypassing the Pod Security
 * Standards' hostPath restriction. CIS 5.1.9 (v1.10 and v1.12).
 */
import { Severity } from '../../check';
import { cis, hipaa, pci, ruleCheck, soc2 } from '../support';

export const rbacNoPersistentVolumeCreate = ruleCheck({
  id: 'rbac-no-persistentvolume-create',
  title: 'Roles grant no creation of PersistentVolumes',
  description: 'PersistentVolumes may be hostPath volumes: creating one and claiming it mounts the node\'s '
    + 'filesystem into a pod that Pod Security admission would otherwise reject. Use StorageClasses and claims.',
  severity: Severity.ERROR,
  controls: [...cis('5.1.9'), ...soc2('CC6.1', 'CC6.3'), ...pci('7.2.1', '7.2.2'), ...hipaa('164.312(a)(1)')],
  reason: 'grants creating PersistentVolumes',
  forbidden: [{ verbs: ['create'], apiGroup: '', resource: 'persistentvolumes' }],
});
