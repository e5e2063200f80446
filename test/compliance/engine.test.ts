import { CheckStatus, Framework, ICheck, Severity } from '../../src/compliance/check';
import { evaluate, evaluateChecks } from '../../src/compliance/engine';
import { SUPPRESSIONS_ANNOTATION } from '../../src/compliance/suppressions';

const NOW = new Date('2026-03-15T00:00:00Z');

function fakeCheck(id: string, kinds: string[], judge: (o: any) => any, severity = Severity.ERROR): ICheck {
  return { id, title: `${id} title`, description: 'd', severity, controls: [{ framework: Framework.CIS, id: '5.0.0' }], kinds, evaluate: judge };
}
const failNamed = (name: string) => (o: any) => (o.metadata?.name === name
  ? { status: CheckStatus.FAIL, reason: `bad ${name}`, detail: `${name} detail`, location: '/spec' } : { status: CheckStatus.PASS });

const cm = (name: string, annotations?: Record<string, string>) => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'app', ...(annotations ? { annotations } : {}) },
});
const suppressions = (entries: any[]) => ({ [SUPPRESSIONS_ANNOTATION]: JSON.stringify(entries) });
const run = (objects: unknown[], checks: ICheck[], extra: any = {}) => evaluateChecks(objects, { pack: 'test', checks, now: NOW, ...extra });

describe('evaluateChecks', () => {
  test('runs each check on the objects of its kinds and reports failures in object order, then check order', () => {
    const a = fakeCheck('a-check', ['ConfigMap'], () => ({ status: CheckStatus.FAIL, reason: 'a' }));
    const b = fakeCheck('b-check', ['*'], failNamed('two'));
    const pods = fakeCheck('pod-only', ['Pod'], () => ({ status: CheckStatus.FAIL, reason: 'never on ConfigMaps' }));
    const report = run([cm('one'), cm('two')], [a, b, pods]);
    expect(report.findings.map((f) => `${f.object.name}:${f.checkId}`)).toEqual(['one:a-check', 'two:a-check', 'two:b-check']);
    expect(report.findings[2]).toEqual({
      checkId: 'b-check',
      title: 'b-check title',
      severity: Severity.ERROR,
      status: CheckStatus.FAIL,
      object: { apiVersion: 'v1', kind: 'ConfigMap', name: 'two', namespace: 'app' },
      reason: 'bad two',
      detail: 'two detail',
      location: '/spec',
      controls: [{ framework: Framework.CIS, id: '5.0.0' }],
    });
  });

  test('counts passes, failures, errors, suppressions and not-applicable results', () => {
    const checks = [
      fakeCheck('p-check', ['*'], () => ({ status: CheckStatus.PASS })),
      fakeCheck('n-check', ['*'], () => ({ status: CheckStatus.NOT_APPLICABLE })),
      fakeCheck('f-check', ['*'], () => ({ status: CheckStatus.FAIL })),
      fakeCheck('e-check', ['*'], () => ({ status: CheckStatus.ERROR })),
    ];
    const report = run([cm('x'), cm('y', suppressions([{ id: 'f-check', reason: 'accepted risk SEC-1' }]))], checks);
    // 2 objects x (pass + 2 suppression checks pass) = 6 passes.
    expect(report.summary).toEqual({ objects: 2, passed: 6, failed: 1, errors: 2, suppressed: 1, notApplicable: 2 });
  });

  test('lists documents it cannot judge as skipped, with their source', () => {
    const report = run(
      ['text', null, [1], { kind: 'ConfigMap' }, { apiVersion: 'v1' }, 42, cm('ok')],
      [],
      { refs: [{ file: 'a.yaml', index: 0, line: 1 }, undefined, undefined, { file: 'a.yaml', index: 3, line: 9 }] },
    );
    expect(report.skipped).toEqual([
      { object: { apiVersion: '', kind: '', name: '', file: 'a.yaml', index: 0, line: 1 }, reason: 'document is a string, not an object' },
      { object: { apiVersion: '', kind: '', name: '' }, reason: 'empty document' },
      { object: { apiVersion: '', kind: '', name: '' }, reason: 'document is a list, not an object' },
      { object: { apiVersion: '', kind: 'ConfigMap', name: '', file: 'a.yaml', index: 3, line: 9 }, reason: 'missing apiVersion' },
      { object: { apiVersion: 'v1', kind: '', name: '' }, reason: 'missing kind' },
      { object: { apiVersion: '', kind: '', name: '' }, reason: 'document is a number, not an object' },
    ]);
    expect(report.summary.objects).toBe(1);
  });

  test('carries the caller\'s file, index, line and construct path into findings', () => {
    const report = run([cm('x')], [fakeCheck('f-check', ['*'], () => ({ status: CheckStatus.FAIL }))],
      { refs: [{ apiVersion: 'ignored', kind: 'ignored', name: 'ignored', file: 'm.yaml', index: 2, line: 14, constructPath: 'app/x/Resource' }] });
    expect(report.findings[0].object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', namespace: 'app', file: 'm.yaml', index: 2, line: 14, constructPath: 'app/x/Resource' });
  });

  test('turns a check that throws into an error naming the check', () => {
    const report = run([cm('x')], [fakeCheck('boom', ['*'], () => { throw new Error('kaput'); })]);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ checkId: 'boom', status: CheckStatus.ERROR, reason: 'check "boom" failed to evaluate', detail: 'check "boom" threw: kaput' });
    expect(report.summary.errors).toBe(1);
  });

  test('turns a malformed outcome into an error', () => {
    const report = run([cm('x')], [fakeCheck('odd', ['*'], () => ({ status: 'maybe' }))]);
    expect(report.findings[0]).toMatchObject({ checkId: 'odd', status: CheckStatus.ERROR, reason: 'check "odd" returned an invalid outcome', detail: 'got {"status":"maybe"}' });
  });

  test('runs each check once per applicable object', () => {
    const calls: string[] = [];
    const check = fakeCheck('count', ['ConfigMap'], (o) => { calls.push(o.metadata.name); return { status: CheckStatus.PASS }; });
    run([cm('a'), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }, cm('b')], [check, check]);
    expect(calls).toEqual(['a', 'b']);
  });

  test('gives checks the whole readable set and the configured version', () => {
    let seen: any;
    const check = fakeCheck('ctx', ['ConfigMap'], (_o) => ({ status: CheckStatus.PASS }));
    check.evaluate = (_o, context) => { seen = context; return { status: CheckStatus.PASS }; };
    const objects = [cm('a'), 'junk', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } }];
    run(objects, [check], { pssVersion: 'v1.28' });
    expect(seen.objects).toEqual([objects[0], objects[2]]);
    expect(seen.pssVersion).toBe('v1.28');
    expect(seen.now).toEqual(NOW);
    expect(seen.namespaceObject('app')).toBe(objects[2]);
    expect(seen.kubernetesVersion).toBe('1.28');
    run(objects, [check], { kubernetesVersion: '1.31' });
    expect(seen.kubernetesVersion).toBe('1.31');
  });

  test('lowers a finding\'s severity when the outcome asks for less, and never raises it', () => {
    const asks = (severity: unknown) => () => ({ status: CheckStatus.FAIL, reason: 'r', severity });
    const report = run([cm('a')], [
      fakeCheck('lowered', ['ConfigMap'], asks(Severity.WARNING)),
      fakeCheck('to-info', ['ConfigMap'], asks(Severity.INFO)),
      fakeCheck('not-raised', ['ConfigMap'], asks(Severity.ERROR), Severity.WARNING),
      fakeCheck('unknown', ['ConfigMap'], asks('critical')),
    ]);
    expect(report.findings.map((f) => [f.checkId, f.severity])).toEqual([
      ['lowered', Severity.WARNING], ['to-info', Severity.INFO], ['not-raised', Severity.WARNING], ['unknown', Severity.ERROR],
    ]);
  });
});

