/**
 * The Markdown report, sized for a pull-request comment: a verdict line, a summary table, the
 * scorecard, the active findings, the suppressed findings with their reasons, and skipped documents.
 *
 * Table cells are escaped (`|`, newlines, HTML) so user-provided names and details cannot break the
 * table or inject markup. Long finding lists are cut at 200 rows with a count of the rest, so the
 * comment stays under the size limits of code hosts.
 */
import { CheckStatus, Report } from '../check';
import { describeControls, describeObject, describeOwned, describeSource, formatPercent, isActive, isSuppressed, ReporterOptions } from './common';

/** Most findings rows in one comment. */
export const MARKDOWN_MAX_ROWS = 200;

/** Renders a report as GitHub-flavoured Markdown. */
export function markdownReport(report: Report, _options: ReporterOptions = {}): string {
  const s = report.summary;
  const active = report.findings.filter(isActive);
  const suppressed = report.findings.filter(isSuppressed);
  const unmet = report.scorecard.filter((m) => !m.met);
  const ok = active.length === 0 && unmet.length === 0;
  const out: string[] = [];
  out.push(`## cdk8s-hardened: ${cell(report.pack)} ${ok ? ':white_check_mark: compliant' : ':x: not compliant'}`);
  out.push('');
  out.push(`Pod Security Standards version: \`${cell(report.pssVersion)}\``);
  out.push('');
  out.push('| Objects | Passed | Failed | Errors | Suppressed | Not applicable |');
  out.push('| ---: | ---: | ---: | ---: | ---: | ---: |');
  out.push(`| ${s.objects} | ${s.passed} | ${s.failed} | ${s.errors} | ${s.suppressed} | ${s.notApplicable} |`);

  if (report.scorecard.length > 0) {
    out.push('', '### Scorecard', '');
    out.push('| | Metric | Score | Compliant | Target |');
    out.push('| :---: | --- | ---: | ---: | ---: |');
    for (const m of report.scorecard) {
      out.push(`| ${m.met ? ':white_check_mark:' : ':x:'} | ${cell(m.title)} | ${formatPercent(m.percent)} | ${m.compliant}/${m.total} | ${formatPercent(m.target)} |`);
      for (const p of m.parts ?? []) {
        out.push(`| ${p.met ? ':white_check_mark:' : ':x:'} | &nbsp;&nbsp;${cell(p.title)} | ${formatPercent(p.percent)} | ${p.compliant}/${p.total} | ${formatPercent(p.target)} |`);
      }
    }
  }

  if (active.length > 0) {
    out.push('', `### Findings (${active.length})`, '');
    out.push('| Severity | Check | Object | Source | Problem | Controls |');
    out.push('| --- | --- | --- | --- | --- | --- |');
    for (const f of active.slice(0, MARKDOWN_MAX_ROWS)) {
      const problem = [[f.reason, f.detail].filter(Boolean).join(': ') || f.title, describeOwned(f)].filter(Boolean).join('; ');
      out.push(`| ${f.severity}${f.status === CheckStatus.ERROR ? ' (error)' : ''} | \`${cell(f.checkId)}\` | ${cell(describeObject(f.object))} | ${code(describeSource(f.object))} | ${cell(problem)} | ${cell(describeControls(f.controls))} |`);
    }
    if (active.length > MARKDOWN_MAX_ROWS) out.push('', `_… and ${active.length - MARKDOWN_MAX_ROWS} more; run \`cdk8s-hardened check\` for the full list._`);
  }

  if (suppressed.length > 0) {
    out.push('', `### Suppressed (${suppressed.length})`, '');
    for (const f of suppressed.slice(0, MARKDOWN_MAX_ROWS)) {
      out.push(`- \`${cell(f.checkId)}\` on ${cell(describeObject(f.object))}: ${cell(f.suppressedReason ?? '')}`);
    }
    if (suppressed.length > MARKDOWN_MAX_ROWS) out.push(`- _… and ${suppressed.length - MARKDOWN_MAX_ROWS} more_`);
  }

  if (report.skipped.length > 0) {
    out.push('', `### Skipped documents (${report.skipped.length})`, '');
    for (const k of report.skipped.slice(0, MARKDOWN_MAX_ROWS)) {
      out.push(`- ${code(describeSource(k.object))}: ${cell(k.reason)}`);
    }
  }
  return out.join('\n') + '\n';
}

/** Escapes a table cell: HTML, pipes, backticks and newlines. */
export function cell(s: string): string {
  return s
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|').replace(/`/g, '\\`')
    .replace(/\r?\n/g, '<br>');
}

function code(s: string): string {
  if (s === '') return '';
  return `\`${s.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``;
}
