import { loadavg } from 'node:os';
import { createRedisStore } from '@headroom/store-redis';
import { startRedisServer } from '@headroom/store-redis/testing';
// Usage (after a build): node scripts/measure.mjs. Starts a throwaway redis-server and prints the
// median and p99 of each store call, one at a time (what one request on the proxy waits for).
const server = await startRedisServer();
const store = await createRedisStore({ url: server.url });
const original = 'x'.repeat(2048);
const memo = { text: 't', compressor: 'json', contentType: 'json', tokensBefore: 100, tokensAfter: 10, refs: ['r1'] };
const N = 5000;
const stats = (times) => {
  const sorted = times.sort((a, b) => a - b);
  return `p50 ${(sorted[Math.floor(N / 2)] * 1000).toFixed(0)} µs, p99 ${(sorted[Math.floor(N * 0.99)] * 1000).toFixed(0)} µs`;
};
async function time(name, work) {
  const times = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await work(i);
    times.push(performance.now() - t);
  }
  console.log(`${name}: ${stats(times)}`);
}
await time('originals.put (2 KB)', (i) => store.originals.put('t', `r${i}`, original + i, { summary: 's' }));
await time('originals.get (2 KB)', (i) => store.originals.get('t', `r${i}`));
await time('originals.touch (1 ref)', (i) => store.originals.touch('t', [`r${i}`]));
await time('memo.set', (i) => store.memo.set('t', `k${i}`, memo));
await time('memo.get', (i) => store.memo.get('t', `k${i}`));
await time('ledger.append', () => store.ledger.append({ type: 'compression', time: Date.now(), compressor: 'json', contentType: 'json', tokensBefore: 100, tokensAfter: 10, exact: true }));
const t = performance.now();
await store.ledger.summary();
console.log(`ledger.summary over ${N} fresh entries: ${(performance.now() - t).toFixed(0)} ms; load average ${loadavg()[0].toFixed(2)}`);
await store.close();
await server.stop();
