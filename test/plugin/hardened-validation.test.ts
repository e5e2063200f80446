import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HardenedValidation } from '../../src/plugin';
import { PLAIN_POD } from '../cli/helpers';

const ROOT = path.resolve(__dirname, '..', '..');


const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: team-a\n';

function manifest(content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardened-plugin-'));
  const file = path.join(dir, 'app.k8s.yaml');
  fs.writeFileSync(file, content);
  return file;
}

/** A stand-in for cdk8s-cli's ValidationContext that records what the plugin reports. */
function fakeContext(manifests: string[], metadata: Record<string, { path: string }> = {}) {
  const violations: any[] = [];
  const submitted: { status?: string; metadata?: Record<string, string> } = {};
  return {
    violations,
    submitted,
    context: {
      manifests,
      pkg: 'cdk8s-hardened',
      version: '0.0.0',
      metadata,
      report: {
        addViolation: (v: any) => violations.push(v),
        submit: (status: string, meta?: Record<string, string>) => { submitted.status = status; submitted.metadata = meta; },
      },
      logger: { log: () => undefined },
    },
  };
}

describe('HardenedValidation', () => {
  test('defaults to the hardened pack, latest PSS version and failing on errors', () => {
    const plugin = new HardenedValidation();
    expect([plugin.pack, plugin.pssVersion, plugin.failOn]).toEqual(['hardened', 'latest', 'error']);
  });

  test('reports one violation per failing check, with resource name, manifest and locations', async () => {
    const file = manifest(PLAIN_POD);
    const { context, violations, submitted } = fakeContext([file], { plain: { path: 'app/pod' } });
    await new HardenedValidation({ pack: 'pss-restricted' }).validate(context);
    expect(submitted.status).toBe('failure');
    const v = violations.find((x) => x.ruleName === 'pss-restricted-allow-privilege-escalation');
    expect(v.recommendation).toMatch(/^Containers set allowPrivilegeEscalation to false \(.*CIS 5\.2\.6.*\)$/);
    expect(v.fix.length).toBeGreaterThan(10);
    expect(v.violatingResources).toEqual([{
      resourceName: 'plain',
      manifestPath: file,
      locations: ['/spec/containers/0/securityContext: allowPrivilegeEscalation != false: container "app" must set securityContext.allowPrivilegeEscalation=false'],
    }]);
    expect(submitted.metadata).toMatchObject({ 'pack': 'pss-restricted', 'pss version': 'latest', 'findings': String(violations.reduce((n, x) => n + x.violatingResources.length, 0)) });
  });

  test('succeeds when nothing fails at the threshold, and records the scorecard', async () => {
    const { context, violations, submitted } = fakeContext([manifest(CONFIG_MAP)]);
    await new HardenedValidation({ pack: 'pss-restricted' }).validate(context);
    expect(violations).toEqual([]);
    expect(submitted.status).toBe('success');
    expect(submitted.metadata!.findings).toBe('0');
    expect(Object.values(submitted.metadata!).some((x) => /^\d+(\.\d)?% \(\d+\/\d+, target \d+(\.\d)?%\)$/.test(x))).toBe(true);
  });

  test('failOn never reports nothing and succeeds', async () => {
    const { context, violations, submitted } = fakeContext([manifest(PLAIN_POD)]);
    await new HardenedValidation({ pack: 'pss-restricted', failOn: 'never' }).validate(context);
    expect(violations).toEqual([]);
    expect(submitted.status).toBe('success');
  });

  test('reports malformed YAML as an input-error violation with file:line:col', async () => {
    const file = manifest('kind: Pod\n  bad: x\n');
    const { context, violations, submitted } = fakeContext([file]);
    await new HardenedValidation().validate(context);
    expect(submitted.status).toBe('failure');
    expect(violations).toEqual([{
      ruleName: 'input-error',
      recommendation: 'The synthesized manifests must be valid YAML',
      fix: `${file}:2:6: bad indentation of a mapping entry`,
      violatingResources: [{ resourceName: '', manifestPath: file, locations: [`${file}:2:6: bad indentation of a mapping entry`] }],
    }]);
  });

  describe('the engine options of the CLI', () => {
    const WIDGET = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n';
    const INGRESS_V1BETA1 = 'apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: team-a\nspec: {}\n';
    const run = async (content: string, props: ConstructorParameters<typeof HardenedValidation>[0]) => {
      const { context, violations, submitted } = fakeContext([manifest(content)]);
      await new HardenedValidation(props).validate(context);
      return { rules: violations.map((v) => v.ruleName), submitted };
    };

    test('defaults: Kubernetes 1.28, no declared kinds, every target 100', () => {
      const plugin = new HardenedValidation();
      expect(plugin.kubernetesVersion).toBe('1.28');
    });

    test('clusterScopedKinds: a declared kind needs no namespace', async () => {
      expect((await run(WIDGET, { pack: 'cis-k8s' })).rules).toContain('namespace-explicit');
      expect((await run(WIDGET, { pack: 'cis-k8s', clusterScopedKinds: ['Widget.example.com'] })).rules).not.toContain('namespace-explicit');
    });

    test('kubernetesVersion: the API-version checks judge the target release', async () => {
      // networking.k8s.io/v1beta1 Ingress was removed in 1.22.
      expect((await run(INGRESS_V1BETA1, { kubernetesVersion: '1.21' })).rules).not.toContain('api-version-removed');
      const at128 = await run(INGRESS_V1BETA1, { kubernetesVersion: '1.28' });
      expect(at128.rules).toContain('api-version-removed');
      expect(at128.submitted.metadata!['kubernetes version']).toBe('1.28');
    });

    test('productionNamespaceLabels and scorecardTargets shape the scorecard', async () => {
      const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels: {tier: prod}\n---\n'
        + 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-b\n  labels: {tier: dev}\n';
      const title = 'Pod Security restricted enforced on production namespaces';
      // No namespace carries environment=production: every namespace counts as production.
      const byDefault = await run(ns, { failOn: 'never' });
      expect(byDefault.submitted.metadata![title]).toBe('0% (0/2, target 100%)');
      const labelled = await run(ns, { failOn: 'never', productionNamespaceLabels: { tier: 'prod' }, scorecardTargets: { pssRestrictedProduction: 0 } });
      expect(labelled.submitted.metadata![title]).toBe('0% (0/1, target 0%)');
    });

    test.each([
      [{ kubernetesVersion: 1.3 }, 'invalid kubernetesVersion 1.3 in cdk8s.yaml properties; use a quoted \'1.N\' (e.g. kubernetesVersion: "1.30"; unquoted, YAML reads 1.30 as the number 1.3)'],
      [{ kubernetesVersion: 'v1.x' }, 'invalid kubernetesVersion "v1.x"'],
      [{ clusterScopedKinds: ['widget'] }, 'invalid clusterScopedKinds entry "widget" in cdk8s.yaml properties; use a list of \'Kind\' or \'Kind.group\''],
      [{ clusterScopedKinds: 'Widget' }, 'invalid clusterScopedKinds entry "Widget"'],
      [{ productionNamespaceLabels: { env: 1 } }, 'invalid productionNamespaceLabels {"env":1} in cdk8s.yaml properties; use a non-empty map'],
      [{ productionNamespaceLabels: {} }, 'invalid productionNamespaceLabels {}'],
      [{ scorecardTargets: { imageSigning: 120 } }, "invalid scorecardTargets (imageSigning: 120) in cdk8s.yaml properties; use percents from 0 to 100 for 'rbacLeastPrivilege'"],
      [{ scorecardTargets: { images: 50 } }, "invalid scorecardTargets (unknown target 'images')"],
    ])('fails on %j, saying what to write', (props, message) => {
      expect(() => new HardenedValidation(props as any)).toThrow(`HardenedValidation: ${message}`);
    });
  });

  test('fails on an unknown pack, naming the packs', () => {
    expect(() => new HardenedValidation({ pack: 'nope' })).toThrow("HardenedValidation: unknown pack 'nope' in cdk8s.yaml properties; use one of 'pss-baseline', 'pss-restricted', 'rbac-least-privilege', 'cis-k8s', 'hardened'");
  });

  test('fails on an invalid PSS version or failOn', () => {
    expect(() => new HardenedValidation({ pssVersion: '1.28' })).toThrow("HardenedValidation: invalid pssVersion '1.28' in cdk8s.yaml properties; use 'v1.N' (e.g. 'v1.28') or 'latest'");
    expect(() => new HardenedValidation({ failOn: 'info' })).toThrow("HardenedValidation: invalid failOn 'info' in cdk8s.yaml properties; use 'error', 'warning' or 'never'");
  });

  test('cdk8s synth exits 2 on a violation and prints the construct path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardened-synth-'));
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), [
      'app: node main.js',
      'output: dist',
      'validations:',
      '  - package: ./plugin.js',
      '    version: 0.0.0',
      '    class: HardenedValidation',
      '    properties:',
      '      pack: pss-restricted',
      '',
    ].join('\n'));
    // The plugin as cdk8s-cli loads a local one; TypeScript compiled on the fly.
    fs.writeFileSync(path.join(dir, 'plugin.js'),
      `require(${JSON.stringify(path.join(ROOT, 'node_modules', 'ts-node'))}).register({ transpileOnly: true, project: ${JSON.stringify(path.join(ROOT, 'tsconfig.dev.json'))} });\n`
      + `module.exports = require(${JSON.stringify(path.join(ROOT, 'src', 'plugin'))});\n`);
    fs.writeFileSync(path.join(dir, 'main.js'), [
      `const { App, Chart, ApiObject } = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'cdk8s'))});`,
      'const app = new App();',
      "const chart = new Chart(app, 'app');",
      `new ApiObject(chart, 'pod', ${JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'plain', namespace: 'team-a' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } })});`,
      'app.synth();',
      '',
    ].join('\n'));
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--no-check-upgrade'], {
      cwd: dir, encoding: 'utf8', timeout: 180_000,
    });
    expect(r.stdout).toContain('pss-restricted-allow-privilege-escalation (1 occurrences)');
    expect(r.stdout).toContain('- Construct Path: app/pod');
    expect(r.stdout).toContain('- Resource Name: plain');
    expect(r.stderr).toContain('Validation failed');
    expect(r.status).toBe(2);
  }, 200_000);
});
