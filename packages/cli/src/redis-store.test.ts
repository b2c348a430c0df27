import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRedisStore } from '@headroom/store-redis';
import { type RedisServer, startRedisServer } from '@headroom/store-redis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompressJson } from './commands/compress.js';
import { startProxyChild } from './testing/proxy-child.js';

// The built `headroom` command against a real redis-server on a free loopback port.
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(packageDir, 'dist', 'bin.js');
const sample = join(packageDir, 'samples', 'github-issues.json');

let dir: string;
let redis: RedisServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-cli-redis-'));
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

function headroom(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: dir, env: { ...process.env, HEADROOM_HOME: join(dir, 'home'), ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, out: result.stdout.toString('utf8'), err: result.stderr.toString('utf8') };
}

describe('HEADROOM_STORE=redis://…', () => {
  it('compress, retrieve and stats all use the Redis, and no SQLite file is made', async () => {
    const env = { HEADROOM_STORE: `${redis.url.replace(/\/0$/, '/3')}` };
    const compress = headroom(['compress', sample, '--json'], env);
    expect(compress.code, compress.err).toBe(0);
    const result = JSON.parse(compress.out) as CompressJson;
    expect(result.markers.length).toBeGreaterThan(0);
    const ref = result.markers[0]?.ref ?? '';

    const retrieve = headroom(['retrieve', ref], env);
    expect(retrieve.code, retrieve.err).toBe(0);
    expect(retrieve.out.length).toBeGreaterThan(0);
    const store = await createRedisStore({ url: env.HEADROOM_STORE });
    try {
      expect((await store.originals.lookup(ref))?.original).toBe(retrieve.out);
    } finally {
      await store.close();
    }

    const stats = headroom(['stats', '--json'], env);
    expect(stats.code, stats.err).toBe(0);
    expect(JSON.parse(stats.out).compression.events).toBe(1);
    expect(existsSync(join(dir, 'home', 'headroom.db'))).toBe(false);
    // Nothing of it is in the SQLite default.
    expect(headroom(['retrieve', ref], {}).code).not.toBe(0);
  });

  it('a bad HEADROOM_STORE is a one-line usage error that never echoes the password', () => {
    const run = headroom(['stats'], { HEADROOM_STORE: 'postgres://user:hunter2@db/1' });
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^headroom: [^\n]*HEADROOM_STORE must be sqlite or a redis:\/\/HOST:PORT\/DB URL[^\n]*\n$/);
    expect(run.err).not.toContain('hunter2');
  });

  it('headroom proxy --store redis://… names the store without its password and serves /readyz from it', async () => {
    const url = redis.url.replace('redis://', 'redis://default:unused@');
    const proxy = await startProxyChild(['--store', url], { ...process.env, HEADROOM_HOME: join(dir, 'home') });
    const base = proxy.url;
    try {
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      await redis.kill();
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      await redis.restart();
      let status = 0;
      for (const deadline = Date.now() + 60_000; status !== 200 && Date.now() < deadline; ) {
        status = (await fetch(`${base}/readyz`)).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(200);
      expect(proxy.stderr()).toContain(`store: ${redis.url}`);
      expect(proxy.stderr()).toMatch(/warning: Redis store redis:\/\/127\.0\.0\.1:\d+\/0: .*reconnecting/);
      expect(proxy.stderr()).not.toContain('unused');
    } finally {
      await proxy.stop();
    }
  });
});
