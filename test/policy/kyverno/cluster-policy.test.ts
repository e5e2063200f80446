import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { PodSecurityLevel } from '../../../src/compliance/pss/level';
import { pssRules } from '../../../src/policy/cel';
import {
  KYVERNO_AUTOGEN_ANNOTATION, KyvernoClusterPolicy, KyvernoClusterPolicyBackend, kyvernoCelRule, kyvernoPodBindingVariables,
} from '../../../src/policy/kyverno/cluster-policy';
import { KyvernoFailureAction, KyvernoRule } from '../../../src/policy/kyverno/custom-rule';
import { AdmissionException, POLICY_EXEMPT_LABEL, PolicyAction, PolicyRenderOptions, RuleSubject } from '../../../src/policy/model';
import { PolicyEngine, PolicyPack } from '../../../src/policy/policy-pack';

const OPTIONS: PolicyRenderOptions = {
  pack: 'pss-restricted', action: PolicyAction.ENFORCE, exemptNamespaces: [], exceptions: [], kubernetesVersion: '1.28', namePrefix: 'hardened-',
};

function render(options: Partial<PolicyRenderOptions> = {}, level = PodSecurityLevel.RESTRICTED, version = 'v1.30'): any[] {
  const chart = new Chart(Testing.app(), 'test');
  new KyvernoClusterPolicyBackend().render(chart, pssRules(level, version), { ...OPTIONS, ...options });
  return Testing.synth(chart);
}

const policyOf = (objects: any[]) => objects.find((o) => o.kind === 'ClusterPolicy');

