import { describe, expect, it } from 'vitest';
import { aroundFirstDifference, expectedForward } from './expected-forward.js';

const body = (system: string, result: string, tools: string[] = ['Bash']) =>
  Buffer.from(
    JSON.stringify({
      system,
      tools: tools.map((name) => ({ name })),
      messages: [
        { role: 'user', content: 'why?' },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: result }] },
      ],
    }),
  );

describe('expectedForward', () => {
  it('accepts a body whose tool_result content alone changed', () => {
    const received = body('be brief', 'short');
    expect(expectedForward(body('be brief', 'a much longer original output'), received)).toBe(received.toString('utf8'));
  });

  it('exposes any other change: the system prompt, an added tool', () => {
    const sent = body('be brief', 'a much longer original output');
    expect(expectedForward(sent, body('be briefer', 'short'))).not.toBe(body('be briefer', 'short').toString('utf8'));
    const withTool = body('be brief', 'short', ['Bash', 'headroom_retrieve']);
    expect(expectedForward(sent, withTool)).not.toBe(withTool.toString('utf8'));
  });

  it('splices function_call_output items of a Responses body', () => {
    const responses = (output: string) =>
      Buffer.from(JSON.stringify({ input: [{ type: 'message', content: 'hi' }, { type: 'function_call_output', call_id: 'c', output }] }));
    expect(expectedForward(responses('long original'), responses('short'))).toBe(responses('short').toString('utf8'));
  });
});

describe('aroundFirstDifference', () => {
  it('cuts both texts around the first differing character', () => {
    const [a, b] = aroundFirstDifference(`${'x'.repeat(500)}A${'y'.repeat(500)}`, `${'x'.repeat(500)}B${'y'.repeat(500)}`);
    expect(a).toBe(`${'x'.repeat(200)}A${'y'.repeat(199)}`);
    expect(b).toBe(`${'x'.repeat(200)}B${'y'.repeat(199)}`);
  });
});
