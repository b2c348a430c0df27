/** One tool call an agent made and how it ended, from a transcript (Claude Code or Codex). */
export interface ToolCall {
  /** Which agent wrote the transcript. */
  readonly agent: 'claude-code' | 'codex';
  readonly session: string;
  /** The project folder the agent ran in, when the transcript says. */
  readonly cwd?: string;
  readonly tool: string;
  /** The command line, for shell tools. */
  readonly command?: string;
  /** The file the call named (Read's `file_path`...). */
  readonly filePath?: string;
  /** The call's arguments as canonical JSON: what makes two calls "the same call". */
  readonly input: string;
  /** True when the tool reported an error or a non-zero exit. */
  readonly failed: boolean;
  /** The first lines of the result (errors are short), for matching failures. */
  readonly output: string;
}

/** A transcript that could not be read: reported with its path, then skipped. */
export interface TranscriptProblem {
  readonly path: string;
  readonly message: string;
}

/** JSON with object keys sorted: the same arguments always give the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** At most this much of a result is kept: failures say what they are in their first lines. */
export const OUTPUT_CHARS = 2000;
