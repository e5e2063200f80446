import { createHash } from 'crypto';
import { cleanReport, sampleReport } from './sample-report';
import { expectValidSarif } from './sarif-schema';
import { Framework, Severity } from '../../../src/compliance/check';
import { sarifReport } from '../../../src/compliance/reporters/sarif';
import { packageVersion } from '../../../src/private/version';

describe('sarifReport', () => {
  const log = JSON.parse(sarifReport(sampleReport(), { toolVersion: '0.1.0' }));
  const run = log.runs[0];

  test('is a valid SARIF 2.1.0 log', () => {
    expectValidSarif(log);
    expectValidSarif(JSON.parse(sarifReport(cleanReport())));
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
  });

  test('records the package version as tool.driver.version and semanticVersion by default', () => {
    const driver = JSON.parse(sarifReport(cleanReport())).runs[0].tool.driver;
    expect([driver.version, driver.semanticVersion]).toEqual([packageVersion(), packageVersion()]);
    expect(driver.semanticVersion).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('the schema check rejects an invalid log', () => {
    expect(() => expectValidSarif({ version: '2.1.0', runs: [{ tool: {} }] })).toThrow();
  });

  test('declares one rule per check with help text, controls as tags and a GitHub security-severity', () => {
    expect(run.tool.driver.name).toBe('cdk8s-hardened');
    expect(run.tool.driver.semanticVersion).toBe('0.1.0');
    expect(run.tool.driver.version).toBe('0.1.0');
    expect(run.tool.driver.rules.map((r: any) => r.id)).toEqual(['pss-allow-privilege-escalation', 'rbac-no-wildcards']);
    const rule = run.tool.driver.rules[0];
    expect(rule.name).toBe('PssAllowPrivilegeEscalation');
    expect(rule.shortDescription.text).toBe('Containers disallow privilege escalation');
    expect(rule.help.text).toContain('Controls: CIS 5.2.6, SOC2 CC6.1');
    expect(rule.help.markdown).toContain('**Controls:** CIS 5.2.6, SOC2 CC6.1');
    expect(rule.defaultConfiguration.level).toBe('error');
    expect(rule.properties.tags).toEqual(['security', 'kubernetes', 'CIS:5.2.6', 'SOC2:CC6.1']);
    expect(rule.properties['security-severity']).toBe('8.0');
    expect(run.tool.driver.rules[1].properties['security-severity']).toBe('5.0');
  });

  test('uses the check description as full description when the rules are given', () => {
    const out = JSON.parse(sarifReport(cleanReport(), { rules: [{ id: 'pss-privileged', title: 'Containers are not privileged', description: 'Privileged containers disable most security mechanisms.', severity: Severity.INFO, controls: [{ framework: Framework.CIS, id: '5.2.1' }] }] }));
    const rule = out.runs[0].tool.driver.rules[0];
    expect(rule.fullDescription.text).toBe('Privileged containers disable most security mechanisms.');
    expect(rule.defaultConfiguration.level).toBe('note');
    expect(out.runs[0].results).toEqual([]);
  });

  test('gives each result a rule index, level, message, file location with start line and fingerprint', () => {
    const r = run.results[0];
    expect(r.ruleId).toBe('pss-allow-privilege-escalation');
    expect(r.ruleIndex).toBe(0);
    expect(r.level).toBe('error');
    expect(r.message.text).toBe('Deployment team-a/api: allowPrivilegeEscalation != false: container "app" must set securityContext.allowPrivilegeEscalation=false');
    expect(r.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'dist/app%20one.k8s.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 14 } });
    expect(r.locations[0].logicalLocations).toEqual([{ fullyQualifiedName: 'Deployment/team-a/api', kind: 'resource' }]);
    expect(r.partialFingerprints['cdk8sHardenedFinding/v1']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('fingerprints are the SHA-256 of check, file, apiVersion, kind, namespace, name and pointer', () => {
    // Pinned so a change of hashing (or of the fields hashed) cannot silently reopen every code scanning alert.
    const f = sampleReport().findings[0];
    const o = f.object;
    const expected = createHash('sha256')
      .update([f.checkId, o.file ?? '', o.apiVersion, o.kind, o.namespace ?? '', o.name, f.location ?? ''].join('\u0000'))
      .digest('hex');
    expect(run.results[0].partialFingerprints).toEqual({ 'cdk8sHardenedFinding/v1': expected });
  });

  test('keeps fingerprints stable when the object moves within its file', () => {
    const moved = sampleReport();
    (moved.findings as any)[0] = { ...moved.findings[0], object: { ...moved.findings[0].object, line: 99, index: 7 } };
    const again = JSON.parse(sarifReport(moved)).runs[0].results[0];
    expect(again.partialFingerprints).toEqual(run.results[0].partialFingerprints);
    expect(again.partialFingerprints).not.toEqual(run.results[2].partialFingerprints);
  });

  test('gives stdin objects a logical location only', () => {
    expect(run.results[1].locations[0].physicalLocation).toBeUndefined();
    expect(run.results[1].locations[0].logicalLocations[0].fullyQualifiedName).toBe('ClusterRole/a|b "c"');
  });

  test('records a suppressed finding with its justification', () => {
    expect(run.results[2].suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'legacy debugger, removed in Q3 (JIRA-42)' }]);
    expect(run.results[2].locations[0].physicalLocation.region).toBeUndefined();
    expect(run.results[0].suppressions).toBeUndefined();
  });

  test('turns absolute paths into file URIs', () => {
    const abs = sampleReport();
    (abs.findings as any)[0] = { ...abs.findings[0], object: { ...abs.findings[0].object, file: '/tmp/x y/a.yaml' } };
    expect(JSON.parse(sarifReport(abs)).runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'file:///tmp/x%20y/a.yaml' });
  });
});
