import { describe, expect, it } from 'vitest';
import { continuationEncoder, spliceBody } from './exact-body.js';

const body = Buffer.from('{"a":1.0,"messages":[{"content":"old"}] , "n":123456789012345678901}');

describe('spliceBody', () => {
  it('replaces only the slot and leaves every other byte alone', () => {
    const out = spliceBody(body, [{ path: ['messages', 0, 'content'], from: 'old', to: 'new "quoted"' }]);
    expect(out?.toString()).toBe('{"a":1.0,"messages":[{"content":"new \\"quoted\\""}] , "n":123456789012345678901}');
  });

  it('gives up (the caller forwards the original) when the bytes at a path are not the text it compressed', () => {
    expect(spliceBody(body, [{ path: ['messages', 0, 'content'], from: 'something else', to: 'x' }])).toBeUndefined();
    expect(spliceBody(body, [{ path: ['messages', 1, 'content'], from: 'old', to: 'x' }])).toBeUndefined();
    expect(spliceBody(body, [{ path: ['a'], from: '1', to: 'x' }])).toBeUndefined();
    expect(spliceBody(Buffer.from('{"messages":[{"content":"old"}]'), [{ path: ['messages', 0, 'content'], from: 'old', to: 'x' }])).toBeUndefined();
  });

  it('adds the tool after the last one, into an empty list, in place of a non-list, or as a new member', () => {
    const tool = { name: 't' };
    expect(spliceBody(Buffer.from('{"tools":[{"name":"a"} ]}'), [], tool)?.toString()).toBe('{"tools":[{"name":"a"},{"name":"t"} ]}');
    expect(spliceBody(Buffer.from('{"tools":[ ]}'), [], tool)?.toString()).toBe('{"tools":[{"name":"t"} ]}');
    expect(spliceBody(Buffer.from('{"tools":null}'), [], tool)?.toString()).toBe('{"tools":[{"name":"t"}]}');
    expect(spliceBody(Buffer.from('{"m":1\n}'), [], tool)?.toString()).toBe('{"m":1,"tools":[{"name":"t"}]\n}');
    expect(spliceBody(Buffer.from('{}'), [], tool)?.toString()).toBe('{"tools":[{"name":"t"}]}');
  });
});

describe('continuationEncoder', () => {
  it('appends to the message list and sets tool_choice, round after round, keeping the first bytes', () => {
    const first = { n: 1, messages: [{ role: 'user' }] };
    const encode = continuationEncoder('anthropic-messages', first, Buffer.from('{"n":1e400,"messages":[{"role":"user"}]}'));
    const second = { ...first, messages: [...first.messages, { role: 'assistant' }] };
    expect(encode(second).toString()).toBe('{"n":1e400,"messages":[{"role":"user"},{"role":"assistant"}]}');
    const third = { ...second, messages: [...second.messages, { role: 'user', content: 'x' }], tool_choice: { type: 'none' } };
    expect(encode(third).toString()).toBe('{"n":1e400,"messages":[{"role":"user"},{"role":"assistant"},{"role":"user","content":"x"}],"tool_choice":{"type":"none"}}');
  });

  it('replaces a Responses string input by the list, and re-serializes a body that changed elsewhere', () => {
    const first = { input: 'hi', model: 'm' };
    const encode = continuationEncoder('openai-responses', first, Buffer.from('{"input":"hi","model":"m"}'));
    const next = { ...first, input: [{ role: 'user', content: 'hi' }, { type: 'function_call_output' }] };
    expect(encode(next).toString()).toBe('{"input":[{"role":"user","content":"hi"},{"type":"function_call_output"}],"model":"m"}');
    const other = continuationEncoder('openai-chat', { a: 1, messages: [] }, Buffer.from('{"a":1,"messages":[]}'));
    expect(other({ a: 2, messages: [] }).toString()).toBe('{"a":2,"messages":[]}');
  });

  it('refuses to serialize whole a body that holds stand-ins, and still splices one that only grew', () => {
    const first = { a: 1, messages: [{ role: 'user' }] };
    const encode = continuationEncoder('openai-chat', first, Buffer.from('{"a":1, "messages":[{"role":"user"}]}'), false);
    const grown = { ...first, messages: [...first.messages, { role: 'assistant' }] };
    expect(encode(grown).toString()).toBe('{"a":1, "messages":[{"role":"user"},{"role":"assistant"}]}');
    expect(() => encode({ ...grown, a: 2 })).toThrow(/changed beyond its message list/);
  });
});