describe('KyvernoClusterPolicyBackend', () => {
  test('renders one kyverno.io/v1 ClusterPolicy per pack (snapshot)', () => {
    const objects = render({}, PodSecurityLevel.BASELINE, 'v1.28');
    expect(objects.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.name}`)).toEqual(['kyverno.io/v1/ClusterPolicy/hardened-pss-restricted']);
    expect(objects).toMatchSnapshot();
  });

  test('has one rule per model rule, named by the rule id, with the model CEL', () => {
    const rules = pssRules(PodSecurityLevel.RESTRICTED, 'v1.30');
    const policy = policyOf(render());
    expect(policy.spec.rules.map((r: any) => r.name)).toEqual(rules.map((r) => r.id));
    for (const [i, rule] of rules.entries()) {
      expect(policy.spec.rules[i].validate.cel.expressions.map((e: any) => e.expression)).toEqual(rule.validations.map((v) => v.expression));
    }
  });

  test('sets a per-rule failureAction and never the deprecated spec-level validationFailureAction', () => {
    const policy = policyOf(render());
    expect(policy.spec.validationFailureAction).toBeUndefined();
    expect(policy.spec.rules.every((r: any) => r.validate.failureAction === 'Enforce')).toBe(true);
  });

  test('defaults to background scans', () => {
    expect(policyOf(render()).spec.background).toBe(true);
  });

  test('matches only Pods and lets Kyverno auto-generate rules for every pod controller', () => {
    const policy = policyOf(render());
    expect(policy.metadata.annotations[KYVERNO_AUTOGEN_ANNOTATION]).toBe('DaemonSet,Deployment,Job,StatefulSet,ReplicaSet,ReplicationController,CronJob');
    for (const rule of policy.spec.rules) {
      expect(rule.match).toEqual({ any: [{ resources: { kinds: ['Pod'], operations: ['CREATE', 'UPDATE'] } }] });
    }
  });

  test('binds the pod in the Pod form that autogen rewrites into the template form', () => {
    const rule = policyOf(render()).spec.rules[0];
    expect(rule.validate.cel.variables.slice(0, 2)).toEqual([
      { name: 'podSpec', expression: 'has(object.spec) ? object.spec : {}' },
      { name: 'podMeta', expression: 'has(object.metadata) ? object.metadata : {}' },
    ]);
    expect(rule.validate.cel.variables.map((v: any) => v.name)).toEqual(kyvernoPodBindingVariables().map((v) => v.name));
  });

  test('excludes exempt namespaces and namespaces labelled policy-exempt', () => {
    const rule = policyOf(render({ exemptNamespaces: ['kube-system'] })).spec.rules[0];
    expect(rule.exclude).toEqual({
      any: [
        { resources: { namespaces: ['kube-system'] } },
        { resources: { namespaceSelector: { matchExpressions: [{ key: POLICY_EXEMPT_LABEL, operator: 'Exists' }] } } },
      ],
    });
  });

  test('audit is Audit; warn is Audit with emitWarning', () => {
    const audit = policyOf(render({ action: PolicyAction.AUDIT }));
    expect(audit.spec.rules.every((r: any) => r.validate.failureAction === 'Audit')).toBe(true);
    expect(audit.spec.emitWarning).toBeUndefined();
    const warn = policyOf(render({ action: PolicyAction.WARN }));
    expect(warn.spec.rules.every((r: any) => r.validate.failureAction === 'Audit')).toBe(true);
    expect(warn.spec.emitWarning).toBe(true);
  });

  test('puts Role and binding rules in a separate -rbac policy without autogen', () => {
    const chart = new Chart(Testing.app(), 'test');
    const pack = new PolicyPack(chart, 'pack', { pack: 'hardened', engine: PolicyEngine.fromBackend(new KyvernoClusterPolicyBackend()) });
    const objects = Testing.synth(chart);
    const rbac = objects.find((o) => o.metadata.name === 'hardened-hardened-rbac');
    expect(rbac.metadata.annotations[KYVERNO_AUTOGEN_ANNOTATION]).toBeUndefined();
    const rbacRules = pack.rules.filter((r) => r.subject !== RuleSubject.PODS);
    expect(rbac.spec.rules.map((r: any) => r.name)).toEqual(rbacRules.map((r) => r.id));
    expect(rbac.spec.rules[0].match.any[0].resources.kinds).not.toContain('Pod');
    expect(policyOf(objects).spec.rules.map((r: any) => r.name)).toContain('image-digest');
  });

  test('renders each exception as a PolicyException naming the rule and its autogen variants', () => {
    const exception: AdmissionException = {
      id: 'batch-root',
      reason: 'legacy batch image runs as root (BATCH-12)',
      expires: '2099-12-31',
      rules: ['pss-restricted-run-as-non-root'],
      namespaces: ['batch'],
    };
    const objects = render({ exceptions: [exception] });
    const ex = objects.find((o) => o.kind === 'PolicyException');
    expect(ex.apiVersion).toBe('kyverno.io/v2');
    expect(ex.metadata).toMatchObject({ name: 'hardened-batch-root', namespace: 'kyverno' });
    expect(ex.spec.exceptions).toEqual([{
      policyName: 'hardened-pss-restricted',
      ruleNames: ['pss-restricted-run-as-non-root', 'autogen-pss-restricted-run-as-non-root', 'autogen-cronjob-pss-restricted-run-as-non-root'],
    }]);
    expect(ex.spec.match.any[0].resources.namespaces).toEqual(['batch']);
  });

  test('creates PolicyExceptions in the configured exception namespace', () => {
    const chart = new Chart(Testing.app(), 'test');
    new KyvernoClusterPolicyBackend({ exceptionNamespace: 'policy-exceptions' }).render(chart, pssRules(PodSecurityLevel.RESTRICTED, 'latest'), {
      ...OPTIONS, exceptions: [{ id: 'x', reason: 'a reason long enough', expires: '2099-01-01', namespaces: ['a'] }],
    });
    expect(Testing.synth(chart).find((o) => o.kind === 'PolicyException').metadata.namespace).toBe('policy-exceptions');
  });

  test('fails when the exception namespace is not a namespace name', () => {
    expect(() => new KyvernoClusterPolicyBackend({ exceptionNamespace: 'Bad_NS' }))
      .toThrow("KyvernoClusterPolicyBackend: exceptionNamespace 'Bad_NS' is not a namespace name (DNS-1123 label)");
  });

  test('fails on a pod rule whose CEL reads object.spec directly (autogen would rewrite it)', () => {
    const rule = { ...pssRules(PodSecurityLevel.BASELINE, 'latest')[0], validations: [{ expression: 'has(object.spec.hostNetwork)', message: 'm' }] };
    expect(() => kyvernoCelRule(rule, OPTIONS))
      .toThrow(`rule ${rule.id}: 'object.spec' in its CEL would be rewritten by Kyverno's autogen; read the pod through variables.podSpec / variables.podMeta`);
  });

  test('is an engine of a PolicyPack', () => {
    const chart = new Chart(Testing.app(), 'test');
    const pack = new PolicyPack(chart, 'pack', { engine: PolicyEngine.fromBackend(new KyvernoClusterPolicyBackend()) });
    expect(pack.engineName).toBe('Kyverno ClusterPolicy');
  });
});

