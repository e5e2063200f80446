import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as yaml from 'js-yaml';
import { LeastPrivilegeServiceAccount, LeastPrivilegeServiceAccountProps } from '../../src/rbac/least-privilege-service-account';
import { RbacRuleProps } from '../../src/rbac/rule';
import { WorkloadIdentity } from '../../src/rbac/workload-identity';
import { Hardening, OptOut, STRICT_CONTEXT_KEY } from '../../src/warnings';

function setup(props: Partial<LeastPrivilegeServiceAccountProps> = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const sa = new LeastPrivilegeServiceAccount(chart, 'api', { namespace: 'production', name: 'api-server', ...props });
  const synth = () => Testing.synth(chart);
  const byKind = (kind: string) => synth().filter((o: any) => o.kind === kind);
  return { app, chart, sa, synth, byKind };
}

describe('LeastPrivilegeServiceAccount defaults', () => {
  test('matches the defaults snapshot', () => {
    expect(setup().synth()).toMatchSnapshot();
  });

  test('emits only a ServiceAccount without an automounted token when nothing is granted', () => {
    const { sa, synth } = setup();
    expect(synth()).toEqual([{
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'api-server', namespace: 'production' },
      automountServiceAccountToken: false,
    }]);
    expect(sa.role).toBeUndefined();
    expect(sa.roleBinding).toBeUndefined();
    expect(sa.rules).toEqual([]);
  });

  test('exposes the name, namespace, cdk8s-plus ServiceAccount and derived role names', () => {
    const { sa } = setup();
    expect(sa.name).toBe('api-server');
    expect(sa.namespace).toBe('production');
    expect(sa.serviceAccount).toBeInstanceOf(kplus.ServiceAccount);
    expect(sa.serviceAccount.node.id).toBe('Resource');
    expect(sa.serviceAccount.automountToken).toBe(false);
    expect(sa.roleName).toBe('api-server-role');
    expect(sa.roleBindingName).toBe('api-server-binding');
    expect(sa.podLabels).toEqual({});
    expect(sa.workloadIdentity).toBeUndefined();
  });

  test('generates a name from the construct path when none is given', () => {
    const chart = new Chart(Testing.app(), 'test');
    const sa = new LeastPrivilegeServiceAccount(chart, 'api', { namespace: 'production' });
    expect(sa.name).toMatch(/^test-api-[0-9a-f]{8}$/);
    expect(sa.roleName).toBe(`${sa.name}-role`);
    expect(Testing.synth(chart)[0].metadata.name).toBe(sa.name);
  });

  test('never emits a ClusterRole or ClusterRoleBinding', () => {
    const { sa, synth } = setup();
    sa.grantReadConfigMap('api-config');
    expect(synth().map((o: any) => o.kind)).toEqual(['ServiceAccount', 'Role', 'RoleBinding']);
  });

  test('records no hardening warning for least-privilege grants', () => {
    const { sa, chart } = setup();
    sa.grantReadConfigMap('api-config');
    sa.grantReadSecret('api-secrets');
    expect(Hardening.of(chart).warnings).toEqual([]);
  });
});

describe("the brief's RBAC example", () => {
  test('reproduces the ServiceAccount, Role and RoleBinding of the brief', () => {
    const { sa, synth } = setup();
    sa.grantReadConfigMap('api-config');
    sa.grantReadSecret('api-secrets');
    const expected = yaml.loadAll(`
apiVersion: v1
kind: ServiceAccount
metadata: { name: api-server, namespace: production }
automountServiceAccountToken: false
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: api-server-role, namespace: production }
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get", "list", "watch"]
    resourceNames: ["api-config"]
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get"]
    resourceNames: ["api-secrets"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: api-server-binding, namespace: production }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: api-server-role }
subjects:
  - { kind: ServiceAccount, name: api-server, namespace: production }
`);
    expect(synth()).toEqual(expected);
  });

  test('is also expressible with the rules prop and explicit role names', () => {
    const { synth } = setup({
      roleName: 'api-server-role',
      roleBindingName: 'api-server-binding',
      rules: [
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'], resourceNames: ['api-config'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['api-secrets'] },
      ],
    });
    const role = synth().find((o: any) => o.kind === 'Role');
    expect(role.metadata).toEqual({ name: 'api-server-role', namespace: 'production' });
    expect(role.rules).toHaveLength(2);
  });
});

