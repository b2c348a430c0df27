import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonCompressor } from '@headroom/compressor-json';
import type { Figures } from '@headroom/core';
import { startProxy } from '@headroom/proxy';
import { anthropicStream, openaiChatCompletion, startScriptedUpstream } from '@headroom/proxy/testing';
import { createSqliteWorkerStore } from '@headroom/store-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io.js';
import { runDashboard } from './commands/dashboard.js';
import { runCli } from './run-cli.js';

/** An in-process CliIo that collects what a command prints. */
function collectingIo(env: Record<string, string>): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (append: (text: string) => void) => ({
    write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void) {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      callback?.(null);
      return true;
    },
  });
  return {
    stdout: sink((t) => (out += t)),
    stderr: sink((t) => (err += t)),
    readStdin: async () => Buffer.alloc(0),
    stdinIsTty: true,
    env,
    cwd: process.cwd(),
    out: () => out,
    err: () => err,
  };
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `name{labels} value` lines of a Prometheus exposition. */
function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l === name);
  if (!line) throw new Error(`no ${name} in /metrics`);
  return Number(line.slice(name.length + 1));
}

const SAMPLE = join(import.meta.dirname, '..', 'samples', 'github-issues.json');

let home: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'headroom-figures-'));
});
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

describe('one definition of every figure', () => {
  it('headroom stats, the proxy\'s /stats and /metrics, and headroom dashboard\'s /stats agree on the same ledger', async () => {
    const env = { HEADROOM_HOME: home };
    // Proxy traffic into the store under HEADROOM_HOME: a real GitHub API answer as a tool result, resent on later turns.
    const upstream = await startScriptedUpstream();
    const proxyStore = await createSqliteWorkerStore({ home });
    const proxy = await startProxy({ port: 0, store: proxyStore, anthropicUpstream: upstream.url, openaiUpstream: upstream.url, compressors: [jsonCompressor()], outboundProxy: false });
    const issues = readFileSync(SAMPLE, 'utf8');
    try {
      for (let turn = 0; turn < 3; turn++) {
        upstream.enqueue({ sse: anthropicStream({ model: 'claude-sonnet-4-5-20250929', usage: { input: 200, output: 50, cacheRead: turn * 9000, cacheWrite: turn === 0 ? 9000 : 400 } }) });
        const messages = [
          { role: 'user', content: 'which issues are open?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'gh api repos/x/y/issues' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: issues }] },
          ...Array.from({ length: turn }, (_, i) => [
            { role: 'assistant', content: `turn ${i}` },
            { role: 'user', content: 'and then?' },
          ]).flat(),
        ];
        expect(await post(`${proxy.url}/v1/messages`, { 'x-api-key': 'sk-ant-x' }, JSON.stringify({ model: 'claude-sonnet-4-5-20250929', max_tokens: 100, stream: true, messages }))).toBe(200);
      }
      upstream.enqueue({ json: openaiChatCompletion({ model: 'gpt-4o', usage: { input: 3000, output: 20, cacheRead: 1024 } }) });
      const chat = { model: 'gpt-4o', messages: [{ role: 'user', content: 'summarize' }, { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'fetch_issues', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c1', content: issues }] };
      expect(await post(`${proxy.url}/v1/chat/completions`, { authorization: 'Bearer sk-openai' }, JSON.stringify(chat))).toBe(200);
      // Ledger rows are written after each answer.
      while ((await proxyStore.ledger.read({ type: 'request' })).length < 4) await new Promise((resolve) => setTimeout(resolve, 10));

      // CLI compressions of the same file, into the same store.
      const compressIo = collectingIo(env);
      expect(await runCli(['compress', SAMPLE, '--json'], compressIo)).toBe(0);

      // 1. headroom stats --json
      const statsIo = collectingIo(env);
      expect(await runCli(['stats', '--json'], statsIo)).toBe(0);
      const cli = JSON.parse(statsIo.out()) as Figures;
      // 2. the proxy's /stats and 3. /metrics
      const fromProxy = JSON.parse((await get(`${proxy.url}/stats`)).text) as Figures;
      const metrics = (await get(`${proxy.url}/metrics`)).text;
      // 4. headroom dashboard's /stats (the page's only source) and the page itself
      let stop: () => void = () => undefined;
      const dashboardIo = collectingIo(env);
      const running = runDashboard({ port: '0' }, { ...(await import('./cli-deps.js')).defaultDeps(dashboardIo) }, () => new Promise<void>((resolve) => (stop = resolve)));
      while (!dashboardIo.out().includes('\n')) await new Promise((resolve) => setTimeout(resolve, 10));
      const pageUrl = dashboardIo.out().trim();
      expect(pageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dashboard$/);
      const page = await get(pageUrl);
      expect(page.status).toBe(200);
      expect(page.text).toContain('data-figure="dollars.saved"');
      const fromDashboard = JSON.parse((await get(pageUrl.replace(/\/dashboard$/, '/stats'))).text) as Figures;
      stop();
      expect(await running).toBe(0);

      expect(fromProxy).toEqual(cli);
      expect(fromDashboard).toEqual(cli);
      expect(metric(metrics, 'headroom_tokens_saved_total')).toBe(cli.tokens.saved);
      expect(metric(metrics, 'headroom_tokens_before_total')).toBe(cli.tokens.before);
      expect(metric(metrics, 'headroom_saved_dollars_total')).toBe(cli.dollars.saved);
      expect(metric(metrics, 'headroom_cost_dollars_total')).toBe(cli.dollars.cost);
      expect(metric(metrics, 'headroom_cache_hit_share_percent')).toBe(cli.cache.hitSharePercent);
      expect(metric(metrics, 'headroom_added_latency_ms{quantile="0.95"}')).toBe(cli.latencyMs.p95);

      // What the figures say, checked against the traffic: the proxy counts every resend, the CLI its one compression.
      expect(cli.requests.count).toBe(4);
      expect(cli.by.source.proxy!.tokens.saved).toBe(cli.ledger.bySource.proxy!.requestTokensBefore - cli.ledger.bySource.proxy!.requestTokensAfter);
      expect(cli.by.source.cli!.compressions).toBe(1);
      expect(cli.tokens.saved).toBe(cli.by.source.proxy!.tokens.saved + cli.by.source.cli!.tokens.saved);
      expect(cli.dollars.saved).toBeGreaterThan(0);
      expect(cli.dollars.unpricedModels).toEqual([]);
    } finally {
      await proxy.close();
      await upstream.close();
      await proxyStore.close();
    }
  });
});
