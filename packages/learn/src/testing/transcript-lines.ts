/**
 * Transcript lines in the agents' own formats, as observed from Claude Code 2.1.331 (`assistant`
 * and `user` lines, and the `api-request-blob` copies that repeat earlier blocks) and Codex 0.169.0
 * (`session_meta`, `response_item` `exec_command` calls and their plain-text outputs). Built by the tests, not copied
 * from a real session.
 */
export interface ScriptedCall {
  readonly id: string;
  readonly command?: string;
  readonly filePath?: string;
  readonly output: string;
  readonly failed: boolean;
}

export function claudeCodeLines(session: string, cwd: string, calls: readonly ScriptedCall[]): string {
  const lines: unknown[] = [{ type: 'queue-operation', operation: 'enqueue', sessionId: session }];
  lines.push({ type: 'user', message: { role: 'user', content: [{ type: 'text', text: 'do the task' }] }, uuid: 'u0', cwd, sessionId: session });
  for (const call of calls) {
    const name = call.command !== undefined ? 'Bash' : 'Read';
    const input = call.command !== undefined ? { command: call.command, description: 'step' } : { file_path: call.filePath };
    lines.push({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'tool_use', id: call.id, name, input }] }, uuid: `a${call.id}`, cwd, sessionId: session });
    lines.push({
      type: 'user',
      message: { role: 'user', content: [{ type: 'tool_result', content: call.output, ...(call.failed ? { is_error: true } : {}), tool_use_id: call.id }] },
      toolUseResult: call.failed ? `Error: ${call.output}` : { stdout: call.output, stderr: '' },
      uuid: `r${call.id}`,
      cwd,
      sessionId: session,
    });
    // The request copies Claude Code keeps: the same blocks again, which must not count twice.
    lines.push({ type: 'api-request-blob', sessionId: session, hash: call.id, message: { content: [{ type: 'tool_result', content: call.output, is_error: call.failed, tool_use_id: call.id }] } });
  }
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

export function codexLines(session: string, cwd: string, calls: readonly ScriptedCall[]): string {
  const lines: unknown[] = [{ timestamp: '2026-12-01T10:00:00Z', type: 'session_meta', payload: { id: session, cwd, originator: 'codex_exec', cli_version: '0.169.0' } }];
  lines.push({ type: 'turn_context', payload: { turn_id: 't', cwd } });
  for (const call of calls) {
    lines.push({ type: 'response_item', payload: { type: 'function_call', status: 'completed', name: 'exec_command', arguments: JSON.stringify({ cmd: call.command ?? `cat ${call.filePath}` }), call_id: call.id } });
    const output = `Chunk ID: 87c4eb\nWall time: 0.0287 seconds\nProcess exited with code ${call.failed ? 1 : 0}\nOriginal token count: 16\nOutput:\n${call.output.replace(/^Exit code \d+\n/, '')}\n`;
    lines.push({ type: 'response_item', payload: { type: 'function_call_output', call_id: call.id, output } });
  }
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}
