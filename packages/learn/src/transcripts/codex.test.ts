import { describe, expect, it } from 'vitest';
import { parseCodexTranscript } from './codex.js';

const line = (value: unknown) => JSON.stringify(value);

describe('parseCodexTranscript', () => {
  it('reads shell argv calls with JSON outputs (older Codex) and exec_command with text outputs (0.169)', () => {
    const text = [
      line({ type: 'session_meta', payload: { id: 's1', cwd: '/work/app' } }),
      line({ type: 'response_item', payload: { type: 'function_call', name: 'shell', arguments: line({ command: ['bash', '-lc', 'npm test'] }), call_id: 'a' } }),
      line({ type: 'response_item', payload: { type: 'function_call_output', call_id: 'a', output: line({ output: 'npm ERR! missing script: test', metadata: { exit_code: 1 } }) } }),
      line({ type: 'response_item', payload: { type: 'function_call', name: 'exec_command', arguments: line({ cmd: 'ls' }), call_id: 'b' } }),
      line({ type: 'response_item', payload: { type: 'function_call_output', call_id: 'b', output: 'Chunk ID: 1\nProcess exited with code 0\nOutput:\nsrc\n' } }),
      '',
    ].join('\n');
    expect(parseCodexTranscript(text, 'fallback')).toEqual([
      expect.objectContaining({ agent: 'codex', session: 's1', cwd: '/work/app', tool: 'shell', command: 'npm test', failed: true, output: 'npm ERR! missing script: test' }),
      expect.objectContaining({ tool: 'exec_command', command: 'ls', failed: false }),
    ]);
  });

  it('throws on a line that is not JSON, naming the line', () => {
    expect(() => parseCodexTranscript('{"type":"session_meta","payload":{}}\n{oops\n', 'x')).toThrow('line 2 is not JSON');
  });
});
