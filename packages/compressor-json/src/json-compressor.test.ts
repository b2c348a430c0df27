import { createEstimatingTokenizer, createMemoryStore, createPipeline, type Pipeline, parseMarkers } from '@headroom/core';
import { checkConformance } from '@headroom/core/testing';
import { describe, expect, it } from 'vitest';
import { decode } from './decode.js';
import { randomJson } from './internal/testing/random-json.js';
import { jsonCompressor } from './json-compressor.js';

const pretty = (value: unknown) => JSON.stringify(value, null, 2);
const tokenizer = createEstimatingTokenizer();
const pipeline = (): Pipeline => createPipeline({ compressors: [jsonCompressor()], store: createMemoryStore(), tokenizer, policy: { timeoutMs: 60_000 } });

/** 100 INFO log records and one FATAL at 67, like the needle benchmark. */
function needleLogs() {
  return Array.from({ length: 100 }, (_, i) => ({
    timestamp: new Date(Date.UTC(2026, 2, 14, 9) + i * 1500 + ((i * 37) % 1000)).toISOString(),
    level: i === 67 ? 'FATAL' : 'INFO',
    service: i === 67 ? 'payment-gateway' : ['api-gateway', 'user-service', 'order-service'][i % 3],
    message: i === 67 ? 'Payment processing halted: pool exhausted (error PG-5523). 1847 transactions affected. Resolution: raise max_connections to 500' : ['Request processed successfully', 'Cache hit for product catalog', 'User session refreshed'][i % 3],
    request_id: `req-${(i * 7919).toString(16).padStart(8, '0')}`,
    status_code: i === 67 ? 503 : 200,
    metadata: { region: ['us-east-1', 'eu-west-1'][i % 2], version: '3.14.2' },
  }));
}

describe('jsonCompressor: contract', () => {
  it('passes the core conformance suite on JSON, JSON Lines and embedded JSON', async () => {
    const samples = [
      pretty(needleLogs()),
      pretty({ kind: 'Config', spec: { replicas: 3, description: 'x'.repeat(2_000), labels: { app: 'web' } } }),
      needleLogs()
        .map((r) => JSON.stringify(r))
        .join('\n'),
      `Found 100 results:\n${pretty(needleLogs())}`,
    ];
    const report = await checkConformance(jsonCompressor(), { samples, query: 'why did payments fail' });
    expect(report.failures).toEqual([]);
    expect(report.compressedSamples).toEqual({ lossy: 4, lossless: 4 });
  });

  it('detects JSON by form, and nothing else', () => {
    const compressor = jsonCompressor();
    const context = {} as Parameters<typeof compressor.detect>[1];
    expect(compressor.detect('[{"a":1},{"a":2}]', context)).toBe(0.95);
    expect(compressor.detect('{"a":1}', context)).toBe(0.9);
    expect(compressor.detect('{"a":1}\n{"a":2}', context)).toBe(0.85);
    expect(compressor.detect('Result:\n{"a":1}', context)).toBe(0.7);
    expect(compressor.detect('2026-01-01 INFO started\n[worker] ok', context)).toBe(0);
    expect(compressor.detect('"a string"', context)).toBe(0);
  });

  it('rejects invalid options once, at the factory', () => {
    expect(() => jsonCompressor({ maxStringLength: -1 })).toThrow(/maxStringLength/);
  });
});

describe('jsonCompressor: lossless mode', () => {
  it('re-encodes without offloading, and decode restores the input', async () => {
    const rows = needleLogs();
    const result = await pipeline().compress(pretty(rows), { mode: 'lossless' });
    expect(result.compressed).toBe(true);
    expect(result.markers).toEqual([]);
    expect(decode(result.text)).toEqual(rows);
    expect(result.tokensAfter).toBeLessThan(result.tokensBefore * 0.5);
  });

  it('keeps a preamble and trailer verbatim around embedded JSON', async () => {
    const text = `Query returned 100 rows:\n${pretty(needleLogs())}\n(took 12 ms)`;
    const result = await pipeline().compress(text, { mode: 'lossless' });
    expect(result.text.startsWith('Query returned 100 rows:\n# headroom-json v1')).toBe(true);
    expect(result.text.endsWith('\n(took 12 ms)')).toBe(true);
  });

  it('takes JSON followed by a short trailer with no preamble (a shell tool appends its exit status)', async () => {
    // GitHub Copilot CLI's bash tool ends every output this way.
    const text = `${pretty(needleLogs())}\n<shellId: 0 completed with exit code 0>\n`;
    const result = await pipeline().compress(text, { mode: 'lossless' });
    expect(result.compressor).toBe('json');
    expect(result.text.startsWith('# headroom-json v1')).toBe(true);
    expect(result.text.endsWith('\n<shellId: 0 completed with exit code 0>\n')).toBe(true);
  });

  it('claims a document over the size limit and says so, but not JSON Lines or other text', async () => {
    const compressor = jsonCompressor({ maxInputChars: 1000 });
    const big = pretty(needleLogs());
    expect(compressor.detect(big, undefined as never)).toBeGreaterThan(0.5);
    const result = await createPipeline({ compressors: [compressor], store: createMemoryStore(), tokenizer }).compress(big);
    expect(result.reason).toBe(`json: ${big.length.toLocaleString('en-US')} characters is over the JSON size limit (maxInputChars 1,000)`);
    expect(compressor.detect(needleLogs().map((r) => JSON.stringify(r)).join('\n'), undefined as never)).toBe(0);
    expect(compressor.detect(`log line\n${'x'.repeat(2000)}`, undefined as never)).toBe(0);
  });
});

