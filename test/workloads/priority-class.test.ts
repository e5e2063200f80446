import { App, Chart, Testing } from 'cdk8s';
import * as D from '../../src/workloads/defaults';
import { HardenedDeployment } from '../../src/workloads/hardened-deployment';
import { defaultPriorityClassName, ensureDefaultPriorityClass, PRIORITY_CLASS_ID, PRIORITY_CLASS_NAME_CONTEXT_KEY } from '../../src/workloads/priority-class';

const IMAGE = `registry.example.com/team/api:1.0.0@sha256:${'a'.repeat(64)}`;

function deploy(chart: Chart, id: string, namespace = 'production') {
  return new HardenedDeployment(chart, id, { namespace, name: id, image: IMAGE });
}

function priorityClasses(app: App): any[] {
  return app.charts.flatMap((c) => Testing.synth(c)).filter((o: any) => o.kind === 'PriorityClass');
}

const EXPECTED = {
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  metadata: { name: 'cdk8s-hardened-workload' },
  value: 1000,
  preemptionPolicy: 'Never',
  globalDefault: false,
  description: D.PRIORITY_CLASS.description,
};

describe('the default PriorityClass', () => {
  test('defaults to cdk8s-hardened-workload, value 1000, never preempting, not the global default', () => {
    const app = Testing.app();
    deploy(new Chart(app, 'a'), 'api');
    expect(priorityClasses(app)).toEqual([EXPECTED]);
  });

  test('is emitted once per app across several charts, in the chart of the first workload', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    const c = new Chart(app, 'c');
    deploy(b, 'api');
    deploy(a, 'web');
    deploy(c, 'worker');
    deploy(b, 'jobs');
    expect(priorityClasses(app)).toEqual([EXPECTED]);
    expect(Testing.synth(b).filter((o: any) => o.kind === 'PriorityClass')).toHaveLength(1);
    expect(b.node.tryFindChild(PRIORITY_CLASS_ID)).toBeDefined();
    expect([a, c].map((x) => x.node.tryFindChild(PRIORITY_CLASS_ID))).toEqual([undefined, undefined]);
    for (const chart of [a, b, c]) {
      for (const d of Testing.synth(chart).filter((o: any) => o.kind === 'Deployment')) {
        expect(d.spec.template.spec.priorityClassName).toBe('cdk8s-hardened-workload');
      }
    }
  });

  test('has no namespace even when the owning chart has one', () => {
    const app = Testing.app();
    deploy(new Chart(app, 'a', { namespace: 'chart-ns' }), 'api');
    deploy(new Chart(app, 'b', { namespace: 'other-ns' }), 'web');
    expect(priorityClasses(app)).toEqual([EXPECTED]);
  });

  test('synthesizes once in the whole app YAML', () => {
    const app = Testing.app();
    deploy(new Chart(app, 'a'), 'api');
    deploy(new Chart(app, 'b'), 'web');
    expect(app.synthYaml().match(/kind: PriorityClass/g)).toHaveLength(1);
  });

  test('is emitted again for another app', () => {
    for (let i = 0; i < 2; i++) {
      const app = Testing.app();
      deploy(new Chart(app, 'a'), 'api');
      expect(priorityClasses(app)).toHaveLength(1);
    }
  });

  test('takes its name from the app context', () => {
    const app = Testing.app();
    app.node.setContext(PRIORITY_CLASS_NAME_CONTEXT_KEY, 'team-a-workload');
    const a = new Chart(app, 'a');
    deploy(a, 'api');
    deploy(new Chart(app, 'b'), 'web');
    expect(priorityClasses(app)).toEqual([{ ...EXPECTED, metadata: { name: 'team-a-workload' } }]);
    expect(Testing.synth(a).find((o: any) => o.kind === 'Deployment').spec.template.spec.priorityClassName).toBe('team-a-workload');
  });

  test('emits one class per distinct name when charts name theirs differently', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    b.node.setContext(PRIORITY_CLASS_NAME_CONTEXT_KEY, 'batch-workload');
    deploy(a, 'api');
    deploy(b, 'jobs');
    deploy(b, 'jobs2');
    expect(priorityClasses(app).map((o) => o.metadata.name)).toEqual(['cdk8s-hardened-workload', 'batch-workload']);
  });

  test('returns the name it created', () => {
    const chart = Testing.chart();
    expect(ensureDefaultPriorityClass(chart)).toBe('cdk8s-hardened-workload');
    expect(ensureDefaultPriorityClass(chart)).toBe('cdk8s-hardened-workload');
    expect(Testing.synth(chart)).toHaveLength(1);
  });

  test.each([
    ['Team_A', "Chart 'test': context 'cdk8s-hardened:priorityClassName' 'Team_A' is not a PriorityClass name; use a DNS-1123 subdomain: at most 253 characters, lowercase alphanumerics, '-' or '.', starting and ending with an alphanumeric (e.g. 'cdk8s-hardened-workload')"],
    [42, "Chart 'test': context 'cdk8s-hardened:priorityClassName' 42 is not a PriorityClass name; use a DNS-1123 subdomain: at most 253 characters, lowercase alphanumerics, '-' or '.', starting and ending with an alphanumeric (e.g. 'cdk8s-hardened-workload')"],
    ['system-critical', "Chart 'test': context 'cdk8s-hardened:priorityClassName' 'system-critical' is not allowed; the 'system-' prefix is reserved for Kubernetes' own priority classes, choose another name (e.g. 'cdk8s-hardened-workload')"],
  ])('fails on the context name %j', (name, message) => {
    const app = Testing.app();
    app.node.setContext(PRIORITY_CLASS_NAME_CONTEXT_KEY, name);
    const chart = new Chart(app, 'test');
    expect(() => defaultPriorityClassName(chart)).toThrow(message);
  });
});
