import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IMAGE } from './fixtures';
import { HardenedCronJob, HardenedCronJobProps } from '../../src/workloads/hardened-cron-job';
import { HardenedDeployment } from '../../src/workloads/hardened-deployment';
import { HardenedJob, HardenedJobProps } from '../../src/workloads/hardened-job';

const NO_INGRESS = 'runs to completion and accepts no traffic: its NetworkPolicy denies all ingress on purpose';

function setupJob(props: Partial<HardenedJobProps> = {}) {
  const chart = Testing.chart();
  const j = new HardenedJob(chart, 'migrate', { namespace: 'shop', name: 'migrate', image: IMAGE, ...props });
  const synth = () => Testing.synth(chart);
  const byKind = (kind: string) => synth().filter((o: any) => o.kind === kind);
  return { chart, j, synth, byKind, job: () => byKind('Job')[0] };
}

function setupCron(props: Partial<HardenedCronJobProps> = {}) {
  const chart = Testing.chart();
  const c = new HardenedCronJob(chart, 'nightly', { namespace: 'shop', name: 'nightly', image: IMAGE, schedule: '0 3 * * *', ...props });
  const synth = () => Testing.synth(chart);
  const byKind = (kind: string) => synth().filter((o: any) => o.kind === kind);
  return { chart, c, synth, byKind, cron: () => byKind('CronJob')[0] };
}

describe('HardenedJob defaults', () => {
  test('matches the defaults snapshot', () => {
    expect(setupJob().synth()).toMatchSnapshot();
  });

  test('retries 3 times within a one-hour deadline, is removed a day after finishing, never restarts in place', () => {
    const spec = setupJob().job().spec;
    expect(spec.backoffLimit).toBe(3);
    expect(spec.activeDeadlineSeconds).toBe(3600);
    expect(spec.ttlSecondsAfterFinished).toBe(86400);
    expect(spec.template.spec.restartPolicy).toBe('Never');
  });

  test('has no PodDisruptionBudget, no selector and no spread rules', () => {
    const { byKind, job } = setupJob();
    expect(byKind('PodDisruptionBudget')).toEqual([]);
    expect(job().spec.selector).toBeUndefined();
    expect(job().spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  test('denies all ingress and carries a Polaris missingNetworkPolicy exemption with the reason', () => {
    const { byKind, job } = setupJob();
    expect(byKind('NetworkPolicy')[0].spec.ingress).toEqual([]);
    expect(job().metadata.annotations).toEqual({
      'polaris.fairwinds.com/missingNetworkPolicy-exempt': 'true',
      'cdk8s-hardened.io/polaris-exemption-reason': `missingNetworkPolicy: ${NO_INGRESS}`,
    });
  });

  test('takes its run settings and OnFailure', () => {
    const spec = setupJob({
      backoffLimit: 0, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 0, restartPolicy: kplus.RestartPolicy.ON_FAILURE,
    }).job().spec;
    expect(spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 0 });
    expect(spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  test('may connect to a service as a client', () => {
    const { chart, j, byKind } = setupJob();
    const db = new HardenedDeployment(chart, 'db', { namespace: 'shop', name: 'db', image: IMAGE, port: 5432 });
    j.connectTo(db);
    expect(byKind('NetworkPolicy').find((p: any) => p.metadata.name === 'migrate').spec.egress).toContainEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'db' } } }],
      ports: [{ protocol: 'TCP', port: 5432 }],
    });
  });
});

describe('HardenedJob fails', () => {
  const PATH = "HardenedJob 'test/migrate'";

  test('fails when given ingress rules', () => {
    expect(() => setupJob({ ingress: [{ peers: [{ namespaces: ['shop'] }] }] })).toThrow(`${PATH}: ingress is not allowed: ${NO_INGRESS}`);
  });

  test('fails when another workload connects to it', () => {
    const { chart, j } = setupJob({ port: 9000 });
    const api = new HardenedDeployment(chart, 'api', { namespace: 'shop', name: 'api', image: IMAGE });
    expect(() => api.connectTo(j)).toThrow(`${PATH}: ingress is not allowed: ${NO_INGRESS}`);
  });

  test('fails on restartPolicy Always', () => {
    expect(() => setupJob({ restartPolicy: kplus.RestartPolicy.ALWAYS })).toThrow(
      `${PATH}: restartPolicy 'Always' is not allowed for a Job, whose pods must run to completion; use kplus.RestartPolicy.NEVER or ON_FAILURE`);
  });

  test.each([
    ['backoffLimit', -1, 0],
    ['activeDeadlineSeconds', 0, 1],
    ['ttlSecondsAfterFinished', 1.5, 0],
  ])('fails on %s %p', (prop, value, min) => {
    expect(() => setupJob({ [prop]: value })).toThrow(`${PATH}: ${prop} ${value} is not allowed; use an integer >= ${min}`);
  });
});

