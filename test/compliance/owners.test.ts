import { CheckStatus, Finding, Severity } from '../../src/compliance/check';
import { Compliance } from '../../src/compliance/compliance';
import { evaluate } from '../../src/compliance/engine';
import { foldOwnedFindings, OwnerIndex } from '../../src/compliance/owners';

function obj(kind: string, name: string, extra: { uid?: string; owner?: Record<string, unknown>; namespace?: string } = {}): any {
  return {
    apiVersion: 'v1',
    kind,
    metadata: {
      name,
      namespace: extra.namespace ?? 'shop',
      ...(extra.uid ? { uid: extra.uid } : {}),
      ...(extra.owner ? { ownerReferences: [extra.owner] } : {}),
    },
  };
}

function finding(checkId: string, name: string): Finding {
  return { checkId, title: checkId, severity: Severity.ERROR, status: CheckStatus.FAIL, object: { apiVersion: 'v1', kind: 'X', name }, controls: [] };
}

describe('OwnerIndex', () => {
  test('follows controller references by uid to the top of the chain', () => {
    const index = OwnerIndex.of([
      obj('Deployment', 'web', { uid: 'd1' }),
      obj('ReplicaSet', 'web-1', { uid: 'r1', owner: { kind: 'Deployment', name: 'web', uid: 'd1', controller: true } }),
      obj('Pod', 'web-1-a', { owner: { kind: 'ReplicaSet', name: 'web-1', uid: 'r1', controller: true } }),
    ]);
    expect([0, 1, 2].map((i) => index.topOwnerOf(i))).toEqual([undefined, 0, 0]);
  });

  test('matches by kind, name and namespace when the reference or the owner has no uid', () => {
    const index = OwnerIndex.of([
      obj('CronJob', 'nightly'),
      obj('Job', 'nightly-1', { owner: { kind: 'CronJob', name: 'nightly', controller: true } }),
      obj('Job', 'other-ns', { namespace: 'ops', owner: { kind: 'CronJob', name: 'nightly', controller: true } }),
    ]);
    expect([index.topOwnerOf(1), index.topOwnerOf(2)]).toEqual([0, undefined]);
  });

  test('ignores references without controller: true, and a same-named owner with another uid (recreated)', () => {
    const index = OwnerIndex.of([
      obj('Deployment', 'web', { uid: 'new' }),
      obj('ReplicaSet', 'a', { owner: { kind: 'Deployment', name: 'web', uid: 'new' } }),
      obj('ReplicaSet', 'b', { owner: { kind: 'Deployment', name: 'web', uid: 'old', controller: true } }),
    ]);
    expect([index.topOwnerOf(1), index.topOwnerOf(2), index.hasOwned]).toEqual([undefined, undefined, false]);
  });

  test('survives reference cycles and malformed metadata', () => {
    const index = OwnerIndex.of([
      obj('A', 'a', { owner: { kind: 'B', name: 'b', controller: true } }),
      obj('B', 'b', { owner: { kind: 'A', name: 'a', controller: true } }),
      { kind: 'Pod', metadata: { ownerReferences: 'x' } },
      null,
      obj('Self', 's', { owner: { kind: 'Self', name: 's', controller: true } }),
    ]);
    expect([0, 1, 2, 3, 4].map((i) => index.topOwnerOf(i))).toEqual([1, 0, undefined, undefined, undefined]);
  });
});

describe('foldOwnedFindings', () => {
  const index = OwnerIndex.of([
    obj('Deployment', 'web'),
    obj('Pod', 'web-a', { owner: { kind: 'Deployment', name: 'web', controller: true } }),
  ]);

  test('folds an owned object finding into the owner finding of the same check', () => {
    const out = foldOwnedFindings([{ finding: finding('c1', 'web'), index: 0 }, { finding: finding('c1', 'web-a'), index: 1 }], index);
    expect(out).toEqual([{ ...finding('c1', 'web'), owned: [finding('c1', 'web-a').object] }]);
  });

  test('keeps a finding the owner does not have on the owned object (a pod that differs from its template)', () => {
    const out = foldOwnedFindings([{ finding: finding('c1', 'web'), index: 0 }, { finding: finding('c2', 'web-a'), index: 1 }], index);
    expect(out.map((f) => [f.checkId, f.object.name, f.owned])).toEqual([['c1', 'web', undefined], ['c2', 'web-a', undefined]]);
  });
});

describe('engine owner dedup', () => {
  // A Pod of the Deployment, with a privileged sidecar a mutating webhook injected.
  const sidecarPod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-a', namespace: 'shop', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', controller: true }] },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        { name: 'app', image: 'nginx', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
        { name: 'injected', image: 'proxy', securityContext: { privileged: true } },
      ],
    },
  };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { template: { spec: { ...sidecarPod.spec, containers: [sidecarPod.spec.containers[0]] } } },
  };

  test('reports a finding only the Pod has (an injected privileged sidecar) on the Pod', () => {
    expect(evaluate([deployment], { pack: 'pss-baseline', scope: { checkIds: ['pss-baseline-*'] } }).findings).toEqual([]);
    const report = evaluate([deployment, sidecarPod], { pack: 'pss-baseline', scope: { checkIds: ['pss-baseline-*'] } });
    expect(report.findings.map((f) => [f.checkId, f.object.kind, f.owned])).toEqual([['pss-baseline-privileged', 'Pod', undefined]]);
    expect(report.summary.failed).toBe(1);
  });

  test('Compliance.evaluate folds by default and ownerDedup: false reports each object', () => {
    const privileged = { ...deployment, spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx', securityContext: { privileged: true } }] } } } };
    const pod = { ...sidecarPod, spec: privileged.spec.template.spec };
    const scope = { pack: 'pss-baseline' };
    const folded = Compliance.evaluate([privileged, pod], scope).findings.filter((f) => f.checkId === 'pss-baseline-privileged');
    expect(folded.map((f) => [f.object.kind, f.owned?.map((o) => o.name)])).toEqual([['Deployment', ['web-a']]]);
    const each = Compliance.evaluate([privileged, pod], { ...scope, ownerDedup: false }).findings.filter((f) => f.checkId === 'pss-baseline-privileged');
    expect(each.map((f) => [f.object.kind, f.owned])).toEqual([['Deployment', undefined], ['Pod', undefined]]);
  });
});
