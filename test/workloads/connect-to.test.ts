import { Chart, Testing } from 'cdk8s';
import { HardenedDeployment } from '../../src/workloads/hardened-deployment';

const IMAGE = `registry.example.com/team/api:1.0.0@sha256:${'a'.repeat(64)}`;

function policyOf(chart: Chart, name: string, namespace: string): any {
  return Testing.synth(chart).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === name && o.metadata.namespace === namespace);
}

describe('connectTo', () => {
  test('writes the client egress and the target ingress within one namespace', () => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', { namespace: 'shop', name: 'api', image: IMAGE, port: 8080 });
    const worker = new HardenedDeployment(chart, 'worker', { namespace: 'shop', name: 'worker', image: IMAGE, port: 9090 });
    worker.connectTo(api);
    expect(policyOf(chart, 'worker', 'shop').spec.egress).toContainEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'api' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
    expect(policyOf(chart, 'api', 'shop').spec.ingress).toContainEqual({
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'worker' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
  });

  test('adds namespace selectors across namespaces', () => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', { namespace: 'shop', name: 'api', image: IMAGE, port: 8080 });
    const worker = new HardenedDeployment(chart, 'worker', { namespace: 'jobs', name: 'worker', image: IMAGE, port: 9090 });
    worker.connectTo(api);
    expect(policyOf(chart, 'worker', 'jobs').spec.egress).toContainEqual({
      to: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'api' } },
      }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
    expect(policyOf(chart, 'api', 'shop').spec.ingress).toContainEqual({
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'jobs' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'worker' } },
      }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
  });

  test('fails when the port is not declared by the target', () => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', { namespace: 'shop', name: 'api', image: IMAGE, port: 8080 });
    const worker = new HardenedDeployment(chart, 'worker', { namespace: 'shop', name: 'worker', image: IMAGE, port: 9090 });
    expect(() => worker.connectTo(api, { port: 9999 })).toThrow(
      "HardenedDeployment 'test/worker': connectTo 'test/api': port 9999 is not declared by a container of the target (declared: 8080); pass a declared port");
  });

  test('fails when a workload connects to itself', () => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', { namespace: 'shop', name: 'api', image: IMAGE, port: 8080 });
    expect(() => api.connectTo(api)).toThrow(/connectTo names this workload itself/);
  });
});
