import { autogenRuleNames, KyvernoFailureAction, KyvernoRule, patternError } from '../../../src/policy/kyverno/custom-rule';

const PATTERN = { spec: { containers: [{ securityContext: { runAsNonRoot: true } }] } };

describe('KyvernoRule.fromPattern', () => {
  test('builds a validate.pattern rule matching Pods on CREATE and UPDATE', () => {
    const rule = KyvernoRule.fromPattern({ name: 'run-as-non-root', message: 'Containers must run as non-root', pattern: PATTERN });
    expect(rule.toJson()).toEqual({
      name: 'run-as-non-root',
      match: { any: [{ resources: { kinds: ['Pod'], operations: ['CREATE', 'UPDATE'] } }] },
      validate: { failureAction: 'Enforce', message: 'Containers must run as non-root', pattern: PATTERN },
    });
  });

  test('defaults to failureAction Enforce', () => {
    expect(KyvernoRule.fromPattern({ name: 'r', message: 'm', pattern: PATTERN }).toJson().validate.failureAction).toBe(KyvernoFailureAction.ENFORCE);
  });

  test('auto-generates controller rules only when it matches only Pods', () => {
    expect(KyvernoRule.fromPattern({ name: 'r', message: 'm', pattern: PATTERN }).autogen).toBe(true);
    const both = KyvernoRule.fromPattern({ name: 'r', message: 'm', pattern: PATTERN, kinds: ['Pod', 'Deployment'] });
    expect(both.autogen).toBe(false);
    expect(both.exceptionRuleNames).toEqual(['r']);
  });

  test('names its autogen variants for exceptions', () => {
    expect(KyvernoRule.fromPattern({ name: 'r', message: 'm', pattern: PATTERN }).exceptionRuleNames).toEqual(['r', 'autogen-r', 'autogen-cronjob-r']);
    expect(autogenRuleNames('x', false)).toEqual(['x']);
  });

  test('excludes namespaces in a rule exclude block', () => {
    const rule = KyvernoRule.fromPattern({ name: 'r', message: 'm', pattern: PATTERN, excludeNamespaces: ['kube-system'] });
    expect(rule.toJson().exclude).toEqual({ any: [{ resources: { namespaces: ['kube-system'] } }] });
  });

  test('accepts Kyverno anchors in keys', () => {
    expect(patternError({ spec: { '=(securityContext)': { 'X(privileged)': 'null' }, '^(containers)': [{ '<(name)': 'a*' }] } })).toBeUndefined();
  });

  test('returns a copy, so the rule cannot be changed through toJson', () => {
    const rule = KyvernoRule.fromPattern({ name: 'r', message: 'm', pattern: PATTERN });
    rule.toJson().validate.pattern.spec = {};
    expect(rule.toJson().validate.pattern).toEqual(PATTERN);
  });

  test.each([
    ['Run_As_Root', "KyvernoRule.fromPattern: rule name \"Run_As_Root\" is invalid; use a DNS-1123 label (lower-case alphanumerics and '-') of at most 47 characters, so that Kyverno's 'autogen-cronjob-<name>' rule fits in 63"],
    ['a'.repeat(48), `KyvernoRule.fromPattern: rule name "${'a'.repeat(48)}" is invalid; use a DNS-1123 label (lower-case alphanumerics and '-') of at most 47 characters, so that Kyverno's 'autogen-cronjob-<name>' rule fits in 63`],
  ])('fails for the rule name %s', (name, message) => {
    expect(() => KyvernoRule.fromPattern({ name, message: 'm', pattern: PATTERN })).toThrow(message);
  });

  test('fails with an empty message', () => {
    expect(() => KyvernoRule.fromPattern({ name: 'r', message: ' ', pattern: PATTERN }))
      .toThrow("KyvernoRule.fromPattern: rule 'r' has an empty message; say what is required, e.g. 'Containers must run as non-root'");
  });

  test('fails with an empty pattern', () => {
    expect(() => KyvernoRule.fromPattern({ name: 'r', message: 'm', pattern: {} }))
      .toThrow("KyvernoRule.fromPattern: rule 'r' has an empty pattern, which matches everything; describe the fields the resource must have");
  });

  test('fails with a malformed anchor', () => {
    expect(() => KyvernoRule.fromPattern({ name: 'r', message: 'm', pattern: { spec: { '=(securityContext': {} } } }))
      .toThrow("KyvernoRule.fromPattern: rule 'r' has a malformed anchor \"=(securityContext\" at /spec in its pattern; use (key), =(key), X(key), <(key), +(key) or ^(key)");
  });

  test('fails with a non-JSON value in the pattern', () => {
    expect(() => KyvernoRule.fromPattern({ name: 'r', message: 'm', pattern: { spec: { f: () => 1 } } }))
      .toThrow("KyvernoRule.fromPattern: rule 'r' has a function at /spec/f in its pattern; patterns hold only JSON values");
  });

  test('fails with a kind that is not a Kind name', () => {
    expect(() => KyvernoRule.fromPattern({ name: 'r', message: 'm', pattern: PATTERN, kinds: ['pods'] }))
      .toThrow("KyvernoRule.fromPattern: rule 'r' has kind \"pods\"; use a Kind name in PascalCase, e.g. 'Pod' or 'Deployment'");
  });

  test('fails with no kinds', () => {
    expect(() => KyvernoRule.fromPattern({ name: 'r', message: 'm', pattern: PATTERN, kinds: [] }))
      .toThrow("KyvernoRule.fromPattern: rule 'r' matches no kinds; omit kinds to match Pods, or list Kind names such as 'Deployment'");
  });

  test('fails with an excluded namespace that is not a namespace name', () => {
    expect(() => KyvernoRule.fromPattern({ name: 'r', message: 'm', pattern: PATTERN, excludeNamespaces: ['Kube_System'] }))
      .toThrow("KyvernoRule.fromPattern: rule 'r' excludes namespace \"Kube_System\", which is not a namespace name (DNS-1123 label)");
  });
});
