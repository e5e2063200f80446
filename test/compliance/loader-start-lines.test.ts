import * as fc from 'fast-check';
import { documentStartLines } from '../../src/compliance/loader';

/**
 * The line-by-line definition documentStartLines had before it learned to skip document bodies
 * without splitting them (issue 5): the fast version must agree with it on any text.
 */
function referenceStartLines(text: string): number[] {
  const MARKER = /^---(?:[ \t]|$)/;
  const END = /^\.\.\.(?:[ \t]|$)/;
  const lines = text.split(/\r?\n/);
  const starts: number[] = [];
  let inDoc = false;
  let pendingMarker = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (MARKER.test(l)) {
      if (pendingMarker >= 0) starts.push(pendingMarker + 1);
      inDoc = true;
      const rest = l.slice(3).trim();
      if (rest !== '' && !rest.startsWith('#')) {
        starts.push(i + 1);
        pendingMarker = -1;
      } else {
        pendingMarker = i;
      }
      continue;
    }
    if (END.test(l)) {
      if (pendingMarker >= 0) starts.push(pendingMarker + 1);
      pendingMarker = -1;
      inDoc = false;
      continue;
    }
    const content = l.trim() !== '' && !l.trimStart().startsWith('#');
    if (!content) continue;
    if (pendingMarker >= 0) {
      starts.push(i + 1);
      pendingMarker = -1;
    } else if (!inDoc && !l.startsWith('%')) {
      starts.push(i + 1);
      inDoc = true;
    }
  }
  if (pendingMarker >= 0) starts.push(pendingMarker + 1);
  return starts;
}

/** Lines made of the pieces that matter to the scan: markers, ends, comments, directives, blanks, CR. */
const line = fc.array(fc.constantFrom('---', '...', '--', '-', '.', '#', '%', ' ', '\t', '\r', 'a', ':', '{', '|', '\u00a0'), { maxLength: 6 })
  .map((parts) => parts.join(''));
const text = fc.tuple(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n')).map(([lines, eol]) => lines.join(eol));

describe('documentStartLines', () => {
  test('agrees with the line-by-line definition on any text', () => {
    fc.assert(fc.property(text, (t) => {
      expect(documentStartLines(t)).toEqual(referenceStartLines(t));
    }), { numRuns: 3000 });
  });

  test('agrees with the line-by-line definition on mixed line endings and a trailing CR', () => {
    for (const t of ['a: 1\r\n---\nb: 2\r', '---\r\n...\r\n---\rx\n', '\n\n---', '--- # c\n\n  a: 1\n...\n%TAG\n---\n', '']) {
      expect(documentStartLines(t)).toEqual(referenceStartLines(t));
    }
  });
});
