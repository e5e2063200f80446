import * as fs from 'fs';
import * as path from 'path';
import { expectValidSarif } from '../../compliance/reporters/sarif-schema';
import { runCli, tmpDir } from '../helpers';

/** A `kind: List` dump of three public install manifests with owner chains (see the file's header). */
const DUMP = path.join(__dirname, '..', 'fixtures', 'cluster-dump.yaml');
const DUMP_TEXT = fs.readFileSync(DUMP, 'utf8');

/** The 1-based line of the List item that names `name` first (its `- apiVersion:` line). */
function itemLine(name: string): number {
  const lines = DUMP_TEXT.split('\n');
  const at = lines.findIndex((l) => l === `    name: ${name}`);
  for (let i = at; i >= 0; i--) if (lines[i].startsWith('- ')) return i + 1;
  throw new Error(`no item ${name}`);
}

function json(args: string[]): any {
  const r = runCli(args);
  expect(r.err).toBe('');
  return JSON.parse(r.out);
}

describe('check on a kubectl List dump', () => {
  test('reports each workload finding once, on the top owner, naming the ReplicaSet and Pod it also covers', () => {
    const report = json(['check', DUMP, '--format', 'json']);
    const escalation = report.findings.filter((f: any) => f.checkId === 'pss-restricted-allow-privilege-escalation');
    expect(escalation.map((f: any) => [f.object.kind, f.object.name])).toEqual([
      ['Deployment', 'ingress-nginx-controller'],
      ['Deployment', 'metrics-server'],
      ['DaemonSet', 'kube-flannel-ds'],
    ]);
    expect(escalation[0].owned.map((o: any) => [o.kind, o.namespace, o.name])).toEqual([
      ['ReplicaSet', 'ingress-nginx', 'ingress-nginx-controller-5c8d66c76d'],
      ['Pod', 'ingress-nginx', 'ingress-nginx-controller-5c8d66c76d-x2bqn'],
    ]);
    expect(escalation[2].owned.map((o: any) => o.name)).toEqual(['kube-flannel-ds-x7k2p']);
    expect(report.findings.filter((f: any) => f.object.kind === 'ReplicaSet')).toEqual([]);
  });

  test('--no-owner-dedup reports the finding on every object of the chain', () => {
    const report = json(['check', DUMP, '--format', 'json', '--no-owner-dedup']);
    const escalation = report.findings.filter((f: any) => f.checkId === 'pss-restricted-allow-privilege-escalation');
    expect(escalation.map((f: any) => f.object.name)).toEqual([
      'ingress-nginx-controller', 'metrics-server', 'ingress-nginx-controller-5c8d66c76d', 'metrics-server-6f8c8b7d9',
      'kube-flannel-ds', 'ingress-nginx-controller-5c8d66c76d-x2bqn', 'metrics-server-6f8c8b7d9-q4v7m', 'kube-flannel-ds-x7k2p',
    ]);
    expect(escalation.some((f: any) => f.owned !== undefined)).toBe(false);
    const deduped = json(['check', DUMP, '--format', 'json']);
    expect(report.summary.failed).toBeGreaterThan(deduped.summary.failed);
    expect(deduped.summary.failed).toBe(deduped.findings.filter((f: any) => f.suppressedReason === undefined && f.status === 'fail').length);
  });

  test('gives each List item its own line and column in JSON, text, SARIF, JUnit and Markdown', () => {
    const line = itemLine('ingress-nginx-controller');
    const report = json(['check', DUMP, '--format', 'json', '--check', 'pss-restricted-host-ports']);
    expect(report.findings.map((f: any) => [f.object.name, f.object.index, f.object.line, f.object.column]))
      .toEqual([['ingress-nginx-controller', 0, line, 3]]);
    expect(runCli(['check', DUMP, '--check', 'pss-restricted-host-ports']).out)
      .toContain(`FAIL [error] pss-restricted-host-ports  Deployment ingress-nginx/ingress-nginx-controller  (${DUMP}:${line}:3)`);
    const sarif = json(['check', DUMP, '--format', 'sarif']);
    expectValidSarif(sarif);
    const regions = sarif.runs[0].results.map((r: any) => r.locations[0].physicalLocation.region);
    expect(regions.every((g: any) => g.startLine > 1 && g.startColumn === 3)).toBe(true);
    expect(new Set(regions.map((g: any) => g.startLine)).size).toBeGreaterThan(3);
    expect(sarif.runs[0].results.find((r: any) => r.ruleId === 'pss-restricted-host-ports').locations[0].physicalLocation.region)
      .toEqual({ startLine: line, startColumn: 3 });
    expect(runCli(['check', DUMP, '--format', 'junit', '--check', 'pss-restricted-host-ports']).out).toContain(`source: ${DUMP}:${line}:3`);
    expect(runCli(['check', DUMP, '--format', 'markdown', '--check', 'pss-restricted-host-ports']).out).toContain(`\`${DUMP}:${line}:3\``);
  });

  test('names the controlled objects in text, SARIF, JUnit and Markdown', () => {
    const also = 'also on 2 controlled objects: ReplicaSet ingress-nginx/ingress-nginx-controller-5c8d66c76d, Pod ingress-nginx/ingress-nginx-controller-5c8d66c76d-x2bqn';
    const args = ['check', DUMP, '--check', 'pss-restricted-host-ports'];
    expect(runCli(args).out).toContain(`      ${also}\n`);
    expect(json([...args, '--format', 'sarif']).runs[0].results[0].message.text).toContain(`(${also})`);
    expect(runCli([...args, '--format', 'junit']).out).toContain(also);
    expect(runCli([...args, '--format', 'markdown']).out).toContain(also);
  });

  test('expands typed lists (DeploymentList) like List', () => {
    const dir = tmpDir({
      'deploys.yaml': 'apiVersion: apps/v1\nkind: DeploymentList\nitems:\n- metadata: {name: web, namespace: shop}\n  spec: {template: {spec: {containers: [{name: app, image: nginx}]}}}\n',
    });
    const report = json(['check', path.join(dir, 'deploys.yaml'), '--format', 'json', '--pack', 'pss-baseline']);
    expect(report.summary.objects).toBe(1);
    const pss = json(['pss', path.join(dir, 'deploys.yaml'), '--level', 'restricted', '--format', 'json']);
    expect(pss.map((v: any) => [v.kind, v.namespace, v.name, v.allowed, v.line, v.column])).toEqual([['Deployment', 'shop', 'web', false, 4, 3]]);
  });
});

