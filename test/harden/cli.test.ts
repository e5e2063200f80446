import * as fs from 'fs';
import * as path from 'path';
import { runCli, tmpDir } from '../cli/helpers';

const FIXTURES = path.join(__dirname, 'fixtures');
const BOUTIQUE = fs.readFileSync(path.join(FIXTURES, 'online-boutique.yaml'), 'utf8');
const NODE_EXPORTER = fs.readFileSync(path.join(FIXTURES, 'node-exporter.yaml'), 'utf8');
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p # the pod\n  namespace: team\nspec:\n  containers:\n  - name: a\n    image: x\n';

describe('cdk8s-hardened harden', () => {
  test('writes the same relative file names under --output and exits 0 when nothing is left', () => {
    const input = tmpDir({ 'app/pod.yaml': POD, 'svc.yml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n' });
    const output = tmpDir({});
    const result = runCli(['harden', input, '--output', output, '--assume-non-root']);
    expect(result).toMatchObject({ code: 0, out: '' });
    expect(fs.readFileSync(path.join(output, 'app/pod.yaml'), 'utf8')).toContain('  name: p # the pod\n');
    expect(fs.readFileSync(path.join(output, 'svc.yml'), 'utf8')).toBe('apiVersion: v1\nkind: Service\nmetadata: {name: s}\n');
    expect(result.err).toMatch(/hardened  .*pod\.yaml Pod team\/p: \d+ changes/);
  });

  test('reads stdin and writes stdout with -', () => {
    const result = runCli(['harden', '-', '--output', '-', '--assume-non-root'], { stdin: POD });
    expect(result.code).toBe(0);
    expect(result.out).toContain('runAsNonRoot: true');
    expect(result.out.startsWith('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p # the pod\n')).toBe(true);
  });

  test('is idempotent byte for byte', () => {
    const once = runCli(['harden', '-', '--output', '-'], { stdin: BOUTIQUE }).out;
    const twice = runCli(['harden', '-', '--output', '-'], { stdin: once }).out;
    expect(twice).toBe(once);
  });

  test('--dry-run prints a unified diff and writes nothing', () => {
    const input = tmpDir({ 'pod.yaml': POD });
    const output = path.join(tmpDir({}), 'out');
    const report = path.join(input, 'report.json');
    const result = runCli(['harden', path.join(input, 'pod.yaml'), '--output', output, '--dry-run', '--report', report]);
    expect(result.out).toMatch(/^--- a\/pod\.yaml\n\+\+\+ b\/pod\.yaml\n@@ /);
    expect(result.out).toContain('+    imagePullPolicy: Always\n');
    expect(fs.existsSync(output)).toBe(false);
    expect(fs.existsSync(report)).toBe(false);
  });

  test('--report writes every change with object, field, before, after and why', () => {
    const dir = tmpDir({ 'pod.yaml': POD });
    const report = path.join(dir, 'report.json');
    runCli(['harden', path.join(dir, 'pod.yaml'), '--output', path.join(dir, 'out'), '--report', report]);
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    expect(json.changes[0]).toEqual({
      object: { file: path.join(dir, 'pod.yaml'), document: 0, line: 6, kind: 'Pod', name: 'p', namespace: 'team' },
      field: '/spec/securityContext/seccompProfile',
      after: { type: 'RuntimeDefault' },
      why: expect.stringContaining('RuntimeDefault'),
      kind: 'safe',
      rule: 'seccomp',
    });
    expect(json.summary).toMatchObject({ findings: 1, filesChanged: 1 });
    expect(json.findings[0]).toMatchObject({ check: 'runAsNonRoot', fix: expect.stringContaining('--assume-non-root') });
  });

  test('exits 1 and names what a person must fix on a node agent with host access', () => {
    const result = runCli(['harden', '-', '--output', '-', '--assume-non-root'], { stdin: NODE_EXPORTER });
    expect(result.code).toBe(1);
    expect(result.err).toContain('NOT FIXED -:93 DaemonSet monitoring/node-exporter: hostNamespaces: host namespaces (hostNetwork=true, hostPID=true)');
    expect(result.err).toContain('fix: remove hostPort and expose the port through a Service');
  });

  test('fails with exit 2, file:line:col and no output on malformed YAML among good files', () => {
    const input = tmpDir({ 'a.yaml': POD, 'b.yaml': 'kind: Pod\nmetadata: {name: "x\n' });
    const output = path.join(tmpDir({}), 'out');
    const result = runCli(['harden', input, '--output', output]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^cdk8s-hardened: .*b\.yaml:3:1: Missing closing "quote\n$/);
    expect(result.err).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(output)).toBe(false);
  });

  test('fails without --output', () => {
    const result = runCli(['harden', '-'], { stdin: POD });
    expect(result).toMatchObject({ code: 2, err: "cdk8s-hardened: missing --output <dir|->: where to write the hardened manifests ('-' for stdout)\n" });
  });

  test('fails on a bad resource default with the flag\'s value', () => {
    const result = runCli(['harden', '-', '--output', '-', '--cpu-limit', 'lots'], { stdin: POD });
    expect(result).toMatchObject({ code: 2, err: "cdk8s-hardened: resource limits.cpu is 'lots'; use a Kubernetes quantity such as '100m' or '256Mi'\n" });
  });

  test('fails on a digests file that is not a map, naming the file', () => {
    const dir = tmpDir({ 'digests.yaml': '- nginx\n' });
    const file = path.join(dir, 'digests.yaml');
    const result = runCli(['harden', '-', '--output', '-', '--digests', file], { stdin: POD });
    expect(result).toMatchObject({ code: 2, out: '', err: `cdk8s-hardened: ${file}: expected a map of image reference to digest, e.g. 'nginx:1.27: sha256:<64 hex>'\n` });
  });

  test('fails on an image settings entry without an image glob, naming the file', () => {
    const dir = tmpDir({ 'images.yaml': '- runAsUser: 1000\n' });
    const file = path.join(dir, 'images.yaml');
    const result = runCli(['harden', '-', '--output', '-', '--image-settings', file], { stdin: POD });
    expect(result).toMatchObject({
      code: 2,
      err: `cdk8s-hardened: ${file}: expected a list of entries with 'image' (a glob), and any of runAsUser, runAsGroup, readOnlyRootFilesystem, writablePaths\n`,
    });
  });

  test('pins digests and applies image settings from files', () => {
    const digest = `sha256:${'b'.repeat(64)}`;
    const dir = tmpDir({
      'digests.yaml': `x: ${digest}\n`,
      'images.yaml': '- image: x\n  runAsUser: 1000\n  readOnlyRootFilesystem: true\n  writablePaths: [/tmp]\n',
    });
    const result = runCli(['harden', '-', '--output', '-', '--digests', path.join(dir, 'digests.yaml'), '--image-settings', path.join(dir, 'images.yaml')], { stdin: POD });
    expect(result.code).toBe(0);
    expect(result.out).toContain(`image: x@${digest}`);
    expect(result.out).toContain('readOnlyRootFilesystem: true');
    expect(result.out).toContain('mountPath: /tmp');
  });
});
