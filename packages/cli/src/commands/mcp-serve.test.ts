import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LedgerEvent, parseMarkers } from '@headroom/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createSqliteStore } from '@headroom/store-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The real bin, as a client starts it: `node dist/bin.js mcp serve`, against a temp HEADROOM_HOME.
const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
const ROOT = dirname(dirname(dirname(dirname(BIN))));
// The GitHub "list issues" response shipped in the repo (seeded, see samples/), and a real Linux syslog (loghub).
const ISSUES_JSON = readFileSync(join(ROOT, 'packages', 'cli', 'samples', 'github-issues.json'), 'utf8');
const LINUX_LOG = readFileSync(join(ROOT, '..', 'shared', 'evaldata', 'logs', 'Linux', 'Linux_2k.log'), 'utf8');

const text = (result: unknown, block = 0): string => {
  const content = (result as CallToolResult).content[block];
  if (content?.type !== 'text') throw new Error(`block ${block} is not text: ${JSON.stringify(result).slice(0, 300)}`);
  return content.text;
};
const wholeRef = (result: unknown): string => /whole original: ref=([0-9a-f]{24})/.exec(text(result, 1))?.[1] ?? '';
const cliStatsJson = (home: string) => JSON.parse(execFileSync(process.execPath, [BIN, 'stats', '--json'], { env: { ...process.env, HEADROOM_HOME: home }, encoding: 'utf8' })) as unknown;
const ledger = async (home: string): Promise<LedgerEvent[]> => {
  const store = createSqliteStore({ home });
  try {
    return await store.ledger.read();
  } finally {
    await store.close();
  }
};

describe('headroom mcp serve (stdio) with the MCP SDK client', () => {
  const home = mkdtempSync(join(tmpdir(), 'headroom-mcp-stdio-'));
  let client: Client;
  beforeAll(async () => {
    client = new Client({ name: 'headroom-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', 'serve'], env: { ...process.env, HEADROOM_HOME: home } as Record<string, string>, stderr: 'pipe' }));
  });
  afterAll(async () => {
    await client?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('lists the three tools with schemas and descriptions', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['headroom_compress', 'headroom_retrieve', 'headroom_stats']);
    const compress = tools.find((t) => t.name === 'headroom_compress')!;
    expect(compress.inputSchema.required).toEqual(['content']);
    expect(Object.keys(compress.inputSchema.properties ?? {})).toEqual(['content', 'query']);
    expect(tools.find((t) => t.name === 'headroom_retrieve')!.inputSchema.required).toEqual(['hash']);
    for (const tool of tools) expect(tool.description?.length).toBeGreaterThan(80);
  });

  it('compresses a large real JSON response and retrieves it byte-exact', async () => {
    const result = await client.callTool({ name: 'headroom_compress', arguments: { content: ISSUES_JSON, query: 'crash' } });
    expect(result.isError).toBeFalsy();
    const compressed = text(result);
    expect(compressed.length).toBeLessThan(ISSUES_JSON.length / 2);
    expect(parseMarkers(compressed).length).toBeGreaterThan(0);
    expect(text(result, 1)).toMatch(/^headroom: json compressed \d+ → \d+ tokens/);
    const back = await client.callTool({ name: 'headroom_retrieve', arguments: { hash: wholeRef(result) } });
    expect(text(back)).toBe(ISSUES_JSON);
    // Every marker's original is retrievable too, and is a slice of what was sent.
    for (const marker of parseMarkers(compressed)) {
      const part = await client.callTool({ name: 'headroom_retrieve', arguments: { hash: `<<headroom: x ref=${marker.ref}>>` } });
      expect(part.isError).toBeFalsy();
      expect(text(part).length).toBeGreaterThan(0);
    }
  });

  it('compresses a real syslog, keeps its errors visible, and answers a query with numbered lines', async () => {
    const result = await client.callTool({ name: 'headroom_compress', arguments: { content: LINUX_LOG } });
    const compressed = text(result);
    expect(compressed.length).toBeLessThan(LINUX_LOG.length / 2);
    const ref = wholeRef(result);
    expect(text(await client.callTool({ name: 'headroom_retrieve', arguments: { hash: ref } }))).toBe(LINUX_LOG);

    const lines = LINUX_LOG.split('\n');
    const answer = text(await client.callTool({ name: 'headroom_retrieve', arguments: { hash: ref, query: 'authentication failure' } }));
    const [header, ...rows] = answer.split('\n');
    const expected = lines.flatMap((line, i) => (/authentication|failure/i.test(line) ? [`${i + 1}:${line}`] : []));
    expect(header).toBe(`${expected.length} of ${lines.length} lines of ref ${ref} match "authentication failure" (LINE:text; LINE:COLUMN:…text… inside long lines):`);
    expect(rows).toEqual(expected);
    expect(rows.length).toBeGreaterThan(10);
  });

  it('answers bad input with isError results, and keeps serving', async () => {
    const bad = [
      { name: 'headroom_compress', arguments: { content: 42 } },
      { name: 'headroom_compress', arguments: {} },
      { name: 'headroom_compress', arguments: { content: '' } },
      { name: 'headroom_retrieve', arguments: { hash: 'not a ref' } },
      { name: 'headroom_retrieve', arguments: { hash: '0123456789abcdef01234567' } },
      { name: 'headroom_retrieve', arguments: { query: 'x' } },
    ];
    for (const call of bad) {
      const result = await client.callTool(call);
      expect(result.isError, JSON.stringify(call)).toBe(true);
      expect(text(result).length).toBeGreaterThan(10);
    }
    expect(text(await client.callTool({ name: 'headroom_retrieve', arguments: { hash: '0123456789abcdef01234567' } }))).toBe(
      'The original behind ref 0123456789abcdef01234567 is no longer stored (it expired or was never kept). Re-run the tool that produced this content to see it in full.',
    );
    expect((await client.listTools()).tools).toHaveLength(3);
  });

  it('reports the same figures as `headroom stats --json`, from ledger rows tagged source "mcp"', async () => {
    const stats = JSON.parse(text(await client.callTool({ name: 'headroom_stats', arguments: {} }))) as Record<string, unknown>;
    expect(stats).toEqual(cliStatsJson(home));
    expect((stats.compression as { events: number }).events).toBeGreaterThanOrEqual(2);
    const rows = await ledger(home);
    expect(rows.filter((r) => r.type === 'compression').every((r) => r.source === 'mcp' && r.tenant === 'local')).toBe(true);
    expect(rows.filter((r) => r.type === 'retrieval').every((r) => r.source === 'mcp')).toBe(true);
  });
});