describe('KyvernoClusterPolicy', () => {
  const rule = () => KyvernoRule.fromPattern({ name: 'r', message: 'm', pattern: { spec: { hostNetwork: false } } });

  test('escape hatch: the policy object is patchable', () => {
    const chart = new Chart(Testing.app(), 'test');
    const policy = new KyvernoClusterPolicy(chart, 'p', { name: 'p', rules: [rule()] });
    ApiObject.of(policy.apiObject).addJsonPatch(JsonPatch.add('/spec/webhookTimeoutSeconds', 15));
    expect(Testing.synth(chart)[0].spec.webhookTimeoutSeconds).toBe(15);
    expect(policy.node.findChild('Resource')).toBe(policy.apiObject);
  });

  test('lists the autogen variants of a rule for exceptions', () => {
    const chart = new Chart(Testing.app(), 'test');
    const policy = new KyvernoClusterPolicy(chart, 'p', { rules: [rule()] });
    expect(policy.exceptionRuleNames('r')).toEqual(['r', 'autogen-r', 'autogen-cronjob-r']);
  });

  test('fails without rules', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new KyvernoClusterPolicy(chart, 'p', { rules: [] }))
      .toThrow("KyvernoClusterPolicy 'test/p': has no rules; pass at least one KyvernoRule (e.g. KyvernoRule.fromPattern({...}))");
  });

  test('fails with two rules of the same name', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new KyvernoClusterPolicy(chart, 'p', { rules: [rule(), rule()] }))
      .toThrow("KyvernoClusterPolicy 'test/p': has two rules named 'r'; rule names must be unique within a policy");
  });

  test('fails with a name that is not a DNS-1123 subdomain', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new KyvernoClusterPolicy(chart, 'p', { name: 'Require_Root', rules: [rule()] }))
      .toThrow("KyvernoClusterPolicy 'test/p': name 'Require_Root' is not a DNS-1123 subdomain; use lower-case alphanumerics, '-' and '.'");
  });

  test('fails for an unknown rule when listing exception names', () => {
    const chart = new Chart(Testing.app(), 'test');
    const policy = new KyvernoClusterPolicy(chart, 'p', { rules: [rule()] });
    expect(() => policy.exceptionRuleNames('x')).toThrow("KyvernoClusterPolicy 'test/p': has no rule 'x'; its rules are 'r'");
  });

  test('keeps the failure action of each rule', () => {
    const chart = new Chart(Testing.app(), 'test');
    new KyvernoClusterPolicy(chart, 'p', {
      rules: [KyvernoRule.fromPattern({ name: 'a', message: 'm', pattern: { spec: {} }, failureAction: KyvernoFailureAction.AUDIT }), rule()],
    });
    expect(Testing.synth(chart)[0].spec.rules.map((r: any) => r.validate.failureAction)).toEqual(['Audit', 'Enforce']);
  });
});
