import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseClaudeCodeTranscript } from './claude-code.js';
import { parseCodexTranscript } from './codex.js';
import type { ToolCall, TranscriptProblem } from './tool-call.js';

export interface TranscriptRoots {
  /** Claude Code's projects folder. Default from `home`: `~/.claude/projects`. */
  readonly claudeProjects?: string;
  /** Codex's sessions folder. Default from `home`: `$CODEX_HOME/sessions`, else `~/.codex/sessions`. */
  readonly codexSessions?: string;
}

export interface ReadTranscriptsOptions extends TranscriptRoots {
  /** Only files modified at or after this time (ms since the epoch). */
  readonly since?: number;
  /** Files larger than this are reported and skipped (a transcript is read whole). Default: 64 MB. */
  readonly maxFileBytes?: number;
}

export interface Transcripts {
  readonly calls: readonly ToolCall[];
  readonly files: number;
  readonly problems: readonly TranscriptProblem[];
}

/** Where the agents keep their transcripts, from the environment (HOME, CODEX_HOME). */
export function transcriptRoots(env: NodeJS.ProcessEnv): Required<TranscriptRoots> {
  const home = env.HOME ?? env.USERPROFILE ?? '.';
  return {
    claudeProjects: join(env.CLAUDE_CONFIG_DIR ?? join(home, '.claude'), 'projects'),
    codexSessions: join(env.CODEX_HOME ?? join(home, '.codex'), 'sessions'),
  };
}

/**
 * Every tool call in the agents' transcripts, file by file in sorted path order (deterministic).
 * A file that cannot be read or parsed is reported with its path and skipped; a missing folder
 * is simply no transcripts.
 */
export function readTranscripts(options: ReadTranscriptsOptions): Transcripts {
  const maxBytes = options.maxFileBytes ?? 64 * 1024 * 1024;
  const calls: ToolCall[] = [];
  const problems: TranscriptProblem[] = [];
  let files = 0;
  const sources: [string | undefined, typeof parseClaudeCodeTranscript][] = [
    [options.claudeProjects, parseClaudeCodeTranscript],
    [options.codexSessions, parseCodexTranscript],
  ];
  for (const [root, parse] of sources) {
    if (!root) continue;
    for (const path of jsonlFiles(root, problems)) {
      try {
        const stat = statSync(path);
        if (options.since !== undefined && stat.mtimeMs < options.since) continue;
        if (stat.size > maxBytes) {
          problems.push({ path, message: `larger than ${maxBytes} bytes, skipped` });
          continue;
        }
        files++;
        calls.push(...parse(readFileSync(path, 'utf8'), basename(path, '.jsonl')));
      } catch (error) {
        problems.push({ path, message: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return { calls, files, problems };
}

function jsonlFiles(root: string, problems: TranscriptProblem[]): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problems.push({ path: dir, message: (error as Error).message });
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth < 6) walk(path, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.jsonl')) out.push(path);
    }
  };
  walk(root, 0);
  return out.sort();
}
