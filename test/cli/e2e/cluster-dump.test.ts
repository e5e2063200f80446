import * as path from 'path';
import { nodeCommand, spawnPipeline } from './spawn';

const DUMP = path.join(__dirname, '..', 'fixtures', 'cluster-dump.yaml');
const PRODUCER = path.join(__dirname, 'slow-producer.js');

describe('auditing a kubectl dump through a pipe (spawned process)', () => {
  test('`kubectl get ... -o yaml | cdk8s-hardened check - --format sarif`: one result per workload finding, on the top owner', () => {
    const r = spawnPipeline(nodeCommand(PRODUCER, [DUMP, '2048', '20']), ['check', '-', '--format', 'sarif', '--check', 'pss-restricted-*']);
    expect(r.stderr).toBe('');
    const results = JSON.parse(r.stdout).runs[0].results;
    const escalation = results.filter((x: any) => x.ruleId === 'pss-restricted-allow-privilege-escalation');
    expect(escalation.map((x: any) => x.locations[0].logicalLocations[0].fullyQualifiedName)).toEqual([
      'Deployment/ingress-nginx/ingress-nginx-controller', 'Deployment/kube-system/metrics-server', 'DaemonSet/kube-flannel/kube-flannel-ds',
    ]);
    expect(escalation[0].message.text).toContain('(also on 2 controlled objects: ReplicaSet ingress-nginx/ingress-nginx-controller-5c8d66c76d, Pod ingress-nginx/ingress-nginx-controller-5c8d66c76d-x2bqn)');
    expect(results.every((x: any) => !x.locations[0].logicalLocations[0].fullyQualifiedName.startsWith('ReplicaSet/'))).toBe(true);
    expect(r.code).toBe(1);
  }, 240_000);

  test('`... | cdk8s-hardened pss --dry-run-label ingress-nginx=restricted:v1.30` prints what admission would warn', () => {
    const r = spawnPipeline(nodeCommand(PRODUCER, [DUMP, '2048', '20']), ['pss', '--dry-run-label', 'ingress-nginx=restricted:v1.30']);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('Warning: existing pods in namespace "ingress-nginx" violate the new PodSecurity enforce level "restricted:v1.30"');
    expect(r.code).toBe(1);
  }, 240_000);
});
