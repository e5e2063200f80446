import { CheckStatus, ICheck, Severity } from '../../src/compliance/check';
import { RBAC_ROLE_CHECKS } from '../../src/compliance/checks';
import { withObjectScope } from '../../src/compliance/checks/support';
import { EvaluationContext } from '../../src/compliance/context';
import { evaluate, evaluateChecks } from '../../src/compliance/engine';
import { runCheck, sharedOutcome, sharedOutcomes } from '../../src/compliance/run-check';

const NOW = new Date('2026-12-01T00:00:00Z');

function context(objects: any[] = []): EvaluationContext {
  return new EvaluationContext(objects, { pssVersion: 'latest', now: NOW });
}

function counting(id: string, status: CheckStatus = CheckStatus.FAIL): ICheck & { calls: number } {
  const check = {
    id,
    title: id,
    description: id,
    severity: Severity.ERROR,
    controls: [],
    kinds: ['Role', 'ClusterRole'],
    calls: 0,
    evaluate: () => {
      check.calls++;
      return { status, reason: `${id} says ${status}` };
    },
  };
  return check;
}

const role = (name: string, rules: unknown): any => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: 'shop' }, rules,
});

describe('runCheck', () => {
  test('turns a throw into an error outcome naming the check', () => {
    const check = { ...counting('boom'), evaluate: () => { throw new Error('bad input'); } };
    expect(runCheck(check, {}, context())).toEqual({
      status: CheckStatus.ERROR, reason: 'check "boom" failed to evaluate', detail: 'check "boom" threw: bad input',
    });
  });

  test('turns a malformed outcome into an error outcome', () => {
    const check = { ...counting('garbage'), evaluate: () => ({ status: 'maybe' }) as any };
    expect(runCheck(check, {}, context())).toEqual({
      status: CheckStatus.ERROR, reason: 'check "garbage" returned an invalid outcome', detail: 'got {"status":"maybe"}',
    });
  });
});

test.each(Object.values(CheckStatus))('runCheck passes a %s outcome through unchanged', (status) => {
  const outcome = { status, reason: 'as returned' };
  expect(runCheck({ ...counting('any'), evaluate: () => outcome }, {}, context())).toBe(outcome);
});

describe('sharedOutcome', () => {
  test('judges an object once per evaluation, and per check', () => {
    const a = counting('a');
    const b = counting('b', CheckStatus.PASS);
    const r = role('reader', []);
    const ctx = context([r]);
    const first = sharedOutcome(a, r, ctx);
    expect(sharedOutcome(a, r, ctx)).toBe(first);
    expect(sharedOutcome(b, r, ctx).status).toBe(CheckStatus.PASS);
    expect([a.calls, b.calls]).toEqual([1, 1]);
    expect([...sharedOutcomes(ctx).get(r)!.keys()]).toEqual([a, b]);
    // Another evaluation judges again.
    sharedOutcome(a, r, context([r]));
    expect(a.calls).toBe(2);
    expect(sharedOutcomes(ctx).get(role('other', []))).toBeUndefined();
  });

  test('the engine reports the outcome the scorecard computed, without judging the role again', () => {
    const check = counting('least-privilege');
    const roles = [role('a', []), role('b', [])];
    const report = evaluateChecks(roles, { pack: 'test', checks: [check], rbacChecks: [check], now: NOW });
    expect(check.calls).toBe(2);
    expect(report.findings.filter((f) => f.checkId === 'least-privilege').map((f) => f.object.name)).toEqual(['a', 'b']);
    expect(report.scorecard.find((m) => m.id === 'rbac-least-privilege')!.parts![0]).toMatchObject({ compliant: 0, total: 2 });
  });

  test('a check that throws counts against the role in the scorecard, and is reported as an error', () => {
    const check = { ...counting('boom'), evaluate: () => { throw new Error('bad'); } };
    const report = evaluateChecks([role('a', [])], { pack: 'test', checks: [check], rbacChecks: [check], now: NOW });
    expect(report.findings.find((f) => f.checkId === 'boom')).toMatchObject({ status: CheckStatus.ERROR });
    expect(report.scorecard.find((m) => m.id === 'rbac-least-privilege')!.parts![0]).toMatchObject({ compliant: 0, total: 1 });
  });
});

describe('normalized rules shared within an object scope', () => {
  const rules = [
    { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
    { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
    { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'], resourceNames: ['debug'] },
    'not a map',
  ];

  test.each([
    ['well-formed rules', rules.slice(0, 3)],
    ['a malformed rule', rules],
    ['no rules', []],
  ])('every least-privilege check returns the same outcome inside and outside the scope (%s)', (_, given) => {
    const r = role('mixed', given);
    const ctx = context([r]);
    const outside = RBAC_ROLE_CHECKS.map((c) => c.evaluate(r, ctx));
    const inside = withObjectScope(r, () => RBAC_ROLE_CHECKS.map((c) => c.evaluate(r, ctx)));
    expect(inside).toEqual(outside);
    expect(outside.some((o) => o.status !== CheckStatus.PASS)).toBe(given.length > 0);
  });

  test('a role whose rules change inside the scope is judged on its new rules', () => {
    const r = role('changing', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]);
    const check = RBAC_ROLE_CHECKS.find((c) => c.id === 'rbac-no-secret-read')!;
    const ctx = context([r]);
    withObjectScope(r, () => {
      expect(check.evaluate(r, ctx).status).toBe(CheckStatus.PASS);
      r.rules = [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }];
      expect(check.evaluate(r, ctx).status).toBe(CheckStatus.FAIL);
    });
  });

  test('the hardened pack reports the same RBAC findings as each check run alone', () => {
    const objects = [role('wide', rules.slice(0, 3)), { ...role('ok', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]) }];
    const report = evaluate(objects, { now: NOW });
    const ctx = context(objects);
    for (const check of RBAC_ROLE_CHECKS) {
      for (const o of objects) {
        const alone = check.evaluate(o, ctx);
        const reported = report.findings.find((f) => f.checkId === check.id && f.object.name === o.metadata.name);
        if (alone.status === CheckStatus.PASS || alone.status === CheckStatus.NOT_APPLICABLE) expect(reported).toBeUndefined();
        else expect(reported).toMatchObject({ status: alone.status, reason: alone.reason, detail: alone.detail });
      }
    }
  });
});
