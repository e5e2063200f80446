/**
 * The registry of Pod Security Standards checks: one list, in no particular order (the evaluator
 * orders them as upstream does: baseline ids sorted, then restricted ids sorted).
 */
import { PssCheck } from '../types';
import { allowPrivilegeEscalation } from './allowPrivilegeEscalation';
import { appArmorProfile } from './appArmorProfile';
import { capabilitiesBaseline } from './capabilities_baseline';
import { capabilitiesRestricted } from './capabilities_restricted';
import { hostNamespaces } from './hostNamespaces';
import { hostPathVolumes } from './hostPathVolumes';
import { hostPorts } from './hostPorts';
import { hostProbesAndHostLifecycle } from './hostProbesAndHostLifecycle';
import { privileged } from './privileged';
import { procMount } from './procMount';
import { procMountRestricted } from './procMount_restricted';
import { restrictedVolumes } from './restrictedVolumes';
import { runAsNonRoot } from './runAsNonRoot';
import { runAsUser } from './runAsUser';
import { seccompProfileBaseline } from './seccompProfile_baseline';
import { seccompProfileRestricted } from './seccompProfile_restricted';
import { seLinuxOptionsCheck } from './seLinuxOptions';
import { sysctlsCheck } from './sysctls';
import { windowsHostProcess } from './windowsHostProcess';

/** Every check of the standard, baseline and restricted. */
export const PSS_CHECKS: readonly PssCheck[] = [
  // baseline
  windowsHostProcess,
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  appArmorProfile,
  seLinuxOptionsCheck,
  procMount,
  seccompProfileBaseline,
  sysctlsCheck,
  hostProbesAndHostLifecycle,
  // restricted
  restrictedVolumes,
  allowPrivilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
  capabilitiesRestricted,
  procMountRestricted,
];
