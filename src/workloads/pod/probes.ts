import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { constructError } from '../../private/errors';
import * as D from '../defaults';
import { HealthCheck } from '../health-check';
import { HardenedContainerOptions } from './container';

/** The three probe kinds, in the order they are written. */
export const PROBE_KINDS = ['readiness', 'liveness', 'startup'] as const;

/** One probe kind. */
export type ProbeKind = typeof PROBE_KINDS[number];

/**
 * Renders the probes of one container, validated, as typed values for JSON patches.
 *
 * @param required whether absent probes get the defaults (long-running kinds) or stay absent (Jobs)
 * @param declaredPorts every port declared in the pod so far (a probe must check one of them)
 */
export function renderProbes(scope: IConstruct, what: string, props: HardenedContainerOptions, required: boolean,
  declaredPorts: number[]): Array<[ProbeKind, { [key: string]: any }]> {
  if (props.withoutProbes) {
    const given = PROBE_KINDS.filter((k) => props[k] !== undefined);
    if (given.length > 0) {
      throw constructError(scope, `${what} has withoutProbes set and also ${given.join(', ')}; remove one of them`);
    }
    return [];
  }
  const defaults: { [kind in ProbeKind]: () => HealthCheck } = {
    readiness: () => HealthCheck.http(D.PROBE_PATHS.readiness),
    liveness: () => HealthCheck.http(D.PROBE_PATHS.liveness),
    startup: () => HealthCheck.tcp(),
  };
  const render = (kind: ProbeKind, check: HealthCheck) => {
    const out = check._render(props.port, D.PROBES[kind]);
    if (typeof out === 'string') {
      throw constructError(scope, `${what} ${kind} probe: ${out}, and the container declares none; set port, use HealthCheck.command(), or pass withoutProbes: OptOut.because('<why>')`);
    }
    const probePort = out.httpGet?.port ?? out.tcpSocket?.port;
    if (probePort !== undefined && !declaredPorts.includes(probePort)) {
      throw constructError(scope, `${what} ${kind} probe checks port ${probePort}, which no container declares; probe a declared port`);
    }
    return out;
  };
  const rendered: Array<[ProbeKind, { [key: string]: any }]> = [];
  for (const kind of PROBE_KINDS) {
    const check = props[kind] ?? (required ? defaults[kind]() : undefined);
    if (check) rendered.push([kind, render(kind, check)]);
  }
  const readiness = rendered.find(([k]) => k === 'readiness')?.[1];
  const liveness = rendered.find(([k]) => k === 'liveness')?.[1];
  const same = readiness && liveness ? sameCheck(readiness, liveness) : undefined;
  if (same) {
    throw constructError(scope, `${what} readiness and liveness probes both ${same}; a busy pod would be restarted instead of taken out of rotation, check different paths, ports or commands (e.g. HealthCheck.http('/readyz') and HealthCheck.http('/livez'))`);
  }
  return rendered.map(([k, p]) => [k, typedProbe(p)]);
}

/*
 * The kplus workloads are typed Kube* objects: JSON patches are applied before their final
 * typed-to-JSON conversion, which reads IntOrString and Quantity fields through `.value`. Patch
 * values in those fields must therefore be IntOrString / Quantity objects, or they vanish.
 */
function typedProbe(probe: { [key: string]: any }): { [key: string]: any } {
  const out = { ...probe };
  if (out.httpGet) out.httpGet = { ...out.httpGet, port: kplus.k8s.IntOrString.fromNumber(out.httpGet.port) };
  if (out.tcpSocket) out.tcpSocket = { ...out.tcpSocket, port: kplus.k8s.IntOrString.fromNumber(out.tcpSocket.port) };
  return out;
}

/** Describes what two probes share when kube-score would call them identical (same handler target). */
function sameCheck(a: { [key: string]: any }, b: { [key: string]: any }): string | undefined {
  if (a.httpGet && b.httpGet && a.httpGet.path === b.httpGet.path && a.httpGet.port === b.httpGet.port) {
    return `GET '${a.httpGet.path}' on port ${a.httpGet.port}`;
  }
  if (a.tcpSocket && b.tcpSocket && a.tcpSocket.port === b.tcpSocket.port) return `check TCP port ${a.tcpSocket.port}`;
  if (a.exec && b.exec && JSON.stringify(a.exec.command) === JSON.stringify(b.exec.command)) {
    return `run ${JSON.stringify(a.exec.command)}`;
  }
  return undefined;
}
