import { describe, expect, it } from 'vitest';
import { locateGeminiSlots } from './locate-slots.js';

describe('locateGeminiSlots', () => {
  it('finds the string fields of function responses, with the matching call as hints, and the user text', () => {
    const located = locateGeminiSlots({
      systemInstruction: { parts: [{ text: 'never a slot' }] },
      contents: [
        { role: 'user', parts: [{ text: 'why did it fail?' }] },
        {
          role: 'model',
          parts: [{ functionCall: { name: 'run_shell_command', args: { command: 'git log' } } }, { functionCall: { id: 'c2', name: 'read_file', args: { file_path: 'a.ts' } } }],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'run_shell_command', response: { output: 'commit 1', exitCode: 0 } } },
            { functionResponse: { id: 'c2', name: 'read_file', response: { content: 'export const a = 1;' } } },
          ],
        },
      ],
    });
    expect(located.query).toBe('why did it fail?');
    expect(located.lastUserMessageIndex).toBe(0);
    expect(located.slots).toEqual([
      { path: ['contents', 0, 'parts', 0, 'text'], text: 'why did it fail?', kind: 'user_text', messageIndex: 0 },
      { path: ['contents', 2, 'parts', 0, 'functionResponse', 'response', 'output'], text: 'commit 1', kind: 'tool_result', messageIndex: 2, toolName: 'run_shell_command', hints: { command: 'git log' } },
      { path: ['contents', 2, 'parts', 1, 'functionResponse', 'response', 'content'], text: 'export const a = 1;', kind: 'tool_result', messageIndex: 2, toolName: 'read_file', toolCallId: 'c2', hints: { filePath: 'a.ts' } },
    ]);
  });

  it('ignores malformed contents instead of throwing', () => {
    expect(locateGeminiSlots({ contents: [null, 3, { role: 'user' }, { role: 'user', parts: [{ functionResponse: { response: 'not an object' } }] }] } as never).slots).toEqual([]);
  });
});
