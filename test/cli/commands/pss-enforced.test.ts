import * as path from 'path';
import { PLAIN_POD, runCli, tmpDir } from '../helpers';

const DUMP = path.join(__dirname, '..', 'fixtures', 'cluster-dump.yaml');

/** Namespaces labelled three ways, each with one Pod that baseline allows and restricted denies. */
const LABELLED = [
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: strict\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/enforce-version: v1.30\n',
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: loose\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/warn: restricted\n    pod-security.kubernetes.io/audit: restricted\n    pod-security.kubernetes.io/audit-version: v1.25\n',
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: typo\n  labels:\n    pod-security.kubernetes.io/enforce: restriced\n',
  PLAIN_POD.replace('team-a', 'strict'),
  PLAIN_POD.replace('team-a', 'loose'),
  PLAIN_POD.replace('team-a', 'typo'),
  PLAIN_POD.replace('team-a', 'elsewhere'),
].join('---\n');

describe('pss --as-enforced', () => {
  const file = path.join(tmpDir({ 'labelled.yaml': LABELLED }), 'labelled.yaml');

  test('judges each pod at its own namespace enforce label and version, reporting warn and audit objections', () => {
    const r = runCli(['pss', file, '--as-enforced', '--format', 'json']);
    const verdicts = JSON.parse(r.out);
    expect(verdicts.map((v: any) => [v.namespace, v.policy, v.allowed])).toEqual([
      ['strict', 'restricted:v1.30', false],
      ['loose', 'baseline:latest', true],
      ['typo', 'restricted:latest', false],
      ['elsewhere', 'privileged:latest', true],
    ]);
    expect(verdicts[1].warn).toMatch(/^would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
    expect(verdicts[1].audit).toMatch(/^would violate PodSecurity "restricted:v1.25": /);
    expect(verdicts[0].warn).toBeUndefined();
    expect(r.code).toBe(1);
  });

  test('warns about a malformed label (enforce fails closed) and about namespaces missing from the input', () => {
    const r = runCli(['pss', file, '--as-enforced']);
    expect(r.err).toBe('warning: namespace "typo": label pod-security.kubernetes.io/enforce="restriced" is not privileged, baseline or restricted; admission uses restricted\n'
      + 'note: namespace "elsewhere" is not in the input; its pods are judged as an unlabelled namespace\'s (privileged:latest). Include the Namespace objects (kubectl get ns -o yaml) to judge them at their labels\n');
  });

  test('names the namespace and the enforced policy in text', () => {
    const r = runCli(['pss', file, '--as-enforced']);
    expect(r.out.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^DENIED   ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}#3 Pod strict/plain: violates PodSecurity "restricted:v1.30": allowPrivilegeEscalation != false`)),
      `allowed  ${file}#4 Pod loose/plain (enforce baseline:latest)`,
      expect.stringMatching(/^ {9}warn: would violate PodSecurity "restricted:latest": /),
      expect.stringMatching(/^ {9}audit: would violate PodSecurity "restricted:v1.25": /),
      expect.stringMatching(/#5 Pod typo\/plain: violates PodSecurity "restricted:latest"/),
      `allowed  ${file}#6 Pod elsewhere/plain (enforce privileged:latest)`,
      "4 pods and pod templates at their namespaces' enforce policies: 2 allowed, 2 denied",
      '',
    ]);
  });

  test('on a kubectl dump, judges each workload once with its pods folded in (flannel at privileged is allowed)', () => {
    const r = runCli(['pss', DUMP, '--as-enforced', '--format', 'json']);
    expect(JSON.parse(r.out).map((v: any) => [v.kind, v.namespace, v.name, v.policy, v.allowed, v.owned])).toEqual([
      ['Deployment', 'ingress-nginx', 'ingress-nginx-controller', 'privileged:latest', true,
        ['ReplicaSet ingress-nginx/ingress-nginx-controller-5c8d66c76d', 'Pod ingress-nginx/ingress-nginx-controller-5c8d66c76d-x2bqn']],
      ['Deployment', 'kube-system', 'metrics-server', 'privileged:latest', true, ['ReplicaSet kube-system/metrics-server-6f8c8b7d9', 'Pod kube-system/metrics-server-6f8c8b7d9-q4v7m']],
      ['DaemonSet', 'kube-flannel', 'kube-flannel-ds', 'privileged:latest', true, ['Pod kube-flannel/kube-flannel-ds-x7k2p']],
    ]);
    expect(r.code).toBe(0);
    const all = JSON.parse(runCli(['pss', DUMP, '--as-enforced', '--format', 'json', '--no-owner-dedup']).out);
    expect(all).toHaveLength(8);
  });

  test('--namespace limits the judged pods', () => {
    const r = runCli(['pss', file, '--as-enforced', '--format', 'json', '-n', 'loose']);
    expect(JSON.parse(r.out).map((v: any) => v.namespace)).toEqual(['loose']);
    expect(r.code).toBe(0);
  });
});

