import type { ToolCall } from '../transcripts/tool-call.js';

/** One piece of advice: `key` identifies it across runs (a later run with new counts replaces it). */
export interface AdviceItem {
  readonly key: string;
  readonly text: string;
}

/** A failure, a missing path or a loop counts only when it happened at least this often. */
export const MIN_REPEATS = 2;
/** The same call this many times in a row in one session is a loop. */
export const LOOP_LENGTH = 3;
const SHOWN_CHARS = 120;

/**
 * What the agent should know before it starts, from what went wrong in its transcripts: commands
 * that failed the same way repeatedly, paths it looked for that do not exist, and loops of the
 * same call. Counts only, no model: the same calls always give the same items, sorted by key.
 */
export function findAdvice(calls: readonly ToolCall[]): AdviceItem[] {
  const items = new Map<string, AdviceItem>();
  const add = (item: AdviceItem) => items.set(item.key, item);

  // Failing commands, grouped by the command and the first line of their error.
  const failures = new Map<string, { command: string; error: string; count: number }>();
  for (const call of calls) {
    if (!call.failed || !call.command) continue;
    const error = errorLine(call.output);
    const key = `${call.command}\u0000${error}`;
    const f = failures.get(key);
    if (f) f.count++;
    else failures.set(key, { command: call.command, error, count: 1 });
  }
  for (const { command, error, count } of failures.values()) {
    if (count < MIN_REPEATS) continue;
    add({ key: `fail:${oneLine(command)}`, text: `The command \`${shown(command)}\` failed ${count} times${error ? ` with \`${shown(error)}\`` : ''}: do not run it again as is.` });
  }

  // Paths that do not exist.
  const missing = new Map<string, number>();
  for (const call of calls) {
    if (!call.failed) continue;
    for (const path of missingPaths(call)) missing.set(path, (missing.get(path) ?? 0) + 1);
  }
  for (const [path, count] of missing) {
    if (count < MIN_REPEATS) continue;
    add({ key: `missing:${oneLine(path)}`, text: `\`${shown(path)}\` does not exist (looked for ${count} times).` });
  }

  // Loops: the same call again and again in a row, within one session.
  let run: { call: ToolCall; length: number } | undefined;
  const loops = new Map<string, { call: ToolCall; longest: number; times: number }>();
  const closeRun = () => {
    if (!run || run.length < LOOP_LENGTH) return;
    const key = `${run.call.tool}\u0000${run.call.input}`;
    const loop = loops.get(key);
    if (loop) {
      loop.times++;
      loop.longest = Math.max(loop.longest, run.length);
    } else loops.set(key, { call: run.call, longest: run.length, times: 1 });
  };
  for (const call of calls) {
    if (run && run.call.session === call.session && run.call.tool === call.tool && run.call.input === call.input) run.length++;
    else {
      closeRun();
      run = { call, length: 1 };
    }
  }
  closeRun();
  for (const { call, longest, times } of loops.values()) {
    const what = call.command ?? call.filePath ?? call.input;
    add({
      key: `loop:${call.tool} ${oneLine(what)}`,
      text: `${call.tool} \`${shown(what)}\` was called up to ${longest} times in a row${times > 1 ? ` (${times} sessions)` : ''}: when a call gives the same result twice, change approach.`,
    });
  }
  return [...items.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The line of an error that says what went wrong: the first one naming an error (the last one
 * after a Python traceback, where the cause comes at the end), else the first line that is not
 * Claude Code's `Exit code N` preamble.
 */
function errorLine(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^(Error: )?Exit code:? \d+$/.test(line) && !/^Process exited with code \d+$/.test(line));
  const telling = lines.filter((line) => /error|exception|not found|no such|denied|fatal|cannot|can't|failed|invalid|unknown/i.test(line));
  if (telling.length > 0) return output.includes('Traceback (most recent call last)') ? telling.at(-1)! : telling[0]!;
  return lines[0] ?? '';
}

/** Paths a failed call reports missing: `X: No such file or directory`, `ENOENT ... 'X'`, or Read's "File does not exist". */
function missingPaths(call: ToolCall): string[] {
  const paths = new Set<string>();
  for (const match of call.output.matchAll(/(?:^|[\s:'"])((?:~|\.{1,2})?\/?[\w@%+=,.\-/]*[\w-]): No such file or directory/gm)) paths.add(match[1]!);
  for (const match of call.output.matchAll(/ENOENT[^'"\n]*['"]([^'"\n]+)['"]/g)) paths.add(match[1]!);
  if (call.filePath && /does not exist|not found|No such file/i.test(call.output)) paths.add(call.filePath);
  return [...paths].filter((p) => p.length > 1);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** For inline code in Markdown: one line, no backticks, bounded. */
function shown(text: string): string {
  const line = oneLine(text).replace(/`/g, "'");
  return line.length > SHOWN_CHARS ? `${line.slice(0, SHOWN_CHARS - 3)}...` : line;
}
