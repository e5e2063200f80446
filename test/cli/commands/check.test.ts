import * as fs from 'fs';
import * as path from 'path';
import { expectValidSarif } from '../../compliance/reporters/sarif-schema';
import { NAMESPACE_WITH_WARNINGS, PLAIN_POD, runCli, tmpDir } from '../helpers';

describe('cdk8s-hardened check', () => {
  const dir = tmpDir({
    'pod.yaml': `${PLAIN_POD}---\n"just a string"\n`,
    'ns.yaml': NAMESPACE_WITH_WARNINGS,
  });
  const pod = path.join(dir, 'pod.yaml');
  const ns = path.join(dir, 'ns.yaml');

  test('prints the text report with findings and scorecard and exits 1 on error findings', () => {
    const r = runCli(['check', pod, '--pack', 'pss-restricted']);
    expect(r.out).toMatch(/^Pack pss-restricted \(Pod Security Standards latest\)\n/);
    expect(r.out).toContain(`FAIL [error] pss-restricted-run-as-non-root  Pod team-a/plain  (${pod}:1)`);
    expect(r.out).toContain('Scorecard:\n');
    expect(r.code).toBe(1);
  });

  test('lists documents the loader skipped in the report', () => {
    const r = runCli(['check', pod, '--pack', 'pss-restricted', '--format', 'json']);
    expect(JSON.parse(r.out).skipped).toEqual([
      { object: { apiVersion: '', kind: '', name: '', file: pod, index: 1, line: 11 }, reason: 'document is a string scalar, not a Kubernetes object' },
    ]);
  });

  test('exits by --fail-on: warnings pass at error, fail at warning; never always passes', () => {
    expect(runCli(['check', ns, '--pack', 'hardened']).code).toBe(0);
    expect(runCli(['check', ns, '--pack', 'hardened', '--fail-on', 'warning']).code).toBe(1);
    expect(runCli(['check', pod, '--pack', 'pss-restricted', '--fail-on', 'never']).code).toBe(0);
  });

  test('renders every format', () => {
    const json = JSON.parse(runCli(['check', ns, '--format', 'json']).out);
    expect(json.pack).toBe('hardened');
    expect(json.findings.map((f: any) => f.checkId)).toEqual(['namespace-limit-range', 'namespace-resource-quota']);
    const sarif = JSON.parse(runCli(['check', ns, '--format', 'sarif']).out);
    expectValidSarif(sarif);
    expectValidSarif(JSON.parse(runCli(['check', pod, '--format', 'sarif']).out));
    // the pack's checks are all declared as rules, not only those with findings
    expect(sarif.runs[0].tool.driver.rules.length).toBeGreaterThan(10);
    expect(runCli(['check', ns, '--format', 'junit']).out).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(runCli(['check', ns, '--format', 'markdown']).out).toMatch(/^## cdk8s-hardened: hardened /);
  });

  test('--output writes the whole report to the file and nothing to stdout', () => {
    const out = path.join(dir, 'report.sarif');
    const r = runCli(['check', ns, '--format', 'sarif', '--output', out]);
    expect(r.out).toBe('');
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).version).toBe('2.1.0');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('--cluster-scoped-kind declares custom kinds that have no namespace (repeatable)', () => {
    const crs = tmpDir({ 'cr.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n---\napiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g\n' });
    const file = path.join(crs, 'cr.yaml');
    const findings = (...flags: string[]) => JSON.parse(runCli(['check', file, '--pack', 'cis-k8s', '--format', 'json', ...flags]).out).findings.map((f: any) => `${f.checkId} ${f.object.kind}`);
    expect(findings()).toEqual(['namespace-explicit Widget', 'namespace-explicit Gadget']);
    expect(findings('--cluster-scoped-kind', 'Widget.example.com', '--cluster-scoped-kind', 'Gadget')).toEqual([]);
  });

  test('fails on a malformed --cluster-scoped-kind', () => {
    const r = runCli(['check', ns, '--cluster-scoped-kind', 'widgets.example.com']);
    expect(r.err).toBe("cdk8s-hardened: invalid --cluster-scoped-kind 'widgets.example.com'; use 'Kind' or 'Kind.group' (e.g. 'Widget.example.com')\n");
    expect(r.code).toBe(2);
  });

  test('--pss-version pins the version the PSS checks judge against', () => {
    expect(JSON.parse(runCli(['check', pod, '--pack', 'pss-restricted', '--pss-version', 'v1.25', '--format', 'json']).out).pssVersion).toBe('v1.25');
  });

  test('--kubernetes-version sets the release removed and deprecated apiVersions are judged against (1.28 by default)', () => {
    const flow = path.join(tmpDir({ 'flow.yaml': 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata:\n  name: f\n' }), 'flow.yaml');
    const ids = (args: string[]) => JSON.parse(runCli(['check', flow, '--format', 'json', ...args]).out).findings.map((f: any) => f.checkId);
    expect(ids([])).toEqual([]);
    expect(ids(['--kubernetes-version', '1.29'])).toEqual(['api-version-deprecated']);
    expect(ids(['--kubernetes-version', '1.32'])).toEqual(['api-version-removed']);
    expect(runCli(['check', ns, '--kubernetes-version', 'latest']).err).toBe("cdk8s-hardened: invalid --kubernetes-version 'latest'; use '1.N' (e.g. '1.28')\n");
  });

  test('fails with exit 2 on an unknown pack, naming the packs', () => {
    const r = runCli(['check', ns, '--pack', 'nope']);
    expect(r.err).toBe("cdk8s-hardened: unknown pack 'nope'; use one of 'pss-baseline', 'pss-restricted', 'rbac-least-privilege', 'cis-k8s', 'hardened'\n");
    expect(r.code).toBe(2);
  });

  test('fails with exit 2 on an invalid PSS version or format', () => {
    expect(runCli(['check', ns, '--pss-version', 'v2']).err).toBe("cdk8s-hardened: invalid --pss-version 'v2'; use 'v1.N' (e.g. 'v1.28') or 'latest'\n");
    const r = runCli(['check', ns, '--format', 'html']);
    expect(r.err).toContain("argument 'html' is invalid. Allowed choices are text, json, sarif, junit, markdown.");
    expect(r.code).toBe(2);
  });

  test('fails with exit 2 when the output directory does not exist, writing nothing', () => {
    const r = runCli(['check', ns, '--output', path.join(dir, 'missing', 'r.txt')]);
    expect(r.err).toBe(`cdk8s-hardened: cannot write '${path.join(dir, 'missing', 'r.txt')}': directory '${path.join(dir, 'missing')}' does not exist\n`);
    expect(r.out).toBe('');
    expect(r.code).toBe(2);
  });
});
