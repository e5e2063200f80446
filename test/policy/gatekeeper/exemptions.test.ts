import * as fc from 'fast-check';
import { exemptionAnnotations, exemptionMatchBlocks, matchFieldsOf, MAX_MATCH_BLOCKS } from '../../../src/policy/gatekeeper/exemptions';
import { AdmissionException } from '../../../src/policy/model';

const base = { reason: 'a documented reason', expires: '2099-01-01' };

function matches(block: ReturnType<typeof exemptionMatchBlocks>[number], ns: string, labels: Record<string, string>): boolean {
  if (block.excludedNamespaces.includes(ns)) return false;
  if (block.namespaces && !block.namespaces.includes(ns)) return false;
  return block.labelRequirements.every((r) => (r.operator === 'In' ? labels[r.key] === r.values[0] : labels[r.key] !== r.values[0]));
}

function exempted(exceptions: AdmissionException[], ns: string, labels: Record<string, string>): boolean {
  return exceptions.some((e) => (!e.namespaces?.length || e.namespaces.includes(ns))
    && Object.entries(e.matchLabels ?? {}).every(([k, v]) => labels[k] === v));
}

describe('exemptionMatchBlocks', () => {
  test('is one unrestricted block without exemptions', () => {
    expect(exemptionMatchBlocks([], ['kube-system'])).toEqual([{ excludedNamespaces: ['kube-system'], labelRequirements: [] }]);
  });

  test('excludes the namespaces of a namespace-only exemption', () => {
    expect(exemptionMatchBlocks([{ ...base, id: 'a', namespaces: ['batch'] }])).toEqual([{ excludedNamespaces: ['batch'], labelRequirements: [] }]);
  });

  test('selects objects without the label of a label-only exemption (NotIn also matches objects without the label)', () => {
    const blocks = exemptionMatchBlocks([{ ...base, id: 'a', matchLabels: { app: 'legacy' } }]);
    expect(blocks.map(matchFieldsOf)).toEqual([{ labelSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['legacy'] }] } }]);
  });

  test('splits a namespace-and-labels exemption into disjoint blocks', () => {
    const blocks = exemptionMatchBlocks([{ ...base, id: 'a', namespaces: ['batch'], matchLabels: { app: 'legacy', tier: 'jobs' } }]);
    expect(blocks.map(matchFieldsOf)).toEqual([
      { excludedNamespaces: ['batch'] },
      { namespaces: ['batch'], labelSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['legacy'] }] } },
      { namespaces: ['batch'], labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['legacy'] }, { key: 'tier', operator: 'NotIn', values: ['jobs'] }] } },
    ]);
  });

  test('matches exactly the objects no exemption covers, each in exactly one block (property)', () => {
    const ns = fc.constantFrom('a', 'b', 'c');
    const labels = fc.dictionary(fc.constantFrom('x', 'y'), fc.constantFrom('1', '2'), { maxKeys: 2 });
    const exemption = fc.record({ namespaces: fc.subarray(['a', 'b', 'c'], { maxLength: 2 }), matchLabels: labels })
      .filter((e) => e.namespaces.length > 0 || Object.keys(e.matchLabels).length > 0);
    fc.assert(fc.property(fc.array(exemption, { maxLength: 3 }), ns, labels, (raw, n, l) => {
      const exceptions = raw.map((e, i) => ({ ...base, id: `e${i}`, ...(e.namespaces.length ? { namespaces: e.namespaces } : {}), matchLabels: e.matchLabels }));
      const count = exemptionMatchBlocks(exceptions).filter((b) => matches(b, n, l)).length;
      return count === (exempted(exceptions, n, l) ? 0 : 1);
    }), { numRuns: 300 });
  });

  test('records ids, the earliest expiry and the reasons', () => {
    expect(exemptionAnnotations([{ ...base, id: 'a', expires: '2099-05-01', namespaces: ['x'] }, { ...base, id: 'b', expires: '2099-02-01', namespaces: ['y'] }])).toEqual({
      'cdk8s-hardened.io/exception': 'a,b',
      'cdk8s-hardened.io/expires': '2099-02-01',
      'cdk8s-hardened.io/reason': 'a: a documented reason; b: a documented reason',
    });
  });

  test('fails when the exemptions need too many constraints', () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ ...base, id: `e${i}`, matchLabels: { [`k${i}`]: 'v', [`j${i}`]: 'w' } }));
    expect(() => exemptionMatchBlocks(many)).toThrow(new RegExp(`^the exemptions need \\d+ constraints to express \\(at most ${MAX_MATCH_BLOCKS}\\); merge exemptions`));
  });
});
