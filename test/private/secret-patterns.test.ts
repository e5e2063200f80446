import { isSecretLikeName, literalSecret, secretValueKind } from '../../src/private/secret-patterns';

describe('secret-like names', () => {
  test.each(['DB_PASSWORD', 'db-passwd', 'PWD', 'API_TOKEN', 'ClientSecret', 'STRIPE_API_KEY', 'apikey', 'TLS_PRIVATE_KEY', 'AWS_SECRET_ACCESS_KEY',
    'GOOGLE_APPLICATION_CREDENTIALS', 'AZURE_STORAGE_KEY', 'BASIC_AUTH', 'SQL_CONNECTION_STRING'])('%s holds a credential', (name) => {
    expect(isSecretLikeName(name)).toBe(true);
  });

  test.each(['DB_PASSWORD_FILE', 'SECRET_NAME', 'TOKEN_URL', 'TOKEN_TTL', 'AWS_ACCESS_KEY_ID', 'OAUTH_ISSUER', 'LOG_LEVEL', 'PWD_PATH', 'AUTH_ENABLED'])(
    '%s does not', (name) => {
      expect(isSecretLikeName(name)).toBe(false);
    });
});

describe('secret-like values', () => {
  test.each([
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE', 'PEM private key'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', 'PEM private key'],
    ['AKIAIOSFODNN7EXAMPLE', 'AWS access key id'],
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AWS secret access key'],
    [`AIza${'x'.repeat(35)}`, 'Google API key'],
    ['{"type": "service_account", "project_id": "p"}', 'Google service account key'],
    [`AccountName=a;AccountKey=${'k'.repeat(44)}`, 'Azure storage connection string'],
    [`https://a.blob.core.windows.net/c?sv=2022&sig=${'s'.repeat(30)}`, 'Azure SAS signature'],
    [`ghp_${'a'.repeat(36)}`, 'GitHub token'],
    ['xoxb-1234567890-abcdefghij', 'Slack token'],
    ['redis://user:hunter2@cache:6379', 'credentials in a URL'],
  ])('%j is a %s', (value, kind) => {
    expect(secretValueKind(value)).toBe(kind);
  });

  test.each(['info', 'https://api.example.com/v1', 'postgres://app:$(DB_PASSWORD)@db/app', '-----BEGIN CERTIFICATE-----', 'AKIA-not-a-key'])(
    '%j is not a credential', (value) => {
      expect(secretValueKind(value)).toBeUndefined();
    });
});

describe('literal credentials', () => {
  test('a secret-like name with a literal value is one', () => {
    expect(literalSecret('DB_PASSWORD', 'hunter2')).toBe('its name says it holds a credential');
  });

  test('a credential format is one whatever the name', () => {
    expect(literalSecret('UPLOAD', 'AKIAIOSFODNN7EXAMPLE')).toBe('its value matches the AWS access key id format');
  });

  test.each([['DB_PASSWORD', ''], ['DB_PASSWORD', '$(FROM_FILE)'], ['DB_PASSWORD', undefined], ['LOG_LEVEL', 'debug']])(
    '%s=%j is not one', (name, value) => {
      expect(literalSecret(name, value)).toBeUndefined();
    });
});
