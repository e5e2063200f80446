/**
 * workload-cronjob-policy: CronJobs never pile up runs and give up on missed ones.
 *
 * Restricted: spec.concurrencyPolicy and spec.startingDeadlineSeconds of a CronJob. Allowed:
 * concurrencyPolicy `Forbid` or `Replace` (the default `Allow` starts a new Job while the last one
 * still runs, so a slow run multiplies), and startingDeadlineSeconds set to a positive integer (without
 * it, a controller that missed many schedules starts them in a burst, and after 100 misses stops
 * scheduling the CronJob at all).
 */
import { ICheck, Severity } from '../../check';
import { kubeScore } from '../../peers/catalog';
import { fail, isObject, isOutcome, pass, podOf, soc2 } from '../support';

const KINDS = ['CronJob'];

export const workloadCronjobPolicy: ICheck = {
  id: 'workload-cronjob-policy',
  title: 'CronJobs set concurrencyPolicy Forbid or Replace and a startingDeadlineSeconds',
  description: 'Every CronJob sets concurrencyPolicy to Forbid or Replace and sets startingDeadlineSeconds, so runs never '
    + 'overlap and missed schedules do not start in a burst.',
  severity: Severity.WARNING,
  controls: [...soc2('CC7.2')],
  kinds: KINDS,
  peers: [kubeScore('cronjob-has-deadline')],
  evaluate: (object) => {
    const pod = podOf(object, KINDS);
    if (isOutcome(pod)) return pod;
    const spec = isObject(object.spec) ? object.spec : {};
    const problems: string[] = [];
    let location: string | undefined;
    const policy = spec.concurrencyPolicy;
    if (policy !== 'Forbid' && policy !== 'Replace') {
      problems.push(policy === undefined ? 'concurrencyPolicy is unset (Allow)' : `concurrencyPolicy=${JSON.stringify(policy)}`);
      location = '/spec/concurrencyPolicy';
    }
    const deadline = spec.startingDeadlineSeconds;
    if (!(Number.isInteger(deadline) && deadline > 0)) {
      problems.push(deadline === undefined ? 'startingDeadlineSeconds is unset' : `startingDeadlineSeconds=${JSON.stringify(deadline)}`);
      location ??= '/spec/startingDeadlineSeconds';
    }
    if (problems.length === 0) return pass();
    return fail('overlapping or bursting runs', `${problems.join(', ')}; set concurrencyPolicy: Forbid (or Replace) and startingDeadlineSeconds`, location);
  },
};
