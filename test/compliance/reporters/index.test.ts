import { sampleReport } from './sample-report';
import { ReportFormatter } from '../../../src/compliance/reporters';

describe('ReportFormatter', () => {
  test('renders every documented format', () => {
    expect(ReportFormatter.FORMATS).toEqual(['text', 'json', 'sarif', 'junit', 'markdown']);
    for (const format of ReportFormatter.FORMATS) {
      expect(ReportFormatter.render(format, sampleReport()).length).toBeGreaterThan(100);
    }
    expect(JSON.parse(ReportFormatter.render('sarif', sampleReport())).version).toBe('2.1.0');
  });

  test('fails on an unknown format, naming the allowed ones', () => {
    expect(() => ReportFormatter.render('html', sampleReport())).toThrow("unknown report format 'html'; use one of text, json, sarif, junit, markdown");
  });
});
