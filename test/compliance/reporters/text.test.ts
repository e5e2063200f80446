import { cleanReport, sampleReport } from './sample-report';
import { textReport } from '../../../src/compliance/reporters/text';

describe('textReport', () => {
  const out = textReport(sampleReport());

  test('starts with the pack, the counts and the verdict', () => {
    expect(out.split('\n').slice(0, 3)).toEqual([
      'Pack hardened (Pod Security Standards latest)',
      '4 objects: 20 passed, 1 failed, 1 errors, 1 suppressed, 7 not applicable',
      'Result: 2 findings, 1 scorecard targets missed',
    ]);
  });

  test('lists each active finding with its object, source, problem and location', () => {
    expect(out).toContain('  FAIL [error] pss-allow-privilege-escalation  Deployment team-a/api  (dist/app one.k8s.yaml:14)\n'
      + '      allowPrivilegeEscalation != false: container "app" must set securityContext.allowPrivilegeEscalation=false\n'
      + '      at /spec/template/spec/containers/0/securityContext\n');
    expect(out).toContain('  ERROR [warning] rbac-no-wildcards  ClusterRole a|b "c"  (-:1)');
  });

  test('lists suppressed findings with their reasons, apart from active ones', () => {
    expect(out).toContain('Suppressed:\n  pss-allow-privilege-escalation  Pod ops/debug: legacy debugger, removed in Q3 (JIRA-42)\n');
    expect(out).not.toMatch(/FAIL .*Pod ops\/debug/);
  });

  test('prints the scorecard with parts and missed targets marked', () => {
    expect(out).toContain('Scorecard:\n  MISS RBAC least privilege: 75% (3/4, target 100%)\n'
      + '      MISS Roles without least-privilege findings: 0% (0/1, target 100%)\n'
      + '  ok   Image signing: 66.7% (2/3, target 50%)\n');
  });

  test('lists skipped documents with their position', () => {
    expect(out).toContain('Skipped documents:\n  dist/app one.k8s.yaml:40: empty document\n');
  });

  test('says compliant when there is nothing to report', () => {
    const clean = textReport(cleanReport());
    expect(clean).toContain('Result: compliant\n');
    expect(clean).not.toContain('Findings:');
  });
});
