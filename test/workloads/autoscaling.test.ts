import { Testing } from 'cdk8s';
import { IMAGE } from './fixtures';
import { Hardening, OptOut } from '../../src/warnings';
import { DisruptionBudget } from '../../src/workloads/disruption-budget';
import { HardenedDeployment } from '../../src/workloads/hardened-deployment';
import { HardenedStatefulSet } from '../../src/workloads/hardened-stateful-set';

const SCALABLE = [
  { kind: 'Deployment', make: (c: any, p: any = {}) => new HardenedDeployment(c, 'api', { namespace: 'shop', name: 'api', image: IMAGE, ...p }) },
  { kind: 'StatefulSet', make: (c: any, p: any = {}) => new HardenedStatefulSet(c, 'api', { namespace: 'shop', name: 'api', image: IMAGE, ...p }) },
];

describe.each(SCALABLE)('autoscale() on a Hardened$kind', ({ kind, make }) => {
  const PATH = `Hardened${kind} 'test/api'`;

  function setup(props: any = {}) {
    const chart = Testing.chart();
    const w = make(chart, props);
    const synth = () => Testing.synth(chart);
    return { chart, w, synth, find: (k: string) => synth().find((o: any) => o.kind === k) };
  }

  test('matches the autoscaled snapshot', () => {
    const { w, synth } = setup();
    w.autoscale({ maxReplicas: 6 });
    expect(synth()).toMatchSnapshot();
  });

  test('creates an autoscaling/v2 HPA with minReplicas 2 and a 70% cpu target by default', () => {
    const { w, find } = setup();
    const hpa = w.autoscale({ maxReplicas: 6 });
    expect(hpa.node.id).toBe('Autoscaler');
    expect(find('HorizontalPodAutoscaler')).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'api', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind, name: 'api' },
        minReplicas: 2,
        maxReplicas: 6,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    });
  });

  test('renders no spec.replicas once autoscaled', () => {
    const { w, find } = setup();
    expect(find(kind).spec.replicas).toBe(2);
    w.autoscale({ maxReplicas: 6 });
    expect(find(kind).spec.replicas).toBeUndefined();
  });

  test('takes cpu and memory targets', () => {
    const { w, find } = setup();
    w.autoscale({ minReplicas: 3, maxReplicas: 9, cpuUtilizationPercent: 60, memoryUtilizationPercent: 80 });
    expect(find('HorizontalPodAutoscaler').spec.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization])).toEqual([['cpu', 60], ['memory', 80]]);
  });

  test('scales on memory alone when only a memory target is given', () => {
    const { w, find } = setup();
    w.autoscale({ maxReplicas: 4, memoryUtilizationPercent: 75 });
    expect(find('HorizontalPodAutoscaler').spec.metrics.map((m: any) => m.resource.name)).toEqual(['memory']);
  });

  test('allows a minimum of 1 only with an opt-out, recording a warning', () => {
    const { w, find } = setup();
    w.autoscale({ minReplicas: 1, maxReplicas: 3, singleReplicaMinimum: OptOut.because('nightly traffic is zero, cost matters') });
    expect(find('HorizontalPodAutoscaler').spec.minReplicas).toBe(1);
    expect(Hardening.of(w).warnings.map((x) => x.id)).toContain(`Hardened${kind}.SingleReplicaMinimum`);
  });

  test('fails when minReplicas is below 2 without an opt-out', () => {
    expect(() => setup().w.autoscale({ minReplicas: 1, maxReplicas: 3 })).toThrow(
      `${PATH}: autoscale minReplicas 1 leaves no pod serving during a drain or crash at the minimum; use minReplicas >= 2, or pass singleReplicaMinimum: OptOut.because('<why>')`);
  });

  test('fails when the opt-out is stale', () => {
    expect(() => setup().w.autoscale({ maxReplicas: 3, singleReplicaMinimum: OptOut.because('nightly traffic is zero') })).toThrow(
      `${PATH}: autoscale singleReplicaMinimum is set but minReplicas is 2; remove the opt-out so no stale exception is recorded`);
  });

  test('fails when maxReplicas is not above minReplicas', () => {
    expect(() => setup().w.autoscale({ minReplicas: 3, maxReplicas: 3 })).toThrow(
      `${PATH}: autoscale maxReplicas 3 is not above minReplicas 3; use an integer > 3 (or no autoscaler)`);
  });

  test('fails on a minReplicas that is not a positive integer', () => {
    expect(() => setup().w.autoscale({ minReplicas: 0, maxReplicas: 3 })).toThrow(
      `${PATH}: autoscale minReplicas 0 is not allowed; use an integer >= 2`);
  });

  test('fails on a utilization target outside 1-100', () => {
    expect(() => setup().w.autoscale({ maxReplicas: 3, cpuUtilizationPercent: 150 })).toThrow(
      `${PATH}: autoscale cpuUtilizationPercent 150 is not allowed; use an integer from 1 to 100`);
  });

  test('fails when called twice', () => {
    const { w } = setup();
    w.autoscale({ maxReplicas: 3 });
    expect(() => w.autoscale({ maxReplicas: 4 })).toThrow(`${PATH}: autoscale() was already called; one HorizontalPodAutoscaler per workload`);
  });

  test('fails when the disruption budget would block every eviction at the minimum', () => {
    const { w } = setup({ replicas: 4, disruptionBudget: DisruptionBudget.minAvailable(3) });
    expect(() => w.autoscale({ minReplicas: 2, maxReplicas: 6 })).toThrow(
      `${PATH}: disruptionBudget minAvailable 3 with 2 replica(s) allows no voluntary eviction and blocks node drains; use DisruptionBudget.maxUnavailable(1) or a minAvailable below the replicas (at the autoscaler's minReplicas)`);
  });

  test('fails when a minAvailable percentage rounds up to every pod at the minimum', () => {
    const { w } = setup({ replicas: 10, disruptionBudget: DisruptionBudget.minAvailablePercent(60) });
    expect(() => w.autoscale({ minReplicas: 2, maxReplicas: 12 })).toThrow(
      `${PATH}: disruptionBudget minAvailable 60% with 2 replica(s) rounds up to every pod, allows no voluntary eviction and blocks node drains; use DisruptionBudget.maxUnavailable(1) or a lower percentage (at the autoscaler's minReplicas)`);
  });
});

describe('autoscale() and Polaris', () => {
  test('exempts an autoscaled Deployment from deploymentMissingReplicas, with the reason', () => {
    const chart = Testing.chart();
    new HardenedDeployment(chart, 'api', { namespace: 'shop', name: 'api', image: IMAGE }).autoscale({ maxReplicas: 4 });
    expect(Testing.synth(chart).find((o: any) => o.kind === 'Deployment').metadata.annotations).toEqual({
      'polaris.fairwinds.com/deploymentMissingReplicas-exempt': 'true',
      'cdk8s-hardened.io/polaris-exemption-reason': 'deploymentMissingReplicas: replicas are owned by the HorizontalPodAutoscaler, whose minReplicas is at least 2',
    });
  });
});
