import * as fc from 'fast-check';
import { EvaluationContext } from '../../src/compliance/context';
import {
  isDefaultDeny, labelSelectorError, matchesLabelSelector, namespaceDefaultDeny, namespaceOf, networkPolicyTypes, policiesCovering,
  selectedBy, selectsAny,
} from '../../src/compliance/selectors';

const ctx = (objects: any[]) => new EvaluationContext(objects, { pssVersion: 'latest', now: new Date('2026-01-01T00:00:00Z') });

describe('matchesLabelSelector', () => {
  const labels = { app: 'api', tier: 'web' };
  test.each<[string, unknown, boolean]>([
    ['empty selector selects everything', {}, true],
    ['missing selector selects nothing', undefined, false],
    ['null selector selects nothing', null, false],
    ['matchLabels all equal', { matchLabels: { app: 'api', tier: 'web' } }, true],
    ['matchLabels one differs', { matchLabels: { app: 'api', tier: 'db' } }, false],
    ['matchLabels key absent', { matchLabels: { zone: 'a' } }, false],
    ['In with the value', { matchExpressions: [{ key: 'app', operator: 'In', values: ['api', 'x'] }] }, true],
    ['In without the value', { matchExpressions: [{ key: 'app', operator: 'In', values: ['x'] }] }, false],
    ['In with the key absent', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, false],
    ['NotIn with another value', { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['x'] }] }, true],
    ['NotIn with the value', { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['api'] }] }, false],
    ['NotIn with the key absent matches', { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
    ['Exists with the key', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, true],
    ['Exists without the key', { matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
    ['DoesNotExist without the key', { matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
    ['DoesNotExist with the key', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    ['matchLabels and expressions are ANDed', { matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }, false],
    ['invalid: In with no values selects nothing', { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }, false],
    ['invalid: Exists with values selects nothing', { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['api'] }] }, false],
    ['invalid: unknown operator selects nothing', { matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }, false],
    ['invalid: not an object selects nothing', 'app=api', false],
  ])('%s', (_name, selector, expected) => {
    expect(matchesLabelSelector(selector, labels)).toBe(expected);
  });

  test('treats missing or malformed labels as no labels', () => {
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] }, undefined)).toBe(true);
    expect(matchesLabelSelector({ matchLabels: { a: '1' } }, { a: 1 })).toBe(false);
    expect(matchesLabelSelector({}, 'nonsense')).toBe(true);
  });

  test('does not take prototype keys for labels', () => {
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }, {})).toBe(false);
    expect(matchesLabelSelector({ matchExpressions: [{ key: 'toString', operator: 'DoesNotExist' }] }, {})).toBe(true);
    expect(matchesLabelSelector({ matchLabels: Object.create({ inherited: 'x' }) }, {})).toBe(true);
  });

  test('selectedBy keeps, in order, exactly the items matchesLabelSelector selects; selectsAny says whether there is one', () => {
    const key = fc.constantFrom('app', 'tier', 'zone', 'constructor');
    const value = fc.constantFrom('api', 'web', 'db', '');
    const anyLabels = fc.oneof(fc.dictionary(key, fc.oneof(value, fc.integer())), fc.constant(undefined), fc.constant('nonsense'));
    const expression = fc.record({
      key,
      operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt'),
      values: fc.option(fc.array(value, { maxLength: 2 }), { nil: undefined }),
    }, { requiredKeys: ['key', 'operator'] });
    const selector = fc.oneof(
      fc.record({ matchLabels: fc.dictionary(key, value), matchExpressions: fc.array(expression, { maxLength: 2 }) }, { requiredKeys: [] }),
      fc.constantFrom(undefined, null, 'app=api', {}),
    );
    fc.assert(fc.property(selector, fc.array(anyLabels, { maxLength: 6 }), (sel, items) => {
      const owners = items.map((l, i) => ({ i, l }));
      expect(selectedBy(sel, owners, (o) => o.l)).toEqual(owners.filter((o) => matchesLabelSelector(sel, o.l)));
      expect(selectsAny(sel, owners, (o) => o.l)).toBe(owners.some((o) => matchesLabelSelector(sel, o.l)));
    }), { numRuns: 500 });
  });

  test('explains invalid selectors as the API server does', () => {
    expect(labelSelectorError({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }))
      .toBe("matchExpressions[0]: for 'In' operator, values set can't be empty");
    expect(labelSelectorError({ matchLabels: { a: 'b' } })).toBeUndefined();
  });
});