describe('check filters', () => {
  test('--namespace judges only objects of the namespaces (and their Namespace objects), repeatable', () => {
    const report = json(['check', DUMP, '--format', 'json', '-n', 'kube-flannel', '--namespace', 'kube-system']);
    const namespaces = new Set(report.findings.map((f: any) => f.object.kind === 'Namespace' ? f.object.name : f.object.namespace));
    expect([...namespaces].sort()).toEqual(['kube-flannel', 'kube-system']);
    expect(report.summary.objects).toBe(7);
  });

  test('--namespace narrows the scorecard to the objects and Namespaces it judges', () => {
    const totals = (args: string[]) => Object.fromEntries(json(['check', DUMP, '--format', 'json', ...args]).scorecard
      .map((m: any) => [m.id, [m.total, ...(m.parts ?? []).map((p: any) => p.total)]]));
    expect(totals([])).toEqual({
      'rbac-least-privilege': [5, 0, 5], 'pss-restricted-production': [2], 'network-policy-coverage': [7, 5, 2], 'image-signing': [5],
    });
    expect(totals(['-n', 'kube-flannel'])).toEqual({
      'rbac-least-privilege': [2, 0, 2], 'pss-restricted-production': [1], 'network-policy-coverage': [3, 2, 1], 'image-signing': [2],
    });
  });

  test('--check runs only the named checks and families; --skip-check leaves checks out', () => {
    const only = json(['check', DUMP, '--format', 'json', '--check', 'pss-restricted-*', '--check', 'image-digest']);
    expect([...new Set(only.findings.map((f: any) => f.checkId))].sort()).toEqual([
      'image-digest', 'pss-restricted-allow-privilege-escalation', 'pss-restricted-capabilities-restricted', 'pss-restricted-host-namespaces',
      'pss-restricted-host-ports', 'pss-restricted-restricted-volumes', 'pss-restricted-run-as-non-root', 'pss-restricted-seccomp-profile-restricted',
    ]);
    const skipped = json(['check', DUMP, '--format', 'json', '--skip-check', 'pss-restricted-*']);
    expect(skipped.findings.some((f: any) => f.checkId.startsWith('pss-restricted-'))).toBe(false);
    expect(skipped.findings.length).toBeGreaterThan(0);
  });

  test('--min-severity error leaves warnings out', () => {
    const all = json(['check', DUMP, '--format', 'json']);
    expect(all.findings.some((f: any) => f.severity === 'warning')).toBe(true);
    const errors = json(['check', DUMP, '--format', 'json', '--min-severity', 'error']);
    expect(errors.findings.length).toBeGreaterThan(0);
    expect(errors.findings.every((f: any) => f.severity === 'error')).toBe(true);
  });

  test('fails with exit 2 on a check id that names no check', () => {
    const r = runCli(['check', DUMP, '--check', 'no-such-check']);
    expect(r.err).toBe("cdk8s-hardened: --check 'no-such-check' names no check of pack 'hardened' (nor a scorecard or suppression check); "
      + "use a check id listed in RULES.md or a prefix wildcard ending in '-*' (e.g. 'pss-restricted-*')\n");
    expect(r.code).toBe(2);
    expect(runCli(['check', DUMP, '--skip-check', 'pss-nope-*']).code).toBe(2);
  });

  test('fails with exit 2 on an invalid --min-severity', () => {
    const r = runCli(['check', DUMP, '--min-severity', 'critical']);
    expect(r.err).toContain("argument 'critical' is invalid. Allowed choices are error, warning, info.");
    expect(r.code).toBe(2);
  });
});

