import { cleanReport, sampleReport } from './sample-report';
import { jsonReport, JSON_REPORT_FORMAT_VERSION } from '../../../src/compliance/reporters/json';
import { packageVersion } from '../../../src/private/version';

describe('jsonReport', () => {
  test('records the package version as tool.version by default', () => {
    expect(JSON.parse(jsonReport(cleanReport())).tool).toEqual({ name: 'cdk8s-hardened', version: packageVersion() });
  });

  test('prints the documented shape with keys in a fixed order', () => {
    const parsed = JSON.parse(jsonReport(sampleReport(), { toolVersion: '1.2.3' }));
    expect(Object.keys(parsed)).toEqual(['formatVersion', 'tool', 'pack', 'pssVersion', 'summary', 'scorecard', 'findings', 'skipped']);
    expect(parsed.formatVersion).toBe(JSON_REPORT_FORMAT_VERSION);
    expect(parsed.tool).toEqual({ name: 'cdk8s-hardened', version: '1.2.3' });
    expect(parsed.findings[0]).toEqual({
      checkId: 'pss-allow-privilege-escalation',
      title: 'Containers disallow privilege escalation',
      severity: 'error',
      status: 'fail',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'team-a', file: 'dist/app one.k8s.yaml', index: 2, line: 14 },
      reason: 'allowPrivilegeEscalation != false',
      detail: 'container "app" must set securityContext.allowPrivilegeEscalation=false',
      location: '/spec/template/spec/containers/0/securityContext',
      controls: [{ framework: 'CIS', id: '5.2.6' }, { framework: 'SOC2', id: 'CC6.1' }],
    });
    expect(parsed.findings[2].suppressedReason).toBe('legacy debugger, removed in Q3 (JIRA-42)');
    expect(parsed.scorecard[0].parts[0].id).toBe('rbac-roles');
    expect(parsed.skipped).toEqual([{ object: { apiVersion: '', kind: '', name: '', file: 'dist/app one.k8s.yaml', index: 5, line: 40 }, reason: 'empty document' }]);
  });

  test('omits absent optional fields instead of writing null', () => {
    const out = jsonReport(sampleReport());
    expect(out).not.toContain('null');
    expect(JSON.parse(out).findings[1]).not.toHaveProperty('suppressedReason');
  });

  test('is byte-identical for the same report', () => {
    expect(jsonReport(cleanReport())).toBe(jsonReport(cleanReport()));
    expect(jsonReport(cleanReport()).endsWith('}\n')).toBe(true);
  });
});
