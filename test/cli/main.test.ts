import * as fs from 'fs';
import * as path from 'path';
import { MAIN, spawnCli } from './e2e/spawn';
import { NAMESPACE_WITH_WARNINGS, PLAIN_POD, RESTRICTED_DEPLOYMENT, runCli, tmpDir } from './helpers';
import { packageVersion } from '../../src/private/version';

describe('cdk8s-hardened (spawned process)', () => {
  const dir = tmpDir({
    'app.yaml': `${PLAIN_POD}---\n${RESTRICTED_DEPLOYMENT}`,
    'bad.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   labels: {}\n',
    'ns.yaml': NAMESPACE_WITH_WARNINGS,
  });

  test('the entry file starts with a node shebang', () => {
    expect(fs.readFileSync(MAIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  test('pss --format json prints exactly the JSON array and exits 1 on a denied pod', () => {
    const r = spawnCli(['pss', path.join(dir, 'app.yaml'), '--level', 'baseline', '--version', 'latest', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([
      { file: path.join(dir, 'app.yaml'), index: 0, kind: 'Pod', name: 'plain', namespace: 'team-a', policy: 'baseline:latest', allowed: true, reasons: [] },
      { file: path.join(dir, 'app.yaml'), index: 1, kind: 'Deployment', name: 'api', namespace: 'team-a', policy: 'baseline:latest', allowed: true, reasons: [] },
    ]);
    expect(r.code).toBe(0);
    const denied = spawnCli(['pss', '-', '--level', 'restricted', '--format', 'json'], PLAIN_POD);
    expect(JSON.parse(denied.stdout)).toEqual([expect.objectContaining({ file: '-', index: 0, kind: 'Pod', name: 'plain', allowed: false })]);
    expect(denied.code).toBe(1);
  }, 240_000);

  test('fails with exit 2 and file:line:col on malformed YAML, without a stack trace', () => {
    const r = spawnCli(['check', dir]);
    expect(r.stderr).toBe(`cdk8s-hardened: ${path.join(dir, 'bad.yaml')}:5:10: bad indentation of a mapping entry\n`);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
  }, 120_000);

  test('check writes SARIF to --output and exits by --fail-on', () => {
    const out = path.join(dir, 'report.sarif');
    const r = spawnCli(['check', '-', '--pack', 'hardened', '--format', 'sarif', '--output', out, '--fail-on', 'warning'], NAMESPACE_WITH_WARNINGS);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const sarif = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect([sarif.runs[0].tool.driver.version, sarif.runs[0].tool.driver.semanticVersion]).toEqual([packageVersion(), packageVersion()]);
    expect(sarif.runs[0].results.map((x: any) => [x.ruleId, x.level])).toEqual([['namespace-limit-range', 'warning'], ['namespace-resource-quota', 'warning']]);
  }, 120_000);
});

describe('cdk8s-hardened (in process)', () => {
  test('prints help and exits 2 without arguments', () => {
    const r = runCli([]);
    expect(r.err).toContain('Usage: cdk8s-hardened [options] [command]');
    expect(r.code).toBe(2);
  });

  test('--help and --version exit 0', () => {
    expect(runCli(['--help']).code).toBe(0);
    expect(runCli(['check', '--help']).out).toContain('--fail-on <severity>');
    const v = runCli(['--version']);
    expect(v.out.trim()).toBe(packageVersion());
    expect(v.code).toBe(0);
  });

  test('fails with exit 2 on an unknown command or option', () => {
    const r = runCli(['scan']);
    expect(r.err).toContain("error: unknown command 'scan'");
    expect(r.code).toBe(2);
    expect(runCli(['check', '--strict']).code).toBe(2);
  });
});
