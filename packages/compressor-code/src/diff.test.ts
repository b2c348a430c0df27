import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTokenizer, parseMarkers } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { EVALDATA, read, recordingContext , testCompressor } from './real-inputs.test-helpers.js';

const DIFFS = join(EVALDATA, 'diffs');
const files = readdirSync(DIFFS).filter((f) => /\.(diff|patch)$/.test(f));
const GENERATED = /(^|\/)(pnpm-lock\.yaml|package-lock\.json|yarn\.lock)$/;

async function compressDiff(text: string) {
  const { context, offloads } = recordingContext({ hints: { language: 'diff' } });
  const result = await testCompressor().compress(text, context);
  return { result, offloads };
}

/** Each marker sits alone on a line; putting its original back restores the diff byte for byte. */
function restore(output: string, offloads: Map<string, { original: string }>): string {
  return output
    .split('\n')
    .map((line) => {
      const marker = parseMarkers(line)[0];
      return marker && marker.text === line ? offloads.get(marker.ref)!.original : line;
    })
    .join('\n');
}

/** Added and removed lines of files that are not generated, by walking `diff --git` sections. */
function changedLines(diff: string): string[] {
  const changed: string[] = [];
  let generated = false;
  let inHunk = false;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      generated = GENERATED.test(line.split(' b/')[1] ?? '');
      inHunk = false;
    } else if (line.startsWith('@@')) inHunk = true;
    else if (inHunk && !generated && /^[+-]/.test(line) && !/^(\+\+\+|---) /.test(line)) changed.push(line);
  }
  return changed;
}

describe('diffs from real repositories', () => {
  for (const file of files) {
    it(`${file}: every changed line stays, markers restore the diff byte-exact`, async () => {
      const input = read(join(DIFFS, file));
      const { result, offloads } = await compressDiff(input);
      if (result.type === 'skipped') {
        // Only the diffs with nothing to trim may pass through, and they must say why.
        expect(result.reason).toMatch(/too small|nothing to trim|nothing worth trimming/);
        return;
      }
      const visible = new Set(result.text.split('\n'));
      expect(changedLines(input).filter((line) => !visible.has(line))).toEqual([]);
      const hunkHeaders = input.split('\n').filter((line) => line.startsWith('@@'));
      const kept = hunkHeaders.filter((line) => visible.has(line));
      expect(kept.length).toBeGreaterThan(0);
      expect(restore(result.text, offloads)).toBe(input);
    });
  }

  it('collapses the lock file into one line and keeps its diff --git header', async () => {
    const input = read(join(DIFFS, 'lockfile-heavy_toon_68f66bb_upgrade-dependencies.diff'));
    const { result } = await compressDiff(input);
    if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
    expect(result.text).toContain('diff --git a/pnpm-lock.yaml b/pnpm-lock.yaml\n<<headroom: generated file pnpm-lock.yaml: ');
    expect(result.text.length).toBeLessThan(input.length / 10);
  });

  it('saves at least half the o200k tokens across the real diffs', async () => {
    const tokenizer = createTokenizer();
    let before = 0;
    let after = 0;
    for (const file of files) {
      const input = read(join(DIFFS, file));
      const { result } = await compressDiff(input);
      before += tokenizer.count(input);
      after += tokenizer.count(result.type === 'compressed' ? result.text : input);
    }
    expect(1 - after / before).toBeGreaterThan(0.5);
  });

  it('trims context to one line around each change, and names the new-file lines it omits', async () => {
    const header = 'diff --git a/src/a.ts b/src/a.ts\nindex 1111111..2222222 100644\n--- a/src/a.ts\n+++ b/src/a.ts';
    const context = Array.from({ length: 30 }, (_, i) => ` const unchanged${i} = computeSomethingLong(${i}, 'a fairly long argument');`);
    const hunk = ['@@ -1,61 +1,61 @@', ...context, '-const old = 1;', '+const renewed = 2;', ...context];
    const input = [header, ...hunk, ''].join('\n');
    const { result, offloads } = await compressDiff(input);
    if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
    const out = result.text.split('\n');
    expect(out).toEqual([
      ...header.split('\n'),
      '@@ -1,61 +1,61 @@',
      expect.stringMatching(/^<<headroom: 29 unchanged lines, new 1-29 ref=/),
      context[29],
      '-const old = 1;',
      '+const renewed = 2;',
      context[0],
      expect.stringMatching(/^<<headroom: 29 unchanged lines, new 33-61 ref=/),
      '',
    ]);
    expect(restore(result.text, offloads)).toBe(input);
  });

  it('keeps binary notices and collapses binary patch data', async () => {
    const base = read(join(DIFFS, 'small_rtk_67e8de8_tsc-show-every-error.diff')).trimEnd();
    const binary = [
      'diff --git a/logo.png b/logo.png',
      'new file mode 100644',
      'index 0000000..1111111',
      'Binary files /dev/null and b/logo.png differ',
      'diff --git a/icon.png b/icon.png',
      'index 2222222..3333333 100644',
      'GIT binary patch',
      'literal 1024',
      ...Array.from({ length: 20 }, () => 'zcmV-c1F8ImP)<h;3K|Lk000e1NJLTq000mG000mO1^@s6AM^iV00009a7bBm000XU'),
      '',
      'literal 0',
      'HcmV?d00001',
      '',
    ];
    const input = `${base}\n${binary.join('\n')}`;
    const { result, offloads } = await compressDiff(input);
    if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
    expect(result.text).toContain('Binary files /dev/null and b/logo.png differ');
    expect(result.text).toMatch(/GIT binary patch\n<<headroom: binary patch data, diff lines \d+-\d+ ref=/);
    expect(restore(result.text, offloads)).toBe(input);
  });

  it('passes short diffs through', async () => {
    const { result } = await compressDiff(read(join(DIFFS, 'agent-patch_swe-agent-gpt4_pydicom__pydicom-1458.patch')));
    expect(result).toMatchObject({ type: 'skipped', reason: expect.stringMatching(/too small/) });
  });
});

describe('diffs with CRLF line endings', () => {
  it('keep every changed line, collapse lock files and restore byte-exact', async () => {
    const input = read(join(DIFFS, 'lockfile-heavy_toon_68f66bb_upgrade-dependencies.diff')).replace(/\n/g, '\r\n');
    const { result, offloads } = await compressDiff(input);
    if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
    expect(result.text).toContain('<<headroom: generated file pnpm-lock.yaml: ');
    const visible = new Set(result.text.split('\n'));
    const changed = changedLines(input.replace(/\r\n/g, '\n')).map((line) => `${line}\r`);
    expect(changed.length).toBeGreaterThan(10);
    expect(changed.filter((line) => !visible.has(line))).toEqual([]);
    expect(restore(result.text, offloads)).toBe(input);
  });
});
