import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { Compliance } from '../../src/compliance/compliance';
import { hardenYaml } from '../../src/harden/harden-yaml';
import { planHardening } from '../../src/harden/plan';
import { setPointer } from '../../src/harden/pointer';

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const securityContext = fc.record({
  allowPrivilegeEscalation: maybe(fc.boolean()),
  privileged: maybe(fc.boolean()),
  runAsUser: maybe(fc.constantFrom(0, 1000, 65532)),
  runAsNonRoot: maybe(fc.boolean()),
  readOnlyRootFilesystem: maybe(fc.boolean()),
  capabilities: maybe(fc.record({
    drop: maybe(fc.subarray(['ALL', 'NET_RAW', 'CHOWN'])),
    add: maybe(fc.subarray(['NET_BIND_SERVICE', 'NET_ADMIN', 'SYS_TIME'])),
  }, { requiredKeys: [] })),
  seccompProfile: maybe(fc.constantFrom({ type: 'RuntimeDefault' }, { type: 'Unconfined' })),
}, { requiredKeys: [] });

const quantity = (unit: string) => fc.integer({ min: 1, max: 2000 }).map((n) => `${n}${unit}`);
const resources = fc.record({
  requests: maybe(fc.record({ cpu: maybe(quantity('m')), memory: maybe(quantity('Mi')) }, { requiredKeys: [] })),
  limits: maybe(fc.record({ cpu: maybe(quantity('m')), memory: maybe(quantity('Mi')) }, { requiredKeys: [] })),
}, { requiredKeys: [] });

const container = fc.record({
  name,
  image: fc.constantFrom('nginx:1.27', 'ghcr.io/org/app:v1', 'busybox'),
  imagePullPolicy: maybe(fc.constantFrom('Always', 'IfNotPresent', 'Never')),
  ports: maybe(fc.array(fc.record({ containerPort: fc.constantFrom(80, 443, 8080, 9090) }), { minLength: 1, maxLength: 2 })),
  securityContext: maybe(securityContext),
  resources: maybe(resources),
  env: maybe(fc.array(fc.record({ name: fc.constantFrom('MODE', 'LEVEL'), value: fc.string({ maxLength: 8 }) }), { maxLength: 2 })),
}, { requiredKeys: ['name', 'image'] });

const podSpec = fc.record({
  containers: fc.array(container, { minLength: 1, maxLength: 2 }),
  initContainers: maybe(fc.array(container, { minLength: 1, maxLength: 1 })),
  hostNetwork: maybe(fc.boolean()),
  serviceAccountName: maybe(fc.constantFrom('api', 'web')),
  automountServiceAccountToken: maybe(fc.boolean()),
  securityContext: maybe(fc.record({
    runAsNonRoot: maybe(fc.boolean()),
    seccompProfile: maybe(fc.constantFrom({ type: 'RuntimeDefault' }, { type: 'Unconfined' })),
  }, { requiredKeys: [] })),
}, { requiredKeys: ['containers'] });

const workload = fc.tuple(fc.constantFrom('Pod', 'Deployment', 'DaemonSet', 'Job', 'CronJob'), name, podSpec).map(([kind, n, spec]) => {
  const metadata = { name: n, namespace: 'team', labels: { app: n } };
  const template = { metadata: { labels: { app: n } }, spec };
  const body = kind === 'Pod' ? spec
    : kind === 'CronJob' ? { schedule: '* * * * *', jobTemplate: { spec: { template } } }
      : kind === 'Job' ? { template } : { selector: { matchLabels: { app: n } }, template };
  return { apiVersion: kind === 'Pod' ? 'v1' : kind.endsWith('Job') ? 'batch/v1' : 'apps/v1', kind, metadata, spec: body };
});

const binding = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'api', namespace: 'team' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'api' },
  subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'team' }],
};

const manifest = fc.record({
  objects: fc.array(workload, { minLength: 1, maxLength: 3 }),
  withBinding: fc.boolean(),
  indentSeq: fc.boolean(),
  assumeNonRoot: fc.boolean(),
}).map(({ objects, withBinding, indentSeq, assumeNonRoot }) => {
  const all: unknown[] = withBinding ? [binding, ...objects] : objects;
  // A comment before every document and after its kind line: comments must survive untouched.
  const text = all.map((o: any, i) => `# document ${i}\n${YAML.stringify(o, { indentSeq, lineWidth: 0 })
    .replace(/^kind: (\w+)$/m, `kind: $1 # the ${i} kind`)}`).join('---\n');
  return { text, objects: all, assumeNonRoot };
});

const jsonOf = (text: string) => YAML.parseAllDocuments(text).map((d) => d.toJS());

function failing(objects: unknown[], pack: string): Set<string> {
  const report = Compliance.evaluate(objects, { pack });
  return new Set(report.findings.filter((f) => f.status === 'fail').map((f) => `${f.checkId} ${f.object.kind}/${f.object.name}`));
}

describe('harden on generated manifests', () => {
  test('is idempotent byte for byte', () => {
    fc.assert(fc.property(manifest, ({ text, assumeNonRoot }) => {
      const once = hardenYaml([{ file: 'm.yaml', text }], { assumeNonRoot }).outputs[0].text;
      const twice = hardenYaml([{ file: 'm.yaml', text: once }], { assumeNonRoot });
      expect(twice.changes).toEqual([]);
      expect(twice.outputs[0].text).toBe(once);
    }), { numRuns: 60 });
  });

  test('never introduces a finding of the hardened or pss-restricted pack', () => {
    fc.assert(fc.property(manifest, ({ text, objects, assumeNonRoot }) => {
      const out = jsonOf(hardenYaml([{ file: 'm.yaml', text }], { assumeNonRoot }).outputs[0].text);
      for (const pack of ['hardened', 'pss-restricted']) {
        const before = failing(objects, pack);
        expect([...failing(out, pack)].filter((f) => !before.has(f))).toEqual([]);
      }
    }), { numRuns: 40 });
  });

  test('changes exactly the reported fields: the output is the input with the changes applied, comments kept', () => {
    fc.assert(fc.property(manifest, ({ text, objects, assumeNonRoot }) => {
      const result = hardenYaml([{ file: 'm.yaml', text }], { assumeNonRoot });
      const expected = JSON.parse(JSON.stringify(objects));
      for (const c of planHardening(objects, { assumeNonRoot }).changes) setPointer(expected[c.object.index], c.path, c.after);
      expect(jsonOf(result.outputs[0].text)).toEqual(expected);
      for (const comment of text.match(/#.*$/gm) ?? []) expect(result.outputs[0].text).toContain(comment);
      expect(result.changes.length).toBe(planHardening(objects, { assumeNonRoot }).changes.length);
    }), { numRuns: 60 });
  });
});
