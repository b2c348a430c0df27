import { createMarker, refOf, type Slot } from '@headroom/core';
import { lineDiff } from './line-diff.js';

/** Lines that must stay visible wherever an output is elided or referenced (principle 3). */
const IMPORTANT = /\b(error|errors|fail|failed|failure|fatal|panic|exception|traceback|warning|denied|not found)\b/i;
const MAX_IMPORTANT_LINES = 3;
const MAX_LINE_CHARS = 200;

/** What produced a tool result, in a few words: `Read /src/app.ts`, `Bash: git status`, `get_issues`. */
export function sourceOf(slot: Slot): string {
  const tool = slot.toolName || 'tool';
  const detail = slot.hints?.filePath ?? slot.hints?.command;
  if (!detail) return tool;
  const oneLine = detail.replace(/\s+/g, ' ').trim();
  return `${tool} ${oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine}`;
}

const countLines = (text: string) => (text === '' ? 0 : text.split('\n').length);

const size = (text: string) => {
  const bytes = Buffer.byteLength(text);
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} B`;
};

function importantLines(lines: readonly string[], exclude?: ReadonlySet<string>): string[] {
  const kept: string[] = [];
  for (const line of lines) {
    if (kept.length >= MAX_IMPORTANT_LINES) break;
    if (!IMPORTANT.test(line) || exclude?.has(line)) continue;
    kept.push(line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS - 3)}...` : line);
  }
  return kept;
}

/**
 * A stale tool result at a compaction point: one line saying what it was, the lines that must stay
 * visible (errors, failures), and a marker that redeems the original byte-exact.
 */
export function elisionText(slot: Slot): { text: string; ref: string } {
  const ref = refOf(slot.text);
  const lines = slot.text.split('\n');
  const kept = importantLines(lines);
  const head = `[${sourceOf(slot)}: ${countLines(slot.text)} lines, ${size(slot.text)}; an older result, elided${kept.length > 0 ? `; ${kept.length} error line(s) kept below` : ''}] ${createMarker(ref, `${countLines(slot.text)} lines of the original output`)}`;
  return { text: [head, ...kept].join('\n'), ref };
}

/**
 * A new tool result that repeats an earlier one: a reference to the earlier call plus what
 * differs (a line diff), and a marker for the whole new output. Undefined when they differ too
 * much for a reference to be worth it.
 */
export function referenceText(slot: Slot, earlier: Slot, earlierLabel: string, maxEdits: number): { text: string; ref: string } | undefined {
  const ref = refOf(slot.text);
  const total = countLines(slot.text);
  if (slot.text === earlier.text) {
    return { text: `[${sourceOf(slot)}: same output as ${earlierLabel} (${total} lines, unchanged)] ${createMarker(ref, `${total} lines, identical to an earlier result`)}`, ref };
  }
  const after = slot.text.split('\n');
  const hunks = lineDiff(earlier.text.split('\n'), after, maxEdits);
  if (!hunks) return undefined;
  const changed = hunks.reduce((sum, h) => sum + h.added.length + h.removed.length, 0);
  const body: string[] = [];
  const shown = new Set<string>();
  for (const hunk of hunks) {
    body.push(`@@ -${hunk.oldStart},${hunk.removed.length} +${hunk.newStart},${hunk.added.length} @@`);
    for (const line of hunk.removed) body.push(`-${line}`);
    for (const line of hunk.added) {
      body.push(`+${line}`);
      shown.add(line);
    }
  }
  const unchangedErrors = importantLines(after, shown);
  const head = `[${sourceOf(slot)}: ${earlierLabel} with ${changed} line(s) changed, diff below (${total} lines in all)] ${createMarker(ref, `${total} lines of the full new output`)}`;
  const tail = unchangedErrors.length > 0 ? ['unchanged lines that matter:', ...unchangedErrors] : [];
  return { text: [head, ...body, ...tail].join('\n'), ref };
}
