import { createHash } from 'node:crypto';
import { cacheMultipliers, cacheWeightedCost, chatCompressor } from '@headroom/compressor-chat';
import { createMemoryStore, parseMarkers, RETRIEVE_TOOL_NAME, refOf } from '@headroom/core';
import { startProxy } from '@headroom/proxy';
import { startCachingUpstream } from '@headroom/proxy/testing';
import { BENCH_TIMEOUT_MS, benchCompressors } from '../measure.js';
import type { AgentSession } from './agent-session.js';
import { PATHS, resultInBody, type SessionFormat, sessionBody } from './session-bodies.js';

/** `chat-tool-when-it-pays`: the chat step with `retrieveTool: 'when-it-pays'` (the tool only once it pays). */
export type Arm = 'direct' | 'first-sight' | 'chat' | 'chat-tool-when-it-pays';
export const ARMS: readonly Arm[] = ['direct', 'first-sight', 'chat', 'chat-tool-when-it-pays'];

export interface TurnFigures {
  /** Input tokens the provider saw this turn (all requests of the turn: retrieval rounds too). */
  readonly tokens: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
  readonly input: number;
  readonly cost: number;
}

export interface ArmResult {
  readonly arm: Arm;
  readonly turns: readonly TurnFigures[];
  readonly cost: number;
  readonly tokens: number;
  readonly cacheRead: number;
  /** Σ read / Σ input tokens, every turn. */
  readonly hitShare: number;
  /** Σ read / Σ tokens resent from the previous request, over turns that are neither compaction points nor right after an idle gap. */
  readonly resentHitShare: number;
  /** Turns where a byte the upstream had already seen changed (compaction points). */
  readonly compactionTurns: readonly number[];
  /** Retrieval rounds the scripted model needed (a line it needed was not visible). */
  readonly retrievals: number;
  /** Markers in the last request whose original is missing or not byte-exact. */
  readonly unredeemable: number;
  readonly markers: number;
}

const withoutCacheControl = (key: string, value: unknown) => (key === 'cache_control' ? undefined : value);
const itemHash = (item: unknown) => createHash('sha256').update(JSON.stringify(item, withoutCacheControl) ?? '').digest('hex').slice(0, 24);

/**
 * Replays one session through one arm against the caching upstream, on a simulated clock: direct
 * (no proxy), the proxy with per-slot (first-sight) compression only, or with the chat step too.
 * The scripted model answers each turn with the next step's tool call; when that step needs a line
 * of an earlier result that the request no longer shows, it first calls `headroom_retrieve` on
 * that result's marker (the proxy answers and continues upstream: both requests are billed).
 */