describe('pss --dry-run-label', () => {
  test('answers "what breaks if I label the namespace enforce=restricted at v1.30" in kubectl label --dry-run=server words', () => {
    const r = runCli(['pss', DUMP, '--dry-run-label', 'ingress-nginx=restricted:v1.30']);
    expect(r.out).toBe([
      'Warning: existing pods in namespace "ingress-nginx" violate the new PodSecurity enforce level "restricted:v1.30"',
      'Warning: ingress-nginx-controller-5c8d66c76d-x2bqn: hostPort, allowPrivilegeEscalation != false, runAsNonRoot != true, seccompProfile',
      'Warning: Deployment ingress-nginx/ingress-nginx-controller could not create pods under "restricted:v1.30": hostPort, allowPrivilegeEscalation != false, runAsNonRoot != true, seccompProfile',
      'namespace/ingress-nginx labeled (offline dry run)',
      '',
    ].join('\n'));
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
  });

  test('groups pods with the same reasons as admission does: the first name and a count of the others', () => {
    const pods = ['a', 'b', 'c'].map((n) => PLAIN_POD.replace('name: plain', `name: ${n}`)).join('---\n');
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n---\n';
    const r = runCli(['pss', '-', '--dry-run-label', 'team-a=restricted', '--format', 'json'], { stdin: ns + pods });
    expect(JSON.parse(r.out)).toEqual([{
      namespace: 'team-a',
      policy: 'restricted:latest',
      changed: true,
      pods: [{ names: ['a', 'b', 'c'], reasons: ['allowPrivilegeEscalation != false', 'unrestricted capabilities', 'runAsNonRoot != true', 'seccompProfile'] }],
      controllers: [],
    }]);
    expect(runCli(['pss', '-', '--dry-run-label', 'team-a=restricted'], { stdin: ns + pods }).out)
      .toContain('Warning: a (and 2 other pods): allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile\n');
  });

  test('exits 0 with no warning when nothing breaks, and when the level is privileged or unchanged', () => {
    expect(runCli(['pss', DUMP, '--dry-run-label', 'kube-system=baseline'])).toEqual({ code: 0, err: '', out: 'namespace/kube-system labeled (offline dry run)\n' });
    expect(runCli(['pss', DUMP, '--dry-run-label', 'ingress-nginx=privileged']).code).toBe(0);
    const same = runCli(['pss', DUMP, '--dry-run-label', 'kube-flannel=privileged:latest']);
    expect(same.out).toBe('(enforce is already "privileged:latest" on namespace "kube-flannel": admission evaluates nothing)\nnamespace/kube-flannel labeled (offline dry run)\n');
  });

  test('keeps the namespace enforce-version label when the dry run names no version, as kubectl label does', () => {
    const dir = tmpDir({ 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels: {pod-security.kubernetes.io/enforce-version: v1.24}\n---\n' + PLAIN_POD });
    const r = runCli(['pss', dir, '--dry-run-label', 'team-a=baseline', '--format', 'json']);
    expect(JSON.parse(r.out)[0].policy).toBe('baseline:v1.24');
  });

  test('fails with exit 2 on a namespace missing from the input or a malformed label', () => {
    const missing = runCli(['pss', DUMP, '--dry-run-label', 'shop=restricted']);
    expect(missing.err).toBe('cdk8s-hardened: namespace "shop" is not in the input; include it (kubectl get ns,po -A -o yaml) to judge a label change on it\n');
    expect(missing.code).toBe(2);
    const bad = runCli(['pss', DUMP, '--dry-run-label', 'shop=strict:v1.30']);
    expect(bad.err).toBe("cdk8s-hardened: invalid --dry-run-label 'shop=strict:v1.30'; use NAMESPACE=LEVEL[:VERSION] with LEVEL privileged, baseline or restricted and VERSION 'v1.N' or 'latest' (e.g. 'shop=restricted:v1.30')\n");
    expect(bad.code).toBe(2);
  });

  test('fails with exit 2 when modes are combined', () => {
    const r = runCli(['pss', DUMP, '--level', 'baseline', '--as-enforced']);
    expect(r.err).toBe('cdk8s-hardened: pss needs exactly one of --level <baseline|restricted>, --as-enforced or --dry-run-label NAMESPACE=LEVEL[:VERSION]\n');
    expect(r.code).toBe(2);
  });
});
