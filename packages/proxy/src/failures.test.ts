import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '@headroom/store-sqlite';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { explodes, type Harness, keepFirstLine, send, startHarness } from './internal/test-kit.js';
import { anthropicMessage } from './testing/index.js';

const LOG = `LOG worker\n${Array.from({ length: 50 }, (_, i) => `INFO job ${i} done`).join('\n')}`;
const body = (content: string) =>
  JSON.stringify({
    model: 'claude-sonnet-4-5',
    max_tokens: 10,
    messages: [
      { role: 'user', content: 'status?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'cat worker.log' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content }] },
    ],
  });
const headers = { 'x-api-key': 'k', 'content-type': 'application/json', 'anthropic-version': '2023-06-01' };

let harness: Harness | undefined;
let dir: string | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await harness?.close();
  harness = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('every failure is visible', () => {
  it('a compressor that throws: the request goes through as sent, with a code header, a ledger row, /stats and /metrics', async () => {
    harness = await startHarness({ compressors: [explodes] });
    harness.upstream.enqueue(() => ({ json: anthropicMessage({ text: 'ok' }) }));
    const sent = body(`EXPLODE\n${LOG}`);
    const answer = await send(`${harness.proxy.url}/v1/messages`, { headers, body: sent });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-headroom-compression-failed']).toBe('compressor_failed');
    expect(harness.upstream.requests[0]!.text()).toBe(sent);
    expect(await harness.store.ledger.read({ type: 'failure' })).toMatchObject([{ code: 'compressor_failed', compressor: 'explodes', toolName: 'Bash', source: 'proxy' }]);
    const stats = (await send(`${harness.proxy.url}/stats`)).json<{ failures: { count: number; byCode: Record<string, number> } }>();
    expect(stats.failures).toMatchObject({ count: 1, byCode: { compressor_failed: 1 } });
    expect((await send(`${harness.proxy.url}/metrics`)).text).toContain('headroom_failures_total{code="compressor_failed"} 1');
  });

  it('a SQLite file locked by another process: fail open, code header, /readyz 503 without the path, fallback log; ready again after', async () => {
    dir = mkdtempSync(join(tmpdir(), 'headroom-locked-'));
    const path = join(dir, 'headroom.db');
    const store = createSqliteStore({ path, busyTimeoutMs: 20 });
    harness = await startHarness({ compressors: [keepFirstLine], store });
    harness.upstream.enqueue(() => ({ json: anthropicMessage({ text: 'ok' }) }));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const sent = body(LOG);
      const answer = await send(`${harness.proxy.url}/v1/messages`, { headers, body: sent });
      expect(answer.status).toBe(200);
      expect(answer.headers['x-headroom-compression-failed']).toBe('store_unavailable');
      expect(harness.upstream.requests[0]!.text()).toBe(sent);
      const ready = await send(`${harness.proxy.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.text).not.toContain(dir);
      expect(ready.json()).toEqual({ status: 'unavailable', code: 'store_unavailable' });
      // The ledger is locked too: the failure went to the operator's log instead.
      const logged = stderr.mock.calls.map(([chunk]) => String(chunk)).filter((line) => line.includes('"source":"headroom"'));
      expect(logged.some((line) => JSON.parse(line).code === 'store_unavailable')).toBe(true);
    } finally {
      other.exec('COMMIT');
      other.close();
    }
    expect((await send(`${harness.proxy.url}/readyz`)).status).toBe(200);
  });
});