export async function runChatSession(session: AgentSession, format: SessionFormat, arm: Arm): Promise<ArmResult> {
  let clock = Date.UTC(2026, 11, 1, 9, 0, 0);
  const now = () => clock;
  let turn = 0;
  let continuation = false;
  let previous: string[] | undefined;
  let lastBody: Record<string, unknown> | undefined;
  const compactionTurns: number[] = [];
  const upstream = await startCachingUpstream({
    now,
    record: false,
    reply: (request) => {
      const body = request.json() as Record<string, unknown>;
      if (continuation) {
        // The retrieval round's continuation: not a turn of its own.
        continuation = false;
        return { text: 'Thanks, continuing.' };
      }
      const history = (body.messages as unknown[]).map(itemHash);
      if (previous?.some((hash, i) => history[i] !== hash)) compactionTurns.push(turn);
      previous = history;
      lastBody = body;
      const next = session.steps[turn];
      const need = next?.needs;
      if (need && arm !== 'direct') {
        const result = resultInBody(body, format, need.step) ?? '';
        if (!result.includes(need.needle)) {
          const marker = parseMarkers(result)[0];
          if (marker) {
            continuation = true;
            return { toolCall: { id: `retrieve_${turn}`, name: RETRIEVE_TOOL_NAME, input: { hash: marker.ref } } };
          }
        }
      }
      return { text: next ? next.thought : 'Done.' };
    },
  });
  const store = createMemoryStore();
  const proxy =
    arm === 'direct'
      ? undefined
      : await startProxy({
          port: 0,
          anthropicUpstream: upstream.url,
          openaiUpstream: upstream.url,
          compressors: benchCompressors(),
          store,
          outboundProxy: false,
          // The bench measures what compression does, not whether it beats a deadline on a loaded machine.
          compressionTimeoutMs: BENCH_TIMEOUT_MS,
          policy: { timeoutMs: BENCH_TIMEOUT_MS },
          ...(arm === 'chat' ? { conversation: chatCompressor({ now }) } : {}),
          ...(arm === 'chat-tool-when-it-pays' ? { conversation: chatCompressor({ now, retrieveTool: 'when-it-pays' }) } : {}),
        });
  const base = proxy?.url ?? upstream.url;
  const headers = format === 'anthropic-messages' ? { 'x-api-key': 'bench', 'anthropic-version': '2023-06-01' } : { authorization: 'Bearer bench' };
  const prices = format === 'anthropic-messages' ? cacheMultipliers('anthropic', 'claude-sonnet-4-5', false) : cacheMultipliers('openai', 'gpt-4o', false);
  const turns: TurnFigures[] = [];
  const idleTurns = new Set<number>();
  let resentRead = 0;
  let resentTotal = 0;
  try {
    for (turn = 1; turn <= session.steps.length; turn++) {
      const gap = session.steps[turn - 1]!.gapMs;
      clock += gap;
      if (gap > 5 * 60_000) idleTurns.add(turn);
      const billedBefore = upstream.billed.length;
      const answer = await fetch(`${base}${PATHS[format]}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(sessionBody(session, format, turn)) });
      if (answer.status !== 200) throw new Error(`${session.name} ${arm} turn ${turn}: HTTP ${answer.status}: ${(await answer.text()).slice(0, 300)}`);
      await answer.arrayBuffer();
      const billed = upstream.billed.slice(billedBefore);
      const sum = (pick: (u: (typeof billed)[number]['usage']) => number) => billed.reduce((total, b) => total + pick(b.usage), 0);
      const figures = { tokens: sum((u) => u.totalTokens), cacheRead: sum((u) => u.cacheReadTokens), cacheWrite: sum((u) => u.cacheWriteTokens), input: sum((u) => u.inputTokens) };
      turns.push({ ...figures, cost: cacheWeightedCost({ input: figures.input, cacheRead: figures.cacheRead, cacheWrite: figures.cacheWrite }, prices) });
      const main = billed[0]?.usage;
      const before = upstream.billed[billedBefore - 1]?.usage;
      if (main && before && !idleTurns.has(turn) && !compactionTurns.includes(turn)) {
        resentRead += main.cacheReadTokens;
        resentTotal += Math.min(before.totalTokens, main.totalTokens);
      }
    }
    const retrievals = arm === 'direct' ? 0 : (await store.ledger.read({ type: 'retrieval' })).length;
    let unredeemable = 0;
    const markers = parseMarkers(JSON.stringify(lastBody ?? {}));
    for (const marker of markers) {
      const stored = await store.originals.lookup(marker.ref);
      if (!stored || refOf(stored.original) !== marker.ref) unredeemable++;
    }
    const total = (pick: (t: TurnFigures) => number) => turns.reduce((sum, t) => sum + pick(t), 0);
    return {
      arm,
      turns,
      cost: total((t) => t.cost),
      tokens: total((t) => t.tokens),
      cacheRead: total((t) => t.cacheRead),
      hitShare: total((t) => t.cacheRead) / Math.max(1, total((t) => t.tokens)),
      resentHitShare: resentTotal === 0 ? 1 : resentRead / resentTotal,
      compactionTurns,
      retrievals,
      unredeemable,
      markers: markers.length,
    };
  } finally {
    await proxy?.close();
    await upstream.close();
    await store.close();
  }
}
