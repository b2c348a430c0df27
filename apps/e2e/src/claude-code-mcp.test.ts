import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LedgerEvent, parseMarkers, refOf } from '@headroom/core';
import { type RecordedRequest, type ScriptedUpstream, startScriptedUpstream } from '@headroom/proxy/testing';
import { createSqliteStore } from '@headroom/store-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnthropicBody, anthropicToolResults, claudeCodeScript } from './agent-scripts.js';
import { ensureClaudeCode, runClaudeCode } from './claude-code.js';
import { cliBin } from './internal/cli-bin.js';
import { logRecordsFixture } from './log-records-fixture.js';
import type { ProcessResult } from './run-process.js';

const ANSWER = 'Worker 7 died: the database pool was exhausted.';
const COMPRESS_ID = 'toolu_mcp_compress';
const RETRIEVE_ID = 'toolu_mcp_retrieve';
const COMPRESS_TOOL = 'mcp__headroom__headroom_compress';
const RETRIEVE_TOOL = 'mcp__headroom__headroom_retrieve';

describe('Claude Code with `headroom mcp serve` as its MCP server', () => {
  const fixture = logRecordsFixture();
  let home: string;
  let workdir: string;
  let upstream: ScriptedUpstream;
  let run: ProcessResult;
  const messageRequests = (): RecordedRequest[] => upstream.requests.filter((r) => r.method === 'POST' && r.path.split('?')[0] === '/v1/messages');
  const resultsFor = (id: string) => messageRequests().flatMap((r) => anthropicToolResults(r.json<AnthropicBody>(), id));

  // The scripted model asks Claude Code to compress a ~26 KB JSON log export through the MCP
  // server, then to retrieve the whole original by its ref (refOf is the one hash everywhere).
  beforeAll(async () => {
    const claude = await ensureClaudeCode();
    home = await mkdtemp(join(tmpdir(), 'headroom-e2e-mcp-home-'));
    workdir = await mkdtemp(join(tmpdir(), 'headroom-e2e-mcp-work-'));
    upstream = await startScriptedUpstream({
      handler: claudeCodeScript({
        calls: [
          { id: COMPRESS_ID, name: COMPRESS_TOOL, input: { content: fixture.text, query: 'database pool' } },
          { id: RETRIEVE_ID, name: RETRIEVE_TOOL, input: { hash: refOf(fixture.text) } },
        ],
        answer: ANSWER,
      }),
    });
    const config = join(workdir, 'mcp.json');
    await writeFile(config, JSON.stringify({ mcpServers: { headroom: { type: 'stdio', command: process.execPath, args: [cliBin(), 'mcp', 'serve'], env: { HEADROOM_HOME: home } } } }));
    run = await runClaudeCode({
      bin: claude,
      baseUrl: upstream.url,
      prompt: 'Why did the checkout worker die? Compress the log export first.',
      allowedTools: [COMPRESS_TOOL, RETRIEVE_TOOL],
      extraArgs: ['--mcp-config', config, '--strict-mcp-config'],
      // Claude Code defers MCP tools behind its ToolSearch tool by default; the scripted model
      // calls them directly, so they must be in the request's tool list.
      env: { ENABLE_TOOL_SEARCH: 'false' },
      cwd: workdir,
    });
  });
  afterAll(async () => {
    await upstream?.close();
    await rm(workdir, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  });

  it('offers the Headroom tools to the model and finishes the session', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(ANSWER);
    const tools = (messageRequests()[0]?.json<AnthropicBody>().tools ?? []).map((t) => t.name);
    expect(tools).toEqual(expect.arrayContaining([COMPRESS_TOOL, RETRIEVE_TOOL, 'mcp__headroom__headroom_stats']));
  });

  it('brings the compressed text, with its markers and the planted records, into the next request', () => {
    const [compressed] = resultsFor(COMPRESS_ID);
    expect(compressed).toBeDefined();
    expect(compressed!.length).toBeLessThan(fixture.text.length * 0.6);
    expect(parseMarkers(compressed!).length).toBeGreaterThan(0);
    for (const kept of fixture.mustKeep) expect(compressed).toContain(kept);
    expect(compressed).toContain(`whole original: ref=${refOf(fixture.text)}`);
  });

  it('brings the retrieved original, byte for byte, into the request after that', () => {
    const [retrieved] = resultsFor(RETRIEVE_ID);
    expect(retrieved).toBe(fixture.text);
  });

  it('records both in the ledger with source "mcp"', async () => {
    const store = createSqliteStore({ home });
    let rows: LedgerEvent[];
    try {
      rows = await store.ledger.read();
    } finally {
      await store.close();
    }
    expect(rows.filter((r) => r.type === 'compression')).toEqual([expect.objectContaining({ source: 'mcp', tenant: 'local', toolName: 'headroom_compress' })]);
    expect(rows.filter((r) => r.type === 'retrieval')).toEqual([expect.objectContaining({ source: 'mcp', found: true, ref: refOf(fixture.text) })]);
  });
});
