import { describe, expect, it } from 'vitest';
import { createMarker } from '../markers.js';
import { refOf } from '../hash.js';
import { markersInRequest } from './request-markers.js';
import { RETRIEVE_TOOL_NAME, retrievalResultText, retrieveToolFor, withRetrieveTool } from './retrieve-tool.js';

describe('withRetrieveTool', () => {
  it('appends the tool in each provider shape, after the client tools', () => {
    const anthropic = withRetrieveTool({ tools: [{ name: 'Bash' }] }, 'anthropic-messages');
    expect(anthropic.tools).toEqual([{ name: 'Bash' }, retrieveToolFor('anthropic-messages')]);
    expect(retrieveToolFor('anthropic-messages')).toMatchObject({ name: RETRIEVE_TOOL_NAME, input_schema: { required: ['hash'] } });
    expect(retrieveToolFor('openai-chat')).toMatchObject({ type: 'function', function: { name: RETRIEVE_TOOL_NAME } });
    expect(retrieveToolFor('openai-responses')).toMatchObject({ type: 'function', name: RETRIEVE_TOOL_NAME });
  });

  it('creates tools when the body has none, and never adds it twice', () => {
    const once = withRetrieveTool({ model: 'gpt-4o' }, 'openai-chat') as unknown as { tools: unknown[] };
    expect(once.tools).toHaveLength(1);
    expect(withRetrieveTool(once, 'openai-chat')).toBe(once);
  });

  it('gives the same bytes every time (the tool list stays cache-stable)', () => {
    const body = { tools: [{ name: 'Bash' }] };
    expect(JSON.stringify(withRetrieveTool(body, 'anthropic-messages'))).toBe(JSON.stringify(withRetrieveTool(body, 'anthropic-messages')));
  });
});

describe('markersInRequest', () => {
  const marker = createMarker(refOf('rows'), '10 rows omitted');

  it('finds markers in tool results anywhere in the history', () => {
    const body = {
      messages: [
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: `head\n${marker}` }] },
        { role: 'user', content: 'next question' },
      ],
    };
    expect(markersInRequest(body, 'anthropic-messages')).toEqual([{ ref: refOf('rows'), toolName: 'Bash' }]);
  });

  it('ignores marker look-alikes the user typed', () => {
    expect(markersInRequest({ messages: [{ role: 'user', content: marker }] }, 'openai-chat')).toEqual([]);
  });
});

describe('retrievalResultText', () => {
  it('returns the original byte-exact on a hit', () => {
    const stored = { tenant: 'local', ref: refOf('x'), original: 'x\u00e9\n', meta: {}, createdAt: 0, expiresAt: 1 };
    expect(retrievalResultText(refOf('x'), stored)).toBe('x\u00e9\n');
  });

  it('explains a miss and names the tool to re-run', () => {
    expect(retrievalResultText(refOf('gone'), undefined, 'Bash')).toMatch(/no longer stored.*Re-run the Bash call/);
    expect(retrievalResultText('nonsense', undefined)).toMatch(/not a Headroom ref/);
  });
});
