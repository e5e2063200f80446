import { parseExceptionsFile } from '../../src/compliance/exceptions-file';
import { Exemptions } from '../../src/compliance/exemptions';

const NOW = new Date('2026-03-01T12:00:00Z');
const LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const managed = (annotations?: Record<string, string>) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'system:node', labels: LABELS, ...(annotations ? { annotations } : {}) },
  rules: [],
});
const FILE = parseExceptionsFile(`exceptions:
  - id: rbac-no-wildcards
    name: "system:*"
    reason: listed in the reviewed file, SEC-1
`, 'x.yaml');

describe('Exemptions', () => {
  test('prefers the annotation, then the exceptions file, then the managed-object exemption', () => {
    const annotated = managed({ 'cdk8s-hardened.io/suppressions': '[{"id":"rbac-no-wildcards","reason":"annotated on the object, SEC-2"}]' });
    const e = new Exemptions({ now: NOW, exceptions: FILE });
    expect(e.of(annotated)('rbac-no-wildcards')).toEqual({ reason: 'annotated on the object, SEC-2', managed: false });
    expect(e.of(managed())('rbac-no-wildcards')).toEqual({ reason: 'listed in the reviewed file, SEC-1 (exceptions file x.yaml, entry 0)', managed: false });
    expect(e.of(managed())('rbac-no-secret-read')).toEqual({ reason: 'managed by Kubernetes, recreated by the API server (bootstrap ClusterRole "system:node")', managed: true });
  });

  test('exempts nothing for an ordinary object, and nothing managed when includeManaged', () => {
    const e = new Exemptions({ now: NOW, includeManaged: true });
    expect(e.of(managed())('rbac-no-secret-read')).toBeUndefined();
    expect(new Exemptions({ now: NOW }).of({ kind: 'ClusterRole', metadata: { name: 'mine' } })('rbac-no-secret-read')).toBeUndefined();
  });

  test('has no findings of its own without an exceptions file', () => {
    expect(new Exemptions({ now: NOW }).findings()).toEqual([]);
  });
});
