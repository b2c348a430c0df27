import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chatCompressor } from '@headroom/compressor-chat';
import { compressRequest, createPipeline } from '@headroom/core';
import { createSqliteStore } from '@headroom/store-sqlite';
import { pythonMaintenanceSession } from './machine-sessions.js';
import { sessionBody } from './session-bodies.js';

/**
 * What the chat step adds to one request: `node apps/bench/dist/chat/step-latency.js` replays the
 * python-maintenance session through `compressRequest` on a SQLite store, with and without the
 * step (no per-slot compressors, so the difference is the step: its state read and write, keys,
 * references, elisions, the cost model), and prints the medians over the last 20 turns.
 */
async function main(): Promise<void> {
  const session = pythonMaintenanceSession();
  const home = mkdtempSync(join(tmpdir(), 'headroom-chat-latency-'));
  const store = createSqliteStore({ home });
  try {
    const pipeline = createPipeline({ compressors: [], store });
    let clock = Date.UTC(2026, 11, 1);
    const chat = chatCompressor({ now: () => clock });
    const rows: { bytes: number; chat: number; none: number }[] = [];
    for (let turn = 1; turn <= session.steps.length; turn++) {
      clock += session.steps[turn - 1]!.gapMs;
      const body = sessionBody(session, 'anthropic-messages', turn);
      const t0 = performance.now();
      await compressRequest(pipeline, body, 'anthropic-messages', { conversation: chat });
      const t1 = performance.now();
      await compressRequest(pipeline, body, 'anthropic-messages', {});
      rows.push({ bytes: JSON.stringify(body).length, chat: t1 - t0, none: performance.now() - t1 });
    }
    const last = rows.slice(-20);
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const kb = (bytes: number) => Math.round(bytes / 1024);
    process.stdout.write(
      `last 20 of ${rows.length} turns, bodies ${kb(last[0]!.bytes)}-${kb(last.at(-1)!.bytes)} KB: compressRequest median ${median(last.map((r) => r.chat)).toFixed(1)} ms with the chat step, ${median(last.map((r) => r.none)).toFixed(1)} ms without\n`,
    );
  } finally {
    await store.close();
    rmSync(home, { recursive: true, force: true });
  }
}

await main();
