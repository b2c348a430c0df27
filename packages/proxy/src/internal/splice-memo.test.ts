import { describe, expect, it } from 'vitest';
import { spliceBody } from './exact-body.js';
import { createSpliceMemo } from './splice-memo.js';

const body = (content: string) => Buffer.from(`{"messages":[{"content":${content}}],"n":1.0}`);

describe('createSpliceMemo', () => {
  it('vouches only for the exact bytes it was given, and only for the tenant that gave them', () => {
    const memo = createSpliceMemo(1_000_000);
    memo.remember('a', 'héllo', Buffer.from('"héllo"'));
    expect(memo.checked('a', 'héllo', Buffer.from('"héllo"'))).toBe(true);
    // The same text written with an escape: different bytes, so it is checked again.
    expect(memo.checked('a', 'héllo', Buffer.from('"h\\u00e9llo"'))).toBe(false);
    expect(memo.checked('a', 'hello', Buffer.from('"héllo"'))).toBe(false);
    expect(memo.checked('b', 'héllo', Buffer.from('"héllo"'))).toBe(false);
  });

  it('encodes a text as JSON once and hands back the same bytes', () => {
    const memo = createSpliceMemo(1_000_000);
    const first = memo.encoded('a', 'line "one"\n😎');
    expect(first.toString()).toBe(JSON.stringify('line "one"\n😎'));
    expect(memo.encoded('a', 'line "one"\n😎')).toBe(first);
    expect(memo.encoded('b', 'line "one"\n😎')).not.toBe(first);
  });

  it('forgets the oldest entries past its bound', () => {
    const memo = createSpliceMemo(1000);
    const text = (i: number) => `${i}`.padStart(40, 'x');
    for (let i = 0; i < 50; i++) memo.remember('a', text(i), Buffer.from(JSON.stringify(text(i))));
    expect(memo.checked('a', text(49), Buffer.from(JSON.stringify(text(49))))).toBe(true);
    expect(memo.checked('a', text(0), Buffer.from(JSON.stringify(text(0))))).toBe(false);
  });

  it('forgets a tenant once its last entry is gone, so one client key per request cannot pile up tenants', () => {
    const memo = createSpliceMemo(1000);
    const text = 'x'.repeat(40);
    for (let i = 0; i < 500; i++) memo.remember(`tenant-${i}`, text, Buffer.from(JSON.stringify(text)));
    // Too large to keep: nothing stored, and no empty tenant left behind either.
    memo.encoded('huge', 'y'.repeat(400));
    expect(memo.tenantCount()).toBeLessThan(15);
    expect(memo.checked('tenant-499', text, Buffer.from(JSON.stringify(text)))).toBe(true);
  });

  it('gives spliceBody the same bytes with and without it, and still refuses bytes that do not decode to the text', () => {
    const memo = { memo: createSpliceMemo(1_000_000), tenant: 'a' };
    const edits = [{ path: ['messages', 0, 'content'], from: 'old "é"', to: 'new' }];
    const raw = body(JSON.stringify('old "é"'));
    const plain = spliceBody(raw, edits);
    expect(spliceBody(raw, edits, undefined, undefined, memo)).toEqual(plain);
    // Again, now from the memo: the same output.
    expect(spliceBody(raw, edits, undefined, undefined, memo)).toEqual(plain);
    expect(plain?.toString()).toBe('{"messages":[{"content":"new"}],"n":1.0}');
    // Other bytes at that path (an escape) are decoded and checked, and still accepted.
    expect(spliceBody(body('"old \\"\\u00e9\\""'), edits, undefined, undefined, memo)?.toString()).toBe('{"messages":[{"content":"new"}],"n":1.0}');
    expect(spliceBody(body('"something else"'), edits, undefined, undefined, memo)).toBeUndefined();
  });
});