describe('headroom mcp serve --transport http with the MCP SDK client', () => {
  const home = mkdtempSync(join(tmpdir(), 'headroom-mcp-http-'));
  let server: ChildProcess;
  let url: URL;
  const clients: Client[] = [];
  async function connect(token?: string): Promise<Client> {
    const client = new Client({ name: `headroom-test-${token ?? 'local'}`, version: '1.0.0' });
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
    clients.push(client);
    return client;
  }
  beforeAll(async () => {
    server = spawn(process.execPath, [BIN, 'mcp', 'serve', '--transport', 'http', '--port', '0'], { env: { ...process.env, HEADROOM_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    url = new URL(await firstLine(server));
  });
  afterAll(async () => {
    for (const client of clients) await client.close();
    server?.kill('SIGTERM');
    rmSync(home, { recursive: true, force: true });
  });

  it('serves at /mcp on loopback: compress, retrieve byte-exact, stats equal to the CLI', async () => {
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.pathname).toBe('/mcp');
    const client = await connect();
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['headroom_compress', 'headroom_retrieve', 'headroom_stats']);
    for (const content of [ISSUES_JSON, LINUX_LOG]) {
      const result = await client.callTool({ name: 'headroom_compress', arguments: { content } });
      expect(text(result).length).toBeLessThan(content.length / 2);
      expect(text(await client.callTool({ name: 'headroom_retrieve', arguments: { hash: wholeRef(result) } }))).toBe(content);
    }
    const bad = await client.callTool({ name: 'headroom_compress', arguments: { content: ['x'] } });
    expect(bad.isError).toBe(true);
    const stats = JSON.parse(text(await client.callTool({ name: 'headroom_stats', arguments: {} })));
    expect(stats).toEqual(cliStatsJson(home));
  });

  it('keeps tenants apart: a bearer token is a tenant, and another tenant’s ref reads like one that never existed', async () => {
    const alice = await connect('alice-token');
    const bob = await connect('bob-token');
    const mine = await alice.callTool({ name: 'headroom_compress', arguments: { content: LINUX_LOG, query: 'sshd' } });
    const ref = wholeRef(mine);
    expect(text(await alice.callTool({ name: 'headroom_retrieve', arguments: { hash: ref } }))).toBe(LINUX_LOG);
    const theirs = await bob.callTool({ name: 'headroom_retrieve', arguments: { hash: ref } });
    expect(theirs.isError).toBe(true);
    expect(text(theirs)).toBe(`The original behind ref ${ref} is no longer stored (it expired or was never kept). Re-run the tool that produced this content to see it in full.`);
    // Bob's figures are his own: one missed retrieval, no compression.
    const bobStats = JSON.parse(text(await bob.callTool({ name: 'headroom_stats', arguments: {} })));
    expect(bobStats.compression.events).toBe(0);
    expect(bobStats.retrievals).toMatchObject({ count: 1, found: 0, missed: 1 });
    const aliceStats = JSON.parse(text(await alice.callTool({ name: 'headroom_stats', arguments: {} })));
    expect(aliceStats.compression.events).toBe(1);
  });

  it('refuses a foreign Host or Origin (DNS rebinding) and a session of another tenant', async () => {
    const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } });
    const accept = 'application/json, text/event-stream';
    expect((await post(url, init, { host: `evil.example:${url.port}`, accept })).status).toBe(403);
    expect((await post(url, init, { origin: 'http://evil.example', accept })).status).toBe(403);
    const opened = await post(url, init, { accept, authorization: 'Bearer alice-token' });
    expect(opened.status).toBe(200);
    const session = opened.headers['mcp-session-id'] as string;
    const list = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect((await post(url, list, { accept, 'mcp-session-id': session, authorization: 'Bearer bob-token', 'mcp-protocol-version': '2025-06-18' })).status).toBe(404);
    expect((await post(new URL('/other', url), list, { accept })).status).toBe(404);
    expect((await post(url, '{not json', { accept })).status).toBe(400);
  });
});

describe('headroom mcp serve: flags', () => {
  it('refuses to listen beyond loopback without a token, and an unknown transport', () => {
    const run = (args: string[]) => {
      try {
        execFileSync(process.execPath, [BIN, 'mcp', 'serve', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        return { status: 0, stderr: '' };
      } catch (error) {
        const e = error as { status: number; stderr: string };
        return { status: e.status, stderr: e.stderr };
      }
    };
    const open = run(['--transport', 'http', '--host', '0.0.0.0', '--port', '0']);
    expect(open.status).toBe(2);
    expect(open.stderr).toContain('set a token');
    const unknown = run(['--transport', 'sse']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('headroom: --transport must be stdio or http, got "sse"\n');
    expect(existsSync(BIN)).toBe(true);
  });
});

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline !== -1) resolve(buffered.slice(0, newline));
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before printing its URL: ${stderr}`)));
  });
}

function post(url: URL, body: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
