import { CheckStatus, ICheck, Severity } from '../../src/compliance/check';
import { checkInScope, objectInScope } from '../../src/compliance/scope';

function check(id: string, severity: Severity): ICheck {
  return { id, title: id, severity, controls: [], kinds: ['*'], evaluate: () => ({ status: CheckStatus.PASS }) } as unknown as ICheck;
}

describe('checkInScope', () => {
  test('runs every check without a scope', () => {
    expect(checkInScope(check('a-b', Severity.INFO), {})).toBe(true);
  });

  test.each([
    [{ checkIds: ['pss-restricted-*'] }, 'pss-restricted-host-ports', true],
    [{ checkIds: ['pss-restricted-*'] }, 'pss-baseline-privileged', false],
    [{ checkIds: ['image-digest'] }, 'image-digest', true],
    [{ excludeCheckIds: ['image-*'] }, 'image-digest', false],
    [{ checkIds: ['image-*'], excludeCheckIds: ['image-digest'] }, 'image-digest', false],
  ])('with %j, %s runs: %s', (scope, id, runs) => {
    expect(checkInScope(check(id, Severity.ERROR), scope)).toBe(runs);
  });

  test('--min-severity keeps that severity and the more severe ones', () => {
    const kept = [Severity.ERROR, Severity.WARNING, Severity.INFO].filter((s) => checkInScope(check('x-y', s), { minimumSeverity: Severity.WARNING }));
    expect(kept).toEqual([Severity.ERROR, Severity.WARNING]);
  });
});

describe('objectInScope', () => {
  const scope = { namespaces: ['shop'] };

  test('keeps objects of the namespaces and the Namespace object of that name', () => {
    expect(objectInScope({ kind: 'Pod', metadata: { namespace: 'shop' } }, scope)).toBe(true);
    expect(objectInScope({ kind: 'Namespace', metadata: { name: 'shop' } }, scope)).toBe(true);
  });

  test('leaves out other namespaces, cluster-scoped objects and objects without metadata', () => {
    expect(objectInScope({ kind: 'Pod', metadata: { namespace: 'ops' } }, scope)).toBe(false);
    expect(objectInScope({ kind: 'ClusterRole', metadata: { name: 'shop' } }, scope)).toBe(false);
    expect(objectInScope({ kind: 'Pod', metadata: null }, scope)).toBe(false);
  });

  test('keeps everything when no namespace is given', () => {
    expect(objectInScope({ kind: 'ClusterRole' }, {})).toBe(true);
    expect(objectInScope({ kind: 'ClusterRole' }, { namespaces: [] })).toBe(true);
  });
});
