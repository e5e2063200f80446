/**
 * The JSON report: a stable, documented shape (docs/cli.md) for scripts and dashboards.
 *
 * Keys are written in a fixed order and optional fields are omitted when absent, so two runs over the
 * same input print byte-identical output. `formatVersion` changes only on a breaking change.
 */
import { packageVersion } from '../../private/version';
import { Finding, ObjectRef, Report, ScorecardMetric } from '../check';
import { ReporterOptions } from './common';

/** The version of the JSON report shape. */
export const JSON_REPORT_FORMAT_VERSION = 1;

/** Renders a report as JSON (two-space indented, trailing newline). */
export function jsonReport(report: Report, options: ReporterOptions = {}): string {
  const out: Record<string, unknown> = {
    formatVersion: JSON_REPORT_FORMAT_VERSION,
    tool: { name: 'cdk8s-hardened', version: options.toolVersion ?? packageVersion() },
    pack: report.pack,
    pssVersion: report.pssVersion,
    summary: {
      objects: report.summary.objects,
      passed: report.summary.passed,
      failed: report.summary.failed,
      errors: report.summary.errors,
      suppressed: report.summary.suppressed,
      notApplicable: report.summary.notApplicable,
      ...(report.summary.managed ? { managed: report.summary.managed } : {}),
    },
    scorecard: report.scorecard.map(metric),
    findings: report.findings.map(finding),
    skipped: report.skipped.map((s) => ({ object: ref(s.object), reason: s.reason })),
  };
  return JSON.stringify(out, null, 2) + '\n';
}

function metric(m: ScorecardMetric): Record<string, unknown> {
  return compact({
    id: m.id,
    title: m.title,
    compliant: m.compliant,
    total: m.total,
    percent: m.percent,
    target: m.target,
    met: m.met,
    parts: m.parts?.map(metric),
    exceptions: m.exceptions?.map((e) => ({ object: e.object, reason: e.reason })),
  });
}

function finding(f: Finding): Record<string, unknown> {
  return compact({
    checkId: f.checkId,
    title: f.title,
    severity: f.severity,
    status: f.status,
    object: ref(f.object),
    reason: f.reason,
    detail: f.detail,
    location: f.location,
    controls: f.controls.map((c) => ({ framework: c.framework, id: c.id })),
    suppressedReason: f.suppressedReason,
    owned: f.owned?.map(ref),
  });
}

function ref(o: ObjectRef): Record<string, unknown> {
  return compact({
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.name,
    namespace: o.namespace,
    file: o.file,
    index: o.index,
    line: o.line,
    column: o.column,
    constructPath: o.constructPath,
  });
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}
