import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALLED_COMPRESSORS, loadCompressors } from './load-compressors.js';

const compressorSource = (name: string) =>
  `{ specificationVersion: 'v1', name: '${name}', contentTypes: ['text'], detect: () => 0, compress: () => ({ type: 'skipped', reason: 'test' }) }`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-plugins-'));
  writeFileSync(join(dir, 'object.mjs'), `export default ${compressorSource('obj')};`);
  writeFileSync(join(dir, 'factory.mjs'), `export default () => (${compressorSource('fac')});`);
  writeFileSync(join(dir, 'array.mjs'), `export default [${compressorSource('a1')}, () => (${compressorSource('a2')})];`);
  writeFileSync(join(dir, 'json.mjs'), `export default ${compressorSource('json')};`);
  writeFileSync(join(dir, 'not-a-compressor.mjs'), `export default { name: 'x' };`);
  writeFileSync(join(dir, 'throws.mjs'), `export default () => { throw new Error('bad config'); };`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadCompressors', () => {
  it('loads the installed first-party compressors in the order json, logs, code, rag', async () => {
    const { compressors } = await loadCompressors([], dir);
    const names = compressors.map((c) => c.name);
    // Whichever are installed and load keep this relative order.
    expect(names).toEqual(['json', 'logs', 'code', 'rag'].filter((n) => names.includes(n)));
    expect(INSTALLED_COMPRESSORS.map((c) => c.module)).toEqual(['@headroom/compressor-json', '@headroom/compressor-logs', '@headroom/compressor-code', '@headroom/compressor-rag']);
  });

  it('puts plugins first; object, factory and array exports all work; relative paths resolve against cwd', async () => {
    const { compressors } = await loadCompressors(['./object.mjs', join(dir, 'factory.mjs'), 'array.mjs'], dir);
    expect(compressors.slice(0, 4).map((c) => c.name)).toEqual(['obj', 'fac', 'a1', 'a2']);
  });

  it('lets a plugin replace the installed compressor of the same name', async () => {
    const { compressors } = await loadCompressors(['json.mjs'], dir);
    const json = compressors.filter((c) => c.name === 'json');
    expect(json).toHaveLength(1);
    expect(compressors[0]!.name).toBe('json');
    expect(json[0]!.detect('{}', {} as never)).toBe(0);
  });

  it.each([
    ['not-a-compressor.mjs', /must be a v1 compressor/],
    ['throws.mjs', /its factory threw: bad config/],
    ['missing.mjs', /cannot load plugin missing.mjs/],
    ['@headroom/no-such-package', /cannot load plugin @headroom\/no-such-package/],
  ])('rejects %s as a usage error', async (plugin, message) => {
    await expect(loadCompressors([plugin], dir)).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringMatching(message) });
  });
});
