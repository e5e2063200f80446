/**
 * The reporters: pure functions from a Report to text, one per output format.
 */
import { Report } from '../check';
import { ReporterOptions } from './common';
import { jsonReport } from './json';
import { junitReport } from './junit';
import { markdownReport } from './markdown';
import { sarifReport } from './sarif';
import { textReport } from './text';

export { ReportRuleInfo, ReporterOptions } from './common';
export { jsonReport, JSON_REPORT_FORMAT_VERSION } from './json';
export { junitReport } from './junit';
export { markdownReport } from './markdown';
export { sarifReport } from './sarif';
export { textReport } from './text';

/** The output formats, as the CLI spells them. */
export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;

const REPORTERS: Record<string, (report: Report, options?: ReporterOptions) => string> = {
  text: textReport,
  json: jsonReport,
  sarif: sarifReport,
  junit: junitReport,
  markdown: markdownReport,
};

/**
 * Renders a report in one of the output formats.
 *
 * jsii-friendly entry point for library users: `ReportFormatter.render('sarif', report)`.
 */
export class ReportFormatter {
  /** The format names: text, json, sarif, junit, markdown. */
  public static readonly FORMATS: string[] = [...REPORT_FORMATS];

  /**
   * Renders `report` as `format`.
   *
   * @param format one of text, json, sarif, junit, markdown
   * @param report the engine's report
   * @param options rules (for descriptions and passing checks) and the tool version
   */
  public static render(format: string, report: Report, options?: ReporterOptions): string {
    const reporter = REPORTERS[format];
    if (!reporter) {
      throw new Error(`unknown report format '${format}'; use one of ${REPORT_FORMATS.join(', ')}`);
    }
    return reporter(report, options ?? {});
  }

  private constructor() {}
}
