import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unwrap } from './unwrap.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-unwrap-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('unwrap codex', () => {
  it('restores the config from a backup left behind by a crash', async () => {
    mkdirSync(join(dir, 'codex'));
    writeFileSync(join(dir, 'codex', 'config.toml'), 'model_provider = "headroom"\n');
    writeFileSync(join(dir, 'codex', 'config.toml.headroom-backup'), 'model = "gpt-5"\n');
    const changes = await unwrap('codex', { CODEX_HOME: join(dir, 'codex') }, dir);
    expect(changes).toHaveLength(1);
    expect(readFileSync(join(dir, 'codex', 'config.toml'), 'utf8')).toBe('model = "gpt-5"\n');
  });

  it('removes a leftover headroom provider and keeps everything else', async () => {
    mkdirSync(join(dir, 'codex'));
    const config = ['model_provider = "headroom"', 'model = "gpt-5"', '', '[model_providers.headroom]', 'name = "headroom"', 'base_url = "http://127.0.0.1:9/v1"', '', '[mcp_servers.docs]', 'command = "docs"', ''].join('\n');
    writeFileSync(join(dir, 'codex', 'config.toml'), config);
    await unwrap('codex', { CODEX_HOME: join(dir, 'codex') }, dir);
    expect(readFileSync(join(dir, 'codex', 'config.toml'), 'utf8')).toBe(['model = "gpt-5"', '', '[mcp_servers.docs]', 'command = "docs"', ''].join('\n'));
  });

  it('has nothing to repair in a clean config', async () => {
    expect(await unwrap('codex', { CODEX_HOME: join(dir, 'none') }, dir)).toEqual([]);
  });
});

describe('unwrap claude', () => {
  let live: Server;
  let livePort: number;
  beforeEach(async () => {
    live = createServer((_, res) => res.end('ok'));
    await new Promise<void>((r) => live.listen(0, '127.0.0.1', () => r()));
    livePort = (live.address() as { port: number }).port;
  });
  afterEach(() => new Promise<void>((r) => live.close(() => r())));

  it('removes a base URL pointing at a loopback proxy that is gone, and only that', async () => {
    mkdirSync(join(dir, '.claude'));
    const settings = join(dir, '.claude', 'settings.json');
    writeFileSync(settings, JSON.stringify({ env: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9', KEEP: '1' }, model: 'opus' }));
    const changes = await unwrap('claude', { HOME: dir }, join(dir, 'project'));
    expect(changes).toHaveLength(1);
    expect(JSON.parse(readFileSync(settings, 'utf8'))).toEqual({ env: { KEEP: '1' }, model: 'opus' });
  });

  it('leaves a base URL that still answers, and a company gateway', async () => {
    mkdirSync(join(dir, '.claude'));
    mkdirSync(join(dir, 'project', '.claude'), { recursive: true });
    const user = JSON.stringify({ env: { ANTHROPIC_BASE_URL: `http://127.0.0.1:${livePort}` } });
    const project = JSON.stringify({ env: { ANTHROPIC_BASE_URL: 'https://gateway.example.com' } });
    writeFileSync(join(dir, '.claude', 'settings.json'), user);
    writeFileSync(join(dir, 'project', '.claude', 'settings.local.json'), project);
    expect(await unwrap('claude', { HOME: dir }, join(dir, 'project'))).toEqual([]);
    expect(readFileSync(join(dir, '.claude', 'settings.json'), 'utf8')).toBe(user);
  });
});
