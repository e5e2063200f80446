import { ApiObject, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { CheckStatus, ICheck, Severity } from '../../src/compliance/check';
import { Compliance } from '../../src/compliance/compliance';

/** A check that passes everything and records what the engine judged, in order. */
function recorder(): { check: ICheck; seen: any[] } {
  const seen: any[] = [];
  const check: ICheck = {
    id: 'test-recorder',
    title: 'Records objects',
    description: 'Records every object the engine judges.',
    severity: Severity.WARNING,
    controls: [],
    kinds: ['*'],
    evaluate: (object) => {
      seen.push(object);
      return { status: CheckStatus.PASS };
    },
  };
  return { check, seen };
}

function configMap(scope: Construct, id: string): ApiObject {
  return new ApiObject(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id, namespace: 'app' }, data: { key: id } });
}

describe('Compliance.check synthesis', () => {
  test('judges exactly what chart.toJson() renders, chart by chart, in dependency order', () => {
    const app = Testing.app();
    const charts = ['one', 'two', 'three'].map((id) => new Chart(app, id));
    const a = configMap(charts[0], 'a');
    const b = configMap(charts[0], 'b');
    a.node.addDependency(b); // b renders first
    const c = configMap(charts[1], 'c');
    configMap(charts[2], 'd');
    charts[1].addDependency(charts[2]); // chart three before chart two
    c.node.addDependency(configMap(charts[1], 'e'));
    const { check, seen } = recorder();
    Compliance.check(app, { additionalChecks: [check] });
    expect(seen).toEqual(app.charts.flatMap((chart) => chart.toJson()));
    expect(seen.map((o) => o.metadata.name)).toEqual(['b', 'a', 'd', 'e', 'c']);
  });

  test('fails like cdk8s synth when a construct of a later chart fails validation', () => {
    const app = Testing.app();
    configMap(new Chart(app, 'one'), 'a');
    const two = new Chart(app, 'two');
    configMap(two, 'b');
    two.node.addValidation({ validate: () => ['chart two is incomplete'] });
    expect(() => Compliance.check(app)).toThrow(/\[two\] chart two is incomplete/);
  });

  test('asks a chart that overrides toJson() for its manifests', () => {
    class Labelled extends Chart {
      public toJson(): any[] {
        return super.toJson().map((o) => ({ ...o, metadata: { ...o.metadata, labels: { overridden: 'yes' } } }));
      }
    }
    const app = Testing.app();
    configMap(new Chart(app, 'one'), 'a');
    configMap(new Labelled(app, 'two'), 'b');
    const { check, seen } = recorder();
    Compliance.check(app, { additionalChecks: [check] });
    expect(seen.map((o) => o.metadata.labels)).toEqual([undefined, { overridden: 'yes' }]);
  });
});
