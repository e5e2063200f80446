/*
 * sysctls (baseline, v1.0+)
 *
 * Sysctls can disable security mechanisms or affect all containers on a host, and should be
 * disallowed except for an allowed "safe" subset. A sysctl is considered safe if it is namespaced
 * in the container or the Pod, and it is isolated from other Pods or processes on the same Node.
 *
 * Restricted fields:
 *   spec.securityContext.sysctls[*].name
 * Allowed values:
 *   v1.0+:  "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies",
 *           "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"
 *   v1.27+: and "net.ipv4.ip_local_reserved_ports"
 *   v1.29+: and "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
 *           "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"
 *   v1.32+: and "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"
 *   v1.37+: and "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"
 */
import { FieldReader, isObject, outcome } from '../helpers';
import { PodSecurityLevel } from '../level';
import { PssCheck, PssCheckFn, PssCheckOutcome } from '../types';

const V1_0 = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'];
const V1_27 = [...V1_0, 'net.ipv4.ip_local_reserved_ports'];
const V1_29 = [...V1_27, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];
const V1_32 = [...V1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const V1_37 = [...V1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

/** The safe sysctls per policy version (for documentation and tests). */
export const SAFE_SYSCTLS: { readonly [version: string]: readonly string[] } = {
  'v1.0': V1_0, 'v1.27': V1_27, 'v1.29': V1_29, 'v1.32': V1_32, 'v1.37': V1_37,
};

function sysctls(allowed: readonly string[]): PssCheckFn {
  const safe = new Set(allowed);
  return (_metadata, spec): PssCheckOutcome => {
    const r = new FieldReader();
    const forbidden: string[] = [];
    let location: string | undefined;
    const sc = r.object(spec, 'securityContext', '/spec');
    r.array(sc, 'sysctls', '/spec/securityContext').forEach((sysctl, i) => {
      const pointer = `/spec/securityContext/sysctls/${i}`;
      if (sysctl === null) return;
      if (!isObject(sysctl)) {
        r.flag(pointer, 'object', sysctl);
        return;
      }
      const name = r.string(sysctl, 'name', pointer) ?? '';
      if (!safe.has(name)) {
        forbidden.push(name);
        location ??= `${pointer}/name`;
      }
    });
    return outcome('forbidden sysctls', forbidden.length > 0 ? forbidden.join(', ') : undefined, location, r);
  };
}

/** Only namespaced, node-isolated ("safe") sysctls may be set. */
export const sysctlsCheck: PssCheck = {
  id: 'sysctls',
  level: PodSecurityLevel.BASELINE,
  title: 'Pod sets only safe sysctls',
  versions: Object.entries(SAFE_SYSCTLS).map(([minimumVersion, allowed]) => ({ minimumVersion, evaluate: sysctls(allowed) })),
};
