import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonCompressor } from '@headroom/compressor-json';
import { textCompressor } from '@headroom/compressor-text';
import { createPolicyFileSource, type HeadroomStore, type LedgerEvent, parseMarkers, POLICY_FILE, RETRIEVE_TOOL_NAME } from '@headroom/core';
import { startProxy } from '@headroom/proxy';
import { anthropicMessage, type RecordedRequest, type ScriptedUpstream, startScriptedUpstream } from '@headroom/proxy/testing';
import { createSqliteStore } from '@headroom/store-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo, CliOutput } from '../cli-io.js';
import { runCli } from '../run-cli.js';

// Real data from this machine: the installed Debian packages, as two tools would return them.
// biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not a template.
const PACKAGES = execFileSync('dpkg-query', ['-W', '-f', '${Package}\\t${Version}\\t${Architecture}\\t${Installed-Size}\\t${Description}\\n'], { encoding: 'utf8' })
  .trim()
  .split('\n')
  .map((line) => line.split('\t'));
const TURNS = 6;
const ROWS = 120;

/** `list_orders`: rows the model needs in full every time (it retrieves what was omitted). */
function orders(turn: number): string {
  const rows = PACKAGES.slice(turn * ROWS, (turn + 1) * ROWS).map(([name, version, arch, size], i) => ({ order: turn * 1000 + i, item: name, version, arch, qty: Number(size) % 7 }));
  return JSON.stringify(rows, null, 2);
}

/** `search_packages`: hits whose omissions the model never asks for. */
function search(turn: number): string {
  const offset = 2000 + turn * ROWS;
  const hits = PACKAGES.slice(offset, offset + ROWS).map(([name, version, , size, description], i) => ({ rank: i + 1, name, version, size: Number(size), description: `${description} `.repeat(6).trim() }));
  return JSON.stringify({ query: 'library', hits }, null, 2);
}

function body(turn: number): string {
  return JSON.stringify({
    model: 'claude-sonnet-4-5',
    max_tokens: 200,
    tools: [
      { name: 'list_orders', description: 'orders', input_schema: { type: 'object', properties: {} } },
      { name: 'search_packages', description: 'search', input_schema: { type: 'object', properties: {} } },
    ],
    messages: [
      { role: 'user', content: `Turn ${turn}: which orders need attention?` },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: `o${turn}`, name: 'list_orders', input: { page: turn } },
          { type: 'tool_use', id: `s${turn}`, name: 'search_packages', input: { q: 'library', page: turn } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: `o${turn}`, content: orders(turn) },
          { type: 'tool_result', tool_use_id: `s${turn}`, content: search(turn) },
        ],
      },
    ],
  });
}

/**
 * The scripted model: if the list_orders result it was sent carries a marker, it retrieves the
 * first one; it never retrieves anything of search_packages; after a retrieval it answers.
 */
function model(request: RecordedRequest) {
  const sent = request.json();
  const last = sent.messages.at(-1);
  const answered = Array.isArray(last.content) && last.content.some((b: { tool_use_id?: string }) => b.tool_use_id?.startsWith('r'));
  if (answered) return { json: anthropicMessage({ text: 'Order 17 needs attention.' }) };
  const ordersResult = last.content.find((b: { tool_use_id: string }) => b.tool_use_id.startsWith('o'));
  const [marker] = parseMarkers(typeof ordersResult.content === 'string' ? ordersResult.content : JSON.stringify(ordersResult.content));
  if (!marker) return { json: anthropicMessage({ text: 'All orders are fine.' }) };
  return { json: anthropicMessage({ text: '', toolCall: { id: `r${marker.ref.slice(0, 6)}`, name: RETRIEVE_TOOL_NAME, input: { hash: marker.ref } } }) };
}

interface Figures {
  retrievals: number;
  tokensBefore: number;
  tokensAfter: number;
}
type Replay = Record<'list_orders' | 'search_packages', Figures>;

/** One run of the session through a fresh proxy (a new session of the agent), figures from the ledger rows it added. */
async function replay(upstream: ScriptedUpstream, store: HeadroomStore, home: string): Promise<Replay> {
  const from = (await store.ledger.read()).length;
  const proxy = await startProxy({
    port: 0,
    anthropicUpstream: upstream.url,
    compressors: [jsonCompressor()],
    store,
    mode: 'lossy',
    outboundProxy: false,
    toolPolicies: createPolicyFileSource(join(home, POLICY_FILE), { checkEveryMs: 0 }),
  });
  try {
    for (let turn = 0; turn < TURNS; turn++) {
      const response = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'sk-test', 'anthropic-version': '2023-06-01' }, body: body(turn) });
      expect(response.status).toBe(200);
      await response.text();
    }
  } finally {
    await proxy.close();
  }
  const rows = (await store.ledger.read()).slice(from);
  const figures = (tool: string): Figures => {
    const mine = rows.filter((e): e is Extract<LedgerEvent, { toolName?: string }> => 'toolName' in e && e.toolName === tool);
    const compressions = mine.filter((e) => e.type === 'compression');
    return {
      retrievals: mine.filter((e) => e.type === 'retrieval' && e.found).length,
      tokensBefore: compressions.reduce((n, e) => n + e.tokensBefore, 0),
      tokensAfter: compressions.reduce((n, e) => n + e.tokensAfter, 0),
    };
  };
  return { list_orders: figures('list_orders'), search_packages: figures('search_packages') };
}

function sink(): CliOutput & { text(): string } {
  let text = '';
  return {
    write(chunk, callback) {
      text += Buffer.from(chunk).toString('utf8');
      callback?.();
      return true;
    },
    text: () => text,
  };
}

