import { Chart, Testing } from 'cdk8s';
import { PSS_CHECKS } from '../../../src/compliance/pss';
import { PodSecurityLevel } from '../../../src/compliance/pss/level';
import { pssRules, rbacRules } from '../../../src/policy/cel';
import { PSS_CEL } from '../../../src/policy/cel/pss';
import { regoError } from '../../../src/policy/gatekeeper/custom-template';
import { GatekeeperNativeValidationBackend } from '../../../src/policy/gatekeeper/native-validation';
import { GatekeeperRegoBackend, pssRegoModule } from '../../../src/policy/gatekeeper/rego';
import { normalizeFieldPaths, regoFieldPaths } from '../../../src/policy/gatekeeper/rego-paths';
import { PSS_REGO, pssRegoBody, REGO_POD_PRELUDE } from '../../../src/policy/gatekeeper/rego-pss';
import { AdmissionException, PolicyAction, PolicyRenderOptions } from '../../../src/policy/model';

const OPTIONS: PolicyRenderOptions = {
  pack: 'pss-restricted', action: PolicyAction.ENFORCE, exemptNamespaces: [], exceptions: [], kubernetesVersion: '1.28', namePrefix: 'hardened-',
};

function render(options: Partial<PolicyRenderOptions> = {}, rules = pssRules(PodSecurityLevel.RESTRICTED, 'v1.30'), backend = new GatekeeperRegoBackend()): any[] {
  const chart = new Chart(Testing.app(), 'test');
  backend.render(chart, rules, { ...OPTIONS, ...options });
  return Testing.synth(chart);
}

describe('Rego implementations of the Pod Security checks', () => {
  test('every check revision of the evaluator has one', () => {
    const revisions = PSS_CHECKS.flatMap((c) => c.versions.map((v) => `${c.id}@${v.minimumVersion}`)).sort();
    expect(Object.keys(PSS_REGO).sort()).toEqual(revisions);
  });

  test.each(Object.keys(PSS_CEL))('%s reads exactly the field paths of the model', (key) => {
    expect(regoFieldPaths(PSS_REGO[key].body)).toEqual(normalizeFieldPaths(PSS_CEL[key].fieldPaths));
  });

  test('the field-path extraction notices a Rego rule reading another field', () => {
    const altered = PSS_REGO['runAsNonRoot@v1.0'].body.replace('pod_spec.securityContext.runAsNonRoot == false', 'pod_spec.securityContext.runAsUser == 0');
    expect(regoFieldPaths(altered)).toContain('spec.securityContext.runAsUser');
    expect(regoFieldPaths(altered)).not.toEqual(normalizeFieldPaths(PSS_CEL['runAsNonRoot@v1.0'].fieldPaths));
  });

  test('the field-path extraction resolves locals, iterations and annotation prefixes', () => {
    expect(regoFieldPaths([
      'violation contains {"msg": "x"} if {',
      '\tsome v in pod_spec.volumes',
      '\tsource := v.nfs',
      '\tsource.server != ""',
      '}',
      '',
      'violation contains {"msg": "y"} if {',
      '\tsome key, value in pod_metadata.annotations',
      '\tstartswith(key, "example.com/")',
      '\tvalue != "ok"',
      '}',
    ].join('\n'))).toEqual(['metadata.annotations[example.com/*]', 'spec.volumes[*].nfs.server']);
  });

  test('fails for a check revision without Rego', () => {
    expect(() => pssRegoBody('runAsNonRoot', 'v1.99')).toThrow('no Rego implementation for Pod Security check runAsNonRoot revision v1.99; add it to src/policy/gatekeeper/rego-pss.ts');
  });

  test('a module is package, message, prelude and the check (snapshot)', () => {
    const rule = pssRules(PodSecurityLevel.RESTRICTED, 'v1.35').find((r) => r.id === 'pss-restricted-run-as-non-root')!;
    const module = pssRegoModule(rule, 'hardenedpssrestrictedrunasnonroot');
    expect(module.startsWith('package hardenedpssrestrictedrunasnonroot\n')).toBe(true);
    expect(module).toContain(REGO_POD_PRELUDE);
    expect(regoError(module, 'hardenedpssrestrictedrunasnonroot')).toBeUndefined();
    expect(module).toMatchSnapshot();
  });

  test('every module of every level and version passes the structural Rego checks', () => {
    for (const level of [PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED]) {
      for (const version of ['v1.0', 'v1.19', 'v1.25', 'v1.35', 'latest']) {
        for (const rule of pssRules(level, version)) expect(regoError(pssRegoModule(rule, 'p'), 'p')).toBeUndefined();
      }
    }
  });
});

