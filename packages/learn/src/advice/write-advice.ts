import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { ToolCall } from '../transcripts/tool-call.js';
import { findAdvice } from './find-advice.js';
import { mergeAdvice } from './merge-advice.js';

/** Which file each agent reads its project-local instructions from. */
export const ADVICE_FILES = { 'claude-code': 'CLAUDE.local.md', codex: 'AGENTS.md' } as const;

export interface AdviceFile {
  readonly path: string;
  /** Items found in this run (before merging with the file's earlier ones). */
  readonly found: number;
  /** The file's text after merging (what is, or would be, written). */
  readonly text: string;
  readonly changed: boolean;
}

/**
 * The advice for one project, per agent file: calls made in `project` (or below it) only. With
 * `write`, a changed file is written (atomically: a temporary file renamed over it); an agent
 * with nothing to advise leaves its file alone.
 */
export function adviseProject(calls: readonly ToolCall[], project: string, write: boolean): AdviceFile[] {
  const root = resolve(project);
  const inProject = (call: ToolCall) => call.cwd !== undefined && (resolve(call.cwd) === root || resolve(call.cwd).startsWith(root + sep));
  const out: AdviceFile[] = [];
  for (const agent of ['claude-code', 'codex'] as const) {
    const items = findAdvice(calls.filter((call) => call.agent === agent && inProject(call)));
    if (items.length === 0) continue;
    const path = join(root, ADVICE_FILES[agent]);
    let current: string | undefined;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = undefined;
    }
    const text = mergeAdvice(current, items);
    const changed = text !== current;
    if (write && changed) {
      const temporary = `${path}.headroom-${process.pid}.tmp`;
      writeFileSync(temporary, text);
      renameSync(temporary, path);
    }
    out.push({ path, found: items.length, text, changed });
  }
  return out;
}
