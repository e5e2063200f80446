import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { HardenedConfigMap, HardenedConfigMapProps } from '../../src/config/hardened-config-map';
import { Hardening, OptOut, STRICT_CONTEXT_KEY } from '../../src/warnings';

const PATH = "HardenedConfigMap 'test/config'";
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';

function setup(props: Partial<HardenedConfigMapProps> = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const config = new HardenedConfigMap(chart, 'config', { namespace: 'shop', name: 'api-config', data: { LOG_LEVEL: 'info' }, ...props });
  const manifest = () => Testing.synth(chart).find((o: any) => o.kind === 'ConfigMap');
  return { chart, config, manifest };
}

const build = (props: Partial<HardenedConfigMapProps>) => () => setup(props);

describe('HardenedConfigMap defaults', () => {
  test('matches the defaults snapshot', () => {
    expect(setup().manifest()).toMatchSnapshot();
  });

  test('is immutable by default', () => {
    const { config, manifest } = setup();
    expect(config.immutable).toBe(true);
    expect(manifest().immutable).toBe(true);
  });

  test('writes the namespace, the name and the data as given', () => {
    const { config, manifest } = setup({ data: { 'LOG_LEVEL': 'info', 'app.yaml': 'port: 8080\n' } });
    expect(manifest().metadata).toMatchObject({ name: 'api-config', namespace: 'shop' });
    expect(manifest().data).toEqual({ 'LOG_LEVEL': 'info', 'app.yaml': 'port: 8080\n' });
    expect(config.keys).toEqual(['LOG_LEVEL', 'app.yaml']);
    expect(config.name).toBe('api-config');
    expect(config.namespace).toBe('shop');
  });

  test('defaults the name to a DNS label generated from the construct path', () => {
    const chart = new Chart(Testing.app(), 'test');
    const config = new HardenedConfigMap(chart, 'settings', { namespace: 'shop' });
    expect(config.name).toMatch(/^test-settings-c8[0-9a-f]{6}$/);
  });

  test('records no hardening warning', () => {
    expect(Hardening.of(setup().chart).warnings).toEqual([]);
  });

  test('accepts references to credentials that Polaris does not flag either', () => {
    const data = { DB_CREDENTIALS_DIR: '/var/run/secrets/db', API_KEY_ID: 'shop-prod', DB_HOST: 'db.internal' };
    expect(setup({ data }).manifest().data).toEqual(data);
  });
});

