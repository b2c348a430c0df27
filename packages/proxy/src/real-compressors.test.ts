import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonCompressor } from '@headroom/compressor-json';
import { logsCompressor } from '@headroom/compressor-logs';
import { parseMarkers, RETRIEVE_TOOL_NAME } from '@headroom/core';
import { createSqliteStore } from '@headroom/store-sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { send, evaldataDir } from './internal/test-kit.js';
import { requestTenant } from './internal/request-tenant.js';
import { type RunningProxy, startProxy } from './start-proxy.js';
import { startScriptedUpstream } from './testing/scripted-upstream.js';

const data = evaldataDir();
const jsonFiles = readdirSync(join(data, 'json/github-octokit-fixtures/responses'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => readFileSync(join(data, 'json/github-octokit-fixtures/responses', f), 'utf8'));
const logSystems = ['Apache', 'HDFS', 'OpenSSH', 'Zookeeper', 'Spark', 'Hadoop', 'Linux', 'HPC'];
const logFiles = logSystems.map((s) => readFileSync(join(data, 'logs', s, `${s}_2k.log`), 'utf8').split('\n'));

/** Real tool outputs: GitHub API responses and 300-line slices of Loghub logs, alternating. */
function toolOutput(turn: number): string {
  if (turn % 2 === 0) return jsonFiles[(turn / 2) % jsonFiles.length]!;
  const lines = logFiles[turn % logFiles.length]!;
  const start = (turn * 97) % (lines.length - 300);
  return lines.slice(start, start + 300).join('\n');
}

function conversation(turns: number) {
  const messages: unknown[] = [{ role: 'user', content: 'Find out why the deploy failed.' }];
  for (let t = 0; t < turns; t++) {
    messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: `toolu_${t}`, name: t % 2 === 0 ? 'github_api' : 'Bash', input: { step: t } }] });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${t}`, content: toolOutput(t) }] });
  }
  return { model: 'claude-sonnet-4-5', max_tokens: 1024, system: 'You are an SRE agent.', messages };
}

const home = mkdtempSync(join(tmpdir(), 'headroom-proxy-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('with the real JSON and logs compressors and the SQLite store', () => {
  it.each(['lossless', 'lossy'] as const)('%s: keeps the prefix byte-identical over 30 turns, across a proxy restart', async (mode) => {
    const upstream = await startScriptedUpstream();
    const stores: ReturnType<typeof createSqliteStore>[] = [];
    const start = () => {
      const store = createSqliteStore({ path: join(home, `${mode}.db`) });
      stores.push(store);
      return startProxy({ port: 0, mode, anthropicUpstream: upstream.url, store, compressors: [jsonCompressor(), logsCompressor()], outboundProxy: false });
    };
    let proxy: RunningProxy = await start();
    let previous: string[] = [];
    let previousTools: string | undefined;
    let shrank = 0;
    try {
      for (let turn = 1; turn <= 30; turn++) {
        if (turn === 16) {
          // A restart loses the in-process cache; the store's memo must give the same bytes.
          await proxy.close();
          proxy = await start();
        }
        const body = conversation(turn);
        const answer = await send(`${proxy.url}/v1/messages`, { headers: { 'x-api-key': 'k' }, body: JSON.stringify(body) });
        expect(answer.status).toBe(200);
        const sent = upstream.requests.at(-1)!.json<{ messages: unknown[]; tools?: unknown[] }>();
        const history = sent.messages.map((m) => JSON.stringify(m));
        for (let i = 0; i < previous.length; i++) {
          if (history[i] !== previous[i]) throw new Error(`turn ${turn}: message ${i} differs from turn ${turn - 1}`);
        }
        // Once the retrieve tool is offered it stays, with the same bytes, on every later turn.
        if (previousTools !== undefined) expect(JSON.stringify(sent.tools)).toBe(previousTools);
        if (sent.tools) previousTools = JSON.stringify(sent.tools);
        previous = history;
        const newest = (sent.messages.at(-1) as { content: { content: string }[] }).content[0]!.content;
        if (newest.length < toolOutput(turn - 1).length) shrank++;
      }
      const markers = parseMarkers(previous.join(''));
      if (mode === 'lossless') {
        // Nothing was omitted, so no marker went to a model that could not redeem it, and no tool was added.
        expect(markers).toEqual([]);
        expect(previousTools).toBeUndefined();
        // Lossless re-encoding shrinks most JSON responses; unique log lines have nothing to fold.
        expect(shrank).toBeGreaterThanOrEqual(12);
      } else {
        // Every marker the model saw is redeemable, and the model was given the tool to redeem it.
        expect(markers.length).toBeGreaterThan(0);
        expect(previousTools).toContain(RETRIEVE_TOOL_NAME);
        const store = createSqliteStore({ path: join(home, `${mode}.db`) });
        stores.push(store);
        for (const marker of markers) expect(await store.originals.get(requestTenant({ 'x-api-key': 'k' }), marker.ref)).toBeDefined();
        expect(shrank).toBeGreaterThanOrEqual(25);
      }
    } finally {
      await proxy.close();
      await upstream.close();
      for (const store of stores) await store.close();
    }
  });
});
