import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMarkers, refOf } from '@headroom/core';
import { createSqliteStore } from '@headroom/store-sqlite';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { type CallToolResult, LoggingMessageNotificationSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
const ROOT = dirname(dirname(dirname(dirname(BIN))));
// 214 KB of a real Linux syslog (loghub): what the scripted server's tool returns.
const LOG_FILE = join(ROOT, '..', 'shared', 'evaldata', 'logs', 'Linux', 'Linux_2k.log');
const LOG = readFileSync(LOG_FILE, 'utf8');

/** A stdio MCP server, scripted for this test with the SDK: tools, a resource, a prompt, logging, errors. */
const scriptedServer = (sdk: (path: string) => string) => `
import { readFileSync } from 'node:fs';
import { McpServer } from ${JSON.stringify(sdk('@modelcontextprotocol/sdk/server/mcp.js'))};
import { StdioServerTransport } from ${JSON.stringify(sdk('@modelcontextprotocol/sdk/server/stdio.js'))};
import { McpError } from ${JSON.stringify(sdk('@modelcontextprotocol/sdk/types.js'))};
import { z } from ${JSON.stringify(sdk('zod'))};
const server = new McpServer({ name: 'scripted-logs', version: '3.1.4' }, { capabilities: { logging: {} }, instructions: 'Scripted for a test.' });
server.registerTool('read_log', { description: 'Returns the whole system log.', inputSchema: { host: z.string().optional() } }, async (_input, extra) => {
  await server.server.sendLoggingMessage({ level: 'info', data: 'reading the log' });
  return { content: [{ type: 'text', text: readFileSync(${JSON.stringify(LOG_FILE)}, 'utf8') }] };
});
server.registerTool('count', { description: 'Reports progress.', inputSchema: {} }, async (_input, extra) => {
  const token = extra._meta?.progressToken;
  for (let i = 1; i <= 3; i++) if (token !== undefined) await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: i, total: 3, message: 'step ' + i } });
  return { content: [{ type: 'text', text: 'counted' }] };
});
server.registerTool('echo', { description: 'Echoes.', inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
server.registerTool('broken', { description: 'Always fails as a tool.', inputSchema: {} }, async () => ({ content: [{ type: 'text', text: 'disk quota exceeded' }], isError: true }));
server.registerTool('protocol_error', { description: 'Fails as a protocol error.', inputSchema: {} }, async () => { throw new McpError(-32042, 'scripted protocol failure', { why: 'test' }); });
server.registerResource('motd', 'file:///etc/motd', { mimeType: 'text/plain' }, async (uri) => ({ contents: [{ uri: uri.href, text: 'welcome' }] }));
server.registerPrompt('triage', { description: 'Triage a log', argsSchema: { focus: z.string() } }, ({ focus }) => ({ messages: [{ role: 'user', content: { type: 'text', text: 'Triage for ' + focus } }] }));
await server.connect(new StdioServerTransport());
`;

const text = (result: unknown, block = 0): string => {
  const content = (result as CallToolResult).content[block];
  if (content?.type !== 'text') throw new Error(`block ${block} is not text`);
  return content.text;
};

describe('headroom mcp wrap -- node scripted-server.mjs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-mcp-wrap-'));
  const home = join(dir, 'home');
  const script = join(dir, 'scripted-server.mjs');
  let direct: Client;
  let wrapped: Client;
  const logged: unknown[] = [];
  beforeAll(async () => {
    writeFileSync(script, scriptedServer((path) => import.meta.resolve(path)));
    const env = { ...process.env, HEADROOM_HOME: home } as Record<string, string>;
    direct = new Client({ name: 'direct', version: '1' });
    await direct.connect(new StdioClientTransport({ command: process.execPath, args: [script], env }));
    wrapped = new Client({ name: 'wrapped', version: '1' });
    wrapped.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logged.push(n.params.data));
    await wrapped.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', 'wrap', '--', process.execPath, script], env, stderr: 'pipe' }));
  });
  afterAll(async () => {
    await wrapped?.close();
    await direct?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('announces the wrapped server and lists its tools unchanged, plus headroom_retrieve', async () => {
    expect(wrapped.getServerVersion()).toEqual(direct.getServerVersion());
    expect(wrapped.getInstructions()).toBe('Scripted for a test.');
    const mine = (await direct.listTools()).tools;
    const theirs = (await wrapped.listTools()).tools;
    expect(theirs.slice(0, -1)).toEqual(mine);
    expect(theirs.at(-1)?.name).toBe('headroom_retrieve');
    expect(theirs.at(-1)?.inputSchema.required).toEqual(['hash']);
  });

  it('returns the 214 KB tool result compressed with markers, and redeems it byte-exact', async () => {
    const result = await wrapped.callTool({ name: 'read_log', arguments: {} });
    const compressed = text(result);
    expect(LOG.length).toBeGreaterThan(200_000);
    expect(compressed.length).toBeLessThan(LOG.length / 2);
    const markers = parseMarkers(compressed);
    expect(markers.length).toBeGreaterThan(0);
    // The log's failures stay visible.
    expect(compressed).toContain('authentication failure');
    const parts = await Promise.all(markers.map((m) => wrapped.callTool({ name: 'headroom_retrieve', arguments: { hash: m.ref } })));
    for (const part of parts) {
      expect(part.isError).toBeFalsy();
      // A part is the omitted lines (a template's instances need not be adjacent): each one verbatim from the log.
      for (const line of text(part).split('\n')) expect(LOG).toContain(line);
    }
    // The whole original, under its content ref, byte for byte.
    expect(text(await wrapped.callTool({ name: 'headroom_retrieve', arguments: { hash: refOf(LOG) } }))).toBe(LOG);
    // The whole original is in the store under its ref, in the local tenant, tagged source "mcp".
    const store = createSqliteStore({ home });
    try {
      const rows = await store.ledger.read({ type: 'compression' });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ source: 'mcp', tenant: 'local', toolName: 'read_log' });
    } finally {
      await store.close();
    }
    expect(logged).toContain('reading the log');
  });

  it('answers headroom_retrieve only for refs it handed out; bad input is an isError result', async () => {
    const unknown = await wrapped.callTool({ name: 'headroom_retrieve', arguments: { hash: 'ffffffffffffffffffffffff' } });
    expect(unknown.isError).toBe(true);
    expect((await wrapped.callTool({ name: 'headroom_retrieve', arguments: { hash: 7 } })).isError).toBe(true);
  });

  it('relays progress notifications under the client’s own progress token', async () => {
    // Spoken raw over stdio: the SDK client drops progress that arrives in the same read as the
    // response (its notification handlers run a tick later), which would make this test flaky.
    const child = spawn(process.execPath, [BIN, 'mcp', 'wrap', '--', process.execPath, script], { env: { ...process.env, HEADROOM_HOME: home }, stdio: ['pipe', 'pipe', 'ignore'] });
    try {
      const messages: Array<{ id?: number; method?: string; params?: Record<string, unknown> }> = [];
      let buffered = '';
      const responded = (id: number) =>
        new Promise<void>((resolve) => {
          const check = () => messages.some((m) => m.id === id) && resolve();
          child.stdout.on('data', check);
          check();
        });
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
          messages.push(JSON.parse(buffered.slice(0, nl)));
          buffered = buffered.slice(nl + 1);
        }
      });
      const send = (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`);
      send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
      await responded(1);
      send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'count', arguments: {}, _meta: { progressToken: 'tok-7' } } });
      await responded(2);
      const progress = messages.filter((m) => m.method === 'notifications/progress').map((m) => m.params);
      expect(progress).toEqual([1, 2, 3].map((i) => ({ progressToken: 'tok-7', progress: i, total: 3, message: `step ${i}` })));
      expect(messages.findIndex((m) => m.id === 2)).toBeGreaterThan(messages.findIndex((m) => m.params?.progress === 3));
    } finally {
      child.kill();
    }
  });

  it('passes small results, tool errors, protocol errors, resources and prompts through unchanged', async () => {
    const calls = [
      { name: 'echo', arguments: { text: 'short and sweet' } },
      { name: 'broken', arguments: {} },
    ];
    for (const call of calls) expect(await wrapped.callTool(call)).toEqual(await direct.callTool(call));
    const failure = async (client: Client) => client.callTool({ name: 'protocol_error', arguments: {} }).catch((e: unknown) => e);
    const [viaFront, viaDirect] = [await failure(wrapped), await failure(direct)];
    expect(viaFront).toBeInstanceOf(McpError);
    // The same code, data and message on the wire (the SDK client prefixes "MCP error CODE: " on both paths).
    expect(viaFront).toMatchObject({ code: -32042, data: { why: 'test' } });
    expect((viaFront as Error).message).toBe((viaDirect as Error).message);
    expect((viaFront as Error).message).toContain('scripted protocol failure');
    const unknownTool = async (client: Client) => client.callTool({ name: 'no_such_tool', arguments: {} }).catch((e: unknown) => e);
    expect(await unknownTool(wrapped)).toEqual(await unknownTool(direct));
    expect(await wrapped.listResources()).toEqual(await direct.listResources());
    expect(await wrapped.readResource({ uri: 'file:///etc/motd' })).toEqual(await direct.readResource({ uri: 'file:///etc/motd' }));
    expect(await wrapped.listPrompts()).toEqual(await direct.listPrompts());
    expect(await wrapped.getPrompt({ name: 'triage', arguments: { focus: 'ssh' } })).toEqual(await direct.getPrompt({ name: 'triage', arguments: { focus: 'ssh' } }));
    await expect(wrapped.getPrompt({ name: 'nope' })).rejects.toBeInstanceOf(McpError);
  });
});
