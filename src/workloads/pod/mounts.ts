import { IConstruct } from 'constructs';
import { constructError, quote } from '../../private/errors';

/** The directories already mounted into one container. */
export interface MountedPaths {
  readonly name: string;
  readonly mountPaths: Set<string>;
}

/** Collapses repeated and trailing slashes. */
export function normalizePath(path: string): string {
  return path.replace(/\/+/g, '/').replace(/\/$/, '') || '/';
}

/** Throws unless `path` is an absolute directory that overlaps no mount of the container. */
export function validateMountPath(scope: IConstruct, target: MountedPaths, path: string): void {
  if (typeof path !== 'string' || !path.startsWith('/') || normalizePath(path) === '/' || path.includes('..') || /[\s:]/.test(path)) {
    throw constructError(scope, `mount path ${quote(path)} is not allowed; use an absolute directory other than '/' without '..', e.g. '/etc/secrets/db'`);
  }
  const p = normalizePath(path);
  for (const existing of target.mountPaths) {
    if (p === existing || p.startsWith(`${existing}/`) || existing.startsWith(`${p}/`)) {
      throw constructError(scope, `mount path '${p}' overlaps '${existing}' already mounted in container '${target.name}'; use a separate directory`);
    }
  }
}

/** Throws unless every key is a valid Secret or ConfigMap key (and the list is not empty). */
export function validateKeys(scope: IConstruct, kind: string, objectName: string, keys: string[] | undefined): void {
  if (keys === undefined) return;
  if (keys.length === 0) throw constructError(scope, `keys for ${kind} '${objectName}' is empty; omit it to mount every key`);
  const bad = keys.find((k) => typeof k !== 'string' || !/^[-._a-zA-Z0-9]+$/.test(k));
  if (bad !== undefined) throw constructError(scope, `key ${quote(bad)} of ${kind} '${objectName}' is not a valid ${kind === 'secret' ? 'Secret' : 'ConfigMap'} key`);
}

/** Whether a value is a TCP/UDP port number. */
export function isPort(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}
