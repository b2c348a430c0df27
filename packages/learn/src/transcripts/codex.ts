import { canonicalJson, OUTPUT_CHARS, type ToolCall } from './tool-call.js';
import { jsonLines } from './json-lines.js';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The tool calls of one Codex session file (`~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`):
 * `response_item` lines with a `function_call` (`shell` with an argv, `exec_command` with `cmd`)
 * and its `function_call_output`. An output is a failure when its exit code is not 0 (the JSON
 * `metadata.exit_code`, or an `Exit code: N` / `Process exited with code N` line).
 */
export function parseCodexTranscript(text: string, fallbackSession: string): ToolCall[] {
  const pending = new Map<string, { tool: string; args: Json }>();
  const calls: ToolCall[] = [];
  let session = fallbackSession;
  let cwd: string | undefined;
  for (const entry of jsonLines(text)) {
    if (!isObject(entry) || !isObject(entry.payload)) continue;
    const payload = entry.payload;
    if (entry.type === 'session_meta') {
      if (typeof payload.id === 'string') session = payload.id;
      if (typeof payload.cwd === 'string') cwd = payload.cwd;
      continue;
    }
    if (entry.type === 'turn_context' && typeof payload.cwd === 'string') cwd = payload.cwd;
    if (entry.type !== 'response_item') continue;
    if (payload.type === 'function_call' && typeof payload.call_id === 'string') {
      pending.set(payload.call_id, { tool: String(payload.name ?? ''), args: parseArgs(payload.arguments) });
    } else if (payload.type === 'function_call_output' && typeof payload.call_id === 'string') {
      const call = pending.get(payload.call_id);
      if (!call) continue;
      pending.delete(payload.call_id);
      const { output, exitCode } = readOutput(payload.output);
      const command = commandOf(call.args);
      const { justification: _j, ...args } = call.args;
      const filePath = typeof call.args.path === 'string' ? call.args.path : typeof call.args.file_path === 'string' ? call.args.file_path : undefined;
      calls.push({
        agent: 'codex',
        session,
        ...(cwd ? { cwd } : {}),
        tool: call.tool,
        ...(command ? { command } : {}),
        ...(filePath ? { filePath } : {}),
        input: canonicalJson(args),
        failed: exitCode !== undefined && exitCode !== 0,
        output: output.slice(0, OUTPUT_CHARS),
      });
    }
  }
  return calls;
}

function parseArgs(value: unknown): Json {
  if (isObject(value)) return value;
  if (typeof value !== 'string') return {};
  try {
    const parsed = JSON.parse(value);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** `bash -lc SCRIPT` is SCRIPT; another argv is its words joined. */
function commandOf(args: Json): string | undefined {
  const value = args.command ?? args.cmd;
  if (typeof value === 'string') return value;
  if (!Array.isArray(value) || !value.every((w) => typeof w === 'string')) return undefined;
  const words = value as string[];
  if (words.length >= 3 && /(^|\/)(ba|z|da)?sh$/.test(words[0]!) && /^-\w*c$/.test(words[words.length - 2]!)) return words[words.length - 1];
  return words.join(' ');
}

function readOutput(value: unknown): { output: string; exitCode: number | undefined } {
  let text = typeof value === 'string' ? value : isObject(value) && typeof value.content === 'string' ? value.content : '';
  let exitCode: number | undefined;
  try {
    const parsed = JSON.parse(text);
    if (isObject(parsed)) {
      if (typeof parsed.output === 'string') text = parsed.output;
      if (isObject(parsed.metadata) && typeof parsed.metadata.exit_code === 'number') exitCode = parsed.metadata.exit_code;
    }
  } catch {
    // Plain text output: the exit code, if any, is in a line of it.
  }
  if (exitCode === undefined) {
    const match = /^(?:Exit code:?|Process exited with code) (\d+)/m.exec(text);
    if (match) exitCode = Number(match[1]);
  }
  return { output: text, exitCode };
}
