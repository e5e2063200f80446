import * as fc from 'fast-check';
import { admits, judge } from './judge';
import { CheckStatus } from '../../../src/compliance/check';
import { findCheck } from '../../../src/compliance/checks';
import { EvaluationContext } from '../../../src/compliance/context';
import { imageDigestRule, PINNED_IMAGE_PATTERN } from '../../../src/policy/cel/image';
import { FORBIDDEN_PERMISSIONS, rbacExpression, rbacRules } from '../../../src/policy/cel/rbac';
import { RuleSubject } from '../../../src/policy/model';
import { parseImageReference } from '../../../src/supply-chain/image-reference';

const context = new EvaluationContext([], { pssVersion: 'latest', now: new Date('2026-01-01T00:00:00Z') });

function engineFails(checkId: string, object: any): boolean {
  const outcome = findCheck(checkId)!.evaluate(object, context);
  return outcome.status === CheckStatus.FAIL || outcome.status === CheckStatus.ERROR;
}

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'escalate', 'bind', 'impersonate', 'approve', '*'];
const GROUPS = ['', 'apps', 'batch', 'rbac.authorization.k8s.io', 'admissionregistration.k8s.io', 'certificates.k8s.io', 'authentication.k8s.io', '*'];
const RESOURCES = [
  'pods', 'pods/exec', 'pods/attach', 'pods/log', 'secrets', 'configmaps', 'deployments', 'cronjobs', 'roles', 'clusterroles', 'users', 'groups',
  'serviceaccounts', 'serviceaccounts/token', 'uids', 'nodes', 'nodes/proxy', 'persistentvolumes', 'certificatesigningrequests/approval', 'signers',
  'validatingwebhookconfigurations', 'mutatingadmissionpolicies', '*', '*/exec', '*/proxy', '*/token',
];
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const ruleArb = fc.record({
  verbs: opt(fc.subarray(VERBS, { maxLength: 3 })),
  apiGroups: opt(fc.subarray(GROUPS, { maxLength: 2 })),
  resources: opt(fc.subarray(RESOURCES, { maxLength: 3 })),
  resourceNames: opt(fc.subarray(['a', 'b'])),
  nonResourceURLs: opt(fc.subarray(['/healthz', '*'])),
}, { requiredKeys: [] });
const roleArb = fc.record({ kind: fc.constantFrom('Role', 'ClusterRole'), rules: opt(fc.array(ruleArb, { maxLength: 3 })) });

function clean(value: any): any {
  return JSON.parse(JSON.stringify(value));
}

