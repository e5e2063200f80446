import { EvaluationContext, isSystemNamespace } from '../../src/compliance/context';

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

  test('treats kube-* namespaces as system namespaces', () => {
    expect(isSystemNamespace('kube-system')).toBe(true);
    expect(isSystemNamespace('kube-node-lease')).toBe(true);
    expect(isSystemNamespace('default')).toBe(false);
    expect(isSystemNamespace('kubernetes-dashboard')).toBe(false);
  });
});
