import { ApiObject, Cron, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as D from './defaults';
import { HardenedWorkload } from './hardened-workload';
import { constructError, quote } from '../private/errors';
import { HardenedJobProps, exemptFromIngressRule, resolveJobSpec } from './pod/job-spec';
import { HardenedPod } from './pod/pod-template';
import { NO_INGRESS_REASON } from './pod/polaris-exemption';
import { IHardenedWorkload } from './workload';

/**
 * Properties of a HardenedCronJob.
 */
export interface HardenedCronJobProps extends HardenedJobProps {
  /**
   * When the jobs run: a five-field cron expression (`minute hour day-of-month month day-of-week`,
   * e.g. `'0 3 * * *'`) or a macro (`@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`).
   *
   * `TZ=` and `CRON_TZ=` prefixes are refused: set `timeZone`.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
   */
  readonly schedule: string;

  /**
   * The IANA time zone of the schedule, e.g. `Europe/Paris`.
   *
   * @default - the kube-controller-manager's time zone
   */
  readonly timeZone?: string;

  /**
   * What happens when a run is due while the previous one still runs.
   *
   * @default kplus.ConcurrencyPolicy.FORBID
   */
  readonly concurrencyPolicy?: kplus.ConcurrencyPolicy;

  /**
   * Seconds after the scheduled time within which a missed run may still start (at least 10).
   *
   * @default 300
   */
  readonly startingDeadlineSeconds?: number;

  /**
   * Finished successful jobs kept.
   *
   * @default 3
   */
  readonly successfulJobsHistoryLimit?: number;

  /**
   * Finished failed jobs kept.
   *
   * @default 1
   */
  readonly failedJobsHistoryLimit?: number;

  /**
   * Suspends future runs.
   *
   * @default false
   */
  readonly suspend?: boolean;
}

const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const FIELDS: Array<{ name: string; min: number; max: number; names?: string[] }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

/**
 * A CronJob whose jobs get the HardenedJob defaults and pod.
 *
 * Built on cdk8s-plus-28's CronJob (child id `Resource`; escape hatch `ApiObject.of(c.cronJob)`).
 * On top of the HardenedJob defaults: a validated schedule, `concurrencyPolicy: Forbid` (runs never
 * pile up and exhaust the namespace quota), a starting deadline, short histories, and no ingress.
 */
export class HardenedCronJob extends HardenedWorkload implements IHardenedWorkload {
  /** The cdk8s-plus CronJob (child id `Resource`). */
  public readonly cronJob: kplus.CronJob;

  /** The validated schedule, as written in `spec.schedule`. */
  public readonly schedule: string;

  public constructor(scope: Construct, id: string, props: HardenedCronJobProps) {
    super(scope, id);
    this._pod = new HardenedPod(this, props, { kind: 'HardenedCronJob', longRunning: false, refuseIngress: NO_INGRESS_REASON, spread: false, selects: false });
    const schedule = this.validateSchedule(props.schedule);
    this.schedule = schedule;
    if (props.timeZone !== undefined && !isTimeZone(props.timeZone)) {
      throw constructError(this, `timeZone ${quote(props.timeZone)} is not an IANA time zone; use e.g. 'Etc/UTC' or 'Europe/Paris'`);
    }
    const count = (name: string, value: number | undefined, fallback: number, min: number): number => {
      const v = value ?? fallback;
      if (!Number.isInteger(v) || v < min) throw constructError(this, `${name} ${quote(value)} is not allowed; use an integer >= ${min}`);
      return v;
    };
    const startingDeadline = count('startingDeadlineSeconds', props.startingDeadlineSeconds, D.CRON_JOB.startingDeadlineSeconds, 10);
    const successful = count('successfulJobsHistoryLimit', props.successfulJobsHistoryLimit, D.CRON_JOB.successfulJobsHistoryLimit, 0);
    const failed = count('failedJobsHistoryLimit', props.failedJobsHistoryLimit, D.CRON_JOB.failedJobsHistoryLimit, 0);
    const run = resolveJobSpec(this, props, undefined);
    const { ttlAfterFinished, ...runWithoutTtl } = run;
    if (ttlAfterFinished !== undefined && (props.successfulJobsHistoryLimit !== undefined || props.failedJobsHistoryLimit !== undefined)) {
      throw constructError(this, 'ttlSecondsAfterFinished and the history limits both clean up finished jobs and fight each other; set one of them');
    }

    this.cronJob = new kplus.CronJob(this, 'Resource', {
      ...this._pod.workloadProps(),
      ...runWithoutTtl,
      schedule: Cron.schedule({}),
      timeZone: props.timeZone,
      concurrencyPolicy: props.concurrencyPolicy ?? D.CRON_JOB.concurrencyPolicy as kplus.ConcurrencyPolicy,
      startingDeadline: Duration.seconds(startingDeadline),
      suspend: props.suspend ?? D.CRON_JOB.suspend,
      // cdk8s-plus refuses a TTL next to history limits; the TTL is patched in below instead.
      ...(ttlAfterFinished ? {} : { successfulJobsRetained: successful, failedJobsRetained: failed }),
    });
    const cron = ApiObject.of(this.cronJob);
    // The schedule string is validated above; cdk8s's Cron only builds expressions from fields (no macros).
    cron.addJsonPatch(JsonPatch.replace('/spec/schedule', schedule));
    if (ttlAfterFinished) cron.addJsonPatch(JsonPatch.add('/spec/jobTemplate/spec/ttlSecondsAfterFinished', ttlAfterFinished.toSeconds()));
    this._pod.attach(this.cronJob, '/spec/jobTemplate/spec/template/spec');
    exemptFromIngressRule(cron);
    this._networkPolicy = this._pod.createNetworkPolicy();
  }

  /** The main container's port, if it declares one (a CronJob accepts no traffic on it). */
  public get port(): number | undefined {
    return this._pod.port;
  }

  private validateSchedule(schedule: string): string {
    const bad = (why: string) => constructError(this, `schedule ${quote(schedule)} ${why}`);
    if (typeof schedule !== 'string' || schedule.trim() === '') throw bad('is empty; use a cron expression such as \'0 3 * * *\'');
    const s = schedule.trim().replace(/\s+/g, ' ');
    if (/^(CRON_)?TZ=/.test(s)) throw bad('sets a time zone inside the schedule, which Kubernetes refuses; remove the TZ= prefix and set timeZone');
    if (s.startsWith('@')) {
      if (!MACROS.includes(s)) throw bad(`is not a known macro; use one of ${MACROS.join(', ')}`);
      return s;
    }
    const fields = s.split(' ');
    if (fields.length !== 5) throw bad(`has ${fields.length} fields; use five: minute hour day-of-month month day-of-week (e.g. '0 3 * * *')`);
    fields.forEach((field, i) => {
      const spec = FIELDS[i];
      const problem = fieldProblem(field, spec);
      if (problem) throw bad(`has an invalid ${spec.name} field '${field}': ${problem}`);
    });
    return s;
  }
}

function fieldProblem(field: string, spec: { min: number; max: number; names?: string[] }): string | undefined {
  const value = (v: string): number | undefined => {
    const named = spec.names?.indexOf(v.toUpperCase());
    if (named !== undefined && named >= 0) return named + (spec.min === 1 ? 1 : 0);
    return /^\d+$/.test(v) ? Number(v) : undefined;
  };
  for (const part of field.split(',')) {
    const m = /^(\*|\?|[^/-]+(?:-[^/-]+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) return `'${part}' is not a value, range or step`;
    if (m[2] !== undefined && Number(m[2]) < 1) return `step '${m[2]}' must be at least 1`;
    if (m[1] === '*' || m[1] === '?') continue;
    for (const v of m[1].split('-')) {
      const n = value(v);
      if (n === undefined || n < spec.min || n > spec.max) return `'${v}' is outside ${spec.min}-${spec.max}`;
    }
  }
  return undefined;
}

function isTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone === '' || !/^[A-Za-z0-9_+\-/]+$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
