import { Testing } from 'cdk8s';
import { annotationProblem, describeValue, isIpAddress, isPort } from '../../src/exposure/validation';

describe('exposure validation', () => {
  test.each([
    ['198.51.100.10', true], ['0.0.0.0', true], ['2001:db8::1', true], ['::1', true], ['fe80:0:0:0:0:0:0:1', true],
    ['256.1.1.1', false], ['01.2.3.4', false], ['10.0.0.0/8', false], ['1:2:3:4:5:6:7:8:9', false], ['1::2::3', false],
    ['example.com', false], ['12345::', false], ['', false], [42, false],
  ])('isIpAddress(%j) is %s', (value, expected) => {
    expect(isIpAddress(value)).toBe(expected);
  });

  test.each([[1, true], [65535, true], [0, false], [65536, false], [80.5, false], ['80', false]])('isPort(%j) is %s', (value, expected) => {
    expect(isPort(value)).toBe(expected);
  });

  test.each([
    ['owner', 'team', undefined],
    ['example.com/owner', 'team', undefined],
    ['Example.com/owner', 'team', "key 'Example.com/owner' is not a valid annotation key; use an optional DNS subdomain prefix and '/', then at most 63 alphanumerics, '-', '_' or '.'"],
    [`${'a'.repeat(64)}`, 'x', `key '${'a'.repeat(64)}' is not a valid annotation key; use an optional DNS subdomain prefix and '/', then at most 63 alphanumerics, '-', '_' or '.'`],
    ['owner', true, "'owner' has value true; use a string"],
  ])('annotationProblem(%j, %j)', (key, value, expected) => {
    expect(annotationProblem(key, value)).toBe(expected);
  });

  test('describeValue names a construct by type and path, quotes other values and survives cycles', () => {
    const chart = Testing.chart();
    const cyclic: any = { a: 1 };
    cyclic.self = cyclic;
    expect(describeValue(chart)).toBe("Chart 'test'");
    expect(describeValue({ name: 'x' })).toBe('{"name":"x"}');
    expect(describeValue('x')).toBe("'x'");
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(cyclic)).toBe('[object Object]');
  });
});
