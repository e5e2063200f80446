import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { ExternalSecretBinding, ExternalSecretBindingProps, ExternalSecretDataFrom } from '../../src/secrets/external-secret-binding';
import { HardenedSecretStore } from '../../src/secrets/secret-store';
import { SecretStoreProvider } from '../../src/secrets/secret-store-provider';
import { ExternalSecretsApiVersion, SecretStoreKind, SecretStoreRef } from '../../src/secrets/secret-store-ref';
import { OptOut } from '../../src/warnings';
import { HardenedCronJob } from '../../src/workloads/hardened-cron-job';
import { HardenedDaemonSet } from '../../src/workloads/hardened-daemon-set';
import { HardenedDeployment } from '../../src/workloads/hardened-deployment';
import { HardenedJob } from '../../src/workloads/hardened-job';
import { HardenedStatefulSet } from '../../src/workloads/hardened-stateful-set';
import { ISecretMountTarget } from '../../src/workloads/secret-mount';

const PASSWORD = { secretKey: 'password', remoteRef: { key: 'production/database', property: 'password' } };

const IMAGE = `registry.example.com/team/app:1.0.0@sha256:${'c'.repeat(64)}`;

function setup(props: Partial<ExternalSecretBindingProps> = {}, chartNamespace?: string) {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: chartNamespace });
  const binding = new ExternalSecretBinding(chart, 'db', {
    namespace: chartNamespace ? undefined : 'production',
    store: SecretStoreRef.clusterSecretStore('aws-secrets-manager'),
    data: [PASSWORD],
    ...props,
  });
  return { app, chart, binding };
}

function expectError(props: Partial<ExternalSecretBindingProps>, message: string) {
  expect(() => setup(props)).toThrow(message);
}

/** The brief's ClusterSecretStore and ExternalSecret (section 4), in either API version. */
function briefExample(apiVersion?: ExternalSecretsApiVersion) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const store = new HardenedSecretStore(chart, 'store', {
    name: 'aws-secrets-manager',
    kind: SecretStoreKind.CLUSTER_SECRET_STORE,
    apiVersion,
    provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: { name: 'external-secrets-sa', namespace: 'external-secrets' } }),
  });
  new ExternalSecretBinding(chart, 'db', {
    name: 'database-credentials',
    namespace: 'production',
    apiVersion,
    store,
    secretName: 'db-credentials',
    data: [PASSWORD],
  });
  app.synthYaml();
  return Testing.synth(chart);
}

