/**
 * A unified diff of two texts (what `harden --dry-run` prints), with three lines of context.
 */

/** The unified diff of `before` and `after`, or '' when they are equal. */
export function unifiedDiff(file: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
  // Common prefix and suffix are cheap; the LCS table only covers the changed middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const ops: Array<{ op: ' ' | '-' | '+'; line: string }> = [];
  for (let i = 0; i < head; i++) ops.push({ op: ' ', line: a[i] });
  const lcs: Uint32Array[] = [];
  for (let i = 0; i <= am.length; i++) lcs.push(new Uint32Array(bm.length + 1));
  for (let i = am.length - 1; i >= 0; i--) {
    for (let j = bm.length - 1; j >= 0; j--) {
      lcs[i][j] = am[i] === bm[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < am.length || j < bm.length) {
    if (i < am.length && j < bm.length && am[i] === bm[j]) {
      ops.push({ op: ' ', line: am[i++] });
      j++;
    } else if (j < bm.length && (i >= am.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      ops.push({ op: '+', line: bm[j++] });
    } else {
      ops.push({ op: '-', line: am[i++] });
    }
  }
  for (let k = a.length - tail; k < a.length; k++) ops.push({ op: ' ', line: a[k] });

  const out = [`--- a/${file}`, `+++ b/${file}`];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].op === ' ') { k++; continue; }
    const start = Math.max(0, k - context);
    let end = k;
    // Extend the hunk while the next change is within two contexts.
    while (end < ops.length) {
      if (ops[end].op !== ' ') { end++; continue; }
      let next = end;
      while (next < ops.length && ops[next].op === ' ') next++;
      if (next < ops.length && next - end <= 2 * context) { end = next; continue; }
      end = Math.min(ops.length, end + context);
      break;
    }
    const hunk = ops.slice(start, end);
    const aStart = ops.slice(0, start).filter((o) => o.op !== '+').length;
    const bStart = ops.slice(0, start).filter((o) => o.op !== '-').length;
    const aLen = hunk.filter((o) => o.op !== '+').length;
    const bLen = hunk.filter((o) => o.op !== '-').length;
    out.push(`@@ -${aStart + 1},${aLen} +${bStart + 1},${bLen} @@`);
    for (const o of hunk) out.push(`${o.op}${o.line}`);
    k = end;
  }
  return out.join('\n') + '\n';
}