describe('check scorecard options', () => {
  test('--production-label selects the production namespaces the scorecard measures', () => {
    const dir = tmpDir({
      'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {tier: prod, pod-security.kubernetes.io/enforce: restricted}\n'
        + '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: sandbox}\n',
    });
    const metric = (args: string[]): any => json(['check', dir, '--format', 'json', ...args]).scorecard.find((m: any) => m.id === 'pss-restricted-production');
    // No namespace carries environment=production: every non-system namespace counts.
    expect([metric([]).compliant, metric([]).total]).toEqual([1, 2]);
    expect([metric(['--production-label', 'tier=prod']).compliant, metric(['--production-label', 'tier=prod']).total]).toEqual([1, 1]);
  });

  test('--target sets a metric target; a met target stops its scorecard finding', () => {
    const report = json(['check', DUMP, '--format', 'json', '--target', 'network-policy-coverage=0', '--target', 'image-signing=50%']);
    expect(report.scorecard.find((m: any) => m.id === 'network-policy-coverage').target).toBe(0);
    expect(report.scorecard.find((m: any) => m.id === 'image-signing').target).toBe(50);
    expect(report.scorecard.find((m: any) => m.id === 'rbac-least-privilege').target).toBe(100);
  });

  test('fails with exit 2 on a malformed --target or --production-label', () => {
    const metrics = "'rbac-least-privilege', 'pss-restricted-production', 'network-policy-coverage', 'image-signing'";
    expect(runCli(['check', DUMP, '--target', 'coverage=90']).err)
      .toBe(`cdk8s-hardened: invalid --target 'coverage=90'; use METRIC=PERCENT with a percent from 0 to 100 and a metric among ${metrics}\n`);
    expect(runCli(['check', DUMP, '--target', 'image-signing=101']).code).toBe(2);
    const r = runCli(['check', DUMP, '--production-label', 'production']);
    expect(r.err).toBe("cdk8s-hardened: invalid --production-label 'production'; use KEY=VALUE (e.g. 'environment=production')\n");
    expect(r.code).toBe(2);
  });
});

describe('empty input', () => {
  test('fails with exit 2 when the input holds no Kubernetes object', () => {
    const r = runCli(['check', '-'], { stdin: '' });
    expect(r.err).toBe("cdk8s-hardened: no Kubernetes objects in standard input; an empty render or a failed 'kubectl get' looks like this. Pass --allow-empty if an empty input is expected\n");
    expect(r.out).toBe('');
    expect(r.code).toBe(2);
  });

  test('fails with exit 2 on an empty List and on a file of empty documents, naming what was skipped', () => {
    const dir = tmpDir({ 'empty.yaml': '---\n---\n', 'list.yaml': 'apiVersion: v1\nkind: List\nitems: []\n' });
    expect(runCli(['pss', path.join(dir, 'list.yaml'), '--level', 'baseline']).err)
      .toBe(`cdk8s-hardened: no Kubernetes objects in '${path.join(dir, 'list.yaml')}'; an empty render or a failed 'kubectl get' looks like this. Pass --allow-empty if an empty input is expected\n`);
    const r = runCli(['check', dir]);
    expect(r.err).toBe("cdk8s-hardened: no Kubernetes objects in 2 files (2 documents skipped: empty document, ...); an empty render or a failed 'kubectl get' looks like this. Pass --allow-empty if an empty input is expected\n");
    expect(r.code).toBe(2);
  });

  test('--allow-empty accepts an empty input', () => {
    const r = runCli(['check', '-', '--allow-empty', '--format', 'json'], { stdin: '' });
    expect(JSON.parse(r.out).summary.objects).toBe(0);
    expect(r.code).toBe(0);
    const p = runCli(['pss', '-', '--allow-empty', '--level', 'restricted'], { stdin: 'apiVersion: v1\nkind: PodList\nitems: []\n' });
    expect(p.out).toBe('0 pods and pod templates at restricted:latest: 0 allowed, 0 denied\n');
    expect(p.code).toBe(0);
  });
});
