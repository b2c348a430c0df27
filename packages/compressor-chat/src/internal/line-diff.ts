/** One hunk of a line diff: lines `oldStart..` replaced by `added` at `newStart..` (1-based). */
export interface Hunk {
  readonly oldStart: number;
  readonly removed: readonly string[];
  readonly newStart: number;
  readonly added: readonly string[];
}

/**
 * Myers' O(ND) line diff, giving up (undefined) past `maxEdits` edits: a re-read that changed
 * that much is not a repeat worth referencing, and the cap keeps the work linear in practice.
 * Common head and tail are trimmed first (the usual shape: a file with a few lines edited).
 */
export function lineDiff(before: readonly string[], after: readonly string[], maxEdits: number): Hunk[] | undefined {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const a = before.slice(head, before.length - tail);
  const b = after.slice(head, after.length - tail);
  const script = editScript(a, b, maxEdits);
  if (!script) return undefined;
  // Group consecutive edits into hunks.
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  let current: { oldStart: number; removed: string[]; newStart: number; added: string[] } | undefined;
  for (const op of script) {
    if (op === '=') {
      if (current) hunks.push(current);
      current = undefined;
      i++;
      j++;
      continue;
    }
    current ??= { oldStart: head + i + 1, removed: [], newStart: head + j + 1, added: [] };
    if (op === '-') current.removed.push(a[i++]!);
    else current.added.push(b[j++]!);
  }
  if (current) hunks.push(current);
  return hunks;
}

type Op = '=' | '-' | '+';

function editScript(a: readonly string[], b: readonly string[], maxEdits: number): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  if (n === 0) return Array<Op>(m).fill('+');
  if (m === 0) return Array<Op>(n).fill('-');
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, offset, n, m, d);
    }
  }
  return undefined;
}

function backtrack(trace: readonly Int32Array[], offset: number, n: number, m: number, depth: number): Op[] {
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = depth; d > 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push('=');
      x--;
      y--;
    }
    ops.push(down ? '+' : '-');
    if (down) y--;
    else x--;
  }
  while (x > 0 && y > 0) {
    ops.push('=');
    x--;
    y--;
  }
  return ops.reverse();
}
