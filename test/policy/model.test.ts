import { CelPrograms } from '../../conformance/cel/evaluator';
import { Severity } from '../../src/compliance/check';
import {
  AdmissionException, bindingVariables, exceptionConditions, exceptionCovers, exceptionError, exceptionMatchExpression, exemptNamespaceSelector,
  kubernetesMinor, pascalCase, policyRulesFor, PolicyRule, resourcesByGroup, resourcesOf, RuleSubject, EXCEPTION_EXPIRES_ANNOTATION,
  EXCEPTION_ID_ANNOTATION, POLICY_EXEMPT_LABEL,
} from '../../src/policy/model';

const NOW = new Date('2026-01-01T00:00:00Z');
const IDS = ['pss-restricted-run-as-non-root', 'pss-restricted-privileged', 'rbac-no-wildcards'];
const base: AdmissionException = { id: 'legacy-batch', reason: 'legacy batch image runs as root (team-batch)', expires: '2026-06-30', namespaces: ['batch'] };

describe('the policy model', () => {
  test('produces the rules of every admission pack, ids from the engine', () => {
    expect(policyRulesFor('pss-baseline', 'v1.28').every((r) => r.id.startsWith('pss-baseline-'))).toBe(true);
    expect(policyRulesFor('pss-restricted', 'latest').map((r) => r.id)).toContain('pss-restricted-run-as-non-root');
    expect(policyRulesFor('rbac-least-privilege', 'latest').map((r) => r.id)).toContain('rbac-no-wildcards');
    const hardened = policyRulesFor('hardened', 'latest').map((r) => r.id);
    expect(hardened).toContain('image-digest');
    expect(hardened).toContain('rbac-no-cluster-admin-binding');
  });

  test('fails for a pack without admission rules', () => {
    expect(() => policyRulesFor('cis-k8s', 'latest')).toThrow(
      "pack \"cis-k8s\" has no admission rules; use one of 'pss-baseline', 'pss-restricted', 'rbac-least-privilege', 'hardened'",
    );
  });

  test('binds podSpec, podMeta and containers for Pods, controllers and CronJobs alike', () => {
    const programs = new CelPrograms();
    const vars = bindingVariables(RuleSubject.PODS);
    expect(vars.map((v) => v.name)).toEqual(['podSpec', 'podMeta', 'containers']);
    const spec = { containers: [{ name: 'a' }], initContainers: [{ name: 'i' }] };
    const objects = [
      { kind: 'Pod', metadata: { name: 'p' }, spec },
      { kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { metadata: { name: 'p' }, spec } } },
      { kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: { metadata: { name: 'p' }, spec } } } } },
    ];
    for (const object of objects) {
      const variables: Record<string, unknown> = {};
      for (const v of vars) variables[v.name] = programs.run(v.expression, { object, variables });
      expect([object.kind, programs.run("variables.containers.map(c, c.name).join(',') + ':' + variables.podMeta.name", { object, variables })])
        .toEqual([object.kind, 'i,a:p']);
    }
  });

  test('binds an empty podMeta when a template has no metadata', () => {
    const programs = new CelPrograms();
    const object = { kind: 'Job', spec: { template: { spec: { containers: [] } } } };
    const variables: Record<string, unknown> = {};
    for (const v of bindingVariables(RuleSubject.PODS)) variables[v.name] = programs.run(v.expression, { object, variables });
    expect(programs.run('size(variables.podMeta)', { object, variables })).toBe(0n);
  });

  test('binds from Gatekeeper\'s variables.anyObject when asked', () => {
    expect(bindingVariables(RuleSubject.ROLES, 'variables.anyObject')).toEqual([{ name: 'rules', expression: 'has(variables.anyObject.rules) ? variables.anyObject.rules : []' }]);
  });

  test('matches pods and every pod-bearing controller, grouped by API group', () => {
    expect(resourcesByGroup(resourcesOf(RuleSubject.PODS))).toEqual([
      { apiGroup: '', apiVersions: ['v1'], resources: ['pods', 'replicationcontrollers'], kinds: ['Pod', 'ReplicationController'] },
      { apiGroup: 'apps', apiVersions: ['v1'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'], kinds: ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'] },
      { apiGroup: 'batch', apiVersions: ['v1'], resources: ['jobs', 'cronjobs'], kinds: ['Job', 'CronJob'] },
    ]);
  });

  test('selects non-exempt namespaces by label and by name', () => {
    expect(exemptNamespaceSelector([])).toEqual({ matchExpressions: [{ key: POLICY_EXEMPT_LABEL, operator: 'DoesNotExist' }] });
    expect(exemptNamespaceSelector(['kube-system']).matchExpressions[1]).toEqual({ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] });
  });

  test('accepts a valid exception', () => {
    expect(exceptionError(base, IDS, NOW)).toBeUndefined();
    expect(exceptionError({ ...base, rules: ['pss-restricted-*'] }, IDS, NOW)).toBeUndefined();
  });

  test.each<[string, Partial<AdmissionException>, string]>([
    ['an expired date', { expires: '2025-12-31' }, 'exception "legacy-batch" expired on 2025-12-31; renew it with a new reason and a future \'expires\' date, or remove it'],
    ['a malformed date', { expires: '31.12.2026' }, 'exception "legacy-batch" has expires "31.12.2026", which is not a date; use \'YYYY-MM-DD\', e.g. \'2026-06-30\''],
    ['a short reason', { reason: 'because' }, 'exception "legacy-batch" has reason "because"; give a reason of at least 10 characters (why, and who owns it)'],
    ['a bad id', { id: 'Legacy_Batch' }, 'exception id "Legacy_Batch" is invalid; use lower-case letters, digits and \'-\' (at most 63), e.g. \'legacy-batch-root\''],
    ['no scope', { namespaces: undefined }, 'exception "legacy-batch" names neither namespaces nor matchLabels, so it would exempt everything; set namespaces and/or matchLabels'],
    ['a bad namespace', { namespaces: ['Batch'] }, 'exception "legacy-batch" has namespace "Batch", which is not a namespace name (RFC 1123 label)'],
    ['a bad label value', { matchLabels: { app: 'a b' } }, 'exception "legacy-batch" has label value "a b" for "app", which is not a valid label value (at most 63 characters)'],
    ['an unknown rule', { rules: ['pss-restricted-nope'] }, 'exception "legacy-batch" names rule "pss-restricted-nope", which matches no rule of the pack; use one of \'pss-restricted-run-as-non-root\', \'pss-restricted-privileged\', \'rbac-no-wildcards\' (or a \'prefix-*\' pattern)'],
    ['an empty rule list', { rules: [] }, 'exception "legacy-batch" has an empty rules list; omit rules to cover every rule, or name rule ids'],
  ])('fails an exception with %s', (_what, change, message) => {
    expect(exceptionError({ ...base, ...change }, IDS, NOW)).toBe(message);
  });

  test('holds an exception through its expiry day', () => {
    expect(exceptionError({ ...base, expires: '2026-01-01' }, IDS, NOW)).toBeUndefined();
  });

  test('covers the rules an exception names, by id or prefix, or all', () => {
    expect(exceptionCovers(base, 'anything')).toBe(true);
    expect(exceptionCovers({ ...base, rules: ['pss-restricted-*'] }, 'pss-restricted-privileged')).toBe(true);
    expect(exceptionCovers({ ...base, rules: ['pss-restricted-*'] }, 'rbac-no-wildcards')).toBe(false);
  });

  test('renders an exception as a CEL condition over the request namespace and the object labels', () => {
    expect(exceptionMatchExpression({ ...base, matchLabels: { app: 'legacy' } })).toBe(
      "request.namespace in ['batch'] && has(object.metadata.labels) && 'app' in object.metadata.labels && object.metadata.labels['app'] == 'legacy'",
    );
  });

  test('records covering exceptions and the earliest expiry as annotations', () => {
    const rule = { id: 'pss-restricted-privileged' } as PolicyRule;
    const out = exceptionConditions(rule, [base, { ...base, id: 'second', expires: '2026-03-01' }, { ...base, id: 'other', rules: ['rbac-no-wildcards'] }]);
    expect(out.conditions.map((c) => c.name)).toEqual(['exception-legacy-batch', 'exception-second']);
    expect(out.conditions[0].expression).toBe("!(request.namespace in ['batch'])");
    expect(out.annotations).toEqual({ [EXCEPTION_ID_ANNOTATION]: 'legacy-batch,second', [EXCEPTION_EXPIRES_ANNOTATION]: '2026-03-01' });
  });

  test('parses Kubernetes versions and spells kinds', () => {
    expect(kubernetesMinor('1.28')).toBe(28);
    expect(kubernetesMinor('v1.30.2')).toBe(30);
    expect(kubernetesMinor('2.0')).toBeUndefined();
    expect(pascalCase('hardened-pss-restricted-run-as-non-root')).toBe('HardenedPssRestrictedRunAsNonRoot');
  });

  test('gives PSS rules error severity', () => {
    expect(policyRulesFor('pss-baseline', 'latest').every((r) => r.severity === Severity.ERROR)).toBe(true);
  });
});
