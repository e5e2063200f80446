/**
 * The plain-text report for terminals and CI logs: a one-screen summary first, then each active
 * finding, the suppressed ones with their reasons, the scorecard and the skipped documents.
 *
 * No colours: CI logs and `| less` both read it as is.
 */
import { Report, ScorecardMetric } from '../check';
import { describeObject, describeOwned, describeProblem, describeSource, formatPercent, isActive, isSuppressed, ReporterOptions } from './common';

/** Renders a report as plain text. */
export function textReport(report: Report, _options: ReporterOptions = {}): string {
  const s = report.summary;
  const active = report.findings.filter(isActive);
  const suppressed = report.findings.filter(isSuppressed);
  const lines: string[] = [];
  lines.push(`Pack ${report.pack} (Pod Security Standards ${report.pssVersion})`);
  lines.push(`${s.objects} objects: ${s.passed} passed, ${s.failed} failed, ${s.errors} errors, ${s.suppressed} suppressed${s.managed ? ` (${s.managed} on objects managed by Kubernetes)` : ''}, ${s.notApplicable} not applicable`);
  const unmet = report.scorecard.filter((m) => !m.met).length;
  lines.push(active.length === 0 && unmet === 0 ? 'Result: compliant' : `Result: ${active.length} findings, ${unmet} scorecard targets missed`);

  if (active.length > 0) {
    lines.push('', 'Findings:');
    for (const f of active) {
      const source = describeSource(f.object);
      lines.push(`  ${f.status.toUpperCase()} [${f.severity}] ${f.checkId}  ${describeObject(f.object)}${source ? `  (${source})` : ''}`);
      lines.push(`      ${describeProblem(f)}`);
      const owned = describeOwned(f);
      if (owned) lines.push(`      ${owned}`);
      if (f.location) lines.push(`      at ${f.location}`);
    }
  }
  if (suppressed.length > 0) {
    lines.push('', 'Suppressed:');
    for (const f of suppressed) {
      lines.push(`  ${f.checkId}  ${describeObject(f.object)}: ${f.suppressedReason}`);
    }
  }
  if (report.scorecard.length > 0) {
    lines.push('', 'Scorecard:');
    for (const m of report.scorecard) {
      lines.push(metricLine(m, '  '));
      for (const p of m.parts ?? []) lines.push(metricLine(p, '      '));
    }
  }
  if (report.skipped.length > 0) {
    lines.push('', 'Skipped documents:');
    for (const k of report.skipped) {
      const source = describeSource(k.object);
      lines.push(`  ${source || describeObject(k.object)}: ${k.reason}`);
    }
  }
  return lines.join('\n') + '\n';
}

function metricLine(m: ScorecardMetric, indent: string): string {
  const mark = m.met ? 'ok  ' : 'MISS';
  return `${indent}${mark} ${m.title}: ${formatPercent(m.percent)} (${m.compliant}/${m.total}, target ${formatPercent(m.target)})`;
}
