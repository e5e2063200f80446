import { Compliance } from '../../../src/compliance/compliance';
import { ArgoCdSync } from '../../../src/workloads/pod/argo-cd-sync';
import { KINDS, build, complianceContext } from '../fixtures';

const WAVE = 'argocd.argoproj.io/sync-wave';
const HOOK = 'argocd.argoproj.io/hook';
const DELETE_POLICY = 'argocd.argoproj.io/hook-delete-policy';
const JOB = KINDS.find((k) => k.className === 'HardenedJob')!;

describe.each(KINDS)('$className: argoCdSync', (k) => {
  test('writes no Argo CD annotation by default', () => {
    const annotations = build(k).controller().metadata.annotations ?? {};
    expect(Object.keys(annotations).filter((key) => key.startsWith('argocd.argoproj.io/'))).toEqual([]);
  });

  test('ArgoCdSync.wave(n) writes the sync wave on the controller object only', () => {
    const { controller, template, synth } = build(k, { argoCdSync: ArgoCdSync.wave(1) });
    expect(controller().metadata.annotations[WAVE]).toBe('1');
    expect(controller().metadata.annotations[HOOK]).toBeUndefined();
    expect(template().metadata.annotations?.[WAVE]).toBeUndefined();
    expect(synth().filter((o: any) => o.metadata?.annotations?.[WAVE] !== undefined).map((o: any) => o.kind)).toEqual([k.kind]);
  });

  test('ArgoCdSync.wave accepts a negative wave', () => {
    expect(build(k, { argoCdSync: ArgoCdSync.wave(-2) }).controller().metadata.annotations[WAVE]).toBe('-2');
  });

  test('fails on a wave that is not an integer', () => {
    expect(() => build(k, { argoCdSync: ArgoCdSync.wave(1.5) }))
      .toThrow(`${k.className} 'test/w': argoCdSync wave 1.5 is not an integer; use a whole number such as -1, 0 or 1`);
  });

  test('keeps the workload compliant on the hardened pack', () => {
    const { chart } = build(k, { argoCdSync: k === JOB ? ArgoCdSync.syncHook() : ArgoCdSync.wave(1) });
    complianceContext(chart, 'production');
    expect(Compliance.check(chart, { pack: 'hardened' }).findings.map((f) => `${f.checkId}: ${f.detail ?? f.reason}`)).toEqual([]);
  });
});

describe('ArgoCdSync.syncHook', () => {
  test('makes a HardenedJob a Sync hook in wave 0, recreated before each run', () => {
    const annotations = build(JOB, { argoCdSync: ArgoCdSync.syncHook() }).controller().metadata.annotations;
    expect(annotations).toMatchObject({ [WAVE]: '0', [HOOK]: 'Sync', [DELETE_POLICY]: 'BeforeHookCreation' });
  });

  test('takes a wave', () => {
    expect(build(JOB, { argoCdSync: ArgoCdSync.syncHook(-1) }).controller().metadata.annotations[WAVE]).toBe('-1');
  });

  test('exposes the wave and whether it is a hook', () => {
    const hook = ArgoCdSync.syncHook();
    const wave = ArgoCdSync.wave(3);
    expect([hook.syncWave, hook.isHook, wave.syncWave, wave.isHook]).toEqual([0, true, 3, false]);
  });

  test.each(KINDS.filter((k) => k !== JOB))('fails on a $className', (k) => {
    expect(() => build(k, { argoCdSync: ArgoCdSync.syncHook() }))
      .toThrow(`${k.className} 'test/w': argoCdSync: a ${k.className} cannot be a sync hook, which Argo CD deletes and recreates at every sync; use ArgoCdSync.wave(0), or a HardenedJob for work that must finish before the rollout`);
  });
});