describe('HardenedCronJob defaults', () => {
  test('matches the defaults snapshot', () => {
    expect(setupCron().synth()).toMatchSnapshot();
  });

  test('forbids concurrent runs, starts a missed run within 300 s, keeps 3 successful and 1 failed job, not suspended', () => {
    const spec = setupCron().cron().spec;
    expect(spec).toMatchObject({
      schedule: '0 3 * * *',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      suspend: false,
    });
    expect(spec.timeZone).toBeUndefined();
  });

  test('gives its jobs the HardenedJob defaults, without a TTL (the history limits clean up)', () => {
    const job = setupCron().cron().spec.jobTemplate.spec;
    expect(job.backoffLimit).toBe(3);
    expect(job.activeDeadlineSeconds).toBe(3600);
    expect(job.ttlSecondsAfterFinished).toBeUndefined();
    expect(job.template.spec.restartPolicy).toBe('Never');
  });

  test('denies all ingress and carries a Polaris missingNetworkPolicy exemption with the reason', () => {
    const { byKind, cron } = setupCron();
    expect(byKind('NetworkPolicy')[0].spec.ingress).toEqual([]);
    expect(cron().metadata.annotations['polaris.fairwinds.com/missingNetworkPolicy-exempt']).toBe('true');
  });

  test('takes a time zone, a policy, a deadline, history limits and suspend', () => {
    const spec = setupCron({
      timeZone: 'Europe/Paris',
      concurrencyPolicy: kplus.ConcurrencyPolicy.REPLACE,
      startingDeadlineSeconds: 60,
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 2,
      suspend: true,
    }).cron().spec;
    expect(spec).toMatchObject({
      timeZone: 'Europe/Paris', concurrencyPolicy: 'Replace', startingDeadlineSeconds: 60, successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 2, suspend: true,
    });
  });

  test('takes a TTL instead of history limits', () => {
    const spec = setupCron({ ttlSecondsAfterFinished: 3600 }).cron().spec;
    expect(spec.jobTemplate.spec.ttlSecondsAfterFinished).toBe(3600);
  });

  test.each(['*/15 * * * *', '0 3 * * MON-FRI', '30 2 1,15 * *', '0 0 * JAN,JUL SUN', '@daily', '@hourly', '0 22 * * 1-5', '5 4 * * 7'])(
    'accepts the schedule %s', (schedule) => {
      const { c, cron } = setupCron({ schedule });
      expect(cron().spec.schedule).toBe(schedule);
      expect(c.schedule).toBe(schedule);
    });
});

describe('HardenedCronJob fails', () => {
  const PATH = "HardenedCronJob 'test/nightly'";

  test.each([
    ['', "is empty; use a cron expression such as '0 3 * * *'"],
    ['0 3 * *', "has 4 fields; use five: minute hour day-of-month month day-of-week (e.g. '0 3 * * *')"],
    ['60 3 * * *', "has an invalid minute field '60': '60' is outside 0-59"],
    ['0 24 * * *', "has an invalid hour field '24': '24' is outside 0-23"],
    ['0 3 0 * *', "has an invalid day of month field '0': '0' is outside 1-31"],
    ['0 3 * 13 *', "has an invalid month field '13': '13' is outside 1-12"],
    ['0 3 * * FUNDAY', "has an invalid day of week field 'FUNDAY': 'FUNDAY' is outside 0-7"],
    ['*/0 * * * *', "has an invalid minute field '*/0': step '0' must be at least 1"],
    ['@fortnightly', 'is not a known macro; use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly'],
    ['TZ=UTC 0 3 * * *', 'sets a time zone inside the schedule, which Kubernetes refuses; remove the TZ= prefix and set timeZone'],
  ])('fails on the schedule %p', (schedule, why) => {
    expect(() => setupCron({ schedule })).toThrow(`${PATH}: schedule '${schedule}' ${why}`);
  });

  test('fails on an unknown time zone', () => {
    expect(() => setupCron({ timeZone: 'Mars/Olympus' })).toThrow(`${PATH}: timeZone 'Mars/Olympus' is not an IANA time zone; use e.g. 'Etc/UTC' or 'Europe/Paris'`);
  });

  test('fails on a starting deadline below 10 s', () => {
    expect(() => setupCron({ startingDeadlineSeconds: 5 })).toThrow(`${PATH}: startingDeadlineSeconds 5 is not allowed; use an integer >= 10`);
  });

  test('fails on a negative history limit', () => {
    expect(() => setupCron({ failedJobsHistoryLimit: -1 })).toThrow(`${PATH}: failedJobsHistoryLimit -1 is not allowed; use an integer >= 0`);
  });

  test('fails when a TTL and history limits are both given', () => {
    expect(() => setupCron({ ttlSecondsAfterFinished: 60, successfulJobsHistoryLimit: 2 })).toThrow(
      `${PATH}: ttlSecondsAfterFinished and the history limits both clean up finished jobs and fight each other; set one of them`);
  });

  test('fails when given ingress rules', () => {
    expect(() => setupCron({ ingress: [{ peers: [{ namespaces: ['shop'] }] }] })).toThrow(`${PATH}: ingress is not allowed: ${NO_INGRESS}`);
  });
});