describe('ExternalSecretBinding', () => {
  test('defaults snapshot', () => {
    expect(Testing.synth(setup().chart)).toMatchSnapshot();
  });

  test('emits an external-secrets.io/v1 ExternalSecret by default', () => {
    const [es] = Testing.synth(setup().chart);
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(es.kind).toBe('ExternalSecret');
  });

  test('defaults refreshInterval to 1h', () => {
    const { chart, binding } = setup();
    expect(Testing.synth(chart)[0].spec.refreshInterval).toBe('1h');
    expect(binding.refreshInterval).toBe('1h');
  });

  test('owns the Secret and retains it when the provider entry disappears', () => {
    const [es] = Testing.synth(setup().chart);
    expect(es.spec.target.creationPolicy).toBe('Owner');
    expect(es.spec.target.deletionPolicy).toBe('Retain');
  });

  test('names the Secret after the ExternalSecret by default', () => {
    const { chart, binding } = setup();
    const [es] = Testing.synth(chart);
    expect(es.spec.target.name).toBe(es.metadata.name);
    expect(binding.secretName).toBe(binding.name);
  });

  test('uses an explicit namespace, or the chart\'s', () => {
    expect(Testing.synth(setup().chart)[0].metadata.namespace).toBe('production');
    const { chart, binding } = setup({}, 'payments');
    expect(Testing.synth(chart)[0].metadata.namespace).toBe('payments');
    expect(binding.namespace).toBe('payments');
  });

  test('renders data with key, property and version', () => {
    const [es] = Testing.synth(setup({ data: [PASSWORD, { secretKey: 'user.name', remoteRef: { key: 'production/database', property: 'username', version: 'AWSCURRENT' } }] }).chart);
    expect(es.spec.data).toEqual([
      { secretKey: 'password', remoteRef: { key: 'production/database', property: 'password' } },
      { secretKey: 'user.name', remoteRef: { key: 'production/database', property: 'username', version: 'AWSCURRENT' } },
    ]);
    expect(es.spec.dataFrom).toBeUndefined();
  });

  test('renders dataFrom extract and find', () => {
    const { chart, binding } = setup({ data: [], dataFrom: [ExternalSecretDataFrom.extract({ key: 'production/app' })] });
    binding.addDataFrom(ExternalSecretDataFrom.find({ nameRegExp: '^production/app-', tags: { team: 'payments' }, path: 'production/' }));
    const [es] = Testing.synth(chart);
    expect(es.spec.data).toBeUndefined();
    expect(es.spec.dataFrom).toEqual([
      { extract: { key: 'production/app' } },
      { find: { path: 'production/', name: { regexp: '^production/app-' }, tags: { team: 'payments' } } },
    ]);
  });

  test('adds data after construction', () => {
    const { chart, binding } = setup({ data: [] });
    binding.addData('api-key', { key: 'production/api' });
    expect(Testing.synth(chart)[0].spec.data).toEqual([{ secretKey: 'api-key', remoteRef: { key: 'production/api' } }]);
  });

  test('references a namespaced SecretStore', () => {
    const [es] = Testing.synth(setup({ store: SecretStoreRef.secretStore('vault', 'production') }).chart);
    expect(es.spec.secretStoreRef).toEqual({ name: 'vault', kind: 'SecretStore' });
  });

  test('expresses the brief\'s AWS example exactly with an unrestricted store', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const store = new HardenedSecretStore(chart, 'store', {
      name: 'aws-secrets-manager',
      kind: SecretStoreKind.CLUSTER_SECRET_STORE,
      unrestricted: OptOut.because('the brief\'s store serves every namespace'),
      provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: { name: 'external-secrets-sa', namespace: 'external-secrets' } }),
    });
    new ExternalSecretBinding(chart, 'db', { name: 'database-credentials', namespace: 'production', store, secretName: 'db-credentials', data: [PASSWORD] });
    expect(Testing.synth(chart)).toEqual([
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: 'aws-secrets-manager' },
        spec: {
          provider: {
            aws: {
              service: 'SecretsManager',
              region: 'us-east-1',
              auth: { jwt: { serviceAccountRef: { name: 'external-secrets-sa', namespace: 'external-secrets' } } },
            },
          },
        },
      },
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'database-credentials', namespace: 'production' },
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { name: 'aws-secrets-manager', kind: 'ClusterSecretStore' },
          target: { name: 'db-credentials', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
          data: [{ secretKey: 'password', remoteRef: { key: 'production/database', property: 'password' } }],
        },
      },
    ]);
  });

  test('the brief\'s AWS example, hardened: the ClusterSecretStore admits only production', () => {
    const [store, es] = briefExample();
    expect(store.spec.conditions).toEqual([{ namespaces: ['production'] }]);
    expect(es.spec.secretStoreRef).toEqual({ name: 'aws-secrets-manager', kind: 'ClusterSecretStore' });
    expect(es.spec.target.name).toBe('db-credentials');
  });

  test('the brief\'s AWS example in external-secrets.io/v1beta1 for operators before 0.17', () => {
    const objects = briefExample(ExternalSecretsApiVersion.V1BETA1);
    expect(objects.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.name}`)).toEqual([
      'external-secrets.io/v1beta1 ClusterSecretStore aws-secrets-manager',
      'external-secrets.io/v1beta1 ExternalSecret database-credentials',
    ]);
    expect(objects[1].spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { name: 'aws-secrets-manager', kind: 'ClusterSecretStore' },
      target: { name: 'db-credentials', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
      data: [{ secretKey: 'password', remoteRef: { key: 'production/database', property: 'password' } }],
    });
  });

  test('supports the escape hatch on the Resource child', () => {
    const { chart, binding } = setup();
    ApiObject.of(binding.resource).addJsonPatch(JsonPatch.add('/spec/target/immutable', true));
    expect(Testing.synth(chart)[0].spec.target.immutable).toBe(true);
    expect(binding.node.findChild('Resource')).toBe(binding.resource);
  });

  test.each(['15m', '1h30m', '24h', '90s', '1.5h'])('accepts the refresh interval %s', (refreshInterval) => {
    expect(Testing.synth(setup({ refreshInterval }).chart)[0].spec.refreshInterval).toBe(refreshInterval);
  });

  describe('mountInto', () => {
    test('mounts the Secret read-only into a HardenedDeployment', () => {
      const { chart, binding } = setup({ secretName: 'db-credentials' });
      const deployment = new HardenedDeployment(chart, 'api', { namespace: 'production', name: 'api', image: `myregistry.io/api:v1@sha256:${'c'.repeat(64)}` });
      binding.mountInto(deployment, '/var/run/secrets/db');
      const manifest = Testing.synth(chart).find((o) => o.kind === 'Deployment')!;
      const pod = manifest.spec.template.spec;
      const volume = pod.volumes.find((v: any) => v.secret?.secretName === 'db-credentials');
      expect(volume).toBeDefined();
      expect(pod.containers[0].volumeMounts).toContainEqual(expect.objectContaining({ name: volume.name, mountPath: '/var/run/secrets/db', readOnly: true }));
      expect(JSON.stringify(pod.containers[0].env ?? [])).not.toContain('db-credentials');
    });

    test.each([
      ['HardenedStatefulSet', (c: Chart) => new HardenedStatefulSet(c, 'w', { namespace: 'production', name: 'w', image: IMAGE }), (o: any) => o.spec.template.spec],
      ['HardenedJob', (c: Chart) => new HardenedJob(c, 'w', { namespace: 'production', name: 'w', image: IMAGE }), (o: any) => o.spec.template.spec],
      ['HardenedCronJob', (c: Chart) => new HardenedCronJob(c, 'w', { namespace: 'production', name: 'w', image: IMAGE, schedule: '@daily' }),
        (o: any) => o.spec.jobTemplate.spec.template.spec],
      ['HardenedDaemonSet', (c: Chart) => new HardenedDaemonSet(c, 'w', { namespace: 'production', name: 'w', image: IMAGE }), (o: any) => o.spec.template.spec],
    ])('mounts the Secret read-only into a %s, in the named container, with only the named keys', (kind, make, podOf) => {
      const { chart, binding } = setup({ secretName: 'db-credentials' });
      const workload = make(chart);
      workload.addContainer({ name: 'agent', image: IMAGE, withoutProbes: OptOut.because('the agent has no health endpoint') });
      binding.mountInto(workload, '/var/run/secrets/db', { keys: ['password'], containerName: 'agent' });
      const pod = podOf(Testing.synth(chart).find((o) => o.kind === kind.replace('Hardened', ''))!);
      expect(pod.volumes).toContainEqual({
        name: 'secret-db-credentials',
        secret: { secretName: 'db-credentials', defaultMode: 0o400, optional: false, items: [{ key: 'password', path: 'password' }] },
      });
      expect(pod.containers[1].volumeMounts).toContainEqual({ name: 'secret-db-credentials', mountPath: '/var/run/secrets/db', readOnly: true });
    });

    test('calls mountSecret with the Secret name and path', () => {
      const calls: string[][] = [];
      const target: ISecretMountTarget = { namespace: 'production', mountSecret: (name, path) => { calls.push([name, path]); } };
      setup({ secretName: 'db-credentials' }).binding.mountInto(target, '/secrets/db');
      expect(calls).toEqual([['db-credentials', '/secrets/db']]);
    });

    test('fails for a workload in another namespace', () => {
      const target: ISecretMountTarget = { namespace: 'staging', mountSecret: () => undefined };
      expect(() => setup({ secretName: 'db-credentials' }).binding.mountInto(target, '/secrets/db')).toThrow(
        "ExternalSecretBinding 'test/db': the Secret 'db-credentials' is in namespace 'production' but the workload runs in 'staging'; a pod can only mount Secrets of its own namespace, so create the binding in 'staging'");
    });

    test('fails on a relative mount path', () => {
      const target: ISecretMountTarget = { namespace: 'production', mountSecret: () => undefined };
      expect(() => setup({ secretName: 'db-credentials' }).binding.mountInto(target, 'secrets')).toThrow(
        "ExternalSecretBinding 'test/db': mountPath 'secrets' is not an absolute path; use e.g. '/var/run/secrets/db-credentials'");
    });
  });

  describe('fails', () => {
    test('fails synthesis when bound to nothing', () => {
      const { app, binding } = setup({ data: [] });
      expect(() => app.synthYaml()).toThrow(
        `[test/db] ExternalSecretBinding 'test/db' is bound to nothing: it has no data and no dataFrom, so the Secret '${binding.secretName}' would be empty; pass data, dataFrom or call addData()`);
    });

    test('fails without a namespace', () => {
      const app = new App();
      const chart = new Chart(app, 'test');
      expect(() => new ExternalSecretBinding(chart, 'db', { store: SecretStoreRef.clusterSecretStore('s'), data: [PASSWORD] })).toThrow(
        "ExternalSecretBinding 'test/db': no namespace; pass namespace (e.g. 'production') or create the Chart with a namespace");
    });

    test('fails in the default namespace', () => {
      expectError({ namespace: 'default' }, "ExternalSecretBinding 'test/db': namespace 'default' is not allowed; use a dedicated namespace, a DNS-1123 label: at most 63 characters, lowercase alphanumerics or '-', starting and ending with an alphanumeric, other than 'default'");
    });

    test('fails on a duplicate secretKey', () => {
      expectError({ data: [PASSWORD, PASSWORD] }, "ExternalSecretBinding 'test/db': secretKey 'password' is listed twice; each key of the Secret must come from one remote secret");
    });

    test.each(['', 'pass word', 'a/b', '..'])('fails on the secretKey %j', (secretKey) => {
      expectError({ data: [{ secretKey, remoteRef: { key: 'k' } }] }, `ExternalSecretBinding 'test/db': secretKey '${secretKey}' is not a valid Secret key; use 1 to 253 letters, digits, '-', '_' or '.' (e.g. 'password')`);
    });

    test('fails on an empty remote key', () => {
      expectError({ data: [{ secretKey: 'password', remoteRef: { key: ' ' } }] }, "ExternalSecretBinding 'test/db': data 'password': remoteRef: key ' ' is empty; name the secret in the provider, e.g. 'production/database'");
    });

    test('fails on an empty property', () => {
      expectError({ data: [{ secretKey: 'password', remoteRef: { key: 'k', property: '' } }] }, "ExternalSecretBinding 'test/db': data 'password': remoteRef: property '' is empty; omit it or name the JSON property, e.g. 'password'");
    });

    test.each(['1 hour', '1d', 'h', '-1h'])('fails on the refresh interval %j', (refreshInterval) => {
      expectError({ refreshInterval }, `ExternalSecretBinding 'test/db': refreshInterval '${refreshInterval}' is not a duration; use a Go duration such as '1h', '15m' or '1h30m'`);
    });

    test.each(['0', '0s', '0h0m'])('fails on the refresh interval %j, which disables refreshing', (refreshInterval) => {
      expectError({ refreshInterval }, `ExternalSecretBinding 'test/db': refreshInterval '${refreshInterval}' disables refreshing, so rotated secrets never reach the cluster; use a positive duration such as '1h'`);
    });

    test('fails on an invalid Secret name', () => {
      expectError({ secretName: 'DB_Credentials' }, "ExternalSecretBinding 'test/db': secretName 'DB_Credentials' is not a DNS-1123 subdomain: at most 253 characters, lowercase alphanumerics, '-' or '.', starting and ending with an alphanumeric");
    });

    test('fails on a SecretStore of another namespace', () => {
      expectError({ store: SecretStoreRef.secretStore('vault', 'staging') }, "ExternalSecretBinding 'test/db': SecretStore 'vault' is in namespace 'staging', but this ExternalSecret is in 'production'; an ExternalSecret can only use a SecretStore of its own namespace, so create one there or use a ClusterSecretStore");
    });

    test('fails without a store', () => {
      expectError({ store: undefined as any }, "ExternalSecretBinding 'test/db': store is missing; use SecretStoreRef.clusterSecretStore('<name>'), SecretStoreRef.secretStore('<name>') or a HardenedSecretStore");
    });
  });
});

describe('ExternalSecretDataFrom', () => {
  test('fails on a search without name or tags', () => {
    expect(() => ExternalSecretDataFrom.find({ path: 'production/' })).toThrow(
      'ExternalSecretDataFrom.find: set nameRegExp or tags; a search without either would copy every secret the store can read');
  });

  test('fails on a match-all name', () => {
    expect(() => ExternalSecretDataFrom.find({ nameRegExp: '.*' })).toThrow(
      "ExternalSecretDataFrom.find: nameRegExp \".*\" matches every secret; narrow it, e.g. '^app/.*'");
  });

  test('fails on an invalid regular expression', () => {
    expect(() => ExternalSecretDataFrom.find({ nameRegExp: '(' })).toThrow('ExternalSecretDataFrom.find: nameRegExp "(" is not a valid regular expression');
  });

  test('fails on an extract without key', () => {
    expect(() => ExternalSecretDataFrom.extract({ key: '' })).toThrow(
      "ExternalSecretDataFrom.extract: key '' is empty; name the secret in the provider, e.g. 'production/database'");
  });
});
