/*
 * seLinuxOptions (baseline, v1.0+)
 *
 * Setting the SELinux type is restricted, and setting a custom SELinux user or role option is
 * forbidden.
 *
 * Restricted fields:
 *   spec.securityContext.seLinuxOptions.type
 *   spec.containers[*].securityContext.seLinuxOptions.type
 *   spec.initContainers[*].securityContext.seLinuxOptions.type
 *   spec.ephemeralContainers[*].securityContext.seLinuxOptions.type
 * Allowed values:
 *   v1.0+:  undefined/"", "container_t", "container_init_t", "container_kvm_t"
 *   v1.31+: the above and "container_engine_t"
 *
 * Restricted fields:
 *   spec.securityContext.seLinuxOptions.user and .role, and the same on every container
 * Allowed values: undefined/""
 */
import { FieldReader, joinQuote, outcome, pluralize, sortedSet, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';
import { PssCheck, PssCheckFn, PssCheckOutcome } from '../types';

const ALLOWED_TYPES_V1_0 = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const ALLOWED_TYPES_V1_31 = new Set([...ALLOWED_TYPES_V1_0, 'container_engine_t']);

function seLinuxOptions(allowedTypes: ReadonlySet<string>): PssCheckFn {
  return (_metadata, spec): PssCheckOutcome => {
    const r = new FieldReader();
    const setters: string[] = [];
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    let location: string | undefined;

    const valid = (opts: Record<string, any>, pointer: string): boolean => {
      let ok = true;
      const type = r.string(opts, 'type', pointer) ?? '';
      if (!allowedTypes.has(type)) {
        ok = false;
        badTypes.push(type);
        location ??= `${pointer}/type`;
      }
      if ((r.string(opts, 'user', pointer) ?? '').length > 0) {
        ok = false;
        setUser = true;
        location ??= `${pointer}/user`;
      }
      if ((r.string(opts, 'role', pointer) ?? '').length > 0) {
        ok = false;
        setRole = true;
        location ??= `${pointer}/role`;
      }
      return ok;
    };

    const podOpts = r.object(r.object(spec, 'securityContext', '/spec'), 'seLinuxOptions', '/spec/securityContext');
    if (podOpts && !valid(podOpts, '/spec/securityContext/seLinuxOptions')) setters.push('pod');

    const badContainers: string[] = [];
    for (const c of visitContainers(spec, r)) {
      const pointer = `${c.pointer}/securityContext`;
      const opts = r.object(r.object(c.container, 'securityContext', c.pointer), 'seLinuxOptions', pointer);
      if (opts && !valid(opts, `${pointer}/seLinuxOptions`)) badContainers.push(c.name);
    }
    if (badContainers.length > 0) {
      setters.push(`${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`);
    }

    let detail: string | undefined;
    if (setters.length > 0) {
      const data: string[] = [];
      const types = sortedSet(badTypes);
      if (types.length > 0) data.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
      if (setUser) data.push('user may not be set');
      if (setRole) data.push('role may not be set');
      detail = `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`;
    }
    return outcome('seLinuxOptions', detail, location, r);
  };
}

/** SELinux options may only select a container type and never a custom user or role. */
export const seLinuxOptionsCheck: PssCheck = {
  id: 'seLinuxOptions',
  level: PodSecurityLevel.BASELINE,
  title: 'SELinux options set only an allowed container type, no user or role',
  versions: [
    { minimumVersion: 'v1.0', evaluate: seLinuxOptions(ALLOWED_TYPES_V1_0) },
    { minimumVersion: 'v1.31', evaluate: seLinuxOptions(ALLOWED_TYPES_V1_31) },
  ],
};
