/*
 * windowsHostProcess (baseline, v1.0+)
 *
 * Windows HostProcess containers run with host-level access to the node, and must be disallowed.
 *
 * Restricted fields:
 *   spec.securityContext.windowsOptions.hostProcess
 *   spec.containers[*].securityContext.windowsOptions.hostProcess
 *   spec.initContainers[*].securityContext.windowsOptions.hostProcess
 *   spec.ephemeralContainers[*].securityContext.windowsOptions.hostProcess
 * Allowed values: undefined/null, false
 */
import { FieldReader, joinQuote, outcome, pluralize, visitContainers } from '../helpers';
import { PodSecurityLevel } from '../level';
import { PssCheck, PssCheckOutcome } from '../types';

function windowsHostProcessV1Dot0(_metadata: Record<string, any>, spec: Record<string, any>): PssCheckOutcome {
  const r = new FieldReader();
  const setters: string[] = [];
  let location: string | undefined;

  const podSc = r.object(spec, 'securityContext', '/spec');
  const podWo = r.object(podSc, 'windowsOptions', '/spec/securityContext');
  if (r.bool(podWo, 'hostProcess', '/spec/securityContext/windowsOptions') === true) {
    setters.push('pod');
    location = '/spec/securityContext/windowsOptions/hostProcess';
  }

  const badContainers: string[] = [];
  for (const c of visitContainers(spec, r)) {
    const sc = r.object(c.container, 'securityContext', c.pointer);
    const wo = r.object(sc, 'windowsOptions', `${c.pointer}/securityContext`);
    if (r.bool(wo, 'hostProcess', `${c.pointer}/securityContext/windowsOptions`) === true) {
      badContainers.push(c.name);
      location ??= `${c.pointer}/securityContext/windowsOptions/hostProcess`;
    }
  }
  if (badContainers.length > 0) {
    setters.push(`${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`);
  }

  const detail = setters.length > 0
    ? `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`
    : undefined;
  return outcome('hostProcess', detail, location, r);
}

/** Pod and containers must not set securityContext.windowsOptions.hostProcess=true. */
export const windowsHostProcess: PssCheck = {
  id: 'windowsHostProcess',
  level: PodSecurityLevel.BASELINE,
  title: 'Pod and containers do not run as Windows HostProcess',
  versions: [{ minimumVersion: 'v1.0', evaluate: windowsHostProcessV1Dot0 }],
};