describe('HardenedConfigMap refusals', () => {
  test.each([
    ['a password by its name', { DB_PASSWORD: 'hunter2' }, "data key 'DB_PASSWORD' looks like a credential (its name says it holds a credential)"],
    ['a token by its name', { 'api-token': 'abc' }, "data key 'api-token' looks like a credential (its name says it holds a credential)"],
    ['a PEM private key under any key', { 'tls.pem': PEM }, "data key 'tls.pem' looks like a credential (its value matches the PEM private key format)"],
    ['an AWS access key id under any key', { UPLOAD_ID: 'AKIAIOSFODNN7EXAMPLE' }, "data key 'UPLOAD_ID' looks like a credential (its value matches the AWS access key id format)"],
    ['a reference whose key Polaris reports', { DB_PASSWORD_FILE: '/var/run/secrets/db/password' }, "data key 'DB_PASSWORD_FILE' looks like a credential (its name says it holds a credential)"],
    ['a credential-named key with an empty value', { API_TOKEN: '' }, "data key 'API_TOKEN' looks like a credential (its name says it holds a credential)"],
    ['a private key Polaris recognizes', { 'key.txt': 'x -BEGIN ENCRYPTED PRIVATE KEY- y' }, "data key 'key.txt' looks like a credential (its value matches the PEM private key format)"],
    ['a password in a URL', { DATABASE_URL: 'postgres://shop:hunter2@db:5432/shop' }, "data key 'DATABASE_URL' looks like a credential (its value matches the credentials in a URL format)"],
  ])('fails on %s, naming the key and never the value', (_name, data, what) => {
    expect(build({ data })).toThrow(`${PATH}: ${what}; put credentials in a Secret (e.g. an ExternalSecretBinding) and mount it with mountSecret(), `
      + `or pass allowKeys: [{ key: '${Object.keys(data)[0]}', optOut: OptOut.because('<why it is not a credential>') }]`);
    expect(build({ data })).not.toThrow(/hunter2|AKIAIOSFODNN7EXAMPLE|MIIEvQ/);
  });

  test('fails on a key Kubernetes does not accept', () => {
    expect(build({ data: { 'log level': 'info' } })).toThrow(`${PATH}: data key 'log level' is not valid; use at most 253 alphanumerics, '-', '_' or '.'`);
  });

  test('fails on a value that is not a string', () => {
    expect(build({ data: { PORT: 8080 as unknown as string } })).toThrow(`${PATH}: data key 'PORT' has value 8080; use a string`);
  });

  test.each(['default', 'kube-system'])('fails in namespace %s', (namespace) => {
    expect(build({ namespace })).toThrow(`${PATH}: namespace '${namespace}' is not allowed (default, kube-system, kube-public, kube-node-lease are shared or system namespaces); use the namespace of the workloads that mount it`);
  });

  test('fails on a namespace that is not a DNS label', () => {
    expect(build({ namespace: 'Shop' })).toThrow(`${PATH}: namespace 'Shop' is not a valid namespace name; use a DNS-1123 label`);
  });

  test('fails on a name that is not a DNS subdomain', () => {
    expect(build({ name: 'API_config' })).toThrow(`${PATH}: name 'API_config' is not a valid ConfigMap name; use a DNS-1123 subdomain`);
  });

  test('fails on an allowKeys entry for a key that does not look like a credential', () => {
    expect(build({ allowKeys: [{ key: 'LOG_LEVEL', optOut: OptOut.because('it is only the log level') }] }))
      .toThrow(`${PATH}: allowKeys lists key 'LOG_LEVEL', which does not look like a credential; remove it so no stale exception is recorded`);
  });

  test('fails on an allowKeys entry for a key not in data', () => {
    expect(build({ allowKeys: [{ key: 'DB_PASSWORD', optOut: OptOut.because('a dummy password for the demo') }] }))
      .toThrow(`${PATH}: allowKeys lists 'DB_PASSWORD', not in data; remove it so no stale exception is recorded`);
  });

  test('fails on an allowKeys entry listed twice', () => {
    const entry = { key: 'DB_PASSWORD', optOut: OptOut.because('a dummy password for the demo') };
    expect(build({ data: { DB_PASSWORD: 'demo' }, allowKeys: [entry, entry] })).toThrow(`${PATH}: allowKeys lists key 'DB_PASSWORD' twice; list each key once`);
  });
});

describe('HardenedConfigMap opt-outs', () => {
  test('allowKeys keeps a flagged key and records a warning with its reason', () => {
    const { chart, manifest } = setup({
      data: { DB_PASSWORD: 'demo' },
      allowKeys: [{ key: 'DB_PASSWORD', optOut: OptOut.because('the public demo database password') }],
    });
    expect(manifest().data).toEqual({ DB_PASSWORD: 'demo' });
    expect(Hardening.of(chart).warnings.map((w) => [w.id, w.message])).toEqual([[
      'HardenedConfigMap.SecretLikeKey',
      "keeps key 'DB_PASSWORD', which looks like a credential (its name says it holds a credential), in a ConfigMap: the public demo database password",
    ]]);
  });

  test('mutable writes immutable: false and records a warning', () => {
    const { chart, config, manifest } = setup({ mutable: OptOut.because('feature flags flipped without a rollout') });
    expect(config.immutable).toBe(false);
    expect(manifest().immutable).toBe(false);
    expect(Hardening.of(chart).warnings.map((w) => w.id)).toEqual(['HardenedConfigMap.Mutable']);
  });

  test('strict mode fails synthesis on an unacknowledged opt-out and passes once acknowledged', () => {
    const app = Testing.app();
    app.node.setContext(STRICT_CONTEXT_KEY, true);
    const chart = new Chart(app, 'test');
    new HardenedConfigMap(chart, 'config', { namespace: 'shop', mutable: OptOut.because('feature flags flipped without a rollout') });
    expect(() => app.synth()).toThrow(/HardenedConfigMap.Mutable/);
    Hardening.of(chart).acknowledge('HardenedConfigMap.Mutable', 'reviewed by the platform team');
    expect(() => app.synth()).not.toThrow();
  });
});

describe('HardenedConfigMap escape hatch', () => {
  test('exposes the ConfigMap as child Resource for JSON patches', () => {
    const { config, manifest } = setup();
    expect(config.node.findChild('Resource')).toBe(config.configMap);
    ApiObject.of(config.configMap).addJsonPatch(JsonPatch.add('/metadata/annotations', { owner: 'platform' }));
    expect(manifest().metadata.annotations).toEqual({ owner: 'platform' });
  });
});
