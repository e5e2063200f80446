import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { ExternalSecretBinding } from '../../src/secrets/external-secret-binding';
import { HardenedSecretStore, HardenedSecretStoreProps } from '../../src/secrets/secret-store';
import { SecretStoreProvider } from '../../src/secrets/secret-store-provider';
import { ExternalSecretsApiVersion, SecretStoreKind, SecretStoreRef } from '../../src/secrets/secret-store-ref';
import { Hardening, OptOut } from '../../src/warnings';

const aws = () => SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: { name: 'external-secrets-sa', namespace: 'external-secrets' } });
const awsLocal = () => SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: { name: 'eso' } });
const DATA = [{ secretKey: 'password', remoteRef: { key: 'production/database', property: 'password' } }];

function setup(props: Partial<HardenedSecretStoreProps> = {}, chartNamespace?: string) {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: chartNamespace });
  const store = new HardenedSecretStore(chart, 'store', { provider: awsLocal(), namespace: chartNamespace ? undefined : 'production', ...props });
  return { app, chart, store };
}

const cluster = (props: Partial<HardenedSecretStoreProps> = {}) =>
  setup({ kind: SecretStoreKind.CLUSTER_SECRET_STORE, namespace: undefined, provider: aws(), ...props });

describe('HardenedSecretStore', () => {
  test('defaults snapshot', () => {
    expect(Testing.synth(setup().chart)).toMatchSnapshot();
  });

  test('defaults to a namespaced external-secrets.io/v1 SecretStore', () => {
    const { chart, store } = setup();
    const [s] = Testing.synth(chart);
    expect([s.apiVersion, s.kind, s.metadata.namespace]).toEqual(['external-secrets.io/v1', 'SecretStore', 'production']);
    expect(s.spec.conditions).toBeUndefined();
    expect([store.storeKind, store.storeNamespace, store.storeName]).toEqual([SecretStoreKind.SECRET_STORE, 'production', s.metadata.name]);
  });

  test('takes the chart namespace', () => {
    expect(Testing.synth(setup({}, 'payments').chart)[0].metadata.namespace).toBe('payments');
  });

  test('emits v1beta1 on request', () => {
    expect(Testing.synth(setup({ apiVersion: ExternalSecretsApiVersion.V1BETA1 }).chart)[0].apiVersion).toBe('external-secrets.io/v1beta1');
  });

  test('restricts a ClusterSecretStore to the namespaces of the bindings that use it, resolved at synth', () => {
    const { app, chart, store } = cluster({ name: 'aws-secrets-manager' });
    new ExternalSecretBinding(chart, 'a', { namespace: 'production', store, data: DATA });
    new ExternalSecretBinding(chart, 'b', { namespace: 'billing', store, data: DATA });
    new ExternalSecretBinding(chart, 'c', { namespace: 'production', store, data: DATA, secretName: 'other' });
    app.synthYaml();
    const s = Testing.synth(chart)[0];
    expect(s.kind).toBe('ClusterSecretStore');
    expect(s.metadata).toEqual({ name: 'aws-secrets-manager' });
    expect(s.spec.conditions).toEqual([{ namespaces: ['billing', 'production'] }]);
    expect(store.restricted).toBe(true);
    expect(store.allowedNamespaceNames).toEqual(['billing', 'production']);
  });

  test('adds allowed namespaces and a namespace label selector to the conditions', () => {
    const { chart, store } = cluster({ allowedNamespaces: ['staging'], allowedNamespaceLabels: { 'secrets.example.com/aws': 'allowed' } });
    new ExternalSecretBinding(chart, 'a', { namespace: 'production', store, data: DATA });
    expect(Testing.synth(chart)[0].spec.conditions).toEqual([
      { namespaces: ['production', 'staging'] },
      { namespaceSelector: { matchLabels: { 'secrets.example.com/aws': 'allowed' } } },
    ]);
  });

  test('an unrestricted ClusterSecretStore has no conditions and records a warning', () => {
    const { chart, store } = cluster({ unrestricted: OptOut.because('shared platform store, SEC-12') });
    new ExternalSecretBinding(chart, 'a', { namespace: 'production', store, data: DATA });
    expect(Testing.synth(chart)[0].spec.conditions).toBeUndefined();
    expect(store.restricted).toBe(false);
    expect(Hardening.of(store).warnings.map((w) => w.id)).toEqual(['HardenedSecretStore.Unrestricted']);
  });

  test('drops a chart namespace from a ClusterSecretStore', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'production' });
    const store = new HardenedSecretStore(chart, 'store', { kind: SecretStoreKind.CLUSTER_SECRET_STORE, provider: aws() });
    new ExternalSecretBinding(chart, 'a', { store, data: DATA });
    const [s, es] = Testing.synth(chart);
    expect(s.metadata.namespace).toBeUndefined();
    expect(es.metadata.namespace).toBe('production');
    expect(s.spec.conditions).toEqual([{ namespaces: ['production'] }]);
  });

  test('serves bindings of its own namespace', () => {
    const { app, chart, store } = setup();
    new ExternalSecretBinding(chart, 'a', { namespace: 'production', store, data: DATA });
    expect(() => app.synthYaml()).not.toThrow();
    expect(Testing.synth(chart)[1].spec.secretStoreRef).toEqual({ name: store.storeName, kind: 'SecretStore' });
  });

  test('supports the escape hatch on the Resource child', () => {
    const { chart, store } = setup();
    ApiObject.of(store.resource).addJsonPatch(JsonPatch.add('/spec/refreshInterval', 300));
    expect(Testing.synth(chart)[0].spec.refreshInterval).toBe(300);
  });

  test('records a warning for a plain-http Vault', () => {
    const { store } = setup({ provider: SecretStoreProvider.vault({ server: 'http://vault.vault:8200', path: 'secret', role: 'app', insecureHttp: OptOut.because('in-cluster Vault behind a mesh with mTLS') }) });
    expect(Hardening.of(store).warnings.map((w) => w.id)).toEqual(['HardenedSecretStore.InsecureVault']);
  });

  describe('fails', () => {
    test('fails synthesis for a restricted ClusterSecretStore nobody may use', () => {
      const { app, store } = cluster();
      expect(() => app.synthYaml()).toThrow(
        `[test/store] ClusterSecretStore '${store.storeName}' is used by no ExternalSecretBinding and allows no namespace, so no namespace could use it; bind an ExternalSecretBinding to it, set allowedNamespaces, or use unrestricted: OptOut.because(...)`);
    });

    test('fails for a binding of another namespace on a SecretStore', () => {
      const { chart, store } = setup();
      expect(() => new ExternalSecretBinding(chart, 'a', { namespace: 'billing', store, data: DATA })).toThrow(
        `ExternalSecretBinding 'test/a': SecretStore '${store.storeName}' is in namespace 'production', but this ExternalSecret is in 'billing'; an ExternalSecret can only use a SecretStore of its own namespace, so create one there or use a ClusterSecretStore`);
    });

    test('fails for a namespace on a ClusterSecretStore', () => {
      expect(() => cluster({ namespace: 'production' })).toThrow(
        "HardenedSecretStore 'test/store': namespace 'production' is not allowed on a ClusterSecretStore (it is cluster-scoped); restrict its users with allowedNamespaces instead");
    });

    test('fails for a SecretStore without namespace', () => {
      expect(() => setup({ namespace: undefined })).toThrow(
        "HardenedSecretStore 'test/store': a SecretStore needs a namespace; pass namespace or create the Chart with a namespace");
    });

    test('fails for a SecretStore in default', () => {
      expect(() => setup({ namespace: 'default' })).toThrow(
        "HardenedSecretStore 'test/store': namespace 'default' is not allowed; use a dedicated namespace, a DNS-1123 label: at most 63 characters, lowercase alphanumerics or '-', starting and ending with an alphanumeric, other than 'default'");
    });

    test('fails for a SecretStore using a ServiceAccount of another namespace', () => {
      expect(() => setup({ provider: aws() })).toThrow(
        "HardenedSecretStore 'test/store': serviceAccount namespace 'external-secrets' differs from the SecretStore namespace 'production'; a namespaced SecretStore can only use a ServiceAccount of its own namespace (ESO rejects it), so drop the namespace or use a ClusterSecretStore");
    });

    test('fails for cluster-only settings on a SecretStore', () => {
      expect(() => setup({ allowedNamespaces: ['a'] })).toThrow(
        "HardenedSecretStore 'test/store': allowedNamespaces, allowedNamespaceLabels and unrestricted apply to a ClusterSecretStore only; a SecretStore serves its own namespace");
    });

    test('fails for an empty namespace label selector', () => {
      expect(() => cluster({ allowedNamespaceLabels: {} })).toThrow(
        "HardenedSecretStore 'test/store': allowedNamespaceLabels is empty, which would select every namespace; list the labels to select or use unrestricted: OptOut.because(...)");
    });

    test('fails for unrestricted combined with allowed namespaces', () => {
      expect(() => cluster({ unrestricted: OptOut.because('shared platform store'), allowedNamespaces: ['a'] })).toThrow(
        "HardenedSecretStore 'test/store': unrestricted cannot be combined with allowedNamespaces or allowedNamespaceLabels; choose one");
    });

    test('fails for an invalid allowed namespace', () => {
      expect(() => cluster({ allowedNamespaces: ['Prod'] })).toThrow(
        "HardenedSecretStore 'test/store': allowedNamespaces entry 'Prod' is not a DNS-1123 label");
    });

    test('fails for an invalid name', () => {
      expect(() => setup({ name: 'AWS' })).toThrow("HardenedSecretStore 'test/store': name 'AWS' is not a DNS-1123 subdomain");
    });
  });
});

describe('SecretStoreRef', () => {
  test('references existing stores without changing them', () => {
    const ref = SecretStoreRef.clusterSecretStore('aws-secrets-manager');
    ref.allowNamespace('production');
    expect([ref.storeName, ref.storeKind, ref.storeNamespace]).toEqual(['aws-secrets-manager', SecretStoreKind.CLUSTER_SECRET_STORE, undefined]);
    expect(SecretStoreRef.secretStore('vault', 'team-a').storeNamespace).toBe('team-a');
  });

  test('fails on an invalid name', () => {
    expect(() => SecretStoreRef.clusterSecretStore('AWS_Store')).toThrow(
      "SecretStoreRef.clusterSecretStore: name \"AWS_Store\" is not a DNS-1123 subdomain: at most 253 characters, lowercase alphanumerics, '-' or '.', starting and ending with an alphanumeric");
  });

  test('fails on an invalid namespace', () => {
    expect(() => SecretStoreRef.secretStore('vault', 'Team')).toThrow('SecretStoreRef.secretStore: namespace "Team" is not a DNS-1123 label');
  });
});
