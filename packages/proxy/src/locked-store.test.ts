import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeFigures, summarizeLedger } from '@headroom/core';
import { createSqliteWorkerStore } from '@headroom/store-sqlite';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bashResultBody, bigJson, type Harness, send, startHarness } from './internal/test-kit.js';

let dir: string;
let harness: Harness | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-locked-'));
});
afterEach(async () => {
  await harness?.close();
  await harness?.store.close();
  harness = undefined;
  rmSync(dir, { recursive: true, force: true });
});


describe('a store another process has locked', () => {
  it('costs a request at most the store deadline: the original goes upstream, /livez answers, and compression resumes once the lock is gone', async () => {
    const path = join(dir, 'headroom.db');
    // Without the deadline a write would wait a minute for the lock (and, in-thread, freeze the proxy).
    const store = await createSqliteWorkerStore({ path, busyTimeoutMs: 60_000, callTimeoutMs: 800 });
    harness = await startHarness({ store, compressionTimeoutMs: 5000 });
    const locker = new Database(path);
    locker.exec('BEGIN IMMEDIATE');
    try {
      const raw = bashResultBody(bigJson(1));
      const pending = send(`${harness.proxy.url}/v1/messages`, { headers: { 'x-api-key': 'k' }, body: raw });
      expect((await send(`${harness.proxy.url}/livez`)).status).toBe(200);
      const answer = await pending;
      expect(answer.status).toBe(200);
      expect(harness.upstream.requests[0]!.text()).toBe(raw);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    const fresh = bigJson(2);
    const ok = await send(`${harness.proxy.url}/v1/messages`, { headers: { 'x-api-key': 'k' }, body: bashResultBody(fresh) });
    expect(ok.status).toBe(200);
    const sent = harness.upstream.requests[1]!.json() as { messages: { content: { content?: string }[] }[] };
    expect(sent.messages[2]!.content[0]!.content).toBe(JSON.stringify(JSON.parse(fresh)));
  });

  it('answers /stats from the store\'s running totals with the figures summarizeLedger gives', async () => {
    const store = await createSqliteWorkerStore({ path: join(dir, 'stats.db') });
    harness = await startHarness({ store });
    for (let i = 0; i < 3; i++) await send(`${harness.proxy.url}/v1/messages`, { headers: { 'x-api-key': 'k' }, body: bashResultBody(bigJson(10 + i)) });
    // Ledger rows of a request are written after its answer: wait until all three are in.
    while ((await store.ledger.read({ type: 'request' })).length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    const stats = await send(`${harness.proxy.url}/stats`);
    expect(stats.json()).toEqual(JSON.parse(JSON.stringify(computeFigures(summarizeLedger(await store.ledger.read())))));
    expect(stats.json<{ compression: { events: number } }>().compression.events).toBe(3);
  });
});