describe('jsonCompressor: lossy mode', () => {
  it('keeps the first, last and FATAL rows in full, and one marker stands for the rest', async () => {
    const p = pipeline();
    const rows = needleLogs();
    const result = await p.compress(pretty(rows), { query: 'what caused the payment failures?' });
    const fatal = rows[67]!;
    for (const text of [fatal.message, fatal.service, 'FATAL', fatal.request_id, '503']) expect(result.text).toContain(text);
    expect(result.text).toContain(rows[0]!.request_id);
    expect(result.text).toContain(rows[99]!.request_id);
    expect(result.markers).toHaveLength(1);
    expect(result.markers[0]!.summary).toBe('97 of 100 rows omitted (rows 1-66, 68-98)');
    const omitted = JSON.parse((await p.retrieve(result.markers[0]!.ref))!.original) as unknown[];
    expect(omitted).toEqual(rows.filter((_, i) => i !== 0 && i !== 67 && i !== 99));
    expect(result.tokensAfter).toBeLessThan(result.tokensBefore * 0.12);
  });

  it('keeps error-like rows, numeric outliers and rows matching rare query terms; folds repeated errors', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({
      id: `ord_${1000 + i}`,
      customer: `customer-${(i * 31) % 97}`,
      amount: 20 + ((i * 13) % 50),
      status: i % 40 === 7 ? 502 : 200,
      error: i === 150 ? 'card declined by issuer' : null,
      note: i === 99 ? 'flagged by the zebra fraud rule' : 'none',
    }));
    rows[120]!.amount = 98_000;
    const result = await pipeline().compress(pretty(rows), { query: 'anything about zebra?' });
    const shown = (id: string) => result.text.includes(`${id},`);
    for (const id of ['ord_1000', 'ord_1199', 'ord_1150', 'ord_1120', 'ord_1099', 'ord_1007', 'ord_1167']) expect(shown(id), id).toBe(true);
    // Five 502 rows share one pattern: the first and last stay, the count is said once.
    expect(shown('ord_1047')).toBe(false);
    expect(result.text).toMatch(/# 5 rows share the pattern of #7 \(.*\); #7 and #167 shown/);
  });

  it('names every column even when all the rows using it are dropped', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ n: i * i, name: `item ${i}`, ...(i % 10 === 5 ? { optional_hint: 'x' } : {}) }));
    const result = await pipeline().compress(pretty(rows));
    expect(result.text).not.toContain('item 5,');
    expect(result.text).toContain('optional_hint');
  });

  it('lists the values of categorical columns whose rows are hidden', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ file: `src/components/${['Login', 'Cart', 'Chart'][i % 3]}Form.tsx`, line: i * i }));
    const result = await pipeline().compress(pretty(rows));
    expect(result.text).toContain('# file values: src/components/LoginForm.tsx (100), src/components/CartForm.tsx (100), src/components/ChartForm.tsx (100)');
  });

  it('never drops a key of a plain object; long strings are cut behind a marker', async () => {
    const config = { name: 'web', replicas: 3, description: `start ${'lorem ipsum '.repeat(400)} end`, env: { A: '1', B: '2' } };
    const p = pipeline();
    const result = await p.compress(pretty(config));
    for (const key of ['"name"', '"replicas"', '"description"', '"env"', '"A"', '"B"']) expect(result.text).toContain(key);
    expect(result.markers).toHaveLength(1);
    expect(result.markers[0]!.summary).toBe(`${config.description.length - 160} of ${config.description.length} chars omitted`);
    expect((await p.retrieve(result.markers[0]!.ref))!.original).toBe(JSON.stringify(config.description));
  });

  it('thins JSON Lines like an array, and keeps a preamble verbatim', async () => {
    const lines = needleLogs()
      .map((r) => JSON.stringify(r))
      .join('\n');
    const result = await pipeline().compress(`tail -n 100 app.log.json\n${lines}`);
    expect(result.text.startsWith('tail -n 100 app.log.json\n# headroom-json v1')).toBe(true);
    expect(result.text).toContain('FATAL,payment-gateway');
    expect(result.markers[0]!.summary).toBe('97 of 100 rows omitted (rows 1-66, 68-98)');
  });

  it('over a target, cuts strings harder but keeps the signal rows', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ id: i, level: i === 20 ? 'ERROR' : 'INFO', note: `${'detail '.repeat(40)}${i}` }));
    const loose = await pipeline().compress(pretty(rows), {});
    const tight = await pipeline().compress(pretty(rows), { target: 10 });
    expect(tight.tokensAfter).toBeLessThan(loose.tokensAfter);
    expect(tight.text).toMatch(/\n20,ERROR,/);
  });

  it('writes the value of a sequence column in every shown row when rows are omitted (no arithmetic to read an id)', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ number: 9100 - i * 3, state: i === 23 ? 'failed' : 'ok', note: `nightly run ${i % 4} of the export job` }));
    const result = await pipeline().compress(pretty(rows), {});
    expect(result.markers.length).toBeGreaterThan(0);
    expect(result.text).toContain(',9031,failed,');
    expect(result.text).not.toContain('seq(9100');
    // Written once in the header when every row is there (lossless).
    expect((await pipeline().compress(pretty(rows), { mode: 'lossless' })).text).toContain('number=seq(9100,-3)');
  });

  it('drops rows of a small table only when a target asks for it', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ id: i, word: `w${(i * 7) % 20}`, score: (i * 17) % 23 }));
    const plain = await pipeline().compress(pretty(rows), {});
    expect(plain.markers).toEqual([]);
    const targeted = await pipeline().compress(pretty(rows), { target: 50 });
    expect(targeted.markers).toHaveLength(1);
  });
});

