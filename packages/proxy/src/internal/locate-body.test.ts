import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateSlots, measureText } from '@headroom/core';
import { evaldataDir } from './test-kit.js';
import { describe, expect, it } from 'vitest';
import { isStandIn } from '../workers/shared-texts.js';
import { pathKey } from './json-spans.js';
import { locateBody, STAND_IN_CHARS } from './locate-body.js';

// Real tool output: whole Loghub files (150-600 KB), one a Bash result, one a document-sized user paste.
const logs = ['HDFS', 'OpenSSH', 'Apache'].map((s) => readFileSync(join(evaldataDir(), 'logs', s, `${s}_2k.log`), 'utf8'));
const marked = `${logs[1]!.slice(0, 100_000)}\n<<headroom: 40 lines omitted ref=0123456789abcdef01234567>>`;

function body(): Buffer {
  const messages = [
    { role: 'user', content: logs[2] },
    { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'cat hdfs.log' } }, { type: 'tool_use', id: 't2', name: 'Bash', input: { command: 'cat ssh.log' } }] },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 't1', content: logs[0] },
        { type: 'tool_result', tool_use_id: 't2', content: marked },
        { type: 'tool_result', tool_use_id: 't2', content: 'short' },
      ],
    },
    { role: 'user', content: 'Why did it fail?' },
  ];
  return Buffer.from(JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, messages }, null, 1));
}

describe('locateBody', () => {
  it('hands back every text as parsed when no stand-ins are asked for', () => {
    const located = locateBody(body(), 'anthropic-messages');
    if (!located.ok) throw new Error(located.message);
    const texts = locateSlots(located.body, 'anthropic-messages').slots.map((s) => s.text);
    expect(texts).toContain(logs[0]);
    expect(texts.some(isStandIn)).toBe(false);
  });

  it('replaces large unmarked tool results by stand-ins, with the span and measure of the real text; user text and marked text stay', () => {
    const raw = body();
    const located = locateBody(raw, 'anthropic-messages', STAND_IN_CHARS);
    if (!located.ok) throw new Error(located.message);
    const slots = locateSlots(located.body, 'anthropic-messages').slots;
    const stood = slots.flatMap((slot, index) => (isStandIn(slot.text) ? [{ slot, index }] : []));
    expect(stood).toHaveLength(1);
    const { slot, index } = stood[0]!;
    expect(slot.kind).toBe('tool_result');
    // The stand-in's span decodes to the real text, and its measure is the real text's.
    const span = located.spans.get(pathKey(slot.path))!;
    expect(JSON.parse(raw.toString('utf8', span.start, span.end))).toBe(logs[0]);
    expect(located.measures.get(index)).toEqual(measureText(logs[0]!));
    const texts = slots.map((s) => s.text);
    expect(texts).toContain(logs[2]);
    expect(texts).toContain(marked);
    expect(texts).toContain('short');
    // Nothing else in the body changed.
    const back = located.body as { messages: { content: unknown }[] };
    expect(back.messages[3]!.content).toBe('Why did it fail?');
    // Stand-ins of two parses of the same body differ: a client cannot predict one.
    const again = locateBody(raw, 'anthropic-messages', STAND_IN_CHARS);
    if (!again.ok) throw new Error(again.message);
    expect(locateSlots(again.body, 'anthropic-messages').slots[index]!.text).not.toBe(slot.text);
  });
});
