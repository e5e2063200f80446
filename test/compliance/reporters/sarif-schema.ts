/* The SARIF 2.1.0 schema check shared by the reporter and CLI tests. */
/**
 * Validates against the official SARIF 2.1.0 JSON schema (rtm.5, draft-04), as shipped by Microsoft's
 * SARIF SDK (devDependency @microsoft/jest-sarif; only its schema file is used), compiled with Ajv's
 * draft-04 build (devDependency ajv-draft-04) and ajv-formats.
 */
let validateSarif: any;
export function expectValidSarif(log: unknown): void {
  validateSarif ??= compileSarifSchema();
  const valid = validateSarif(log);
  expect(valid ? 'valid' : JSON.stringify(validateSarif.errors, null, 2)).toBe('valid');
}

function compileSarifSchema(): any {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const AjvDraft04 = require('ajv-draft-04');
  const addFormats = require('ajv-formats');
  const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  /* eslint-enable @typescript-eslint/no-require-imports */
  // unicodeRegExp off: the schema's `language` pattern is not a valid unicode regular expression.
  const ajv = new (AjvDraft04.default ?? AjvDraft04)({ allErrors: true, strict: false, unicodeRegExp: false });
  (addFormats.default ?? addFormats)(ajv); // uri, uri-reference, date-time are checked, not ignored
  return ajv.compile(schema);
}
