import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chatCompressor } from '@headroom/compressor-chat';
import { codeCompressor } from '@headroom/compressor-code';
import { jsonCompressor } from '@headroom/compressor-json';
import { logsCompressor } from '@headroom/compressor-logs';
import { type HeadroomStore, parseMarkers, refOf } from '@headroom/core';
import { type RunningProxy, startProxy } from '@headroom/proxy';
import { type CachingUpstream, type RecordedRequest, startCachingUpstream } from '@headroom/proxy/testing';
import { createSqliteStore } from '@headroom/store-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnthropicBody, anthropicToolResults, type ScriptedToolCall } from './agent-scripts.js';
import { ensureClaudeCode, runClaudeCode } from './claude-code.js';
import { type RecordingTap, startRecordingTap } from './internal/recording-tap.js';
import type { ProcessResult } from './run-process.js';

const ANSWER = 'Reviewed the text utilities; nothing else to change.';
const TURNS = 30;
/** The request after which the session sits idle past the cache TTL (simulated clock). */
const IDLE_AFTER = 18;
const PY = execFileSync('python3', ['-c', 'import os, textwrap; print(os.path.dirname(textwrap.__file__))'], { encoding: 'utf8' }).trim();
const FILES = ['textwrap', 'shlex', 'fnmatch', 'heapq', 'colorsys', 'bisect'].map((m) => `${PY}/${m}.py`);

/** 30 real Bash calls: files read and re-read, listings and commands re-run. All under Claude Code's 30 000-character limit. */
const calls: ScriptedToolCall[] = Array.from({ length: TURNS }, (_, t) => {
  const command =
    t % 4 === 3 ? `ls -la ${PY}/json` : t % 7 === 6 ? 'python3 -c "import textwrap; print(textwrap.fill(\'a \' * 200))"' : `head -c 20000 ${FILES[t % FILES.length]}`;
  return { id: `toolu_chat_${t}`, name: 'Bash', input: { command, description: `Step ${t}` } };
});

const withoutCacheControl = (key: string, value: unknown) => (key === 'cache_control' ? undefined : value);

