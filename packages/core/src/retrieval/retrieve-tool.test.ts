import { describe, expect, it } from 'vitest';
import { createMarker } from '../markers.js';
import { refOf } from '../hash.js';
import { prepareRetrieval } from './prepare-retrieval.js';
import { markersInRequest } from './request-markers.js';
import { declaresTools, RETRIEVE_TOOL_NAME, retrievalResultText, retrieveToolFor, withRetrieveTool } from './retrieve-tool.js';

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

describe('prepareRetrieval', () => {
  const marker = createMarker(refOf('rows'), '10 rows omitted');
  const bash = { name: 'Bash', description: 'Runs a command', input_schema: { type: 'object' } };
  const opening = { role: 'user', content: 'list the installed packages' };

  it('offers the tool from the first request of a conversation that declares tools, with no ref to answer', () => {
    const prepared = prepareRetrieval({ tools: [bash], messages: [opening] }, 'anthropic-messages');
    expect(prepared?.tool).toEqual(retrieveToolFor('anthropic-messages'));
    expect((prepared!.body as { tools: unknown[] }).tools).toEqual([bash, retrieveToolFor('anthropic-messages')]);
    expect(prepared?.toolFor.size).toBe(0);
  });

  it('keeps the same tool list when the first marker arrives (the cached prefix does not move)', () => {
    const first = prepareRetrieval({ tools: [bash], messages: [opening] }, 'anthropic-messages');
    const later = prepareRetrieval(
      {
        tools: [bash],
        messages: [
          opening,
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: `head\n${marker}` }] },
        ],
      },
      'anthropic-messages',
    );
    expect(JSON.stringify((later!.body as { tools: unknown }).tools)).toBe(JSON.stringify((first!.body as { tools: unknown }).tools));
    expect([...(later?.toolFor.keys() ?? [])]).toEqual([refOf('rows')]);
  });

  it('offers it only with markers when the conversation step decides when the first marker pays', () => {
    const lazy = { offerBeforeMarkers: false };
    expect(prepareRetrieval({ tools: [bash], messages: [opening] }, 'anthropic-messages', lazy)).toBeUndefined();
    const marked = {
      tools: [bash],
      messages: [opening, { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: {} }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: `head\n${marker}` }] }],
    };
    const prepared = prepareRetrieval(marked, 'anthropic-messages', lazy);
    expect((prepared!.body as { tools: unknown[] }).tools).toEqual([bash, retrieveToolFor('anthropic-messages')]);
    expect([...prepared!.toolFor.keys()]).toEqual([refOf('rows')]);
  });

  it('gives a body without tools the tool only once it carries a marker', () => {
    expect(prepareRetrieval({ messages: [opening] }, 'openai-chat')).toBeUndefined();
    expect(prepareRetrieval({ tools: [], messages: [opening] }, 'openai-chat')).toBeUndefined();
    const documents = { messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: `a\n${marker}` } }, { type: 'text', text: 'summarize' }] }] };
    expect(prepareRetrieval(documents, 'anthropic-messages')?.toolFor.size).toBe(1);
  });
});

describe('declaresTools', () => {
  it('counts the client tools a model can call by name, in each shape', () => {
    expect(declaresTools({ tools: [{ name: 'Bash' }] }, 'anthropic-messages')).toBe(true);
    expect(declaresTools({ tools: [{ type: 'function', function: { name: 'shell' } }] }, 'openai-chat')).toBe(true);
    expect(declaresTools({ tools: [{ type: 'function', name: 'shell' }] }, 'openai-responses')).toBe(true);
    expect(declaresTools({ tools: [{ functionDeclarations: [{ name: 'read_file' }] }] }, 'gemini-generate')).toBe(true);
  });

  it('does not count no tools, built-in tools without a name, or the retrieve tool itself', () => {
    expect(declaresTools({}, 'anthropic-messages')).toBe(false);
    expect(declaresTools({ tools: [] }, 'openai-chat')).toBe(false);
    expect(declaresTools({ tools: [{ googleSearch: {} }] }, 'gemini-generate')).toBe(false);
    expect(declaresTools({ tools: [{ type: 'web_search' }] }, 'openai-responses')).toBe(false);
    expect(declaresTools({ tools: [retrieveToolFor('openai-chat')] }, 'openai-chat')).toBe(false);
  });
});
