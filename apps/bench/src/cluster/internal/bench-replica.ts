import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCompressor } from '@headroom/compressor-code';
import { jsonCompressor } from '@headroom/compressor-json';
import { logsCompressor } from '@headroom/compressor-logs';
import { startProxy } from '@headroom/proxy';
import { createRedisStore } from '@headroom/store-redis';
import { createSqliteWorkerStore } from '@headroom/store-sqlite';

// One proxy replica of the cluster bench, in its own process, on the store `headroom proxy`
// deploys: SQLite on its worker thread, or Redis; both with the proxy's 3 s per-call deadline.
// The compressors and mode are the proxy section's (json, logs, code; lossless).
// argv: <upstream url> <sqlite|redis://…>. Prints its URL on stdout; SIGTERM stops it.
const [upstream = '', storeSpec = 'sqlite'] = process.argv.slice(2);
const home = mkdtempSync(join(tmpdir(), 'headroom-bench-replica-'));
const store = storeSpec === 'sqlite' ? await createSqliteWorkerStore({ home, callTimeoutMs: 3000 }) : await createRedisStore({ url: storeSpec, callTimeoutMs: 3000 });
const proxy = await startProxy({
  port: 0,
  anthropicUpstream: upstream,
  store,
  mode: 'lossless',
  compressors: [jsonCompressor(), logsCompressor(), codeCompressor()],
});
process.stdout.write(`${proxy.url}\n`);
process.once('SIGTERM', async () => {
  await proxy.close();
  await store.close();
  rmSync(home, { recursive: true, force: true });
  process.exit(0);
});
