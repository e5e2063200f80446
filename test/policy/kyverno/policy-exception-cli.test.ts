import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exceptionEntries, runExceptions } from '../../../src/cli/commands/exceptions';
import { CliIo } from '../../../src/cli/io';
import { run } from '../../../src/cli/main';

const NOW = new Date('2026-03-01T12:00:00Z');

function exception(name: string, expires?: string, kind = 'PolicyException'): string {
  const annotations = expires === undefined ? '{}' : `{ cdk8s-hardened.io/expires: '${expires}', cdk8s-hardened.io/exception: ${name}, cdk8s-hardened.io/reason: 'ticket OPS-1 for ${name}' }`;
  return `apiVersion: ${kind === 'PolicyException' ? 'kyverno.io/v2' : 'constraints.gatekeeper.sh/v1beta1'}\nkind: ${kind}\nmetadata: { name: ${name}, namespace: kyverno, annotations: ${annotations} }\nspec: {}\n`;
}

function dir(files: Record<string, string>): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardened-exceptions-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(d, name), text);
  return d;
}

function io(): CliIo & { output: () => string } {
  let out = '';
  return { out: (t) => { out += t; }, err: () => undefined, readStdin: () => '', stdinIsTTY: true, stderrIsTTY: false, output: () => out };
}

describe('cdk8s-hardened exceptions', () => {
  const files = {
    'a.yaml': [exception('old', '2026-02-27'), exception('soon', '2026-03-10'), exception('later', '2026-12-31'), exception('bare')].join('---\n'),
    'b.yaml': exception('rego-exemption', '2026-03-02', 'HardenedPssRestrictedRunAsNonRoot'),
    'c.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: unrelated }\n',
  };

  test('lists every exception with its status, soonest first, and fails on expired or unbounded ones', () => {
    const out = io();
    expect(runExceptions([dir(files)], { within: '30', format: 'json', now: NOW }, out)).toBe(1);
    const entries = JSON.parse(out.output());
    expect(entries.map((e: any) => [e.name, e.status, e.daysLeft])).toEqual([
      ['bare', 'no-expiry', undefined],
      ['old', 'expired', -2],
      ['rego-exemption', 'expiring', 1],
      ['soon', 'expiring', 9],
      ['later', 'ok', 305],
    ]);
  });

  test('counts an exception as expiring only within the window', () => {
    const entries = exceptionEntries([{ kind: 'PolicyException', apiVersion: 'kyverno.io/v2', metadata: { name: 'x', annotations: { 'cdk8s-hardened.io/expires': '2026-03-10' } } }], [{}], NOW, 5);
    expect(entries[0].status).toBe('ok');
  });

  test('exits 0 when every exception is valid and unexpired', () => {
    const out = io();
    expect(runExceptions([dir({ 'a.yaml': exception('later', '2026-12-31') })], { within: '30', format: 'text', now: NOW }, out)).toBe(0);
    expect(out.output()).toMatch(/^ok {8}expires 2026-12-31 \(in 305 days\) {2}PolicyException kyverno\/later {2}\(.*a\.yaml#0\) {2}id later; reason: ticket OPS-1 for later\n/);
  });

  test('prints one line per exception and a summary', () => {
    const out = io();
    runExceptions([dir(files)], { within: '30', format: 'text', now: NOW }, out);
    const lines = out.output().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NO EXPIRY no expires annotation {2}PolicyException kyverno\/bare {2}\(.*a\.yaml#3\)$/);
    expect(lines[1]).toMatch(/^EXPIRED {3}expired 2026-02-27 \(2 days ago\) {2}PolicyException kyverno\/old {2}\(.*a\.yaml#0\) {2}id old; reason: ticket OPS-1 for old$/);
    expect(lines[lines.length - 1]).toBe('5 exceptions: 1 expired, 2 expiring within 30 days, 1 without an expiry, 1 ok');
  });

  test('is registered in the CLI and fails with a usage error for a bad --within', () => {
    let err = '';
    const code = run(['exceptions', '--within', 'soon', dir(files)], { out: () => undefined, err: (t) => { err += t; }, readStdin: () => '', stdinIsTTY: true, stderrIsTTY: false });
    expect(code).toBe(2);
    expect(err).toBe("cdk8s-hardened: invalid --within 'soon'; use a whole number of days, e.g. 30\n");
  });
});