describe('GatekeeperRegoBackend', () => {
  test('renders one Rego v1 ConstraintTemplate and one constraint per Pod Security rule', () => {
    const rules = pssRules(PodSecurityLevel.RESTRICTED, 'v1.30');
    const objects = render();
    const templates = objects.filter((o) => o.kind === 'ConstraintTemplate');
    expect(templates).toHaveLength(rules.length);
    for (const t of templates) {
      expect(t.apiVersion).toBe('templates.gatekeeper.sh/v1');
      expect(t.metadata.name).toBe(t.spec.crd.spec.names.kind.toLowerCase());
      const code = t.spec.targets[0].code;
      expect(code).toHaveLength(1);
      expect(code[0]).toMatchObject({ engine: 'Rego', source: { version: 'v1' } });
      expect(code[0].source.rego.startsWith(`package ${t.metadata.name}\n`)).toBe(true);
      expect(t.spec.targets[0].target).toBe('admission.k8s.gatekeeper.sh');
    }
    expect(objects.filter((o) => o.apiVersion === 'constraints.gatekeeper.sh/v1beta1')).toHaveLength(rules.length);
  });

  test('declares an empty structural parameters schema', () => {
    const t = render().find((o) => o.kind === 'ConstraintTemplate');
    expect(t.spec.crd.spec.validation.openAPIV3Schema).toMatchObject({ type: 'object', properties: {} });
  });

  test('constraints deny by default, match every pod kind and skip policy-exempt namespaces', () => {
    const c = render({ exemptNamespaces: ['kube-system'] }).find((o) => o.kind === 'HardenedPssRestrictedRunAsNonRoot');
    expect(c.metadata.name).toBe('hardened-pss-restricted-run-as-non-root');
    expect(c.spec.enforcementAction).toBe('deny');
    expect(c.spec.match).toEqual({
      kinds: [
        { apiGroups: [''], kinds: ['Pod', 'ReplicationController'] },
        { apiGroups: ['apps'], kinds: ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'] },
        { apiGroups: ['batch'], kinds: ['Job', 'CronJob'] },
      ],
      excludedNamespaces: ['kube-system'],
      namespaceSelector: { matchExpressions: [{ key: 'cdk8s-hardened.io/policy-exempt', operator: 'DoesNotExist' }] },
    });
  });

  test.each([[PolicyAction.AUDIT, 'dryrun'], [PolicyAction.WARN, 'warn']])('maps %s to enforcementAction %s', (action, want) => {
    expect(render({ action }).find((o) => o.kind === 'HardenedPssRestrictedPrivileged').spec.enforcementAction).toBe(want);
  });

  test('compiles an exception into disjoint constraints that carry its id and expiry', () => {
    const exception: AdmissionException = {
      id: 'batch-root',
      reason: 'legacy batch image runs as root (BATCH-12)',
      expires: '2099-12-31',
      rules: ['pss-restricted-run-as-non-root'],
      namespaces: ['batch'],
      matchLabels: { app: 'legacy' },
    };
    const constraints = render({ exceptions: [exception] }).filter((o) => o.kind === 'HardenedPssRestrictedRunAsNonRoot');
    expect(constraints.map((c) => [c.metadata.name, c.spec.match.excludedNamespaces, c.spec.match.namespaces, c.spec.match.labelSelector])).toEqual([
      ['hardened-pss-restricted-run-as-non-root', ['batch'], undefined, undefined],
      ['hardened-pss-restricted-run-as-non-root-2', undefined, ['batch'], { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['legacy'] }] }],
    ]);
    for (const c of constraints) {
      expect(c.metadata.annotations).toMatchObject({ 'cdk8s-hardened.io/exception': 'batch-root', 'cdk8s-hardened.io/expires': '2099-12-31' });
    }
    const other = render({ exceptions: [exception] }).filter((o) => o.kind === 'HardenedPssRestrictedPrivileged');
    expect(other).toHaveLength(1);
    expect(other[0].metadata.annotations['cdk8s-hardened.io/exception']).toBeUndefined();
  });

  test('fails on rules without a Rego implementation when there is no fallback', () => {
    expect(() => render({}, rbacRules().slice(0, 1)))
      .toThrow(`rules '${rbacRules()[0].id}' have no Rego implementation; pass a fallback backend (e.g. new GatekeeperRegoBackend({ fallback: new GatekeeperNativeValidationBackend() })) or use a pss pack`);
  });

  test('renders rules without a Rego implementation with the fallback backend', () => {
    const rules = [...pssRules(PodSecurityLevel.RESTRICTED, 'latest').slice(0, 1), ...rbacRules().slice(0, 1)];
    const objects = render({}, rules, new GatekeeperRegoBackend({ fallback: new GatekeeperNativeValidationBackend() }));
    const engines = objects.filter((o) => o.kind === 'ConstraintTemplate').map((t) => t.spec.targets[0].code[0].engine);
    expect(engines).toEqual(['Rego', 'K8sNativeValidation']);
  });
});
