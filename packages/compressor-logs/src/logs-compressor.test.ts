import { type CompressContext, createMarker, createMemoryStore, createPipeline, createTokenizer, type OffloadMeta, parseMarkers, refOf } from '@headroom/core';
import { checkConformance } from '@headroom/core/testing';
import { describe, expect, it } from 'vitest';
import { readLoghub } from './internal/evaldata.test.helper.js';
import { logsCompressor } from './logs-compressor.js';

const tokenizer = createTokenizer();

/** Deadlines in these tests are ten minutes away: a loaded machine must change no outcome. */
const NO_RUSH_MS = 600_000;

/** A context like the pipeline's, keeping what was offloaded. */
function contextFor(mode: 'lossy' | 'lossless' = 'lossy', query?: string) {
  const offloads = new Map<string, { original: string; meta: OffloadMeta }>();
  const context: CompressContext = {
    tokenizer,
    mode,
    ...(query !== undefined ? { query } : {}),
    options: {},
    deadline: Date.now() + NO_RUSH_MS,
    offload(original, meta) {
      const ref = refOf(original);
      offloads.set(ref, { original, meta });
      return createMarker(ref, meta.summary);
    },
  };
  return { context, offloads };
}

function compressText(input: string, mode: 'lossy' | 'lossless' = 'lossy', query?: string) {
  const { context, offloads } = contextFor(mode, query);
  const result = logsCompressor().compress(input, context);
  if (result instanceof Promise || result.type !== 'compressed') throw new Error(`expected a compressed result, got ${JSON.stringify(result)}`);
  return { text: result.text, offloads };
}

/** The anchor's needle test as JSON lines: 99 INFO records and one FATAL at index 67. */
function needleLog(): string {
  const fatal = {
    timestamp: '2024-12-15T03:47:23Z',
    level: 'FATAL',
    service: 'payment-gateway',
    message: 'Connection pool exhausted - max_connections=100 exceeded',
    error_code: 'PG-5523',
    stack_trace: 'ConnectionPoolError at PaymentService.processTransaction()',
    resolution: 'Increase max_connections to 500 in config/database.yml',
    affected_transactions: 1847,
    incident_id: 'INC-2024-1215-001',
  };
  const lines = Array.from({ length: 100 }, (_, i) =>
    JSON.stringify(
      i === 67
        ? fatal
        : {
            timestamp: `2024-12-15T${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00Z`,
            level: 'INFO',
            service: ['api-gateway', 'user-service', 'inventory', 'auth'][i % 4],
            message: `Request processed successfully - latency=${50 + (i % 100)}ms`,
            request_id: `req-${String(i).padStart(6, '0')}`,
            status_code: 200,
            endpoint: ['/api/users', '/api/products', '/api/orders', '/health'][i % 4],
            metadata: { region: ['us-east-1', 'us-west-2', 'eu-west-1'][i % 3], version: '2.4.1' },
          },
    ),
  );
  return lines.join('\n');
}

const javaTrace = [
  ...Array.from({ length: 40 }, (_, i) => `2024-05-01 10:00:${String(i).padStart(2, '0')},000 INFO [worker-${i % 3}] c.a.Queue: polled ${i * 7} messages in ${i % 9} ms`),
  '2024-05-01 10:00:41,000 ERROR [worker-1] c.a.Queue: poll failed',
  'java.net.ConnectException: Connection refused',
  '\tat java.base/sun.nio.ch.Net.connect0(Native Method)',
  '\tat java.base/sun.nio.ch.Net.connect(Net.java:579)',
  'Caused by: java.io.IOException: broken pipe',
  '\t... 12 more',
  ...Array.from({ length: 40 }, (_, i) => `2024-05-01 10:01:${String(i).padStart(2, '0')},000 INFO [worker-${i % 3}] c.a.Queue: polled ${i * 5} messages in ${i % 7} ms`),
].join('\n');