async function learn(home: string, args: string[]) {
  const stdout = sink();
  const stderr = sink();
  const io: CliIo = { stdout, stderr, readStdin: async () => Buffer.alloc(0), stdinIsTty: true, env: { HEADROOM_HOME: home, HOME: home }, cwd: home };
  const code = await runCli(['learn', ...args], io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const saved = (f: Figures) => f.tokensBefore - f.tokensAfter;
const pct = (f: Figures) => (f.tokensBefore === 0 ? 0 : (100 * saved(f)) / f.tokensBefore);

describe('headroom learn over a scripted session through the proxy', () => {
  let home: string;
  let upstream: ScriptedUpstream;
  let store: HeadroomStore;
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'headroom-learn-session-'));
    upstream = await startScriptedUpstream();
    upstream.setDefault(model);
    store = createSqliteStore({ home });
  });
  afterAll(async () => {
    await store.close();
    await upstream.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('after learn --apply, the always-retrieved tool needs >= 80% fewer retrievals and the never-retrieved one saves as much or more', async () => {
    const before = await replay(upstream, store, home);
    expect(before.list_orders.retrievals).toBe(TURNS);
    expect(before.search_packages.retrievals).toBe(0);

    const proposed = await learn(home, ['--json']);
    expect(proposed.code).toBe(0);
    const report = JSON.parse(proposed.stdout);
    const change = (key: string) => report.proposals.find((p: { key: string }) => p.key === key)?.change;
    expect(change('list_orders')).toBe('lossless');
    expect(change('search_packages')).toBe('harder');
    expect(report.applied).toBe(false);

    const applied = await learn(home, ['--apply']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('wrote 2 rule(s)');
    const policy = readFileSync(join(home, POLICY_FILE), 'utf8');
    expect(JSON.parse(policy).tools.list_orders.mode).toBe('lossless');
    // Applying again on the same ledger changes nothing.
    expect((await learn(home, ['--apply'])).stdout).toContain('nothing to change');
    expect(readFileSync(join(home, POLICY_FILE), 'utf8')).toBe(policy);

    const after = await replay(upstream, store, home);
    expect(after.list_orders.retrievals).toBeLessThanOrEqual(before.list_orders.retrievals * 0.2);
    expect(saved(after.search_packages)).toBeGreaterThanOrEqual(saved(before.search_packages));

    const total = (r: Replay): Figures => ({
      retrievals: r.list_orders.retrievals + r.search_packages.retrievals,
      tokensBefore: r.list_orders.tokensBefore + r.search_packages.tokensBefore,
      tokensAfter: r.list_orders.tokensAfter + r.search_packages.tokensAfter,
    });
    const line = (name: string, b: Figures, a: Figures) =>
      `| ${name} | ${b.retrievals} | ${a.retrievals} | ${saved(b)} (${pct(b).toFixed(1)}%) | ${saved(a)} (${pct(a).toFixed(1)}%) |`;
    console.log(
      [
        `Scripted session, ${TURNS} turns, before and after \`headroom learn --apply\`:`,
        '| tool | retrievals before | retrievals after | tokens saved before | tokens saved after |',
        '|---|---:|---:|---:|---:|',
        line('list_orders (retrieved every turn)', before.list_orders, after.list_orders),
        line('search_packages (never retrieved)', before.search_packages, after.search_packages),
        line('overall', total(before), total(after)),
      ].join('\n'),
    );

    // The replay's evidence agrees with the policy: nothing more to change; --reset removes it.
    expect((await learn(home, ['--apply'])).stdout).toContain('nothing to change');
    const reset = await learn(home, ['--reset']);
    expect(reset.stdout).toContain('learned policy removed');
    expect(() => readFileSync(join(home, POLICY_FILE))).toThrow();
  });
});

describe('re-reads through the proxy', () => {
  it('the agent running the same command again after a compressed result is a re-read that headroom learn counts', async () => {
    const home = mkdtempSync(join(tmpdir(), 'headroom-learn-reread-'));
    const upstream = await startScriptedUpstream();
    upstream.setDefault(() => ({ json: anthropicMessage({ text: 'ok' }) }));
    const store = createSqliteStore({ home });
    const proxy = await startProxy({ port: 0, anthropicUpstream: upstream.url, compressors: [textCompressor()], store, mode: 'lossy', outboundProxy: false });
    try {
      // Real output of a real program: the package list of this machine.
      const listing = execFileSync('dpkg', ['-l'], { encoding: 'utf8' }).split('\n').slice(0, 600).join('\n');
      const call = (id: string) => ({ role: 'assistant', content: [{ type: 'tool_use', id, name: 'Bash', input: { command: 'dpkg -l' } }] });
      const result = (id: string, content: string) => ({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content }] });
      const first = [{ role: 'user', content: 'Is libssl installed?' }, call('b1'), result('b1', listing)];
      const second = [...first, call('b2'), result('b2', `${listing}\n`)];
      for (const messages of [first, second, [...second, { role: 'assistant', content: 'Checking.' }, { role: 'user', content: 'And?' }]]) {
        const response = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' }, body: JSON.stringify({ model: 'm', max_tokens: 10, messages }) });
        expect(response.status).toBe(200);
        await response.text();
      }
      expect(parseMarkers(upstream.requests[0]!.text()).length).toBeGreaterThan(0);
      const rereads = await store.ledger.read({ type: 'reread' });
      expect(rereads).toEqual([expect.objectContaining({ type: 'reread', toolName: 'Bash', commandFamily: 'dpkg', by: 'command', compressor: 'text', source: 'proxy' })]);
      const report = JSON.parse((await learn(home, ['--json'])).stdout);
      expect(report.observations).toEqual([expect.objectContaining({ key: 'Bash dpkg', rereads: 1 })]);
    } finally {
      await proxy.close();
      await upstream.close();
      await store.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
