import { createEstimatingTokenizer, createMemoryStore, createPipeline, type PipelineResult, parseMarkers } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { compressLossless } from './compress-lossless.js';
import { jsonCompressor } from './json-compressor.js';

/**
 * Every number keeps the exact text its source wrote (issue 9): the inputs are written by hand,
 * because JavaScript numbers cannot even hold what they test (19-digit ids, `1e400`, `1.50`).
 */

const tokenizer = createEstimatingTokenizer();
const modes = ['lossless', 'lossy'] as const;

async function compress(input: string, mode: 'lossless' | 'lossy', query?: string) {
  const store = createMemoryStore();
  const pipeline = createPipeline({ compressors: [jsonCompressor()], store, tokenizer, policy: { timeoutMs: 60_000, minTokens: 0 } });
  const result = await pipeline.compress(input, { mode, compressor: 'json', ...(query ? { query } : {}) });
  const originals = new Map<string, string>();
  for (const marker of result.markers) originals.set(marker.ref, (await pipeline.retrieve(marker.ref))!.original);
  return { result, originals };
}

/** 200 service records with distinct 19-digit ids and nanosecond timestamps (neighbours round to one double). */
function bigIdRows(): { ids: string[]; stamps: string[]; texts: string[]; input: string } {
  const ids: string[] = [];
  const stamps: string[] = [];
  const texts: string[] = [];
  for (let i = 0; i < 200; i++) {
    const id = (1234567890123456789n + BigInt(i * 7)).toString();
    const stamp = (1764757200000000001n + BigInt(i) * 1_000_003n).toString();
    ids.push(id);
    stamps.push(stamp);
    const level = i === 120 ? 'ERROR' : 'INFO';
    texts.push(`{\n    "id": ${id},\n    "service": "svc-${i % 7}",\n    "level": "${level}",\n    "latency_ms": ${(i * 37) % 200},\n    "ts_ns": ${stamp}\n  }`);
  }
  return { ids, stamps, texts, input: `[\n  ${texts.join(',\n  ')}\n]` };
}

/** Number tokens of a text (outside nothing: good enough for texts whose strings hold no digits that matter). */
function numberTokens(text: string): string[] {
  return text.match(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g) ?? [];
}

function visibleOrOffloaded(value: string, result: PipelineResult, originals: ReadonlyMap<string, string>): boolean {
  const token = new RegExp(`(?<![\\d.])${value.replace(/[.+-]/g, '\\$&')}(?![\\d.eE])`);
  return token.test(result.text) || [...originals.values()].some((original) => token.test(original));
}