describe('suppressions in the engine', () => {
  const failing = fakeCheck('pss-restricted-run-as-user', ['*'], () => ({ status: CheckStatus.FAIL, reason: 'runAsUser=0' }));

  test('marks a suppressed failure with the suppression reason', () => {
    const report = run([cm('x', suppressions([{ id: 'pss-restricted-run-as-user', reason: 'vendor image needs root, SEC-142', expires: '2026-06-30' }]))], [failing]);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].suppressedReason).toBe('vendor image needs root, SEC-142');
    expect(report.summary).toMatchObject({ failed: 0, suppressed: 1 });
  });

  test('honours prefix wildcards', () => {
    const report = run([cm('x', suppressions([{ id: 'pss-restricted-*', reason: 'legacy workload, SEC-200' }]))], [failing]);
    expect(report.findings[0].suppressedReason).toBe('legacy workload, SEC-200');
  });

  test('fails on an expired suppression and does not suppress with it', () => {
    const report = run([cm('x', suppressions([{ id: 'pss-restricted-run-as-user', reason: 'vendor image needs root', expires: '2026-03-14' }]))], [failing]);
    expect(report.findings.map((f) => [f.checkId, f.status, f.suppressedReason])).toEqual([
      ['pss-restricted-run-as-user', CheckStatus.FAIL, undefined],
      ['suppression-expired', CheckStatus.FAIL, undefined],
    ]);
    expect(report.findings[1].reason).toBe('suppression expired on 2026-03-14');
    expect(report.summary).toMatchObject({ failed: 2, suppressed: 0 });
  });

  test('reports a malformed annotation as an error that cannot be suppressed', () => {
    const annotations = { [SUPPRESSIONS_ANNOTATION]: '[{"id":"suppression-*","reason":"silence the checker"},{"id":"x"}]' };
    const report = run([cm('x', annotations)], []);
    expect(report.findings.map((f) => [f.checkId, f.status, f.suppressedReason])).toEqual([['suppression-invalid', CheckStatus.ERROR, undefined]]);
    expect(report.findings[0].detail).toBe('entry 1: reason undefined is shorter than 10 characters; say why the exception is acceptable (a ticket or risk acceptance)');
  });

  test('does not suppress other checks or other objects', () => {
    const other = fakeCheck('rbac-no-wildcards', ['*'], () => ({ status: CheckStatus.FAIL }));
    const report = run([cm('x', suppressions([{ id: 'pss-restricted-run-as-user', reason: 'vendor image needs root' }])), cm('y')], [failing, other]);
    expect(report.findings.map((f) => [f.object.name, f.checkId, f.suppressedReason !== undefined])).toEqual([
      ['x', 'pss-restricted-run-as-user', true], ['x', 'rbac-no-wildcards', false], ['y', 'pss-restricted-run-as-user', false], ['y', 'rbac-no-wildcards', false],
    ]);
  });
});

