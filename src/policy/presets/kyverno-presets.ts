/**
 * Ready-made Kyverno ClusterPolicies from the project brief.
 */
import { Construct } from 'constructs';
import { KyvernoClusterPolicy } from '../kyverno/cluster-policy';
import { KyvernoFailureAction, KyvernoRule } from '../kyverno/custom-rule';

/**
 * Options of the require-run-as-nonroot preset.
 */
export interface RequireRunAsNonRootOptions {
  /**
   * What a violation does.
   *
   * Security note: AUDIT admits pods that may run as root.
   *
   * @default KyvernoFailureAction.ENFORCE
   */
  readonly failureAction?: KyvernoFailureAction;

  /**
   * Name of the ClusterPolicy.
   *
   * @default 'require-run-as-nonroot'
   */
  readonly name?: string;
}

/**
 * Kyverno ClusterPolicies for common requirements, written the way the brief shows them but with
 * the current API: a per-rule `failureAction` instead of the deprecated spec-level
 * `validationFailureAction`, and autogen for every pod controller.
 */
export class KyvernoPresets {
  /**
   * `require-run-as-nonroot`: every container of a Pod (and, through autogen, of every pod
   * controller) sets `securityContext.runAsNonRoot: true` (rule `run-as-non-root`,
   * `validate.pattern`, failureAction Enforce).
   *
   * This is the brief's pattern, stricter than the Pod Security Standards in one way and looser in
   * another: a pod-level `runAsNonRoot: true` alone does not satisfy it (each container must say
   * so), and init and ephemeral containers are not checked. For the exact standard use a
   * `PolicyPack` with the `pss-restricted` pack.
   *
   * @see https://kyverno.io/policies/pod-security/restricted/require-run-as-nonroot/require-run-as-nonroot/
   */
  public static requireRunAsNonRoot(scope: Construct, id: string, options: RequireRunAsNonRootOptions = {}): KyvernoClusterPolicy {
    return new KyvernoClusterPolicy(scope, id, {
      name: options.name ?? 'require-run-as-nonroot',
      title: 'Require runAsNonRoot',
      description: 'Containers must be required to run as non-root users: every container sets securityContext.runAsNonRoot to true.',
      annotations: {
        'policies.kyverno.io/category': 'Pod Security Standards (Restricted)',
        'policies.kyverno.io/severity': 'medium',
        'policies.kyverno.io/subject': 'Pod',
      },
      rules: [KyvernoRule.fromPattern({
        name: 'run-as-non-root',
        message: 'Containers must run as non-root',
        pattern: { spec: { containers: [{ securityContext: { runAsNonRoot: true } }] } },
        failureAction: options.failureAction ?? KyvernoFailureAction.ENFORCE,
      })],
    });
  }

  private constructor() {}
}
