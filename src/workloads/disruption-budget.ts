/**
 * How many pods of a workload a voluntary disruption (drain, upgrade, autoscaler) may take at once.
 *
 * A budget that allows no eviction at all (`minAvailable` >= replicas, `maxUnavailable: 0`) blocks
 * node drains forever, so HardenedDeployment refuses one.
 *
 * @see https://kubernetes.io/docs/tasks/run-application/configure-pdb/
 */
export class DisruptionBudget {
  /**
   * At most `count` pods may be unavailable during a voluntary disruption.
   *
   * @param count at least 1
   */
  public static maxUnavailable(count: number): DisruptionBudget {
    return new DisruptionBudget('maxUnavailable', count, false);
  }

  /**
   * At most `percent`% of the pods may be unavailable during a voluntary disruption.
   *
   * @param percent 1 to 99
   */
  public static maxUnavailablePercent(percent: number): DisruptionBudget {
    return new DisruptionBudget('maxUnavailable', percent, true);
  }

  /**
   * At least `count` pods must stay available during a voluntary disruption.
   *
   * @param count at least 1, and fewer than the replicas
   */
  public static minAvailable(count: number): DisruptionBudget {
    return new DisruptionBudget('minAvailable', count, false);
  }

  /**
   * At least `percent`% of the pods must stay available during a voluntary disruption.
   *
   * @param percent 1 to 99
   */
  public static minAvailablePercent(percent: number): DisruptionBudget {
    return new DisruptionBudget('minAvailable', percent, true);
  }

  /** `minAvailable` or `maxUnavailable`. */
  public readonly field: string;

  private constructor(field: string, private readonly amount: number, private readonly percent: boolean) {
    const max = percent ? 99 : Number.MAX_SAFE_INTEGER;
    if (!Number.isInteger(amount) || amount < 1 || amount > max) {
      const allowed = percent ? 'an integer from 1 to 99' : 'an integer >= 1';
      throw new Error(`DisruptionBudget.${field}${percent ? 'Percent' : ''}: ${JSON.stringify(amount)} is not allowed; use ${allowed} (0 or 100% would block every eviction or protect nothing)`);
    }
    this.field = field;
  }

  /** The value as written in the PodDisruptionBudget: an integer or a percentage string. */
  public get value(): any {
    return this.percent ? `${this.amount}%` : this.amount;
  }

  /**
   * Why this budget cannot work with `replicas` pods, if it cannot.
   *
   * @internal
   */
  public _problem(replicas: number): string | undefined {
    if (this.field === 'minAvailable' && !this.percent && this.amount >= replicas) {
      return `minAvailable ${this.amount} with ${replicas} replica(s) allows no voluntary eviction and blocks node drains; use DisruptionBudget.maxUnavailable(1) or a minAvailable below the replicas`;
    }
    // The disruption controller rounds a minAvailable percentage up.
    if (this.field === 'minAvailable' && this.percent && Math.ceil((this.amount * replicas) / 100) >= replicas) {
      return `minAvailable ${this.amount}% with ${replicas} replica(s) rounds up to every pod, allows no voluntary eviction and blocks node drains; use DisruptionBudget.maxUnavailable(1) or a lower percentage`;
    }
    return undefined;
  }
}