describe('jsonCompressor: hostile input never crashes or hangs', () => {
  const run = async (input: string, mode: 'lossy' | 'lossless') => {
    const compressor = jsonCompressor();
    const store = createMemoryStore();
    return createPipeline({ compressors: [compressor], store, tokenizer, policy: { timeoutMs: 60_000, minTokens: 0 } }).compress(input, { mode, compressor: 'json' });
  };

  it('random JSON values compress or skip in both modes', async () => {
    const next = randomJson(99);
    for (let i = 0; i < 150; i++) {
      const text = pretty(next());
      for (const mode of ['lossy', 'lossless'] as const) {
        const result = await run(text, mode);
        expect(result.warnings).toEqual([]);
        if (mode === 'lossless' && result.compressed) expect(decode(result.text)).toEqual(JSON.parse(text));
      }
    }
  });

  it('truncated JSON and binary are skipped as not JSON', async () => {
    const full = pretty(needleLogs());
    expect((await run(full.slice(0, full.length / 2), 'lossy')).reason).toBe('json: not JSON');
    const binary = Array.from({ length: 50_000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    expect((await run(`[${binary}`, 'lossy')).reason).toBe('json: not JSON');
  });

  it('10,000-deep nesting is skipped', async () => {
    const deep = `${'['.repeat(10_000)}1${']'.repeat(10_000)}`;
    expect((await run(deep, 'lossy')).reason).toBe('json: nested deeper than 1000 levels');
    const deepObject = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    expect((await run(deepObject, 'lossless')).reason).toBe('json: nested deeper than 1000 levels');
  });

  it('a 50 MB input is skipped without being parsed; 5 MB and 300,000-row ones compress', async () => {
    const row = JSON.stringify({ id: 1, text: 'x'.repeat(1000) });
    const huge = `[${Array.from({ length: 50_000 }, () => row).join(',')}]`;
    expect(huge.length).toBeGreaterThan(50_000_000);
    expect((await run(huge, 'lossy')).reason).toBe(`json: ${huge.length.toLocaleString('en-US')} characters is over the JSON size limit (maxInputChars 16,000,000)`);
    const big = pretty(Array.from({ length: 20_000 }, (_, i) => ({ id: i, level: i % 997 ? 'INFO' : 'ERROR', msg: `request ${i} served`, ms: (i * 37) % 200 })));
    const result = await run(big, 'lossy');
    expect(result.compressed).toBe(true);
    expect(result.tokensAfter).toBeLessThan(result.tokensBefore / 20);
    // Wide arrays must not reach a spread or recursion limit anywhere.
    const wide = JSON.stringify(Array.from({ length: 300_000 }, (_, i) => ({ f: `src/${['Login', 'Cart'][i % 2]}Form.tsx`, n: i % 13 })));
    for (const mode of ['lossy', 'lossless'] as const) expect((await run(wide, mode)).compressed).toBe(true);
  });

  it('a 1 MB string line is cut in lossy mode and kept in lossless mode', async () => {
    const input = JSON.stringify({ id: 7, blob: 'y'.repeat(1_000_000), tail: 'end' });
    const lossy = await run(input, 'lossy');
    expect(lossy.text.length).toBeLessThan(1_000);
    expect(parseMarkers(lossy.text)).toHaveLength(1);
    const lossless = await run(input, 'lossless');
    expect(lossless.compressed).toBe(false);
    expect(lossless.reason).toBe('json: already compact');
  });
});