describe('evaluate', () => {
  const restrictedNamespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'app', labels: { 'environment': 'production', 'pod-security.kubernetes.io/enforce': 'restricted' } },
  };
  const rootPod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'root', namespace: 'app' },
    spec: { containers: [{ name: 'app', image: 'nginx', securityContext: { runAsUser: 0 } }] },
  };

  test('evaluates the hardened pack at PSS latest by default', () => {
    const report = evaluate([restrictedNamespace], { now: NOW });
    expect(report.pack).toBe('hardened');
    expect(report.pssVersion).toBe('latest');
    expect(report.scorecard.map((m) => m.id)).toEqual(['rbac-least-privilege', 'pss-restricted-production', 'network-policy-coverage', 'image-signing']);
  });

  test('judges pods with the PSS adapters of the pack', () => {
    const report = evaluate([rootPod], { pack: 'pss-restricted', now: NOW });
    expect(report.findings.map((f) => f.checkId)).toEqual(expect.arrayContaining(['pss-restricted-run-as-user', 'pss-restricted-run-as-non-root']));
    expect(evaluate([rootPod], { pack: 'pss-baseline', now: NOW }).findings.filter((f) => f.checkId.startsWith('pss-'))).toEqual([]);
  });

  test('adds scorecard findings on packs that do not judge the same thing, and not on those that do', () => {
    const objects = [restrictedNamespace, rootPod];
    const baseline = evaluate(objects, { pack: 'pss-baseline', now: NOW });
    expect(baseline.findings.map((f) => f.checkId)).toEqual(expect.arrayContaining(['scorecard-network-policy-coverage', 'scorecard-image-signing']));
    const hardened = evaluate(objects, { pack: 'hardened', now: NOW });
    expect(hardened.findings.filter((f) => f.checkId.startsWith('scorecard-'))).toEqual([]);
    expect(hardened.findings.map((f) => f.checkId)).toEqual(expect.arrayContaining(['network-policy-coverage', 'image-digest']));
  });

  test('runs additional checks after the pack\'s', () => {
    const extra = fakeCheck('org-owner-label', ['Namespace'], () => ({ status: CheckStatus.FAIL, reason: 'no owner label' }));
    const denyAll = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny', namespace: 'app' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    };
    const report = evaluate([restrictedNamespace, denyAll], { pack: 'pss-baseline', now: NOW, additionalChecks: [extra] });
    expect(report.findings.map((f) => f.checkId)).toEqual(['org-owner-label']);
  });

  test('fails on an unknown pack, listing the known ones', () => {
    expect(() => evaluate([], { pack: 'nope' })).toThrow(
      "unknown pack 'nope'; use one of 'pss-baseline', 'pss-restricted', 'rbac-least-privilege', 'cis-k8s', 'hardened'");
  });

  test('fails on a malformed Kubernetes version', () => {
    expect(() => evaluate([], { kubernetesVersion: 'latest' })).toThrow("invalid Kubernetes version 'latest'; use '1.N' (e.g. '1.28')");
  });

  test('judges apiVersions against the target Kubernetes version, 1.28 by default', () => {
    const flow = { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', metadata: { name: 'f' } };
    const ids = (options: any) => evaluate([flow], { now: NOW, ...options }).findings.map((f) => f.checkId).filter((id) => id.startsWith('api-version-'));
    expect(ids({})).toEqual([]);
    expect(ids({ kubernetesVersion: '1.30' })).toEqual(['api-version-deprecated']);
    expect(ids({ kubernetesVersion: '1.32' })).toEqual(['api-version-removed']);
  });

  test('fails on a malformed PSS version', () => {
    expect(() => evaluate([], { pssVersion: '1.28' })).toThrow("invalid Pod Security Standards version '1.28'; use 'v1.N' (e.g. 'v1.28') or 'latest'");
  });
});
