/**
 * workload-job-limits: Jobs bound their retries and their running time.
 *
 * Restricted: spec.backoffLimit and spec.activeDeadlineSeconds of a Job, and of a CronJob's
 * spec.jobTemplate.spec. Required: both set, as non-negative integers (activeDeadlineSeconds > 0).
 * Without a deadline a hung Job holds its pod, its quota and its credentials forever; without an
 * explicit backoffLimit a crashing Job is retried six times by default, whatever it costs.
 */
import { ICheck, Severity } from '../../check';
import { fail, isOutcome, pass, podOf, soc2 } from '../support';
import { JOB_KINDS, jobSpecOf } from '../workload-support';

export const workloadJobLimits: ICheck = {
  id: 'workload-job-limits',
  title: 'Jobs set backoffLimit and activeDeadlineSeconds',
  description: 'Every Job (and CronJob job template) sets backoffLimit and activeDeadlineSeconds, so a failing or hung '
    + 'job stops instead of consuming the cluster.',
  severity: Severity.WARNING,
  controls: [...soc2('CC7.2')],
  kinds: [...JOB_KINDS],
  peers: [],
  evaluate: (object) => {
    const pod = podOf(object, JOB_KINDS);
    if (isOutcome(pod)) return pod;
    const job = jobSpecOf(object)!;
    const problems: string[] = [];
    const backoff = job.spec.backoffLimit;
    if (!(Number.isInteger(backoff) && backoff >= 0)) problems.push(backoff === undefined ? 'backoffLimit is unset' : `backoffLimit=${JSON.stringify(backoff)}`);
    const deadline = job.spec.activeDeadlineSeconds;
    if (!(Number.isInteger(deadline) && deadline > 0)) problems.push(deadline === undefined ? 'activeDeadlineSeconds is unset' : `activeDeadlineSeconds=${JSON.stringify(deadline)}`);
    if (problems.length === 0) return pass();
    return fail('unbounded Job', `${problems.join(', ')}; set backoffLimit and activeDeadlineSeconds`, job.pointer);
  },
};
