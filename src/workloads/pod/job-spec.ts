import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { constructError, quote } from '../../private/errors';
import * as D from '../defaults';
import { addPolarisExemption, NO_INGRESS_REASON } from './polaris-exemption';
import { HardenedWorkloadProps } from './workload-props';

/**
 * Run-to-completion settings shared by HardenedJob and the jobs of a HardenedCronJob.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 */
export interface HardenedJobOptions {
  /**
   * Retries before the Job is marked failed.
   *
   * @default 3
   */
  readonly backoffLimit?: number;

  /**
   * Seconds a Job may run (all retries included) before it is stopped.
   *
   * A hung run cannot hold resources forever.
   *
   * @default 3600
   */
  readonly activeDeadlineSeconds?: number;

  /**
   * Seconds after finishing before the Job and its pods are deleted.
   *
   * @default 86400 for a HardenedJob; none for a HardenedCronJob (its history limits clean up)
   */
  readonly ttlSecondsAfterFinished?: number;

  /**
   * Restart policy of the pods: `Never` (a new pod per retry, the failed one kept for inspection) or
   * `OnFailure`.
   *
   * @default kplus.RestartPolicy.NEVER
   */
  readonly restartPolicy?: kplus.RestartPolicy;
}

/** Properties of the pod and the run of a Job. */
export interface HardenedJobProps extends HardenedWorkloadProps, HardenedJobOptions {}

/** The resolved run settings, as cdk8s-plus Job props. */
export interface ResolvedJobSpec {
  readonly backoffLimit: number;
  readonly activeDeadline: Duration;
  readonly ttlAfterFinished?: Duration;
  readonly restartPolicy: kplus.RestartPolicy;
}

/** Resolves and validates the run settings; `ttlDefault` undefined means no TTL unless given. */
export function resolveJobSpec(scope: IConstruct, props: HardenedJobOptions, ttlDefault: number | undefined): ResolvedJobSpec {
  const int = (name: string, value: number | undefined, fallback: number | undefined, min: number): number | undefined => {
    const v = value ?? fallback;
    if (v !== undefined && (!Number.isInteger(v) || v < min)) {
      throw constructError(scope, `${name} ${quote(value)} is not allowed; use an integer >= ${min}`);
    }
    return v;
  };
  const backoffLimit = int('backoffLimit', props.backoffLimit, D.JOB.backoffLimit, 0)!;
  const deadline = int('activeDeadlineSeconds', props.activeDeadlineSeconds, D.JOB.activeDeadlineSeconds, 1)!;
  const ttl = int('ttlSecondsAfterFinished', props.ttlSecondsAfterFinished, ttlDefault, 0);
  const restartPolicy = props.restartPolicy ?? D.JOB.restartPolicy as kplus.RestartPolicy;
  if (restartPolicy === kplus.RestartPolicy.ALWAYS) {
    throw constructError(scope, "restartPolicy 'Always' is not allowed for a Job, whose pods must run to completion; use kplus.RestartPolicy.NEVER or ON_FAILURE");
  }
  return {
    backoffLimit,
    activeDeadline: Duration.seconds(deadline),
    ttlAfterFinished: ttl === undefined ? undefined : Duration.seconds(ttl),
    restartPolicy,
  };
}

/**
 * Writes the Polaris `missingNetworkPolicy` exemption, with its reason, on a run-to-completion
 * controller: Polaris demands an ingress rule, which would contradict a pod that accepts no traffic.
 */
export function exemptFromIngressRule(controller: ApiObject): void {
  addPolarisExemption(controller, 'missingNetworkPolicy', NO_INGRESS_REASON);
}
