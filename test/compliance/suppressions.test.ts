import { ApiObject, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { CheckStatus } from '../../src/compliance/check';
import { EvaluationContext } from '../../src/compliance/context';
import {
  expiryInstant, findSuppression, readSuppressions, suppressionCovers, SUPPRESSION_EXPIRED_CHECK, SUPPRESSION_INVALID_CHECK,
  SUPPRESSIONS_ANNOTATION, writeSuppression,
} from '../../src/compliance/suppressions';

const NOW = new Date('2026-03-15T12:00:00Z');
const withAnnotation = (value: unknown) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations: { [SUPPRESSIONS_ANNOTATION]: value } } });
const ctx = (objects: any[]) => new EvaluationContext(objects, { pssVersion: 'latest', now: NOW });

describe('reading suppressions', () => {
  test('reads valid entries as active', () => {
    const o = withAnnotation(JSON.stringify([{ id: 'pss-restricted-run-as-user', reason: 'vendor image, SEC-142', expires: '2026-03-15' }]));
    expect(readSuppressions(o, NOW)).toEqual({
      active: [{ id: 'pss-restricted-run-as-user', reason: 'vendor image, SEC-142', expires: '2026-03-15' }], expired: [], problems: [],
    });
  });

  test('holds through the expiry day (UTC) and expires the next day', () => {
    const o = withAnnotation(JSON.stringify([{ id: 'a-b', reason: 'ticket SEC-1 accepted', expires: '2026-03-14' }]));
    const s = readSuppressions(o, NOW);
    expect(s.active).toEqual([]);
    expect(s.expired).toEqual([{ id: 'a-b', reason: 'ticket SEC-1 accepted', expires: '2026-03-14' }]);
    expect(expiryInstant('2026-03-14')!.toISOString()).toBe('2026-03-15T00:00:00.000Z');
  });

  test('ignores objects without the annotation', () => {
    expect(readSuppressions({ kind: 'Pod' }, NOW)).toEqual({ active: [], expired: [], problems: [] });
    expect(readSuppressions('nope', NOW)).toEqual({ active: [], expired: [], problems: [] });
  });

  test.each<[string, unknown, string]>([
    ['not a string', 42, 'annotation cdk8s-hardened.io/suppressions is not a string'],
    ['not JSON', '[{', 'annotation cdk8s-hardened.io/suppressions is not valid JSON'],
    ['not an array', '{"id":"x"}', 'annotation cdk8s-hardened.io/suppressions must be a JSON array of {"id", "reason", "expires"?}'],
    ['an entry that is not an object', '["x"]', 'entry 0 is not an object'],
    ['a short reason', '[{"id":"a","reason":"because"}]', "entry 0: reason 'because' is shorter than 10 characters"],
    ['a bare wildcard', '[{"id":"*","reason":"suppress everything"}]', "entry 0: id '*' is not a check id"],
    ['an impossible date', '[{"id":"a","reason":"ticket SEC-1 accepted","expires":"2026-02-30"}]', "entry 0: expiry '2026-02-30' is not a date; use 'YYYY-MM-DD'"],
  ])('fails on %s', (_name, value, problem) => {
    const s = readSuppressions(withAnnotation(value), NOW);
    expect(s.active).toEqual([]);
    expect(s.problems).toHaveLength(1);
    expect(s.problems[0].startsWith(problem)).toBe(true);
  });

  test('keeps the valid entries of a partly malformed annotation', () => {
    const s = readSuppressions(withAnnotation(JSON.stringify([{ id: 'x' }, { id: 'ok-id', reason: 'ticket SEC-9 accepted' }])), NOW);
    expect(s.active.map((e) => e.id)).toEqual(['ok-id']);
    expect(s.problems).toHaveLength(1);
  });
});

describe('matching', () => {
  test('matches exact ids and prefix wildcards', () => {
    expect(suppressionCovers('pss-restricted-run-as-user', 'pss-restricted-run-as-user')).toBe(true);
    expect(suppressionCovers('pss-restricted-*', 'pss-restricted-run-as-user')).toBe(true);
    expect(suppressionCovers('pss-restricted-*', 'pss-baseline-privileged')).toBe(false);
    expect(suppressionCovers('pss-restricted', 'pss-restricted-run-as-user')).toBe(false);
  });

  test('prefers an exact id over a wildcard', () => {
    const s = readSuppressions(withAnnotation(JSON.stringify([
      { id: 'pss-*', reason: 'wildcard reason here' }, { id: 'pss-x', reason: 'exact reason here' },
    ])), NOW);
    expect(findSuppression(s, 'pss-x')?.reason).toBe('exact reason here');
    expect(findSuppression(s, 'pss-y')?.reason).toBe('wildcard reason here');
    expect(findSuppression(s, 'rbac-x')).toBeUndefined();
  });
});

