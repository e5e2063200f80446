import { isDns1123Label, isDns1123Subdomain, isLabelValue, parseQuantity } from '../../src/private/validation';

describe('parseQuantity', () => {
  test.each([
    ['500m', 0.5],
    ['2', 2],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1k', 1000],
    ['512Mi', 512 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1e3', 1000],
    ['2E-1', 0.2],
    ['100u', 1e-4],
  ])('parses %s', (value, expected) => {
    expect(parseQuantity(value)).toBeCloseTo(expected, 12);
  });

  test.each(['', '16GB', '-1', 'one', '1 Gi', '1mi', '1.2.3'])('fails to parse %j', (value) => {
    expect(parseQuantity(value)).toBeUndefined();
  });

  test('fails to parse a number that is not a string', () => {
    expect(parseQuantity(4)).toBeUndefined();
  });
});

describe('name validation', () => {
  test('accepts DNS-1123 labels and refuses everything else', () => {
    expect(['a', 'production', 'a-1', 'x'.repeat(63)].every(isDns1123Label)).toBe(true);
    expect(['', 'A', '-a', 'a-', 'a.b', 'x'.repeat(64), 'a_b'].some(isDns1123Label)).toBe(false);
  });

  test('accepts DNS-1123 subdomains and refuses everything else', () => {
    expect(['api-server', 'a.b-c.d', 'x'.repeat(253)].every(isDns1123Subdomain)).toBe(true);
    expect(['', 'A', 'a..b', '.a', 'a.', 'x'.repeat(254), 'a_b'].some(isDns1123Subdomain)).toBe(false);
  });

  test('accepts label values and refuses everything else', () => {
    expect(['', 'production', 'Prod_1.a-b', 'x'.repeat(63)].every(isLabelValue)).toBe(true);
    expect(['-a', 'a-', 'a b', 'x'.repeat(64), 'a/b'].some(isLabelValue)).toBe(false);
  });
});
