/**
 * The JUnit XML report, for CI dashboards (Jenkins, GitLab, Azure DevOps, GitHub test reporters).
 *
 * - `<testsuites>` for the run; one `<testsuite>` per check (`<pack>/<check id>`), plus one for the
 *   scorecard and one for skipped input documents when there are any.
 * - One `<testcase>` per object a check found wanting: `<failure>` for a failed check, `<error>` for a
 *   check that could not judge the object, `<skipped>` (with the reason) for a suppressed finding.
 * - A check with no finding gets one passing testcase, `all objects`, so dashboards count it.
 *
 * Everything user-provided is XML-escaped, and characters XML 1.0 cannot carry are dropped.
 */
import { CheckStatus, Finding, Report } from '../check';
import { describeControls, describeObject, describeOwned, describeSource, formatPercent, ReporterOptions, rulesOf } from './common';

/** Renders a report as JUnit XML. */
export function junitReport(report: Report, options: ReporterOptions = {}): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;

  for (const rule of rulesOf(report, options.rules)) {
    const findings = report.findings.filter((f) => f.checkId === rule.id);
    const cases: string[] = [];
    let sf = 0;
    let se = 0;
    let ss = 0;
    for (const f of findings) {
      const body = caseBody(f);
      if (f.suppressedReason !== undefined) ss++;
      else if (f.status === CheckStatus.ERROR) se++;
      else sf++;
      cases.push(`    <testcase classname="${attr(`${report.pack}.${rule.id}`)}" name="${attr(caseName(f))}"${fileAttr(f)}>\n${body}    </testcase>`);
    }
    if (findings.length === 0) {
      cases.push(`    <testcase classname="${attr(`${report.pack}.${rule.id}`)}" name="all objects"/>`);
    }
    const controls = describeControls(rule.controls);
    suites.push(
      `  <testsuite name="${attr(`${report.pack}/${rule.id}`)}" tests="${cases.length}" failures="${sf}" errors="${se}" skipped="${ss}">\n` +
      `    <properties>\n      <property name="title" value="${attr(rule.title)}"/>\n      <property name="severity" value="${attr(rule.severity)}"/>\n` +
      (controls ? `      <property name="controls" value="${attr(controls)}"/>\n` : '') +
      '    </properties>\n' +
      cases.join('\n') + '\n  </testsuite>',
    );
    tests += cases.length;
    failures += sf;
    errors += se;
    skipped += ss;
  }

  if (report.scorecard.length > 0) {
    const cases = report.scorecard.map((m) => {
      const summary = `${formatPercent(m.percent)} (${m.compliant}/${m.total}), target ${formatPercent(m.target)}`;
      return m.met
        ? `    <testcase classname="${attr(`${report.pack}.scorecard`)}" name="${attr(m.title)}"/>`
        : `    <testcase classname="${attr(`${report.pack}.scorecard`)}" name="${attr(m.title)}">\n      <failure message="${attr(summary)}" type="scorecard">${text(summary)}</failure>\n    </testcase>`;
    });
    const sf = report.scorecard.filter((m) => !m.met).length;
    suites.push(`  <testsuite name="${attr(`${report.pack}/scorecard`)}" tests="${cases.length}" failures="${sf}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`);
    tests += cases.length;
    failures += sf;
  }

  if (report.skipped.length > 0) {
    const cases = report.skipped.map((s) => {
      const name = describeSource(s.object) || describeObject(s.object);
      return `    <testcase classname="${attr(`${report.pack}.input`)}" name="${attr(name)}">\n      <skipped message="${attr(s.reason)}"/>\n    </testcase>`;
    });
    suites.push(`  <testsuite name="${attr(`${report.pack}/skipped-documents`)}" tests="${cases.length}" failures="0" errors="0" skipped="${cases.length}">\n${cases.join('\n')}\n  </testsuite>`);
    tests += cases.length;
    skipped += cases.length;
  }

  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="${attr(`cdk8s-hardened ${report.pack}`)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n` +
    suites.map((s) => s + '\n').join('') +
    '</testsuites>\n';
}

function caseName(f: Finding): string {
  return f.location ? `${describeObject(f.object)} ${f.location}` : describeObject(f.object);
}

function fileAttr(f: Finding): string {
  const file = f.object.file;
  if (file === undefined) return '';
  return ` file="${attr(file)}"${f.object.line !== undefined ? ` line="${f.object.line}"` : ''}`;
}

function caseBody(f: Finding): string {
  const message = f.reason ?? f.title;
  const details = [
    f.detail,
    f.location ? `location: ${f.location}` : undefined,
    describeSource(f.object) ? `source: ${describeSource(f.object)}` : undefined,
    describeOwned(f),
    f.controls.length > 0 ? `controls: ${describeControls(f.controls)}` : undefined,
  ].filter((x) => x !== undefined).join('\n');
  if (f.suppressedReason !== undefined) {
    return `      <skipped message="${attr(`suppressed: ${f.suppressedReason}`)}"/>\n`;
  }
  const tag = f.status === CheckStatus.ERROR ? 'error' : 'failure';
  return `      <${tag} message="${attr(message)}" type="${attr(f.severity)}">${text(details)}</${tag}>\n`;
}

// XML 1.0 allows #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const INVALID_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text content. */
export function text(s: string): string {
  return s.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value (double-quoted); newlines kept as character references. */
export function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
