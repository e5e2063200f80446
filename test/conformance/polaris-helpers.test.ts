import { roundTripContainer, roundTripPodSpec } from '../../conformance/polaris/go-types';
import { compilePolarisSchema, goRegExp, parseQuantity } from '../../conformance/polaris/json-schema';
import { applyMutations } from '../../conformance/polaris/mutate';

describe('typed round trip (what Polaris sees after decoding into core/v1 structs)', () => {
  test('drops zero-valued non-pointer fields and nulls but keeps pointer false', () => {
    const spec = roundTripPodSpec({
      hostIPC: false,
      hostNetwork: null,
      automountServiceAccountToken: false,
      containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort: 0 }], securityContext: { privileged: false } }],
    });
    expect(spec).toEqual({
      automountServiceAccountToken: false,
      containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80 }], securityContext: { privileged: false }, resources: {} }],
    });
  });

  test('always emits resources on a container and renders numeric quantities as strings', () => {
    expect(roundTripContainer({ name: 'c' }).resources).toEqual({});
    expect(roundTripContainer({ name: 'c', resources: { limits: { cpu: 0.5, memory: 1024 } } }).resources)
      .toEqual({ limits: { cpu: '500m', memory: '1024' } });
  });
});

describe('Polaris schema compilation (qri-io semantics on ajv)', () => {
  test('lifts a leading Go (?i) flag into a case-insensitive RegExp', () => {
    expect(goRegExp('^(?i)ALL$').test('all')).toBe(true);
    expect(goRegExp('(?i)password').test('DB_PASSWORD')).toBe(true);
  });

  test('fails on a non-leading inline flag rather than guessing', () => {
    expect(() => goRegExp('abc(?i)d')).toThrow('unsupported Go regexp');
  });

  test('treats a null required as no constraint and a null oneOf as matching nothing', () => {
    expect(compilePolarisSchema({ type: 'object', required: null })({})).toBe(true);
    expect(compilePolarisSchema({ type: 'object', oneOf: null })({})).toBe(false);
  });

  test('ignores a $schema with a trailing #', () => {
    expect(compilePolarisSchema({ $schema: 'https://json-schema.org/draft/2019-09/schema#', type: 'object' })({})).toBe(true);
  });

  test('supports resourceMinimum / resourceMaximum on quantities', () => {
    const v = compilePolarisSchema({ type: 'string', resourceMinimum: '100m', resourceMaximum: '2' });
    expect(['100m', '1.5', '2'].map((q) => v(q))).toEqual([true, true, true]);
    expect(['50m', '3'].map((q) => v(q))).toEqual([false, false]);
    expect(parseQuantity('250Mi')).toBe(250 * 2 ** 20);
  });
});

describe('Polaris mutations', () => {
  test('add creates missing parents; remove with * visits every element', () => {
    const out = applyMutations({ spec: { ports: [{ hostPort: 1, containerPort: 2 }, { containerPort: 3 }] } }, [
      { op: 'add', path: '/spec/resources/limits/cpu', value: '100m' },
      { op: 'remove', path: '/spec/ports/*/hostPort' },
    ]);
    expect(out).toEqual({ spec: { ports: [{ containerPort: 2 }, { containerPort: 3 }], resources: { limits: { cpu: '100m' } } } });
  });
});