describe('logsCompressor', () => {
  it('passes the Headroom conformance suite', async () => {
    const samples = [readLoghub('HDFS').text, readLoghub('Zookeeper').text, needleLog(), javaTrace];
    const report = await checkConformance(logsCompressor(), { samples, query: 'why did the connection fail', timeoutMs: NO_RUSH_MS });
    expect(report.failures).toEqual([]);
    expect(report.compressedSamples.lossy).toBe(samples.length);
  });

  it('keeps the FATAL JSON record and all its facts, and saves at least 88% (o200k)', () => {
    const input = needleLog();
    const { text } = compressText(input);
    expect(text).toContain(input.split('\n')[67]);
    for (const fact of ['payment-gateway', 'PG-5523', 'max_connections to 500', '1847']) expect(text).toContain(fact);
    const [before, after] = [tokenizer.count(input), tokenizer.count(text)];
    console.info(`needle JSON lines: ${before} -> ${after} o200k tokens, ${((1 - after / before) * 100).toFixed(1)}% saved`);
    expect(1 - after / before).toBeGreaterThanOrEqual(0.88);
  });

  it('keeps a stack trace whole, with context, and collapses the rest', () => {
    const { text } = compressText(javaTrace);
    const lines = javaTrace.split('\n');
    const trace = lines.slice(40, 46).join('\n');
    expect(text).toContain(trace);
    expect(text).toContain(lines[39]);
    expect(text).toContain(lines[46]);
    expect(text).toMatch(/^\[×\d+\] 2024-05-01 10:00:0\d,000 INFO/m);
    expect(text.length).toBeLessThan(javaTrace.length / 2);
  });

  it('keeps a Python traceback whole, through its final exception line', () => {
    const lines = [
      ...Array.from({ length: 30 }, (_, i) => `2024-05-01 10:00:${String(i).padStart(2, '0')} INFO app: request ${i} served in ${i % 9} ms`),
      '2024-05-01 10:00:31 ERROR app: request 31 failed',
      'Traceback (most recent call last):',
      '  File "/srv/app/handler.py", line 42, in handle',
      '    result = compute(payload)',
      '  File "/srv/app/compute.py", line 7, in compute',
      "    return payload['total'] / payload['count']",
      'ZeroDivisionError: division by zero',
      ...Array.from({ length: 30 }, (_, i) => `2024-05-01 10:01:${String(i).padStart(2, '0')} INFO app: request ${i + 40} served in ${i % 7} ms`),
    ];
    const { text } = compressText(lines.join('\n'));
    expect(text).toContain(lines.slice(30, 37).join('\n'));
    expect(text.split('\n').length).toBeLessThan(20);
  });

  it('keeps lines that match the query', () => {
    const input = readLoghub('HDFS').text;
    const plain = compressText(input).text;
    // A block id seen on exactly one line, which the query-less output does not show.
    const needle = input.split('\n').find((line) => {
      const block = /blk_-?\d+/.exec(line)?.[0];
      return block !== undefined && !plain.includes(line) && input.split(block).length === 2;
    })!;
    const block = /blk_-?\d+/.exec(needle)![0];
    expect(compressText(input, 'lossy', `what happened to ${block}?`).text).toContain(needle);
  });

  it('leaves markers whose originals give back every omitted line byte-exact', async () => {
    const input = readLoghub('Hadoop').text;
    const store = createMemoryStore();
    const pipeline = createPipeline({ compressors: [logsCompressor()], store, policy: { timeoutMs: NO_RUSH_MS } });
    const result = await pipeline.compress(input, { toolName: 'Bash' });
    expect(result.compressor).toBe('logs');
    const markers = parseMarkers(result.text);
    const whole = markers.find((m) => m.summary.startsWith('full log'))!;
    expect((await pipeline.retrieve(whole.ref))?.original).toBe(input);
    // Visible lines plus every group's omitted lines are the input's lines, as a multiset.
    const seen: string[] = [];
    for (const line of result.text.split('\n').slice(1)) {
      const group = /^\[×\d+\] (.*?)(?: {2}\{.*\})? (<<headroom: [^>]+>>)$/.exec(line);
      if (!group) {
        seen.push(line);
        continue;
      }
      const marker = parseMarkers(group[2]!)[0]!;
      seen.push(group[1]!, ...(await pipeline.retrieve(marker.ref))!.original.split('\n'));
    }
    expect(seen.sort()).toEqual(input.split('\n').sort());
  });

  it('in lossless mode only folds identical runs, and says how', () => {
    const input = ['boot', ...Array(30).fill('2024-01-01 retrying connection to db:5432'), 'connected', ...Array(5).fill('tick')].join('\n');
    const { text, offloads } = compressText(input, 'lossless');
    expect(offloads.size).toBe(0);
    expect(text.split('\n').slice(1)).toEqual(['boot', '2024-01-01 retrying connection to db:5432 [×30]', 'connected', 'tick [×5]']);
    const { context } = contextFor('lossless');
    expect(logsCompressor().compress(readLoghub('HDFS').text, context)).toMatchObject({ type: 'skipped' });
  });

  it('keeps CRLF line endings on kept lines and at the end of group lines', () => {
    const input = javaTrace.split('\n').join('\r\n');
    const { text } = compressText(input);
    const groups = text.split('\n').filter((line) => line.startsWith('[×'));
    expect(groups.length).toBeGreaterThan(0);
    for (const line of groups) expect(line).toMatch(/^[^\r]*>>\r$/);
    expect(text).toContain('java.net.ConnectException: Connection refused\r\n');
  });

  it('keeps the first and the last line, also when the input ends with a newline', () => {
    const input = `${readLoghub('Spark').text.trimEnd()}\n`;
    const lines = input.split('\n');
    const { text } = compressText(input);
    expect(text.split('\n')[1]).toBe(lines[0]);
    expect(text.endsWith(`\n${lines.at(-2)}\n`)).toBe(true);
  });

  it('is deterministic', () => {
    const input = readLoghub('Android').text;
    expect(compressText(input).text).toBe(compressText(input).text);
  });

  it('validates factory options once, and skips on bad per-pipeline options', () => {
    expect(() => logsCompressor({ rareCount: -1 })).toThrow(/rareCount/);
    const { context } = contextFor();
    const result = logsCompressor().compress(javaTrace, { ...context, options: { minCollapse: 1 } });
    expect(result).toMatchObject({ type: 'skipped', reason: expect.stringMatching(/minCollapse/) });
  });
});
