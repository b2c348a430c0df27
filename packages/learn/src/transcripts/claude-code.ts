import { canonicalJson, OUTPUT_CHARS, type ToolCall } from './tool-call.js';
import { jsonLines } from './json-lines.js';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The tool calls of one Claude Code session file (`~/.claude/projects/<project>/<session>.jsonl`),
 * in order. Only the `assistant` and `user` lines are read: the file also holds copies of request
 * bodies (`api-request-blob`) that repeat earlier calls, and those must not count twice. Throws on
 * a line that is not JSON (the caller reports the file and skips it).
 */
export function parseClaudeCodeTranscript(text: string, fallbackSession: string): ToolCall[] {
  const uses = new Map<string, { tool: string; input: unknown; cwd: string | undefined; session: string }>();
  const calls: ToolCall[] = [];
  const seen = new Set<string>();
  for (const entry of jsonLines(text)) {
    if (!isObject(entry) || (entry.type !== 'assistant' && entry.type !== 'user') || !isObject(entry.message)) continue;
    const content = entry.message.content;
    if (!Array.isArray(content)) continue;
    const session = typeof entry.sessionId === 'string' ? entry.sessionId : fallbackSession;
    const cwd = typeof entry.cwd === 'string' ? entry.cwd : undefined;
    for (const block of content) {
      if (!isObject(block)) continue;
      if (entry.type === 'assistant' && block.type === 'tool_use' && typeof block.id === 'string') {
        uses.set(block.id, { tool: String(block.name ?? ''), input: block.input, cwd, session });
      } else if (entry.type === 'user' && block.type === 'tool_result' && typeof block.tool_use_id === 'string') {
        const use = uses.get(block.tool_use_id);
        if (!use || seen.has(block.tool_use_id)) continue;
        seen.add(block.tool_use_id);
        const output = resultText(block.content).slice(0, OUTPUT_CHARS);
        const input = isObject(use.input) ? use.input : {};
        // `description` is the agent's own note about the call, not part of what it ran.
        const { description: _description, ...args } = input;
        calls.push({
          agent: 'claude-code',
          session: use.session,
          ...((cwd ?? use.cwd) ? { cwd: (cwd ?? use.cwd)! } : {}),
          tool: use.tool,
          ...(typeof input.command === 'string' ? { command: input.command } : {}),
          ...(typeof input.file_path === 'string' ? { filePath: input.file_path } : typeof input.path === 'string' ? { filePath: input.path } : {}),
          input: canonicalJson(args),
          failed: block.is_error === true,
          output,
        });
      }
    }
  }
  return calls;
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part): part is Json => isObject(part) && part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text as string)
    .join('\n');
}
