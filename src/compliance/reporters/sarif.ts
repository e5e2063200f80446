/**
 * The SARIF 2.1.0 report, for GitHub code scanning and other SARIF viewers.
 *
 * - The tool is versioned (`tool.driver.version` and `semanticVersion`, the package version), so
 *   code-scanning results can be tied to a release.
 * - One rule per check (`rules[]`), with the title as short description, the policy text as full
 *   description and help, the controls as tags, and GitHub's `security-severity` so alerts sort as
 *   high (error), medium (warning) or low (info).
 * - One result per finding: level from the severity, a message naming the object, a physical location
 *   (the manifest file, relative, with the document's start line as region, and the column for an
 *   item of a List) when the object came from a file, and a logical location (`Kind/namespace/name`) always.
 * - `partialFingerprints` hash the check, the object identity and the JSON pointer, not the line, so
 *   an alert survives the manifest being reformatted or reordered.
 * - Suppressed findings are kept, with a SARIF `suppressions` entry carrying the reason, so the audit
 *   trail reaches the code scanning UI.
 *
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 * @see https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
import * as crypto from 'crypto';
import { packageVersion } from '../../private/version';
import { CheckStatus, Finding, ObjectRef, Report, Severity } from '../check';
import { describeControls, describeObject, describeOwned, describeProblem, ReporterOptions, ReportRuleInfo, rulesOf } from './common';

/** Where users read about the rules. */
export const RULES_HELP_URI = 'https://github.com/cdk8s-hardened/cdk8s-hardened/blob/main/RULES.md';

const LEVEL: Record<string, string> = { [Severity.ERROR]: 'error', [Severity.WARNING]: 'warning', [Severity.INFO]: 'note' };
const SECURITY_SEVERITY: Record<string, string> = { [Severity.ERROR]: '8.0', [Severity.WARNING]: '5.0', [Severity.INFO]: '2.0' };

/** Renders a report as a SARIF 2.1.0 log (JSON, two-space indented). */
export function sarifReport(report: Report, options: ReporterOptions = {}): string {
  const rules = rulesOf(report, options.rules);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  // Findings of one object share its ref: build its location (and each file's artifact) once.
  const locations = new Map<ObjectRef, Record<string, unknown>>();
  const artifacts = new Map<string, Record<string, unknown>>();
  const locationOf = (o: ObjectRef): Record<string, unknown> => {
    let loc = locations.get(o);
    if (!loc) {
      loc = location(o, artifacts);
      locations.set(o, loc);
    }
    return loc;
  };
  const driver: Record<string, unknown> = {
    name: 'cdk8s-hardened',
    informationUri: 'https://github.com/cdk8s-hardened/cdk8s-hardened',
    rules: rules.map(rule),
  };
  // `version` is free-form; `semanticVersion` must be semver: the package version is both.
  const version = options.toolVersion ?? packageVersion();
  driver.version = version;
  driver.semanticVersion = version;
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver },
      automationDetails: { id: `cdk8s-hardened/${report.pack}/` },
      results: report.findings.map((f) => result(f, ruleIndex.get(f.checkId)!, locationOf(f.object))),
      properties: { pack: report.pack, pssVersion: report.pssVersion, scorecard: report.scorecard },
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function rule(r: ReportRuleInfo): Record<string, unknown> {
  const controls = describeControls(r.controls);
  const description = r.description ?? r.title;
  const helpText = `${description}${controls ? `\n\nControls: ${controls}` : ''}\n\nSee ${RULES_HELP_URI}#${r.id}`;
  const helpMarkdown = `${description}${controls ? `\n\n**Controls:** ${controls}` : ''}\n\nSee [${r.id}](${RULES_HELP_URI}#${r.id}).`;
  return {
    id: r.id,
    name: pascalCase(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: description },
    help: { text: helpText, markdown: helpMarkdown },
    helpUri: `${RULES_HELP_URI}#${r.id}`,
    defaultConfiguration: { level: LEVEL[r.severity] ?? 'warning' },
    properties: {
      'tags': ['security', 'kubernetes', ...r.controls.map((c) => `${c.framework}:${c.id}`)],
      'precision': 'very-high',
      'problem.severity': r.severity === Severity.INFO ? 'recommendation' : r.severity,
      'security-severity': SECURITY_SEVERITY[r.severity] ?? '5.0',
    },
  };
}

function result(f: Finding, index: number, loc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: f.checkId,
    ruleIndex: index,
    level: LEVEL[f.severity] ?? 'warning',
    kind: 'fail',
    message: { text: `${describeObject(f.object)}: ${describeProblem(f)}${f.status === CheckStatus.ERROR ? ' (the check could not judge this object)' : ''}${owned(f)}` },
    locations: [loc],
    partialFingerprints: { 'cdk8sHardenedFinding/v1': fingerprint(f) },
    properties: { status: f.status, ...(f.location ? { pointer: f.location } : {}) },
  };
  if (f.suppressedReason !== undefined) {
    out.suppressions = [{ kind: 'inSource', status: 'accepted', justification: f.suppressedReason }];
  }
  return out;
}

function owned(f: Finding): string {
  const text = describeOwned(f);
  return text ? ` (${text})` : '';
}

function location(o: ObjectRef, artifacts: Map<string, Record<string, unknown>>): Record<string, unknown> {
  const loc: Record<string, unknown> = {};
  if (o.file !== undefined && o.file !== '-') {
    let artifactLocation = artifacts.get(o.file);
    if (!artifactLocation) {
      artifactLocation = artifact(o.file);
      artifacts.set(o.file, artifactLocation);
    }
    const physical: Record<string, unknown> = { artifactLocation };
    if (o.line !== undefined && o.line >= 1) {
      physical.region = o.column !== undefined && o.column >= 1 ? { startLine: o.line, startColumn: o.column } : { startLine: o.line };
    }
    loc.physicalLocation = physical;
  }
  loc.logicalLocations = [{
    fullyQualifiedName: logicalName(o),
    kind: 'resource',
    ...(o.constructPath ? { decoratedName: o.constructPath } : {}),
  }];
  return loc;
}

/** A relative path becomes a `%SRCROOT%`-relative URI reference; an absolute one a file:// URI. */
function artifact(file: string): Record<string, unknown> {
  const posix = file.replace(/\\/g, '/');
  if (posix.startsWith('/') || /^[A-Za-z]:\//.test(posix)) {
    return { uri: 'file://' + (posix.startsWith('/') ? '' : '/') + encodePath(posix) };
  }
  return { uri: encodePath(posix.replace(/^(\.\/)+/, '')), uriBaseId: '%SRCROOT%' };
}

function encodePath(p: string): string {
  return p.split('/').map((s) => encodeURIComponent(s).replace(/%3A/gi, ':')).join('/');
}

function logicalName(o: ObjectRef): string {
  return [o.kind || '<no kind>', o.namespace, o.name || '<unnamed>'].filter((x) => x !== undefined).join('/');
}

/** One-shot SHA-256 (`crypto.hash`, Node >= 20.12), about 3x faster per finding than a Hash object. */
const sha256Hex: (text: string) => string = typeof (crypto as any).hash === 'function'
  ? (text) => (crypto as any).hash('sha256', text, 'hex')
  : (text) => crypto.createHash('sha256').update(text).digest('hex');

function fingerprint(f: Finding): string {
  const o = f.object;
  return sha256Hex([f.checkId, o.file ?? '', o.apiVersion, o.kind, o.namespace ?? '', o.name, f.location ?? ''].join('\u0000'));
}

function pascalCase(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}
