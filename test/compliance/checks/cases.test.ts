import { CASES } from './cases';
import { WORLD } from './fixtures';
import { ALL_CHECKS } from '../../../src/compliance/checks';
import { EvaluationContext } from '../../../src/compliance/context';

const NOW = new Date('2026-01-01T00:00:00Z');

describe.each(ALL_CHECKS.filter((c) => (CASES[c.id] ?? []).length > 0).map((c) => [c.id, c] as const))('%s', (id, check) => {
  const cases = CASES[id] ?? [];
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const objects = [c.object, ...(c.others ?? WORLD)];
    const context = new EvaluationContext(objects, { pssVersion: c.pssVersion ?? 'latest', now: NOW, kubernetesVersion: c.kubernetesVersion });
    // The engine only calls a check on the kinds it declares; only not-applicable cases may use other kinds.
    if (c.status !== 'not-applicable') expect(check.kinds.includes('*') || check.kinds.includes(c.object.kind)).toBe(true);
    const outcome = check.evaluate(c.object, context);
    expect(outcome.status).toBe(c.status);
    if (c.reason !== undefined) expect(outcome.reason).toBe(c.reason);
    if (c.detail !== undefined) expect(outcome.detail).toBe(c.detail);
    if (c.location !== undefined) expect(outcome.location).toBe(c.location);
    if (c.severity !== undefined) expect(outcome.severity ?? check.severity).toBe(c.severity);
  });
});
