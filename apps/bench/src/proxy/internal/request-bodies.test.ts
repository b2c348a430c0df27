import { describe, expect, it } from 'vitest';
import { createBodyFactory } from './request-bodies.js';

interface Body {
  messages: { role: string; content: string | { type: string; tool_use_id?: string; content?: string }[] }[];
}

const toolResults = (body: string) =>
  (JSON.parse(body) as Body).messages.flatMap((m) =>
    typeof m.content === 'string' ? [] : m.content.filter((b) => b.type === 'tool_result').map((b) => b.content ?? ''),
  );

describe('createBodyFactory', () => {
  it.each([10 * 1024, 100 * 1024, 1024 * 1024])('builds bodies within 15%% of %i bytes', (target) => {
    const size = Buffer.byteLength(createBodyFactory(target)(7));
    expect(size).toBeGreaterThan(target * 0.85);
    expect(size).toBeLessThan(target * 1.15);
  });

  it('resends the same history and adds tool results never sent before', () => {
    const bodyOf = createBodyFactory(100 * 1024);
    const a = toolResults(bodyOf(1));
    const b = toolResults(bodyOf(2));
    const shared = a.filter((r) => b.includes(r));
    const fresh = b.filter((r) => !a.includes(r));
    expect(shared.length).toBeGreaterThan(0);
    expect(fresh.length).toBeGreaterThan(0);
    const sharedBytes = shared.reduce((n, r) => n + r.length, 0);
    const freshBytes = fresh.reduce((n, r) => n + r.length, 0);
    expect(sharedBytes / (sharedBytes + freshBytes)).toBeGreaterThan(0.5);
    expect(sharedBytes / (sharedBytes + freshBytes)).toBeLessThan(0.7);
  });

  it('is deterministic and keeps every tool result under what Claude Code sends whole', () => {
    const bodyOf = createBodyFactory(1024 * 1024);
    expect(bodyOf(42)).toBe(createBodyFactory(1024 * 1024)(42));
    for (const result of toolResults(bodyOf(42))) expect(result.length).toBeLessThan(30_000);
  });
});