describe('suppression checks', () => {
  test('fails an expired suppression, naming the date and reason', () => {
    const o = withAnnotation(JSON.stringify([{ id: 'a-b', reason: 'ticket SEC-1 accepted', expires: '2026-01-31' }]));
    expect(SUPPRESSION_EXPIRED_CHECK.evaluate(o, ctx([o]))).toEqual({
      status: CheckStatus.FAIL,
      reason: 'suppression expired on 2026-01-31',
      detail: 'suppression of "a-b" expired on 2026-01-31 (reason: ticket SEC-1 accepted)',
      location: '/metadata/annotations/cdk8s-hardened.io~1suppressions',
    });
  });

  test('passes an unexpired suppression', () => {
    const o = withAnnotation(JSON.stringify([{ id: 'a-b', reason: 'ticket SEC-1 accepted', expires: '2026-12-31' }]));
    expect(SUPPRESSION_EXPIRED_CHECK.evaluate(o, ctx([o])).status).toBe(CheckStatus.PASS);
    expect(SUPPRESSION_INVALID_CHECK.evaluate(o, ctx([o])).status).toBe(CheckStatus.PASS);
  });

  test('reports a malformed annotation as an error', () => {
    const o = withAnnotation('nope');
    const outcome = SUPPRESSION_INVALID_CHECK.evaluate(o, ctx([o]));
    expect(outcome.status).toBe(CheckStatus.ERROR);
    expect(outcome.reason).toBe('malformed suppression annotation');
  });
});

describe('writing suppressions', () => {
  const setup = () => {
    const chart = new Chart(Testing.app(), 'test');
    const group = new Construct(chart, 'group');
    const a = new ApiObject(group, 'a', { apiVersion: 'v1', kind: 'ConfigMap' });
    const b = new ApiObject(group, 'b', { apiVersion: 'v1', kind: 'Secret' });
    const other = new ApiObject(chart, 'other', { apiVersion: 'v1', kind: 'ConfigMap' });
    return { chart, group, a, b, other };
  };
  const annotation = (o: ApiObject) => o.toJson().metadata.annotations?.[SUPPRESSIONS_ANNOTATION];

  test('writes the suppression into every ApiObject at or below the construct', () => {
    const { group, a, b, other } = setup();
    writeSuppression(group, { id: 'hardened-explicit-namespace', reason: 'cluster-wide config, SEC-7', expires: '2026-06-30' });
    const expected = JSON.stringify([{ id: 'hardened-explicit-namespace', reason: 'cluster-wide config, SEC-7', expires: '2026-06-30' }]);
    expect(annotation(a)).toBe(expected);
    expect(annotation(b)).toBe(expected);
    expect(annotation(other)).toBeUndefined();
  });

  test('merges repeated suppressions and replaces one with the same id', () => {
    const { group, a } = setup();
    writeSuppression(group, { id: 'one-check', reason: 'first reason here' });
    writeSuppression(a, { id: 'two-check', reason: 'second reason here' });
    writeSuppression(group, { id: 'one-check', reason: 'renewed reason here', expires: '2027-01-01' });
    expect(JSON.parse(annotation(a))).toEqual([
      { id: 'one-check', reason: 'renewed reason here', expires: '2027-01-01' },
      { id: 'two-check', reason: 'second reason here' },
    ]);
  });

  test('keeps a hand-written annotation', () => {
    const { a } = setup();
    a.metadata.addAnnotation(SUPPRESSIONS_ANNOTATION, JSON.stringify([{ id: 'by-hand', reason: 'written by hand, SEC-3' }]));
    writeSuppression(a, { id: 'by-api', reason: 'written by the API' });
    expect(JSON.parse(annotation(a)).map((e: any) => e.id)).toEqual(['by-hand', 'by-api']);
  });

  test('fails when the reason is shorter than 10 characters', () => {
    const { group } = setup();
    expect(() => writeSuppression(group, { id: 'a-b', reason: 'because' })).toThrow(
      "Construct 'test/group': suppression reason 'because' is shorter than 10 characters; say why the exception is acceptable (a ticket or risk acceptance)");
  });

  test('fails when the expiry is not a YYYY-MM-DD date', () => {
    const { group } = setup();
    expect(() => writeSuppression(group, { id: 'a-b', reason: 'ticket SEC-1 accepted', expires: '30/06/2026' })).toThrow(
      "Construct 'test/group': suppression expiry '30/06/2026' is not a date; use 'YYYY-MM-DD' (e.g. '2026-06-30')");
  });

  test('fails on a bare wildcard id', () => {
    const { group } = setup();
    expect(() => writeSuppression(group, { id: '*', reason: 'ticket SEC-1 accepted' })).toThrow(
      "Construct 'test/group': suppression id '*' is not a check id (kebab-case, e.g. 'pss-restricted-run-as-user') or a prefix wildcard ending in '-*' (e.g. 'pss-restricted-*')");
  });

  test('fails when nothing below the construct renders', () => {
    const chart = new Chart(Testing.app(), 'test');
    const empty = new Construct(chart, 'empty');
    expect(() => writeSuppression(empty, { id: 'a-b', reason: 'ticket SEC-1 accepted' })).toThrow(
      "Construct 'test/empty': suppression of 'a-b' has no Kubernetes object to carry it; call Compliance.of() on a construct that renders an ApiObject (a chart, a construct, or the ApiObject itself)");
  });

  test('fails when a hand-written annotation is not a JSON array', () => {
    const { a } = setup();
    a.metadata.addAnnotation(SUPPRESSIONS_ANNOTATION, 'oops');
    expect(() => writeSuppression(a, { id: 'a-b', reason: 'ticket SEC-1 accepted' })).toThrow(
      "ApiObject 'test/group/a': the annotation cdk8s-hardened.io/suppressions of 'test/group/a' is 'oops', not a JSON array; remove it and use Compliance.of(construct).suppress() only");
  });
});