describe('networkPolicyTypes', () => {
  test('defaults to Ingress only, plus Egress when an egress section exists', () => {
    expect(networkPolicyTypes({ spec: {} })).toEqual({ ingress: true, egress: false });
    expect(networkPolicyTypes({ spec: { egress: [] } })).toEqual({ ingress: true, egress: true });
    expect(networkPolicyTypes({ spec: { policyTypes: ['Egress'] } })).toEqual({ ingress: false, egress: true });
  });
});

describe('policiesCovering', () => {
  const deployment = (ns: string | undefined, labels: any) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', ...(ns ? { namespace: ns } : {}) },
    spec: { template: { metadata: { labels }, spec: { containers: [] } } },
  });
  const policy = (ns: string | undefined, podSelector: any, spec: any = {}) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'p', ...(ns ? { namespace: ns } : {}) },
    spec: { podSelector, ...spec },
  });

  test('covers ingress and egress through a default-deny of the same namespace', () => {
    const w = deployment('prod', { app: 'api' });
    const c = policiesCovering(w, ctx([w, policy('prod', {}, { policyTypes: ['Ingress', 'Egress'] })]));
    expect(c.ingress).toBe(true);
    expect(c.egress).toBe(true);
  });

  test('fails to cover pods of another namespace or with other labels', () => {
    const w = deployment('prod', { app: 'api' });
    const c = policiesCovering(w, ctx([w, policy('dev', {}, { policyTypes: ['Ingress', 'Egress'] }),
      policy('prod', { matchLabels: { app: 'web' } }, { policyTypes: ['Ingress', 'Egress'] })]));
    expect(c).toEqual({ ingress: false, egress: false, policies: [] });
  });

  test('unions directions over several selecting policies', () => {
    const w = deployment('prod', { app: 'api' });
    const c = policiesCovering(w, ctx([w, policy('prod', { matchLabels: { app: 'api' } }), policy('prod', {}, { policyTypes: ['Egress'] })]));
    expect(c.ingress).toBe(true);
    expect(c.egress).toBe(true);
    expect(c.policies).toHaveLength(2);
  });

  test('puts objects without a namespace in default and treats a missing podSelector as all pods', () => {
    const w = deployment(undefined, { app: 'api' });
    const p = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p' }, spec: { egress: [{}] } };
    expect(namespaceOf(w)).toBe('default');
    expect(policiesCovering(w, ctx([w, p]))).toMatchObject({ ingress: true, egress: true });
  });

  test('covers nothing for objects that carry no pods', () => {
    expect(policiesCovering({ kind: 'Service' }, ctx([]))).toEqual({ ingress: false, egress: false, policies: [] });
  });
});

describe('default deny', () => {
  test('recognises a default-deny for both directions in one policy or two', () => {
    const both = { kind: 'NetworkPolicy', metadata: { namespace: 'a' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
    expect(isDefaultDeny(both, 'ingress')).toBe(true);
    expect(isDefaultDeny(both, 'egress')).toBe(true);
    const ingressOnly = { kind: 'NetworkPolicy', metadata: { namespace: 'b' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } };
    const egressOnly = { kind: 'NetworkPolicy', metadata: { namespace: 'b' }, spec: { podSelector: {}, policyTypes: ['Egress'], egress: [] } };
    expect(namespaceDefaultDeny('b', ctx([ingressOnly, egressOnly]))).toEqual({ ingress: true, egress: true });
  });

  test('fails on a policy that allows traffic or selects only some pods', () => {
    const allows = { kind: 'NetworkPolicy', spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] } };
    const some = { kind: 'NetworkPolicy', spec: { podSelector: { matchLabels: { a: 'b' } }, policyTypes: ['Ingress'] } };
    expect(isDefaultDeny(allows, 'ingress')).toBe(false);
    expect(isDefaultDeny(some, 'ingress')).toBe(false);
    expect(namespaceDefaultDeny('default', ctx([allows, some]))).toEqual({ ingress: false, egress: false });
  });
});
