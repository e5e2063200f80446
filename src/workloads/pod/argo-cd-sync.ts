import { IConstruct } from 'constructs';
import { constructError, quote } from '../../private/errors';

/** Argo CD's sync-wave annotation: lower waves are applied, and must be healthy, before higher ones. */
export const ARGO_CD_SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
/** Argo CD's hook annotation: the phase in which a hook resource runs. */
export const ARGO_CD_HOOK_ANNOTATION = 'argocd.argoproj.io/hook';
/** Argo CD's hook deletion policy annotation. */
export const ARGO_CD_HOOK_DELETE_POLICY_ANNOTATION = 'argocd.argoproj.io/hook-delete-policy';

/**
 * When Argo CD applies a workload during a sync: its sync wave, and for a Job whether it is a hook.
 *
 * This is how a schema migration runs before a rollout. The migration Job is a `Sync` hook in a
 * wave (0 by default) and the workloads that need the new schema sit in a later wave
 * (`ArgoCdSync.wave(1)`): Argo CD applies a wave only once every resource of the previous waves is
 * healthy, and a Job is healthy once it has succeeded. `PreSync` is deliberately not offered: a
 * PreSync hook runs before anything else of the application exists, so on the first sync its
 * namespace, ServiceAccount, PriorityClass and mounted Secrets are missing and the sync never
 * completes. Without Argo CD (`kubectl apply`), the annotations are ignored and nothing is ordered.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/
 */
export class ArgoCdSync {
  /**
   * Applies the workload in the given sync wave (`argocd.argoproj.io/sync-wave`).
   *
   * @param wave an integer; lower waves first, unannotated resources are in wave 0
   */
  public static wave(wave: number): ArgoCdSync {
    return new ArgoCdSync(wave, false);
  }

  /**
   * Runs the Job as an Argo CD `Sync` hook in the given wave, recreated at every sync.
   *
   * Writes `argocd.argoproj.io/hook: Sync` and `hook-delete-policy: BeforeHookCreation`: the Job
   * runs again at every sync (a Job's pod template is immutable, so an ordinary Job with a new
   * image could never be updated), and the last run stays for inspection until the next one.
   * Only a HardenedJob can be a hook.
   *
   * @param wave the sync wave of the hook (0 when omitted); put the workloads that depend on it in a later wave
   */
  public static syncHook(wave?: number): ArgoCdSync {
    return new ArgoCdSync(wave ?? 0, true);
  }

  private constructor(
    /** The sync wave. */
    public readonly syncWave: number,
    /** Whether the workload is a Sync hook. */
    public readonly isHook: boolean,
  ) {}

  /**
   * Validates the option for the workload kind and returns the annotations of the controller object.
   *
   * @internal
   */
  public _annotations(scope: IConstruct, kind: string): { [key: string]: string } {
    if (!Number.isInteger(this.syncWave)) {
      throw constructError(scope, `argoCdSync wave ${quote(this.syncWave)} is not an integer; use a whole number such as -1, 0 or 1`);
    }
    if (this.isHook && kind !== 'HardenedJob') {
      throw constructError(scope, `argoCdSync: a ${kind} cannot be a sync hook, which Argo CD deletes and recreates at every sync; use ArgoCdSync.wave(${this.syncWave}), or a HardenedJob for work that must finish before the rollout`);
    }
    return {
      [ARGO_CD_SYNC_WAVE_ANNOTATION]: String(this.syncWave),
      ...(this.isHook ? { [ARGO_CD_HOOK_ANNOTATION]: 'Sync', [ARGO_CD_HOOK_DELETE_POLICY_ANNOTATION]: 'BeforeHookCreation' } : {}),
    };
  }
}
