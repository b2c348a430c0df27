import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { forkChild } from '../proxy/internal/fork-child.js';
import { createBodyFactory } from '../proxy/internal/request-bodies.js';
import type { BenchContext, Section, SectionReport, Target } from '../sections/section.js';
import { forkScript } from './fork-script.js';

type Kind = 'threads' | 'in-thread';
const KINDS: readonly Kind[] = ['threads', 'in-thread'];
const BUDGET_MS = 3000;
const LOCK_MS = 15_000;
const BIG_BYTES = 25 * 1024 * 1024;
/** The proxy runs the conversation step, as `headroom proxy` does by default (see reliability-proxy). */
const STEP = 'chat';
const HEADERS = { 'content-type': 'application/json', 'x-api-key': 'bench', 'anthropic-version': '2023-06-01' };

interface Spread {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

interface KindResult {
  /** /livez latency while six 25 MB requests are in flight. */
  readonly livezUnderBigBodies: Spread;
  readonly bigRequests: Spread;
  /** Requests that went out compressed / as they came, of the six. */
  readonly bigCompressed: number;
  /** Request latency (new content every time) while another process holds the write lock. */
  readonly lockedRequests: Spread;
  readonly livezWhileLocked: Spread;
}

const spread = (values: readonly number[]): Spread => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
  return { count: sorted.length, p50: at(50), p99: at(99), max: sorted.at(-1) ?? Number.NaN };
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const sleep = (delayMs: number) => new Promise((resolve) => setTimeout(resolve, delayMs));

/** A Bash result of about 25 MB: real Loghub lines (shared/evaldata/logs), numbered so every body is new content. */
function bigToolResult(evaldata: string, seed: number): string {
  const dir = join(evaldata, 'logs');
  const lines = readdirSync(dir).flatMap((system) => {
    try {
      return readFileSync(join(dir, system, `${system}_2k.log`), 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  });
  if (lines.length === 0) throw new Error(`no Loghub *_2k.log files under ${dir}`);
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < BIG_BYTES; i++) {
    const line = `${seed}:${i} ${lines[i % lines.length]}`;
    out.push(line);
    size += line.length + 1;
  }
  return out.join('\n');
}

function messagesBody(toolResult: string): string {
  return JSON.stringify({
    model: 'claude-sonnet-4-5',
    max_tokens: 100,
    messages: [
      { role: 'user', content: 'Why did the nodes fail last night?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_logs', name: 'Bash', input: { command: 'cat /var/log/cluster/*.log' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_logs', content: toolResult }] },
    ],
  });
}

/** One request; an error (a reset keep-alive socket of a stalled proxy) is retried once on a fresh connection. */
async function post(url: string, body: string): Promise<{ ms: number; compressed: boolean }> {
  const started = performance.now();
  const send = () => request(`${url}/v1/messages`, { method: 'POST', headers: HEADERS, body, headersTimeout: 600_000, bodyTimeout: 600_000, reset: true });
  const answer = await send().catch(send);
  await answer.body.text();
  const before = Number(answer.headers['x-headroom-tokens-before'] ?? 0);
  const after = Number(answer.headers['x-headroom-tokens-after'] ?? 0);
  return { ms: performance.now() - started, compressed: after < before };
}

/** Polls /livez every 10 ms until `done()`; returns each round trip's milliseconds. */
async function pollLivez(url: string, done: () => boolean): Promise<number[]> {
  const samples: number[] = [];
  while (!done()) {
    const started = performance.now();
    // A fresh connection each time: a keep-alive socket closed by a stalled server would reset.
    const answer = await request(`${url}/livez`, { headersTimeout: 600_000, reset: true });
    await answer.body.text();
    samples.push(performance.now() - started);
    await sleep(10);
  }
  return samples;
}

async function measureKind(kind: Kind, upstreamUrl: string, bodies: readonly string[], context: BenchContext): Promise<KindResult> {
  const home = mkdtempSync(join(tmpdir(), `headroom-bench-reliability-${kind}-`));
  try {
    // Six 25 MB requests at once, /livez polled meanwhile.
    const proxy = await forkScript('reliability-proxy', [upstreamUrl, kind, home, STEP]);
    let big: { ms: number; compressed: boolean }[];
    let livez: number[];
    try {
      await post(proxy.url, messagesBody('warm-up'));
      context.progress(`reliability (${kind}): six 25 MB requests at once, /livez every 10 ms`);
      let pending = bodies.length;
      const sent = Promise.all(bodies.map((body) => post(proxy.url, body).finally(() => pending--)));
      [livez, big] = await Promise.all([pollLivez(proxy.url, () => pending === 0), sent]);
    } finally {
      await proxy.stop();
    }

    // Another process holds the write lock for 15 s; requests with new content keep coming.
    const locked = await forkScript('reliability-proxy', [upstreamUrl, kind, home, STEP]);
    const bodyOf = createBodyFactory(100 * 1024);
    try {
      await post(locked.url, bodyOf(1));
      context.progress(`reliability (${kind}): another process holds the store's write lock for ${LOCK_MS / 1000} s`);
      const locker = await forkScript('locker', [join(home, 'headroom.db'), String(LOCK_MS)]);
      await locker.next('locked');
      let released = false;
      const releasedAt = locker.next('released', LOCK_MS + 60_000).then(() => {
        released = true;
      });
      const latencies: number[] = [];
      const requests = (async () => {
        for (let seq = 2; !released; seq++) latencies.push((await post(locked.url, bodyOf(seq))).ms);
      })();
      const [livezLocked] = await Promise.all([pollLivez(locked.url, () => released), requests, releasedAt]);
      await locker.stop().catch(() => undefined);
      return {
        livezUnderBigBodies: spread(livez),
        bigRequests: spread(big.map((b) => b.ms)),
        bigCompressed: big.filter((b) => b.compressed).length,
        lockedRequests: spread(latencies),
        livezWhileLocked: spread(livezLocked),
      };
    } finally {
      await locked.stop();
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Issue 9's measure of "nothing blocks the event loop": the proxy as `headroom proxy` runs it
 * (worker threads) beside the same proxy with everything on its request thread (as before).
 */
export const reliabilitySection: Section = {
  name: 'reliability',
  title: 'Reliability: the event loop under 25 MB bodies and a locked store',
  async run(context: BenchContext): Promise<SectionReport> {
    const upstream = await forkChild('upstream-process', []);
    const results = {} as Record<Kind, KindResult>;
    try {
      context.progress('reliability: building six 25 MB tool results from Loghub');
      const bodies = Array.from({ length: 6 }, (_, i) => messagesBody(bigToolResult(context.evaldata, i + 1)));
      for (const kind of KINDS) results[kind] = await measureKind(kind, upstream.url, bodies, context);
    } finally {
      await upstream.close();
    }
    const row = (name: string, pick: (r: KindResult) => Spread) =>
      `| ${name} | ${KINDS.map((k) => `${ms(pick(results[k]).p50)} / ${ms(pick(results[k]).p99)} / ${ms(pick(results[k]).max)} (n=${pick(results[k]).count})`).join(' | ')} |`;
    const markdown = [
      `Proxy in its own process (json + logs + code, then the conversation step \`chatCompressor()\` as \`headroom proxy\` runs by default; lossy, SQLite store in a temp folder, compression budget ${BUDGET_MS} ms) against a local upstream in another; the load client is the bench process. **threads** = as \`headroom proxy\` runs it: compressor modules on worker threads (one per core), SQLite on a worker thread with a ${BUDGET_MS} ms call deadline. **in-thread** = the same proxy with compressor objects and the synchronous store, i.e. everything on the request thread as before this change.`,
      '',
      '| p50 / p99 / max | threads | in-thread |',
      '|---|---:|---:|',
      row('/livez while six requests each carrying a 25 MB tool result (Loghub lines) are in flight', (r) => r.livezUnderBigBodies),
      row('those six requests, end to end', (r) => r.bigRequests),
      row(`request latency (100 KB, new content each) while another process holds the write lock for ${LOCK_MS / 1000} s`, (r) => r.lockedRequests),
      row('/livez during that lock', (r) => r.livezWhileLocked),
      '',
      `Of the six 25 MB requests, compressed within the budget: threads ${results.threads.bigCompressed}, in-thread ${results['in-thread'].bigCompressed} (the rest went upstream as they came: fail open).`,
    ].join('\n');
    const targets: Target[] = [
      {
        name: '/livez p99 while six 25 MB requests are in flight (threads)',
        pass: results.threads.livezUnderBigBodies.p99 <= 50,
        detail: `${ms(results.threads.livezUnderBigBodies.p99)} (<= 50 ms; in-thread ${ms(results['in-thread'].livezUnderBigBodies.p99)})`,
      },
      {
        name: `request latency while another process holds the write lock, max (threads)`,
        pass: results.threads.lockedRequests.max <= BUDGET_MS + 100,
        detail: `${ms(results.threads.lockedRequests.max)} (<= ${BUDGET_MS + 100} ms; in-thread ${ms(results['in-thread'].lockedRequests.max)})`,
      },
    ];
    return { name: 'reliability', title: this.title, markdown, targets, data: results };
  },
};
