import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { constructError, quote } from '../../private/errors';
import { parseQuantity } from '../../private/validation';
import * as D from '../defaults';

/** Requests or limits of one container, by resource name. */
export type QuantityMap = { [resource: string]: string };

/** Resolved requests and limits of one container. */
export interface ResolvedResources {
  readonly requests: QuantityMap;
  readonly limits: QuantityMap;
}

/** Renders a Size as an exact Kubernetes quantity (Mi when whole, Ki otherwise). */
export function sizeToQuantity(scope: IConstruct, what: string, size: Size): string {
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isInteger(kib) || kib <= 0) {
    throw constructError(scope, `${what} ${kib} KiB is not a whole, positive number of KiB`);
  }
  return kib % 1024 === 0 ? `${kib / 1024}Mi` : `${kib}Ki`;
}

/** Resolves requests and limits for one container; a missing side follows the other. */
export function renderResources(scope: IConstruct, what: string, r: kplus.ContainerResources | undefined): ResolvedResources {
  const R = D.RESOURCES;
  const pairs: Array<[string, string | undefined, string | undefined, string, string]> = [
    ['cpu', r?.cpu?.request?.amount, r?.cpu?.limit?.amount, `${R.cpuRequestMillis}m`, `${R.cpuLimitMillis}m`],
    ['memory', optSize(scope, what, r?.memory?.request), optSize(scope, what, r?.memory?.limit), `${R.memoryRequestMiB}Mi`, `${R.memoryLimitMiB}Mi`],
    ['ephemeral-storage', optSize(scope, what, r?.ephemeralStorage?.request), optSize(scope, what, r?.ephemeralStorage?.limit),
      `${R.ephemeralStorageRequestMiB}Mi`, `${R.ephemeralStorageLimitMiB}Mi`],
  ];
  const requests: QuantityMap = {};
  const limits: QuantityMap = {};
  for (const [name, req, lim, defReq, defLim] of pairs) {
    for (const [side, v] of [['request', req], ['limit', lim]] as const) {
      if (v !== undefined && !((parseQuantity(v) ?? 0) > 0)) {
        throw constructError(scope, `${what} ${name} ${side} ${quote(v)} is not a positive quantity`);
      }
    }
    const q = (s: string) => parseQuantity(s)!;
    let request = req;
    let limit = lim;
    if (request === undefined) request = limit !== undefined && q(limit) < q(defReq) ? limit : defReq;
    if (limit === undefined) limit = q(request) > q(defLim) ? request : defLim;
    if (q(request) > q(limit)) {
      throw constructError(scope, `${what} ${name} request '${request}' is above the limit '${limit}'; the request must not exceed the limit`);
    }
    requests[name] = request;
    limits[name] = limit;
  }
  return { requests, limits };
}

/**
 * Requests and limits as typed values for a JSON patch on a typed kplus object.
 *
 * Typed Kube* objects convert patched values through `.value` after the patches ran, so Quantity
 * fields must be Quantity objects or they vanish.
 */
export function typedResources(resources: ResolvedResources): { [key: string]: any } {
  return {
    requests: mapValues(resources.requests, (q) => kplus.k8s.Quantity.fromString(q)),
    limits: mapValues(resources.limits, (q) => kplus.k8s.Quantity.fromString(q)),
  };
}

function optSize(scope: IConstruct, what: string, size: Size | undefined): string | undefined {
  return size === undefined ? undefined : sizeToQuantity(scope, what, size);
}

function mapValues<T, U>(obj: { [key: string]: T }, fn: (v: T) => U): { [key: string]: U } {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));
}
