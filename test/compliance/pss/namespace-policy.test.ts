import { PodSecurityLevel } from '../../../src/compliance/pss';
import { formatLevelVersion, namespacePolicy, parseLevelVersion } from '../../../src/compliance/pss/namespace-policy';

function ns(labels: Record<string, unknown>): unknown {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', labels } };
}

describe('namespacePolicy', () => {
  test('defaults every mode to privileged:latest for an unlabelled or absent namespace', () => {
    for (const n of [ns({}), undefined, { metadata: { labels: [1] } }]) {
      const p = namespacePolicy(n);
      expect([p.enforce, p.warn, p.audit].map(formatLevelVersion)).toEqual(['privileged:latest', 'privileged:latest', 'privileged:latest']);
    }
  });

  test('reads each mode level and version label', () => {
    const p = namespacePolicy(ns({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.29',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'latest',
    }));
    expect([p.enforce, p.warn, p.audit].map(formatLevelVersion)).toEqual(['baseline:v1.29', 'restricted:latest', 'restricted:latest']);
  });

  test('fails closed for a malformed enforce level and open for warn and audit; a malformed version is latest', () => {
    const p = namespacePolicy(ns({
      'pod-security.kubernetes.io/enforce': 'strict',
      'pod-security.kubernetes.io/enforce-version': '1.30',
      'pod-security.kubernetes.io/warn': 'Restricted',
      'pod-security.kubernetes.io/audit': 3,
    }));
    expect([p.enforce.level, p.enforce.version, p.warn.level, p.audit.level]).toEqual([PodSecurityLevel.RESTRICTED, 'latest', PodSecurityLevel.PRIVILEGED, PodSecurityLevel.PRIVILEGED]);
    expect(p.enforce.problem).toBe('label pod-security.kubernetes.io/enforce="strict" is not privileged, baseline or restricted; admission uses restricted; '
      + "label pod-security.kubernetes.io/enforce-version=\"1.30\" is not 'latest' or 'v1.N'; admission uses latest");
  });
});

describe('parseLevelVersion', () => {
  test.each([
    ['restricted', 'restricted:latest'],
    ['baseline:v1.30', 'baseline:v1.30'],
    ['privileged:latest', 'privileged:latest'],
  ])('reads %s', (text, expected) => {
    expect(formatLevelVersion(parseLevelVersion(text)!)).toBe(expected);
  });

  test.each(['strict', 'restricted:1.30', 'restricted:v1.30:x', ''])('fails on %j', (text) => {
    expect(parseLevelVersion(text)).toBeUndefined();
  });
});
