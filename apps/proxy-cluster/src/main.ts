#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startCluster } from './start-cluster.js';

// pnpm --filter @headroom/proxy-cluster start -- [--replicas N] [--redis redis://HOST:PORT/DB] [-- headroom proxy flags]
// pnpm passes its own `--` through: drop a leading one.
const argv = process.argv[2] === '--' ? process.argv.slice(3) : process.argv.slice(2);
const split = argv.indexOf('--');
const own = split === -1 ? argv : argv.slice(0, split);
const proxyArgs = split === -1 ? [] : argv.slice(split + 1);
const { values } = parseArgs({ args: own, options: { replicas: { type: 'string' }, redis: { type: 'string' } } });
const replicas = Number(values.replicas ?? process.env.HEADROOM_REPLICAS ?? 2);

const cluster = await startCluster({
  replicas,
  ...(values.redis ? { redisUrl: values.redis } : {}),
  proxyArgs,
  onLog: (index, line) => process.stderr.write(`[replica ${index}] ${line}\n`),
});
process.stdout.write(`store: ${cluster.redisUrl}${cluster.redis ? ' (redis-server started here, not persisted)' : ''}\n`);
for (const replica of cluster.replicas) process.stdout.write(`replica ${replica.index}: ${replica.url}\n`);
process.stderr.write('headroom-cluster: running; Ctrl-C stops the replicas and the Redis it started\n');

const signal = await new Promise<string>((resolve) => {
  process.once('SIGINT', () => resolve('SIGINT'));
  process.once('SIGTERM', () => resolve('SIGTERM'));
});
await cluster.stop();
process.stderr.write(`headroom-cluster: stopped (${signal})\n`);