describe('grants', () => {
  test('grantReadConfigMap allows get, list and watch on the named ConfigMaps only', () => {
    const { sa } = setup();
    const grant = sa.grantReadConfigMap('a', 'b');
    expect(grant.rule).toEqual({ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'], resourceNames: ['a', 'b'] });
    expect(grant.serviceAccountName).toBe('api-server');
    expect(grant.namespace).toBe('production');
  });

  test('grantReadSecret allows get on the named Secrets only', () => {
    const { sa } = setup();
    expect(sa.grantReadSecret('db').rule).toEqual({ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['db'] });
  });

  test('grantRead takes cdk8s-plus ConfigMaps and Secrets, giving Secrets get only', () => {
    const { sa, chart } = setup();
    const cm = new kplus.ConfigMap(chart, 'cm', { metadata: { name: 'settings', namespace: 'production' } });
    const secret = kplus.Secret.fromSecretName(chart, 'secret', 'tls');
    expect(sa.grantRead(cm).rule).toEqual({ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'], resourceNames: ['settings'] });
    expect(sa.grantRead(secret).rule).toEqual({ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['tls'] });
  });

  test('merges repeated grants on the same type and verbs into one rule', () => {
    const { sa, byKind } = setup();
    sa.grantReadConfigMap('a');
    sa.grantReadConfigMap('b', 'a');
    expect(byKind('Role')[0].rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'], resourceNames: ['a', 'b'] },
    ]);
  });

  test('does not emit the same type-wide rule twice', () => {
    const { sa } = setup();
    const rule = { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] };
    sa.allow(rule);
    sa.allow(rule);
    expect(sa.rules).toEqual([rule]);
  });

  test('allow emits type-wide rules and name-scoped writes', () => {
    const { sa, byKind } = setup();
    sa.allow({ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] });
    sa.allow({ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update', 'patch'], resourceNames: ['api-leader'] });
    expect(byKind('Role')[0].rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update', 'patch'], resourceNames: ['api-leader'] },
    ]);
  });

  test('allows list and watch on secrets when restricted by resourceNames', () => {
    const { sa, chart } = setup();
    sa.allow({ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'], resourceNames: ['api-secrets'] });
    expect(Hardening.of(chart).warnings).toEqual([]);
  });

  test('binds the Role to the ServiceAccount only', () => {
    const { sa, byKind } = setup();
    sa.grantReadSecret('db');
    const [binding] = byKind('RoleBinding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'api-server-role' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'api-server', namespace: 'production' }]);
    expect(binding.metadata.namespace).toBe('production');
  });

  test('returns copies, so changing a grant result does not change the Role', () => {
    const { sa } = setup();
    const grant = sa.grantReadConfigMap('a');
    grant.rule.verbs.push('delete');
    grant.rule.resourceNames!.push('b');
    expect(sa.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'], resourceNames: ['a'] }]);
  });
});

const REASON = 'controller reconciles every namespace object, SEC-311';

const RISKS: Array<[string, RbacRuleProps, string[], string]> = [
  ['a wildcard verb', { apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] },
    ['Wildcard'], "rule verbs ['*'] on resources ['deployments'] in apiGroups ['apps'] grants a wildcard in verbs (matches everything, including resources and verbs added later)"],
  ['a wildcard resource', { apiGroups: ['apps'], resources: ['*'], verbs: ['get'] },
    ['Wildcard'], "rule verbs ['get'] on resources ['*'] in apiGroups ['apps'] grants a wildcard in resources (matches everything, including resources and verbs added later)"],
  ['a wildcard apiGroup', { apiGroups: ['*'], resources: ['deployments'], verbs: ['get'] },
    ['Wildcard'], "rule verbs ['get'] on resources ['deployments'] in apiGroups ['*'] grants a wildcard in apiGroups (matches everything, including resources and verbs added later)"],
  ['escalate', { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['escalate'] },
    ['EscalateVerb'], "rule verbs ['escalate'] on resources ['roles'] in apiGroups ['rbac.authorization.k8s.io'] grants the 'escalate' verb (creates or updates roles with permissions the account does not hold)"],
  ['bind', { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['bind'] },
    ['BindVerb'], "rule verbs ['bind'] on resources ['roles'] in apiGroups ['rbac.authorization.k8s.io'] grants the 'bind' verb (binds roles with permissions the account does not hold)"],
  ['impersonate', { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
    ['ImpersonateVerb'], "rule verbs ['impersonate'] on resources ['serviceaccounts'] in apiGroups [''] grants the 'impersonate' verb (acts as other users, groups or service accounts)"],
  ['pods/exec', { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
    ['PodExec'], "rule verbs ['create'] on resources ['pods/exec'] in apiGroups [''] grants access to pods/exec (runs commands in any pod of the namespace)"],
  ['pods/exec through get', { apiGroups: [''], resources: ['pods/exec'], verbs: ['get'] },
    ['PodExec'], "rule verbs ['get'] on resources ['pods/exec'] in apiGroups [''] grants access to pods/exec (runs commands in any pod of the namespace)"],
  ['pods/attach', { apiGroups: [''], resources: ['pods/attach'], verbs: ['create'] },
    ['PodAttach'], "rule verbs ['create'] on resources ['pods/attach'] in apiGroups [''] grants access to pods/attach (attaches to running containers' stdin and stdout)"],
  ['nodes/proxy', { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] },
    ['NodeProxy'], "rule verbs ['get'] on resources ['nodes/proxy'] in apiGroups [''] grants access to nodes/proxy (calls the kubelet API directly, bypassing admission and audit)"],
  ['serviceaccounts/token creation', { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
    ['ServiceAccountTokenCreate'], "rule verbs ['create'] on resources ['serviceaccounts/token'] in apiGroups [''] grants 'create' on serviceaccounts/token (mints tokens for other service accounts)"],
  ['list on secrets', { apiGroups: [''], resources: ['secrets'], verbs: ['list'] },
    ['ListSecrets'], "rule verbs ['list'] on resources ['secrets'] in apiGroups [''] grants list or watch on secrets without resourceNames (reads every Secret value in the namespace)"],
  ['watch on secrets', { apiGroups: [''], resources: ['secrets'], verbs: ['watch'] },
    ['ListSecrets'], "rule verbs ['watch'] on resources ['secrets'] in apiGroups [''] grants list or watch on secrets without resourceNames (reads every Secret value in the namespace)"],
  ['get on all secrets', { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
    ['SecretGetWithoutNames'], "rule verbs ['get'] on resources ['secrets'] in apiGroups [''] grants get on secrets without resourceNames (reads any Secret whose name is known or guessed)"],
  ['get and watch on all secrets', { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch'] },
    ['ListSecrets', 'SecretGetWithoutNames'], "rule verbs ['get', 'watch'] on resources ['secrets'] in apiGroups [''] grants list or watch on secrets without resourceNames (reads every Secret value in the namespace); get on secrets without resourceNames (reads any Secret whose name is known or guessed)"],
  ['every pod subresource', { apiGroups: [''], resources: ['pods/*'], verbs: ['create'] },
    ['Wildcard', 'PodExec', 'PodAttach'], "rule verbs ['create'] on resources ['pods/*'] in apiGroups [''] grants a wildcard in resources (matches everything, including resources and verbs added later); access to pods/exec (runs commands in any pod of the namespace); access to pods/attach (attaches to running containers' stdin and stdout)"],
];

describe('least privilege enforced at the call', () => {
  test.each(RISKS)('fails for %s without an opt-out', (_name, rule, _ids, message) => {
    const { sa } = setup();
    expect(() => sa.allow(rule)).toThrow(
      `LeastPrivilegeServiceAccount 'test/api': ${message}; narrow the rule, or pass optOut: OptOut.because('<why>') in the rule to accept the risk`);
    expect(sa.role).toBeUndefined();
  });

  test.each(RISKS)('accepts %s with an opt-out, recording the warning and the reason', (_name, rule, ids) => {
    const { sa, chart, byKind } = setup();
    sa.allow({ ...rule, optOut: OptOut.because(REASON) });
    expect(Hardening.of(chart).warnings.map((w) => w.id)).toEqual(ids.map((id) => `LeastPrivilegeServiceAccount.${id}`));
    for (const w of Hardening.of(chart).warnings) {
      expect(w.path).toBe('test/api');
      expect(w.message.endsWith(`: ${REASON}`)).toBe(true);
    }
    const [role] = byKind('Role');
    expect(role.rules).toEqual([{ apiGroups: rule.apiGroups, resources: rule.resources, verbs: rule.verbs }]);
    expect(role.metadata.annotations).toEqual({ 'cdk8s-hardened.io/rbac-opt-out': ids.map((id) => `${id}: ${REASON}`).join('; ') });
  });

  test('flags core-group risks under a wildcard resource as well', () => {
    const { sa, chart } = setup();
    sa.allow({ apiGroups: [''], resources: ['*'], verbs: ['*'], optOut: OptOut.because(REASON) });
    expect(Hardening.of(chart).warnings.map((w) => w.id.replace('LeastPrivilegeServiceAccount.', ''))).toEqual([
      'Wildcard', 'ImpersonateVerb', 'PodExec', 'PodAttach', 'NodeProxy', 'ServiceAccountTokenCreate', 'ListSecrets', 'SecretGetWithoutNames',
    ]);
  });

  test('flags escalate and bind under a wildcard verb on roles', () => {
    const { sa, chart } = setup();
    sa.allow({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['*'], optOut: OptOut.because(REASON) });
    expect(Hardening.of(chart).warnings.map((w) => w.id.replace('LeastPrivilegeServiceAccount.', ''))).toEqual(['Wildcard', 'EscalateVerb', 'BindVerb']);
  });

  test('does not flag escalate, bind or impersonate under a wildcard verb on unrelated resources', () => {
    const { sa, chart } = setup();
    sa.allow({ apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'], optOut: OptOut.because(REASON) });
    expect(Hardening.of(chart).warnings.map((w) => w.id)).toEqual(['LeastPrivilegeServiceAccount.Wildcard']);
  });

  test('does not flag core subresource names in another API group', () => {
    const { sa, chart } = setup();
    sa.allow({ apiGroups: ['example.com'], resources: ['secrets'], verbs: ['list'] });
    expect(Hardening.of(chart).warnings).toEqual([]);
  });

  test('fails synthesis in strict mode when an RBAC opt-out is not acknowledged', () => {
    const app = Testing.app();
    app.node.setContext(STRICT_CONTEXT_KEY, true);
    const chart = new Chart(app, 'test');
    const sa = new LeastPrivilegeServiceAccount(chart, 'api', { namespace: 'production', name: 'api-server' });
    sa.allow({ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'], optOut: OptOut.because(REASON) });
    expect(() => app.synth()).toThrow(/\[LeastPrivilegeServiceAccount.PodExec\]/);
  });

  test('passes strict mode once the RBAC opt-out is acknowledged', () => {
    const app = Testing.app();
    app.node.setContext(STRICT_CONTEXT_KEY, true);
    const chart = new Chart(app, 'test');
    const sa = new LeastPrivilegeServiceAccount(chart, 'api', { namespace: 'production', name: 'api-server' });
    sa.allow({ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'], optOut: OptOut.because(REASON) });
    Hardening.of(chart).acknowledge('LeastPrivilegeServiceAccount.PodExec', 'debug tooling approved in SEC-311');
    expect(() => app.synth()).not.toThrow();
  });

  test('fails when an opt-out is given for a rule without risk', () => {
    const { sa } = setup();
    expect(() => sa.allow({ apiGroups: [''], resources: ['pods'], verbs: ['get'], optOut: OptOut.because(REASON) })).toThrow(
      "LeastPrivilegeServiceAccount 'test/api': rule verbs ['get'] on resources ['pods'] in apiGroups [''] carries an optOut but grants nothing risky; remove the optOut so no stale exception is recorded");
  });
});

describe('resourceNames', () => {
  test.each([
    [['create'], "'create'"],
    [['get', 'deletecollection'], "'deletecollection'"],
    [['create', 'deletecollection'], "'create', 'deletecollection'"],
  ])('fails for %j next to resourceNames', (verbs, named) => {
    const { sa } = setup();
    expect(() => sa.allow({ apiGroups: [''], resources: ['configmaps'], verbs, resourceNames: ['api-config'] })).toThrow(
      `LeastPrivilegeServiceAccount 'test/api': rule verbs [${verbs.map((v) => `'${v}'`).join(', ')}] on resources ['configmaps'] named ['api-config'] in apiGroups [''] cannot be restricted by resourceNames for ${named}: RBAC cannot restrict create (the name is not known at authorization time) or deletecollection (it acts on a selector) by name; grant them in a separate rule without resourceNames, if at all`);
  });

  test('fails for empty resourceNames, which would mean every object', () => {
    const { sa } = setup();
    expect(() => sa.allow({ apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: [] })).toThrow(
      "LeastPrivilegeServiceAccount 'test/api': rule resourceNames is empty; list the object names, or omit resourceNames to grant on every object of the type");
  });

  test('fails for an empty resource name', () => {
    const { sa } = setup();
    expect(() => sa.grantReadConfigMap('')).toThrow(
      "LeastPrivilegeServiceAccount 'test/api': rule resourceNames contains ''; each entry must be an object name");
  });

  test('fails when grantRead receives a whole resource type', () => {
    const { sa } = setup();
    expect(() => sa.grantRead(kplus.ApiResource.CONFIG_MAPS)).toThrow(
      "LeastPrivilegeServiceAccount 'test/api': grantRead received all 'configmaps' rather than a named object; pass a named object (e.g. kplus.ConfigMap.fromConfigMapName(...)) or use allow() for type-wide access");
  });
});

describe('rule validation', () => {
  test.each(['apiGroups', 'resources', 'verbs'] as const)('fails for empty %s', (field) => {
    const { sa } = setup();
    const rule = { apiGroups: [''], resources: ['pods'], verbs: ['get'], [field]: [] };
    expect(() => sa.allow(rule)).toThrow(
      `LeastPrivilegeServiceAccount 'test/api': rule ${field} [] is empty; list at least one (use [''] for the core API group)`);
  });

  test('fails for an empty verb', () => {
    const { sa } = setup();
    expect(() => sa.allow({ apiGroups: [''], resources: ['pods'], verbs: [''] })).toThrow(
      "LeastPrivilegeServiceAccount 'test/api': rule verbs contains ''; each entry must be a non-empty string without surrounding spaces");
  });

  test('fails for a resource with surrounding spaces', () => {
    const { sa } = setup();
    expect(() => sa.allow({ apiGroups: [''], resources: [' pods'], verbs: ['get'] })).toThrow(
      "LeastPrivilegeServiceAccount 'test/api': rule resources contains ' pods'; each entry must be a non-empty string without surrounding spaces");
  });
});

describe('LeastPrivilegeServiceAccount errors', () => {
  function build(props: Partial<LeastPrivilegeServiceAccountProps>) {
    const chart = new Chart(Testing.app(), 'test');
    return () => new LeastPrivilegeServiceAccount(chart, 'api', { namespace: 'production', ...props });
  }

  test('fails in the default namespace', () => {
    expect(build({ namespace: 'default' })).toThrow(
      "LeastPrivilegeServiceAccount 'test/api': namespace 'default' is not allowed; permissions in the default namespace reach everything deployed without a namespace, use a dedicated namespace (e.g. a SecureNamespace)");
  });

  test.each(['', 'Production', 'prod.eu'])('fails for the namespace %j', (namespace) => {
    expect(build({ namespace })).toThrow(
      `LeastPrivilegeServiceAccount 'test/api': namespace '${namespace}' is not a valid namespace name; use a DNS-1123 label: at most 63 characters, lowercase alphanumerics or '-', starting and ending with an alphanumeric (e.g. 'production')`);
  });

  test.each([
    ['name', { name: 'API' }, 'API'],
    ['roleName', { roleName: 'role_1' }, 'role_1'],
    ['roleBindingName', { roleBindingName: 'binding-' }, 'binding-'],
  ])('fails for an invalid %s', (prop, props, value) => {
    expect(build(props)).toThrow(
      `LeastPrivilegeServiceAccount 'test/api': ${prop} '${value}' is not a valid object name; use a DNS-1123 subdomain: at most 253 characters, lowercase alphanumerics, '-' or '.', starting and ending with an alphanumeric (e.g. 'api-server')`);
  });

  test('fails when an annotation collides with the workload identity', () => {
    expect(build({
      workloadIdentity: WorkloadIdentity.gke('api-server@my-project.iam.gserviceaccount.com'),
      annotations: { 'iam.gke.io/gcp-service-account': 'other@my-project.iam.gserviceaccount.com' },
    })).toThrow("LeastPrivilegeServiceAccount 'test/api': annotation 'iam.gke.io/gcp-service-account' is set by workloadIdentity; remove it from annotations");
  });
});

describe('workload identity and metadata', () => {
  test('annotates the ServiceAccount with an AWS IRSA role', () => {
    const { byKind, sa } = setup({ workloadIdentity: WorkloadIdentity.awsIrsa('arn:aws:iam::123456789012:role/api-server') });
    expect(byKind('ServiceAccount')[0].metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/api-server' });
    expect(byKind('ServiceAccount')[0].automountServiceAccountToken).toBe(false);
    expect(sa.podLabels).toEqual({});
  });

  test('annotates the ServiceAccount for Azure and exposes the pod label the workload needs', () => {
    const { byKind, sa } = setup({ workloadIdentity: WorkloadIdentity.azure('11111111-2222-3333-4444-555555555555') });
    expect(byKind('ServiceAccount')[0].metadata.annotations).toEqual({ 'azure.workload.identity/client-id': '11111111-2222-3333-4444-555555555555' });
    expect(byKind('ServiceAccount')[0].metadata.labels).toBeUndefined();
    expect(sa.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
  });

  test('adds extra labels and annotations next to the workload identity', () => {
    const { byKind } = setup({
      labels: { team: 'payments' },
      annotations: { owner: 'payments@example.com' },
      workloadIdentity: WorkloadIdentity.gke('api-server@my-project.iam.gserviceaccount.com'),
    });
    expect(byKind('ServiceAccount')[0].metadata).toEqual({
      name: 'api-server',
      namespace: 'production',
      labels: { team: 'payments' },
      annotations: { 'owner': 'payments@example.com', 'iam.gke.io/gcp-service-account': 'api-server@my-project.iam.gserviceaccount.com' },
    });
  });

  test('supports JSON patches on the ServiceAccount through ApiObject.of(sa.serviceAccount)', () => {
    const { sa, byKind } = setup();
    ApiObject.of(sa.serviceAccount).addJsonPatch(JsonPatch.add('/metadata/labels', { team: 'payments' }));
    const [manifest] = byKind('ServiceAccount');
    expect(manifest.metadata.labels).toEqual({ team: 'payments' });
    expect(manifest.automountServiceAccountToken).toBe(false);
  });

  test('supports JSON patches on the Role once it exists', () => {
    const { sa, byKind } = setup();
    sa.grantReadConfigMap('api-config');
    sa.role!.addJsonPatch(JsonPatch.add('/metadata/labels', { team: 'payments' }));
    expect(byKind('Role')[0].metadata.labels).toEqual({ team: 'payments' });
  });
});
