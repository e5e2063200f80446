import { DisruptionBudget } from '../../src/workloads/disruption-budget';

describe('DisruptionBudget', () => {
  test('renders counts and percentages', () => {
    expect([DisruptionBudget.maxUnavailable(1).field, DisruptionBudget.maxUnavailable(1).value]).toEqual(['maxUnavailable', 1]);
    expect(DisruptionBudget.maxUnavailablePercent(25).value).toBe('25%');
    expect([DisruptionBudget.minAvailable(2).field, DisruptionBudget.minAvailable(2).value]).toEqual(['minAvailable', 2]);
    expect(DisruptionBudget.minAvailablePercent(50).value).toBe('50%');
  });

  test('reports a minAvailable that leaves no eviction possible', () => {
    expect(DisruptionBudget.minAvailable(3)._problem(3)).toMatch(/^minAvailable 3 with 3 replica\(s\) allows no voluntary eviction/);
    expect(DisruptionBudget.minAvailable(2)._problem(3)).toBeUndefined();
    expect(DisruptionBudget.maxUnavailable(1)._problem(1)).toBeUndefined();
  });

  test('fails for budgets that block or protect nothing', () => {
    expect(() => DisruptionBudget.maxUnavailable(0)).toThrow(
      'DisruptionBudget.maxUnavailable: 0 is not allowed; use an integer >= 1 (0 or 100% would block every eviction or protect nothing)');
    expect(() => DisruptionBudget.minAvailablePercent(100)).toThrow(
      'DisruptionBudget.minAvailablePercent: 100 is not allowed; use an integer from 1 to 99 (0 or 100% would block every eviction or protect nothing)');
  });
});