describe('exact numbers: 19-digit ids and nanosecond timestamps', () => {
  for (const mode of modes) {
    it(`${mode}: every id and timestamp is visible or in a marker's original, none altered or merged`, async () => {
      const { ids, stamps, input } = bigIdRows();
      const { result, originals } = await compress(input, mode);
      expect(result.compressed).toBe(true);
      if (mode === 'lossless') expect(result.markers).toEqual([]);
      for (const value of [...ids, ...stamps]) expect(visibleOrOffloaded(value, result, originals), value).toBe(true);
      // No column of them became a constant or a sequence whose terms were rounded.
      expect(result.text).not.toMatch(/[{,]id=/);
      expect(result.text).not.toMatch(/[{,]ts_ns=/);
      // Every long number in the output and in the originals is one of the input's, as written.
      const known = new Set([...ids, ...stamps]);
      for (const text of [result.text, ...originals.values()]) {
        for (const token of numberTokens(text)) if (token.length >= 17) expect(known.has(token), token).toBe(true);
      }
    });
  }

  it('compressLossless keeps them when given the JSON text', () => {
    const { ids, input } = bigIdRows();
    const text = compressLossless(input);
    for (const id of ids) expect(text).toContain(id);
  });
});

describe('exact numbers: long decimals, 1e400, -0, 1.50, big negative integers', () => {
  const literals = ['3.14159265358979323846264338327950288', '1e400', '-0', '1.50', '-98765432109876543210', '1.0', '1E5', '2.5e-400', '-0.0', '100000000000000000000000'];

  it('survive in a plain object in both modes', async () => {
    const input = `{\n  "name": "constants",\n  ${literals.map((n, i) => `"v${i}": ${n}`).join(',\n  ')},\n  "list": [${literals.join(', ')}],\n  "note": "${'padding so the document is worth compressing '.repeat(3)}"\n}`;
    for (const mode of modes) {
      const { result, originals } = await compress(input, mode);
      expect(result.compressed, mode).toBe(true);
      for (const n of literals) expect(visibleOrOffloaded(n, result, originals), `${mode} ${n}`).toBe(true);
      expect(numberTokens(result.text).filter((t) => !/^v?\d$/.test(t))).not.toContain('Infinity');
    }
  });

  for (const mode of modes) {
    it(`${mode}: survive as table cells and constant columns`, async () => {
      const rows = Array.from({ length: 60 }, (_, i) => {
        const cell = literals[i % literals.length]!;
        return `{"row": ${i}, "exact": ${cell}, "price": 1.50, "zero": -0, "huge": 1e400, "neg": -98765432109876543210, "tag": "t${i % 5}"}`;
      });
      const input = `[\n${rows.join(',\n')}\n]`;
      const { result, originals } = await compress(input, mode);
      expect(result.compressed).toBe(true);
      for (const n of literals) expect(visibleOrOffloaded(n, result, originals), n).toBe(true);
      expect(result.text).toContain('price=1.50');
      expect(result.text).toContain('zero=-0');
      expect(result.text).toContain('huge=1e400');
      expect(result.text).toContain('neg=-98765432109876543210');
    });
  }
});

describe('exact originals: every marker holds the input text of what it stands for', () => {
  it('a rows marker holds the omitted rows exactly as written (each run one slice of the input), as a JSON array', async () => {
    const { texts, input } = bigIdRows();
    const { result, originals } = await compress(input, 'lossy');
    const rowsMarker = result.markers.find((m) => m.summary.includes('rows omitted'));
    expect(rowsMarker).toBeDefined();
    const shown = new Set(
      result.text
        .split('\n')
        .map((line) => /^(\d+),/.exec(line)?.[1])
        .filter((r): r is string => r !== undefined)
        .map(Number),
    );
    expect(shown.has(0) && shown.has(199) && shown.has(120)).toBe(true);
    // Each run of consecutive omitted rows is one slice of the input, its separators included.
    const runs: string[][] = [];
    texts.forEach((text, r) => {
      if (shown.has(r)) return;
      if (r > 0 && !shown.has(r - 1) && runs.length > 0) runs[runs.length - 1]!.push(text);
      else runs.push([text]);
    });
    expect(originals.get(rowsMarker!.ref)).toBe(`[${runs.map((run) => run.join(',\n  ')).join(',')}]`);
  });

  it('a cut string marker holds the string literal exactly as written, escapes included', async () => {
    const long = `caf\\u00e9 \\"quoted\\" line\\nnext \\/ slash ${'lorem ipsum '.repeat(400)} end`;
    const input = `{\n  "id": 12345678901234567890,\n  "readme": "${long}",\n  "version": 1.50\n}`;
    const { result, originals } = await compress(input, 'lossy');
    expect(parseMarkers(result.text)).toHaveLength(1);
    expect([...originals.values()]).toEqual([`"${long}"`]);
    expect(result.text).toContain('12345678901234567890');
    expect(result.text).toContain('1.50');
  });

  it('JSON Lines rows are offloaded as their lines', async () => {
    const lines = Array.from({ length: 100 }, (_, i) => `{"id":${(9007199254740993n + BigInt(i * 2)).toString()},"level":"${i === 40 ? 'ERROR' : 'INFO'}","msg":"request ${i} served in ${(i * 13) % 90} ms"}`);
    const { result, originals } = await compress(lines.join('\n'), 'lossy');
    expect(result.markers).toHaveLength(1);
    const original = originals.get(result.markers[0]!.ref)!;
    const kept = lines.filter((line) => result.text.includes(/"id":(\d+)/.exec(line)![1]!));
    expect(kept.length).toBeGreaterThanOrEqual(3);
    expect(original).toBe(`[${lines.filter((line) => !kept.includes(line)).join(',')}]`);
  });
});