describe('Claude Code through the proxy with the chat step, over 30 turns with an idle gap', () => {
  let workdir: string;
  let home: string;
  let upstream: CachingUpstream;
  let store: HeadroomStore;
  let proxy: RunningProxy;
  let tap: RecordingTap;
  let run: ProcessResult;
  let clock = Date.UTC(2026, 11, 1, 9, 0, 0);
  const turns = (): RecordedRequest[] =>
    upstream.requests.filter((r) => r.method === 'POST' && r.path.split('?')[0] === '/v1/messages' && (r.json<AnthropicBody>().tools ?? []).some((t) => t.name === 'Bash'));

  beforeAll(async () => {
    const claude = await ensureClaudeCode();
    workdir = await mkdtemp(join(tmpdir(), 'headroom-e2e-chat-work-'));
    let answered = 0;
    upstream = await startCachingUpstream({
      now: () => clock,
      reply: (request) => {
        const body = request.json<AnthropicBody>();
        // The next request comes 20 s later on the simulated clock, or after the idle gap.
        answered++;
        clock += answered === IDLE_AFTER ? 15 * 60_000 : 20_000;
        if (!(body.tools ?? []).some((tool) => tool.name === 'Bash')) return { text: ANSWER };
        const next = calls.find((call) => anthropicToolResults(body, call.id).length === 0);
        return next ? { text: '', toolCall: next } : { text: ANSWER };
      },
    });
    home = await mkdtemp(join(tmpdir(), 'headroom-e2e-chat-home-'));
    store = createSqliteStore({ home });
    proxy = await startProxy({
      port: 0,
      anthropicUpstream: upstream.url,
      store,
      compressors: [jsonCompressor(), logsCompressor(), codeCompressor()],
      // Compaction only where the cache is cold (the idle gap): warm compaction points depend on
      // the size of Claude Code's own prompt, and are covered by the unit tests and the bench.
      conversation: chatCompressor({ now: () => clock, compactAtTokens: 1_000_000 }),
    });
    // Claude Code → tap (records what the client sent) → proxy → caching upstream.
    tap = await startRecordingTap(proxy.url);
    run = await runClaudeCode({ bin: claude, baseUrl: tap.url, prompt: 'Review the text utilities.', allowedTools: ['Bash'], cwd: workdir, timeoutMs: 600_000 });
  });
  afterAll(async () => {
    await tap?.close();
    await proxy?.close();
    await upstream?.close();
    await store?.close();
    await rm(workdir, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  });

  it('finishes normally with the scripted answer', () => {
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(ANSWER);
    expect(turns().length).toBeGreaterThanOrEqual(TURNS + 1);
  });

  it('sends stable prefixes between compaction points (the one after the idle gap); only stale results change, into elisions', async () => {
    const items = (body: AnthropicBody) => (body.messages ?? []).map((m) => JSON.stringify(m, withoutCacheControl));
    const isTurn = (body: AnthropicBody) => (body.tools ?? []).some((t) => t.name === 'Bash');
    const sent = tap.requests.filter((r) => r.method === 'POST' && r.path.split('?')[0] === '/v1/messages').map((r) => JSON.parse(r.body.toString('utf8')) as AnthropicBody).filter(isTurn).map(items);
    const forwarded = turns().map((r) => items(r.json<AnthropicBody>()));
    expect(forwarded).toHaveLength(sent.length);
    // Claude Code rewrites parts of its own history (system reminders move); what it kept from one
    // turn to the next, the proxy must forward with the same bytes as last time — except at the one
    // compaction point, where the only change is a stale result becoming an elision.
    const changedAt: number[] = [];
    for (let k = 1; k < sent.length; k++) {
      const changed = sent[k - 1]!.map((item, i) => (sent[k]![i] === item && forwarded[k]![i] !== forwarded[k - 1]![i] ? i : -1)).filter((i) => i >= 0);
      if (changed.length === 0) continue;
      changedAt.push(k);
      for (const i of changed) expect(forwarded[k]![i]).toContain('an older result, elided');
    }
    // The one compaction point: the request after the idle gap (cache cold).
    const billed = upstream.billed.filter((b) => b.request && isTurn(b.request.json<AnthropicBody>()));
    const afterIdle = billed.findIndex((b, k) => k > 0 && b.time - billed[k - 1]!.time > 5 * 60_000);
    expect(afterIdle).toBeGreaterThan(0);
    expect(changedAt).toEqual([afterIdle]);
    expect(forwarded.slice(0, changedAt[0]).flat().join('')).not.toContain('an older result, elided');
    // Everything elided is redeemable byte-exact from the store.
    const markers = parseMarkers(forwarded.at(-1)!.join('\n'));
    expect(markers.length).toBeGreaterThan(0);
    for (const marker of markers) {
      const stored = await store.originals.lookup(marker.ref);
      expect(stored && refOf(stored.original)).toBe(marker.ref);
    }
  });

  it('keeps the simulated provider cache reading the resent prefix between compaction points', () => {
    let read = 0;
    let resent = 0;
    const billed = upstream.billed.filter((b) => b.request && (b.request.json<AnthropicBody>().tools ?? []).some((t) => t.name === 'Bash'));
    for (let k = 1; k < billed.length; k++) {
      // The request after the idle gap finds the cache cold: that is the compaction point.
      if (billed[k]!.time - billed[k - 1]!.time > 5 * 60_000) continue;
      read += billed[k]!.usage.cacheReadTokens;
      resent += Math.min(billed[k - 1]!.usage.totalTokens, billed[k]!.usage.totalTokens);
    }
    expect(read / resent).toBeGreaterThanOrEqual(0.95);
  });
});
