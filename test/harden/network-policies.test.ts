import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { Compliance } from '../../src/compliance/compliance';
import { hardenYaml } from '../../src/harden/harden-yaml';
import { ALLOW_SUFFIX, DEFAULT_DENY_NAME, planNetworkPolicies } from '../../src/harden/network-policies';
import { planHardening } from '../../src/harden/plan';
import * as D from '../../src/workloads/defaults';
import { runCli, tmpDir } from '../cli/helpers';

const deployment = (name: string, ports: any[], namespace = 'shop') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name, tier: 'x' } }, spec: { containers: [{ name: 'c', image: 'i', ports }] } },
  },
});
const service = (name: string, targetPort: any, namespace = 'shop') => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector: { app: name }, ports: [{ port: 80, targetPort }] },
});

describe('planNetworkPolicies', () => {
  test('adds a default-deny policy per namespace and, per workload, what its ports and the Services imply', () => {
    const planned = planNetworkPolicies([deployment('api', [{ name: 'http', containerPort: 8080 }, { containerPort: 9090, protocol: 'UDP' }]), service('api', 'http')]);
    expect(planned.map((p) => p.policy)).toEqual([
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: DEFAULT_DENY_NAME, namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: `api${ALLOW_SUFFIX}`, namespace: 'shop' },
        spec: {
          podSelector: { matchLabels: { app: 'api' } },
          policyTypes: ['Ingress', 'Egress'],
          ingress: [{ ports: [{ port: 8080, protocol: 'TCP' }, { port: 9090, protocol: 'UDP' }] }],
          egress: [
            {
              to: [{ namespaceSelector: { matchLabels: { [D.NAMESPACE_NAME_LABEL]: 'kube-system' } }, podSelector: { matchLabels: { ...D.CLUSTER_DNS.podLabels } } }],
              ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
            },
            { to: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 'http', protocol: 'TCP' }] },
          ],
        },
      },
    ]);
  });

  test('allows a Service\'s numeric target port that no container declares', () => {
    const [, allow] = planNetworkPolicies([deployment('web', []), service('web', 3000)]);
    expect(allow.policy.spec.ingress).toEqual([{ ports: [{ port: 3000, protocol: 'TCP' }] }]);
  });

  test('writes no ingress for a workload nothing may reach, and nothing a policy of the input already is', () => {
    const existing = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: DEFAULT_DENY_NAME, namespace: 'shop' }, spec: { podSelector: {} } };
    const planned = planNetworkPolicies([deployment('client', []), existing]);
    expect(planned.map((p) => [p.policy.metadata.name, p.policy.spec.ingress])).toEqual([[`client${ALLOW_SUFFIX}`, []]]);
  });

  test('is opt-in: the planner adds nothing unless asked, and reports each policy it adds', () => {
    const input = [deployment('api', [{ containerPort: 8080 }])];
    expect(planHardening(input).added).toEqual([]);
    const plan = planHardening(input, { networkPolicies: true });
    expect(plan.added).toHaveLength(2);
    expect(plan.changes.filter((c) => c.rule === 'network-policy')).toEqual([
      expect.objectContaining({ object: { index: 1, kind: 'NetworkPolicy', name: DEFAULT_DENY_NAME, namespace: 'shop' }, path: '', kind: 'opt-in' }),
      expect.objectContaining({ object: { index: 2, kind: 'NetworkPolicy', name: `api${ALLOW_SUFFIX}`, namespace: 'shop' }, path: '', kind: 'opt-in' }),
    ]);
  });

  test('writes nothing for a workload without a namespace (the policy would land wherever kubectl points)', () => {
    const text = fs.readFileSync(path.join(__dirname, 'fixtures', 'online-boutique.yaml'), 'utf8');
    expect(hardenYaml([{ file: 'b.yaml', text }], { networkPolicies: true }).added).toBe('');
  });

  test('introduces no finding and covers every workload', () => {
    const input = [deployment('api', [{ containerPort: 8080 }]), service('api', 8080), deployment('client', [])];
    const plan = planHardening(input, { networkPolicies: true });
    const failing = (objects: unknown[]) => new Set(Compliance.evaluate(objects, { pack: 'hardened' }).findings
      .filter((f) => f.status === 'fail').map((f) => `${f.checkId} ${f.object.kind}/${f.object.name}`));
    const was = failing(input);
    const now = failing([...plan.objects, ...plan.added]);
    expect([...now].filter((f) => !was.has(f))).toEqual([]);
    expect([...was].filter((f) => f.startsWith('network-policy-coverage'))).not.toEqual([]);
    expect([...now].filter((f) => f.startsWith('network-policy-coverage'))).toEqual([]);
  });
});

describe('harden --network-policies', () => {
  const input = `${YAML.stringify(deployment('api', [{ containerPort: 8080 }]))}`;

  test('writes the policies as their own file under --output and finds them on the next run', () => {
    const dir = tmpDir({ 'app.yaml': input });
    const out = path.join(tmpDir({}), 'out');
    expect(runCli(['harden', dir, '--output', out, '--network-policies', '--assume-non-root']).code).toBe(0);
    const policies = fs.readFileSync(path.join(out, 'harden-network-policies.yaml'), 'utf8');
    expect(policies).toContain(`name: ${DEFAULT_DENY_NAME}`);
    const again = path.join(tmpDir({}), 'again');
    runCli(['harden', out, '--output', again, '--network-policies', '--assume-non-root']);
    expect(fs.readFileSync(path.join(again, 'harden-network-policies.yaml'), 'utf8')).toBe(policies);
    expect(fs.readFileSync(path.join(again, 'app.yaml'), 'utf8')).toBe(fs.readFileSync(path.join(out, 'app.yaml'), 'utf8'));
  });

  test('appends them to stdout as new documents', () => {
    const result = runCli(['harden', '-', '--output', '-', '--network-policies'], { stdin: input });
    const kinds = YAML.parseAllDocuments(result.out).map((d) => d.toJS().kind);
    expect(kinds).toEqual(['Deployment', 'NetworkPolicy', 'NetworkPolicy']);
  });
});
