import { DEFAULT_SYSTEM_NAMESPACES, EvaluationContext, isSystemNamespace, systemNamespaceIn } from '../../src/compliance/context';

const ns = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const cm = (name: string, namespace?: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(namespace ? { namespace } : {}) } });
const ctx = (objects: any[], productionNamespaceLabels?: Record<string, string>) =>
  new EvaluationContext(objects, { pssVersion: 'v1.28', now: new Date('2026-01-01T00:00:00Z'), productionNamespaceLabels });

describe('EvaluationContext', () => {
  test('indexes objects by kind and namespace, in input order', () => {
    const a = cm('a', 'x');
    const b = cm('b', 'y');
    const c = cm('c', 'x');
    const context = ctx([a, ns('x'), b, c, 'junk', null]);
    expect(context.objectsOfKind('ConfigMap')).toEqual([a, b, c]);
    expect(context.objectsOfKind('ConfigMap', 'x')).toEqual([a, c]);
    expect(context.objectsOfKind('ConfigMap', 'z')).toEqual([]);
    expect(context.objectsOfKind('Secret')).toEqual([]);
    expect(context.namespaceObject('x')).toEqual(ns('x'));
    expect(context.namespaceObject('y')).toBeUndefined();
  });

  test('counts namespaces labelled environment=production as production', () => {
    const context = ctx([ns('prod', { environment: 'production' }), ns('dev', { environment: 'dev' })]);
    expect(context.isProductionNamespace('prod')).toBe(true);
    expect(context.isProductionNamespace('dev')).toBe(false);
    expect(context.isProductionNamespace('absent')).toBe(false);
  });

  test('counts every non-system namespace when none is labelled production', () => {
    const context = ctx([ns('app'), cm('a', 'other')]);
    expect(context.isProductionNamespace('app')).toBe(true);
    expect(context.isProductionNamespace('other')).toBe(true);
    expect(context.isProductionNamespace('default')).toBe(true);
    expect(context.isProductionNamespace('kube-system')).toBe(false);
    expect(context.isProductionNamespace('')).toBe(false);
  });

  test('uses the configured labels instead of environment=production', () => {
    const context = ctx([ns('a', { tier: 'prod', environment: 'production' }), ns('b', { environment: 'production' })], { tier: 'prod' });
    expect(context.isProductionNamespace('a')).toBe(true);
    expect(context.isProductionNamespace('b')).toBe(false);
  });

  test('computes a cached value once', () => {
    const context = ctx([]);
    let calls = 0;
    expect(context.cached('k', () => ++calls)).toBe(1);
    expect(context.cached('k', () => ++calls)).toBe(1);
  });

  test('defaults the system namespaces to kube-system, kube-public and kube-node-lease', () => {
    expect(DEFAULT_SYSTEM_NAMESPACES).toEqual(['kube-system', 'kube-public', 'kube-node-lease']);
    expect(isSystemNamespace('kube-system')).toBe(true);
    expect(isSystemNamespace('kube-public')).toBe(true);
    expect(isSystemNamespace('kube-node-lease')).toBe(true);
    expect(isSystemNamespace('default')).toBe(false);
    expect(isSystemNamespace('kubernetes-dashboard')).toBe(false);
  });

  test('treats no namespace as system by its kube- prefix alone', () => {
    expect(isSystemNamespace('kube-flannel')).toBe(false);
    expect(ctx([]).isProductionNamespace('kube-flannel')).toBe(true);
  });

  test('takes the system namespaces from the options, replacing the default list', () => {
    const context = new EvaluationContext([], { pssVersion: 'latest', now: new Date(0), systemNamespaces: ['platform'] });
    expect(context.isSystemNamespace('platform')).toBe(true);
    expect(context.isSystemNamespace('kube-system')).toBe(false);
    expect(context.isProductionNamespace('platform')).toBe(false);
    expect(systemNamespaceIn(context, 'platform')).toBe(true);
    expect(systemNamespaceIn({ objects: [], pssVersion: 'latest', now: new Date(0), objectsOfKind: () => [], namespaceObject: () => undefined, isProductionNamespace: () => true }, 'kube-public')).toBe(true);
  });
});