describe('the CEL translation of the RBAC checks', () => {
  test('covers every role and binding check of the engine', () => {
    expect(rbacRules().map((r) => r.id)).toEqual([
      'rbac-no-secret-read', 'rbac-no-wildcards', 'rbac-no-pod-create', 'rbac-no-escalate-bind-impersonate', 'rbac-no-persistentvolume-create',
      'rbac-no-node-proxy', 'rbac-no-csr-approval', 'rbac-no-admission-config-write', 'rbac-no-token-create', 'rbac-no-pod-exec-attach',
      'rbac-no-cluster-admin-binding', 'rbac-no-system-masters-binding', 'rbac-no-anonymous-binding', 'rbac-no-all-authenticated-binding',
      'rbac-no-default-serviceaccount-binding',
    ]);
  });

  test('has no translation for a check admission cannot judge from the object', () => {
    expect(rbacExpression('workload-no-token-automount')).toBeUndefined();
  });

  test('keeps the engine checks\' severities and titles', () => {
    for (const rule of rbacRules()) {
      expect([rule.id, rule.severity, rule.title]).toEqual([rule.id, findCheck(rule.id)!.severity, findCheck(rule.id)!.title]);
    }
  });

  test('agrees with every role-rule check of the engine on generated roles', () => {
    const roleRules = rbacRules().filter((r) => r.subject === RuleSubject.ROLES);
    expect(roleRules.length).toBe(Object.keys(FORBIDDEN_PERMISSIONS).length + 1);
    fc.assert(fc.property(roleArb, (g) => {
      const role = clean({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: g.kind, metadata: { name: 'r' }, rules: g.rules });
      for (const rule of roleRules) {
        if (admits(rule, role) === engineFails(rule.id, role)) throw new Error(`${rule.id} disagrees on ${JSON.stringify(role)}`);
      }
    }), { numRuns: 1500, seed: 8 });
  });

  test('agrees with every binding check of the engine on generated bindings', () => {
    const bindingRules = rbacRules().filter((r) => r.subject === RuleSubject.BINDINGS);
    const subjectArb = fc.record({
      kind: fc.constantFrom('User', 'Group', 'ServiceAccount'),
      name: fc.constantFrom('system:masters', 'system:anonymous', 'system:unauthenticated', 'system:authenticated', 'system:serviceaccounts', 'default', 'alice'),
      namespace: fc.constant('ns'),
    });
    fc.assert(fc.property(fc.constantFrom('RoleBinding', 'ClusterRoleBinding'), fc.constantFrom('ClusterRole', 'Role'), fc.constantFrom('cluster-admin', 'view'), opt(fc.array(subjectArb, { maxLength: 3 })), (kind, refKind, refName, subjects) => {
      const binding = clean({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name: 'b' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: refKind, name: refName }, subjects });
      for (const rule of bindingRules) {
        if (admits(rule, binding) === engineFails(rule.id, binding)) throw new Error(`${rule.id} disagrees on ${JSON.stringify(binding)}`);
      }
    }), { numRuns: 500, seed: 8 });
  });

  test('denies a ClusterRole with wildcard verbs', () => {
    const rule = rbacRules().find((r) => r.id === 'rbac-no-wildcards')!;
    expect(admits(rule, { kind: 'ClusterRole', rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }] })).toBe(false);
    expect(admits(rule, { kind: 'ClusterRole', rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] })).toBe(true);
  });

  test('allows get on named Secrets but denies list', () => {
    const rule = rbacRules().find((r) => r.id === 'rbac-no-secret-read')!;
    expect(admits(rule, { kind: 'Role', rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['db'] }] })).toBe(true);
    expect(admits(rule, { kind: 'Role', rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'], resourceNames: ['db'] }] })).toBe(false);
  });
});

describe('the CEL translation of image-digest', () => {
  const digest = 'sha256:' + 'b'.repeat(64);

  test('admits digest-pinned images and denies tags, naming the container', () => {
    const rule = imageDigestRule();
    const pod = (image: string) => ({ kind: 'Pod', spec: { containers: [{ name: 'app', image }] } });
    expect(admits(rule, pod(`registry.example.com/team/app:1.0@${digest}`))).toBe(true);
    expect(admits(rule, pod('nginx:1.27'))).toBe(false);
    expect(judge(rule, pod('nginx:1.27')).denials[0]).toBe(
      "image-digest: Container images are pinned by sha256 digest; use 'registry/repository:tag@sha256:<64 hex>'; offending containers: app",
    );
  });

  test('denies a container without an image', () => {
    expect(admits(imageDigestRule(), { kind: 'Pod', spec: { containers: [{ name: 'app' }] } })).toBe(false);
  });

  test('the pattern accepts exactly what parseImageReference accepts', () => {
    const re = new RegExp(PINNED_IMAGE_PATTERN);
    const part = fc.constantFrom('app', 'team', 'MyHost', 'a.b', 'a_b.c', 'localhost', 'host:5000', 'reg.io:443', 'a__b', 'a--b', 'UP', 'x-', '', 'a..b', 'b:c');
    const tag = fc.constantFrom('', ':1.0', ':latest', ':-bad', ':v1_2');
    const dig = fc.constantFrom(`@${digest}`, '', '@sha256:abc', `@${digest}@${digest}`, `@sha512:${'b'.repeat(64)}`);
    fc.assert(fc.property(fc.array(part, { minLength: 1, maxLength: 3 }), tag, dig, (parts, t, d) => {
      const ref = `${parts.join('/')}${t}${d}`;
      const parserAccepts = typeof parseImageReference(ref, true) !== 'string';
      if (re.test(ref) !== parserAccepts) throw new Error(`${ref}: pattern ${re.test(ref)}, parser ${parserAccepts}`);
    }), { numRuns: 3000, seed: 8 });
  });
});
