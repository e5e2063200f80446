import { risksOf } from '../../src/rbac/risks';

const ids = (rule: Parameters<typeof risksOf>[0]) => risksOf(rule).map((r) => r.id);

describe('risksOf', () => {
  test.each([
    [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
    [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'], resourceNames: ['db'] }],
    [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get'] }],
    [{ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['get'] }],
    [{ apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['update', 'patch'] }],
  ])('finds no risk in %j', (rule) => {
    expect(ids(rule)).toEqual([]);
  });

  test.each([
    [{ apiGroups: [''], resources: ['secrets'], verbs: ['*'] }, ['Wildcard', 'ListSecrets', 'SecretGetWithoutNames']],
    [{ apiGroups: ['*'], resources: ['nodes/proxy'], verbs: ['get'] }, ['Wildcard', 'NodeProxy']],
    [{ apiGroups: [''], resources: ['serviceaccounts/*'], verbs: ['create'] }, ['Wildcard', 'ServiceAccountTokenCreate']],
    [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind', 'escalate'] }, ['EscalateVerb', 'BindVerb']],
    [{ apiGroups: ['authentication.k8s.io'], resources: ['userextras/scopes'], verbs: ['*'] }, ['Wildcard', 'ImpersonateVerb']],
    [{ apiGroups: [''], resources: ['users', 'groups'], verbs: ['*'] }, ['Wildcard', 'ImpersonateVerb']],
  ])('finds the risks of %j', (rule, expected) => {
    expect(ids(rule)).toEqual(expected);
  });
});
