import { HeadroomError } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { decode } from './decode.js';

describe('decode', () => {
  it('reads a hand-written document: dictionary, skeleton, constants, sequences, prefixes, slices', () => {
    const text = [
      '# headroom-json v1: anything after the tag is for the reader',
      '@0=acme/storefront-web',
      '{"total":3,"items":"$items","note":"$$literal"}',
      '$items[3]{id=seq(10,5),repo=@0,url=prefix("https://x.io/"),meta.size,when=seq(2026-01-01T00:00:00Z,90s),kids}:',
      'a,12,$kids[0-1]',
      'b,,$kids[2]',
      '"",null,[]',
      '$kids[3]{name}:',
      'k0',
      'k1',
      'k2',
    ].join('\n');
    expect(decode(text)).toEqual({
      total: 3,
      items: [
        { id: 10, repo: 'acme/storefront-web', url: 'https://x.io/a', meta: { size: 12 }, when: '2026-01-01T00:00:00Z', kids: [{ name: 'k0' }, { name: 'k1' }] },
        { id: 15, repo: 'acme/storefront-web', url: 'https://x.io/b', when: '2026-01-01T00:01:30Z', kids: [{ name: 'k2' }] },
        { id: 20, repo: 'acme/storefront-web', url: 'https://x.io/', meta: { size: null }, when: '2026-01-01T00:03:00Z', kids: [] },
      ],
      note: '$literal',
    });
  });

  it('reads prefix and suffix columns, an empty rest and whole dictionary values', () => {
    const text = ['# headroom-json v1', '@0=literal value', '$t[3]{u=prefix("https://x.io/")suffix(".json"),d=suffix("T00:00:00Z")}:', 'a,2026-01-01', '"",', '@0,@0'].join('\n');
    expect(decode(text)).toEqual([{ u: 'https://x.io/a.json', d: '2026-01-01T00:00:00Z' }, { u: 'https://x.io/.json' }, { u: 'literal value', d: 'literal value' }]);
  });

  it('throws HeadroomError invalid_argument on text that is neither format', () => {
    for (const bad of ['not json', '# headroom-json v1\n$t[1]{a}:\n"open', '# headroom-json v1\n{"x":"$missing"}\n$t[0]{a}:', '# headroom-json v1\n$t[1]{a,b}:\n1']) {
      expect(() => decode(bad)).toThrow(HeadroomError);
    }
  });
});
