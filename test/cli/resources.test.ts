import { resolveResource } from '../../src/cli/resources';

describe('resolveResource', () => {
  test.each([
    ['pods', { resource: 'pods', apiGroup: '', clusterScoped: false }],
    ['pod', { resource: 'pods', apiGroup: '', clusterScoped: false }],
    ['po', { resource: 'pods', apiGroup: '', clusterScoped: false }],
    ['Pods', { resource: 'pods', apiGroup: '', clusterScoped: false }],
    ['deployments', { resource: 'deployments', apiGroup: 'apps', clusterScoped: false }],
    ['deploy', { resource: 'deployments', apiGroup: 'apps', clusterScoped: false }],
    ['networkpolicy', { resource: 'networkpolicies', apiGroup: 'networking.k8s.io', clusterScoped: false }],
    ['ingress', { resource: 'ingresses', apiGroup: 'networking.k8s.io', clusterScoped: false }],
    ['nodes', { resource: 'nodes', apiGroup: '', clusterScoped: true }],
    ['clusterroles', { resource: 'clusterroles', apiGroup: 'rbac.authorization.k8s.io', clusterScoped: true }],
    ['csr', { resource: 'certificatesigningrequests', apiGroup: 'certificates.k8s.io', clusterScoped: true }],
    ['deployments.apps', { resource: 'deployments', apiGroup: 'apps', clusterScoped: false }],
    ['widgets.example.com', { resource: 'widgets', apiGroup: 'example.com', clusterScoped: false }],
    ['pods/exec', { resource: 'pods', subresource: 'exec', apiGroup: '', clusterScoped: false }],
    ['deployments.apps/scale', { resource: 'deployments', subresource: 'scale', apiGroup: 'apps', clusterScoped: false }],
    ['*', { resource: '*', apiGroup: '*', clusterScoped: false }],
    ['/healthz', { nonResourceURL: '/healthz', clusterScoped: true }],
  ])('resolves %s', (arg, expected) => {
    expect(resolveResource(arg)).toEqual(expected);
  });

  test('takes --subresource over the slash form', () => {
    expect(resolveResource('pods', 'log')).toEqual({ resource: 'pods', subresource: 'log', apiGroup: '', clusterScoped: false });
  });

  test('reads an unknown bare name as a core resource, with a warning', () => {
    expect(resolveResource('widgets')).toEqual({
      resource: 'widgets',
      apiGroup: '',
      clusterScoped: false,
      warning: "resource 'widgets' is not a built-in resource; assuming the core API group (write 'widgets.<group>' for a custom resource)",
    });
  });
});
