import { FAILED, cleanReport, sampleReport } from './sample-report';
import { cell, markdownReport, MARKDOWN_MAX_ROWS } from '../../../src/compliance/reporters/markdown';

describe('markdownReport', () => {
  const out = markdownReport(sampleReport());

  test('headlines the verdict and a summary table', () => {
    expect(out.startsWith('## cdk8s-hardened: hardened :x: not compliant\n')).toBe(true);
    expect(out).toContain('| Objects | Passed | Failed | Errors | Suppressed | Not applicable |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n| 4 | 20 | 1 | 1 | 1 | 7 |');
    expect(markdownReport(cleanReport())).toContain(':white_check_mark: compliant');
  });

  test('renders the scorecard as a table with parts indented', () => {
    expect(out).toContain('| :x: | RBAC least privilege | 75% | 3/4 | 100% |\n| :x: | &nbsp;&nbsp;Roles without least-privilege findings | 0% | 0/1 | 100% |\n| :white_check_mark: | Image signing | 66.7% | 2/3 | 50% |');
  });

  test('lists active findings in a table and escapes pipes, newlines and HTML', () => {
    expect(out).toContain('### Findings (2)');
    expect(out).toContain('| error | `pss-allow-privilege-escalation` | Deployment team-a/api | `dist/app one.k8s.yaml:14` | allowPrivilegeEscalation != false: container "app" must set securityContext.allowPrivilegeEscalation=false | CIS 5.2.6, SOC2 CC6.1 |');
    const row = out.split('\n').find((l) => l.includes('rbac-no-wildcards'))!;
    expect(row).toContain('ClusterRole a\\|b "c"');
    expect(row).toContain('line one<br>line two \\| &lt;script&gt;');
    expect(row).not.toContain('<script>');
    // 7 cell borders: the escaped pipes do not add columns
    expect(row.split(/(?<!\\)\|/).length).toBe(8);
  });

  test('lists suppressed findings with their reasons', () => {
    expect(out).toContain('### Suppressed (1)\n\n- `pss-allow-privilege-escalation` on Pod ops/debug: legacy debugger, removed in Q3 (JIRA-42)');
  });

  test('cuts long finding lists and says how many were left out', () => {
    const many = { ...sampleReport(), findings: Array.from({ length: MARKDOWN_MAX_ROWS + 5 }, () => FAILED) };
    const text = markdownReport(many);
    expect(text.split('\n').filter((l) => l.startsWith('| error |')).length).toBe(MARKDOWN_MAX_ROWS);
    expect(text).toContain('… and 5 more');
  });

  test('cell escapes backticks', () => {
    expect(cell('a`b')).toBe('a\\`b');
  });
});
