/**
 * Hardening the install manifests of public projects (excerpts under fixtures/, each citing its source).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { Compliance } from '../../src/compliance/compliance';
import { evaluateObjectPodSecurity, PodSecurityLevel } from '../../src/compliance/pss';
import { hardenYaml } from '../../src/harden/harden-yaml';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', `${name}.yaml`), 'utf8');
const objects = (text: string) => YAML.parseAllDocuments(text).map((d) => d.toJS());

function denials(text: string): string[] {
  return objects(text).flatMap((o) => evaluateObjectPodSecurity(PodSecurityLevel.RESTRICTED, 'latest', o)?.results.map((r) => `${o.metadata.name} ${r.checkId}`) ?? []);
}

function failing(text: string): Set<string> {
  const report = Compliance.evaluate(objects(text), { pack: 'hardened' });
  return new Set(report.findings.filter((f) => f.status === 'fail').map((f) => `${f.checkId} ${f.object.kind}/${f.object.name}`));
}

describe.each(['online-boutique', 'podinfo'])('%s (no host access)', (name) => {
  const input = fixture(name);

  test('is denied by Pod Security restricted as published', () => {
    expect(denials(input).length).toBeGreaterThan(0);
  });

  test('--assume-non-root brings it to zero Pod Security restricted denials, with no finding left', () => {
    const result = hardenYaml([{ file: name, text: input }], { assumeNonRoot: true });
    expect(denials(result.outputs[0].text)).toEqual([]);
    expect(result.findings).toEqual([]);
  });

  test('the safe changes alone leave only the non-root denial, named with its fix', () => {
    const result = hardenYaml([{ file: name, text: input }]);
    expect(new Set(result.findings.map((f) => f.check))).toEqual(new Set(['runAsNonRoot']));
    expect(result.changes.every((c) => c.kind === 'safe')).toBe(true);
    expect(new Set(result.changes.map((c) => c.rule))).toEqual(new Set([
      'seccomp', 'allow-privilege-escalation', 'capabilities-drop', 'image-pull-policy', 'resources', 'service-account-token',
    ]));
  });

  test('introduces no engine finding and is idempotent byte for byte', () => {
    const once = hardenYaml([{ file: name, text: input }], { assumeNonRoot: true }).outputs[0].text;
    const before = failing(input);
    expect([...failing(once)].filter((f) => !before.has(f))).toEqual([]);
    const again = hardenYaml([{ file: name, text: once }], { assumeNonRoot: true });
    expect(again.changes).toEqual([]);
    expect(again.outputs[0].text).toBe(once);
  });

  test('keeps every comment and every line it did not change', () => {
    const result = hardenYaml([{ file: name, text: input }], { assumeNonRoot: true });
    const replaced = new Set(result.changes.filter((c) => c.before !== undefined).map((c) => `${c.field.split('/').pop()}: ${c.before}`));
    const kept = result.outputs[0].text.split('\n');
    let at = 0;
    for (const line of input.split('\n').filter((l) => !replaced.has(l.trim()))) {
      at = kept.indexOf(line, at);
      expect(at).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('node-exporter (a node agent with host access)', () => {
  const input = fixture('node-exporter');

  test('keeps exactly the host-access denials, which harden never changes', () => {
    const result = hardenYaml([{ file: 'node-exporter', text: input }], { assumeNonRoot: true });
    expect(denials(result.outputs[0].text).sort()).toEqual([
      'node-exporter capabilities_restricted', 'node-exporter hostNamespaces', 'node-exporter hostPorts', 'node-exporter restrictedVolumes',
    ]);
    expect(result.findings.map((f) => [f.check, f.field])).toEqual([
      ['hostNamespaces', '/spec/template/spec/hostNetwork'],
      ['hostPorts', '/spec/template/spec/containers/1/ports/0/hostPort'],
      ['capabilities_restricted', '/spec/template/spec/containers/0/securityContext/capabilities/add/0'],
      ['restrictedVolumes', '/spec/template/spec/volumes/0/hostPath'],
    ]);
  });

  test('changes only what was missing: seccomp, pull policy and ephemeral storage; host fields stay', () => {
    const result = hardenYaml([{ file: 'node-exporter', text: input }]);
    expect(result.changes.map((c) => c.field)).toEqual([
      '/spec/template/spec/securityContext/seccompProfile',
      '/spec/template/spec/containers/0/imagePullPolicy',
      '/spec/template/spec/containers/0/resources/requests/ephemeral-storage',
      '/spec/template/spec/containers/0/resources/limits/ephemeral-storage',
      '/spec/template/spec/containers/1/imagePullPolicy',
      '/spec/template/spec/containers/1/resources/requests/ephemeral-storage',
      '/spec/template/spec/containers/1/resources/limits/ephemeral-storage',
    ]);
    const out = result.outputs[0].text;
    for (const line of ['      hostNetwork: true', '      hostPID: true', '          hostPort: 9100', '            - SYS_TIME', '      automountServiceAccountToken: true']) {
      expect(out).toContain(`${line}\n`);
    }
  });
});
