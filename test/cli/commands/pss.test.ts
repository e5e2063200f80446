import * as path from 'path';
import { PLAIN_POD, PRIVILEGED_POD, RESTRICTED_DEPLOYMENT, runCli, tmpDir } from '../helpers';

describe('cdk8s-hardened pss', () => {
  const dir = tmpDir({
    'a.yaml': `${PLAIN_POD}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n---\n${RESTRICTED_DEPLOYMENT}`,
    'sub/b.yml': `---\n---\n${PRIVILEGED_POD}`,
    'ignored.txt': PRIVILEGED_POD,
  });

  test('--format json prints one entry per pod-bearing object in input order, with document indexes', () => {
    const r = runCli(['pss', dir, '--level', 'restricted', '--format', 'json']);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toEqual([
      {
        file: path.join(dir, 'a.yaml'),
        index: 0,
        kind: 'Pod',
        name: 'plain',
        namespace: 'team-a',
        policy: 'restricted:latest',
        allowed: false,
        reasons: [
          'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
          'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
          'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)',
          'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
        ],
      },
      { file: path.join(dir, 'a.yaml'), index: 2, kind: 'Deployment', name: 'api', namespace: 'team-a', policy: 'restricted:latest', allowed: true, reasons: [] },
      {
        file: path.join(dir, 'sub/b.yml'),
        index: 1,
        kind: 'Pod',
        name: 'root',
        policy: 'restricted:latest',
        allowed: false,
        reasons: [
          'host namespaces (hostNetwork=true)',
          'privileged (container "app" must not set securityContext.privileged=true)',
          'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
          'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
          'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)',
          'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
        ],
      },
    ]);
    expect(r.code).toBe(1);
  });

  test('exits 0 when every pod is allowed', () => {
    const r = runCli(['pss', path.join(dir, 'a.yaml'), '--level', 'baseline', '--version', 'v1.28', '--format', 'json']);
    expect(JSON.parse(r.out).map((v: any) => v.allowed)).toEqual([true, true]);
    expect(r.code).toBe(0);
  });

  test('judges at the requested version (capabilities_restricted exists from v1.22)', () => {
    const r = runCli(['pss', path.join(dir, 'a.yaml'), '--level', 'restricted', '--version', 'v1.21', '--format', 'json']);
    expect(JSON.parse(r.out)[0].reasons.some((x: string) => x.startsWith('unrestricted capabilities'))).toBe(false);
  });

  test('prints denials in admission wording in text format', () => {
    const r = runCli(['pss', path.join(dir, 'sub'), '--level', 'baseline', '--version', 'v1.30']);
    expect(r.out).toBe(`DENIED   ${path.join(dir, 'sub/b.yml')}#1 Pod root: violates PodSecurity "baseline:v1.30": host namespaces (hostNetwork=true), privileged (container "app" must not set securityContext.privileged=true)\n`
      + '1 pods and pod templates at baseline:v1.30: 0 allowed, 1 denied\n');
    expect(r.code).toBe(1);
  });

  test('reads standard input as file "-"', () => {
    const r = runCli(['pss', '-', '--level', 'restricted', '--format', 'json'], { stdin: RESTRICTED_DEPLOYMENT });
    expect(JSON.parse(r.out)).toEqual([{ file: '-', index: 0, kind: 'Deployment', name: 'api', namespace: 'team-a', policy: 'restricted:latest', allowed: true, reasons: [] }]);
    expect(r.code).toBe(0);
  });

  test('reads standard input when no path is given and stdin is not a terminal', () => {
    const r = runCli(['pss', '--level', 'restricted', '--format', 'json'], { stdin: PLAIN_POD, stdinIsTTY: false });
    expect(JSON.parse(r.out)[0].file).toBe('-');
    expect(r.code).toBe(1);
  });

  test('fails with exit 2 when no input is given on a terminal', () => {
    const r = runCli(['pss', '--level', 'restricted']);
    expect(r.err).toBe("cdk8s-hardened: no input: pass YAML files or directories, or '-' to read standard input\n");
    expect(r.code).toBe(2);
  });

  test('fails with exit 2 on an invalid version', () => {
    const r = runCli(['pss', dir, '--level', 'restricted', '--version', '1.28']);
    expect(r.err).toBe("cdk8s-hardened: invalid --version '1.28'; use 'v1.N' (e.g. 'v1.28') or 'latest'\n");
    expect(r.out).toBe('');
    expect(r.code).toBe(2);
  });

  test('fails with exit 2 on a missing or invalid level', () => {
    expect(runCli(['pss', dir]).err).toBe('cdk8s-hardened: pss needs exactly one of --level <baseline|restricted>, --as-enforced or --dry-run-label NAMESPACE=LEVEL[:VERSION]\n');
    expect(runCli(['pss', dir]).code).toBe(2);
    const r = runCli(['pss', dir, '--level', 'privileged']);
    expect(r.err).toContain("argument 'privileged' is invalid. Allowed choices are baseline, restricted.");
    expect(r.code).toBe(2);
  });

  test('fails with exit 2 on a path that does not exist', () => {
    const r = runCli(['pss', path.join(dir, 'nope.yaml'), '--level', 'baseline']);
    expect(r.err).toBe(`cdk8s-hardened: path '${path.join(dir, 'nope.yaml')}' does not exist; pass YAML files, directories or '-' for stdin\n`);
    expect(r.code).toBe(2);
  });
});
