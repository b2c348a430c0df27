import { availableParallelism, loadavg } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { forkChild, type ForkedChild } from './internal/fork-child.js';
import { createBodyFactory, HISTORY_SHARE } from './internal/request-bodies.js';
import { percentile, runLoad } from './internal/run-load.js';

/**
 * `direct`: client to upstream. `relay`: a bare node:http + undici relay (the floor). `off`:
 * Headroom with compression off. `seen`: compression on, content already seen (every body sent
 * once before: a conversation resending its history). `fresh`: compression on, new tool results.
 */
export type ProxyBenchMode = 'direct' | 'relay' | 'off' | 'seen' | 'fresh';

export interface ProxyBenchModeResult {
  readonly requests: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requestsPerSecond: number;
  /** Mean bytes per request the upstream received: what compression left of the body. */
  readonly forwardedBytes: number;
  /** Estimated tokens saved over all requests, from the proxy's response headers (0 for direct). */
  readonly tokensSavedShare: number;
  /** The proxy's own time from body received to forwarding (parse + compress), from its ledger. */
  readonly inProxyP50Ms?: number;
  readonly inProxyP99Ms?: number;
}

export interface ProxyBenchScenario {
  /** "10 KB", "100 KB", "1 MB". */
  readonly size: string;
  /** Mean bytes of the request bodies actually sent. */
  readonly bodyBytes: number;
  readonly concurrency: number;
  /** How long the upstream waited before answering: 0 is a closed loop at full load. */
  readonly upstreamDelayMs: number;
  readonly modes: Readonly<Record<ProxyBenchMode, ProxyBenchModeResult>>;
}

export interface ProxyBenchMemorySample {
  readonly rss: number;
  readonly heapUsed: number;
  /** Buffers and other memory outside the JS heap. */
  readonly external: number;
}

export interface ProxyBenchMemory {
  readonly requests: number;
  readonly size: string;
  readonly concurrency: number;
  readonly errors: number;
  readonly before: ProxyBenchMemorySample;
  readonly after: ProxyBenchMemorySample;
  /** Samples after each fifth of the requests: growth that levels off is a cache, not a leak. */
  readonly samples: readonly (ProxyBenchMemorySample & { readonly requests: number })[];
  /** True when both samples were taken after a full GC (the proxy runs with --expose-gc). */
  readonly afterGc: boolean;
}

export interface ProxyBenchTarget {
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

export interface ProxyBenchResult {
  readonly quick: boolean;
  readonly environment: string;
  /** What the requests carried, in words: printed with the figures. */
  readonly workload: readonly string[];
  readonly scenarios: readonly ProxyBenchScenario[];
  readonly memory: ProxyBenchMemory;
  readonly targets: readonly ProxyBenchTarget[];
}

export type ProxyBenchStore = 'sqlite' | 'memory';

export interface ProxyBenchOptions {
  /** Fewer requests per scenario and 2,000 (not 10,000) for the memory run. Default false. */
  readonly quick?: boolean;
  /**
   * The proxies' store. Default `sqlite` (as deployed). `memory` shows what the store costs on the
   * request path; its ledger keeps every row in memory, so the memory run is not flat with it.
   */
  readonly store?: ProxyBenchStore;
}

/** One measured configuration: every mode gets its warm-up, then the same measured bodies. */
export interface ProxyBenchPlanScenario {
  readonly label: string;
  readonly bytes: number;
  readonly concurrency: number;
  readonly requests: number;
  /** Requests per mode before measuring: JIT, connection pools and the memo warm up. */
  readonly warmup: number;
  /** The upstream answers after this long (a model's response time); 0 answers at once. */
  readonly upstreamDelayMs: number;
}

/** How much load each scenario gets: bounded so that a full run takes a few minutes. */
export interface ProxyBenchPlan {
  readonly scenarios: readonly ProxyBenchPlanScenario[];
  readonly memory: { readonly requests: number; readonly bytes: number; readonly label: string; readonly concurrency: number };
}

const KB = 1024;
/** Longer than the SQLite store's ledger batch (100 ms), so its writes land before a measured run. */
const SETTLE_MS = 250;

export function proxyBenchPlan(quick: boolean): ProxyBenchPlan {
  const sizes = [
    { label: '10 KB', bytes: 10 * KB, requests: quick ? 300 : 2_000, warmup: quick ? 100 : 300 },
    { label: '100 KB', bytes: 100 * KB, requests: quick ? 160 : 800, warmup: quick ? 64 : 160 },
    ...(quick ? [] : [{ label: '1 MB', bytes: 1024 * KB, requests: 160, warmup: 32 }]),
  ];
  const closedLoop = sizes.flatMap((size) => [1, 32].map((concurrency) => ({ ...size, concurrency, upstreamDelayMs: 0 })));
  // 32 agents whose model takes a second to answer: the proxy is busy but not saturated, so
  // added latency is the proxy's own work rather than queueing behind 31 other requests.
  const paced = { label: '100 KB', bytes: 100 * KB, concurrency: 32, requests: quick ? 128 : 320, warmup: 32, upstreamDelayMs: 1000 };
  return {
    scenarios: [...closedLoop, paced],
    memory: { requests: quick ? 2_000 : 10_000, bytes: 100 * KB, label: '100 KB', concurrency: 32 },
  };
}

export const MODES: readonly ProxyBenchMode[] = ['direct', 'relay', 'off', 'seen', 'fresh'];

/**
 * Side by side against one local upstream: the client straight to the upstream, through the
 * proxy with compression off, and through the proxy with compression on (json + logs + code,
 * lossless, SQLite store). Upstream and proxies each run in their own process on loopback.
 */
export async function runProxyBench(options: ProxyBenchOptions = {}): Promise<ProxyBenchResult> {
  return runProxyBenchPlan(proxyBenchPlan(options.quick ?? false), options.quick ?? false, options.store ?? 'sqlite');
}

export async function runProxyBenchPlan(plan: ProxyBenchPlan, quick: boolean, store: ProxyBenchStore = 'sqlite'): Promise<ProxyBenchResult> {
  const children: ForkedChild[] = [];
  const start = async (...args: Parameters<typeof forkChild>) => {
    const child = await forkChild(...args);
    children.push(child);
    return child;
  };
  // Other work on the machine moves these figures: the load average is printed with them.
  const environment = `node ${process.version}, ${availableParallelism()} CPUs, ${process.platform}/${process.arch}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} at start`;
  try {
    const upstream = await start('upstream-process', []);
    const on = await start('proxy-process', [upstream.url, 'on', store]);
    const targets: Record<ProxyBenchMode, ForkedChild> = {
      direct: upstream,
      relay: await start('relay-process', [upstream.url]),
      off: await start('proxy-process', [upstream.url, 'off', store]),
      seen: on,
      fresh: on,
    };
    const scenarios: ProxyBenchScenario[] = [];
    for (const [index, scenario] of plan.scenarios.entries()) {
      scenarios.push(await runScenario(scenario, (index + 1) * 1_000_000, upstream, targets));
    }
    const memory = await measureMemory(plan, upstream.url, store, start, (plan.scenarios.length + 1) * 1_000_000);
    return {
      quick,
      environment,
      workload: describeWorkload(plan, store),
      scenarios,
      memory,
      targets: checkTargets(scenarios, memory),
    };
  } finally {
    await Promise.allSettled(children.map((c) => c.close()));
  }
}

/** One scenario, mode after mode: `seqBase` keeps its new content apart from every other scenario's. */
async function runScenario(
  scenario: ProxyBenchPlanScenario,
  seqBase: number,
  upstream: ForkedChild,
  targets: Readonly<Record<ProxyBenchMode, ForkedChild>>,
): Promise<ProxyBenchScenario> {
  const bodyOf = createBodyFactory(scenario.bytes);
  const { concurrency, upstreamDelayMs } = scenario;
  const staggerMs = upstreamDelayMs / concurrency;
  // The same bodies for every mode; built before timing so that building is not measured.
  const warmup = Array.from({ length: scenario.warmup }, (_, i) => bodyOf(seqBase + 500_000 + i));
  const bodies = Array.from({ length: scenario.requests }, (_, i) => bodyOf(seqBase + i));
  // Already seen: bodies of their own, each sent once (in its round, below) before the measured
  // run sends it again; and a warm-up of their own, so that fresh's warm-up is first sight too.
  const seenBodies = Array.from({ length: scenario.requests }, (_, i) => bodyOf(seqBase + 250_000 + i));
  const seenWarmup = Array.from({ length: scenario.warmup }, (_, i) => bodyOf(seqBase + 750_000 + i));
  for (const mode of MODES) {
    const before = mode === 'seen' ? seenWarmup : warmup;
    await runLoad({ url: targets[mode].url, concurrency, upstreamDelayMs, staggerMs, requests: before.length, body: (i) => before[i] ?? '' });
  }
  // Then the measured requests in rounds, every mode in each round: load from other work on the
  // machine comes and goes, and a mode measured minutes after another would carry a different share.
  const rounds = Math.max(1, Math.min(4, Math.floor(scenario.requests / (4 * concurrency))));
  const per = Math.ceil(scenario.requests / rounds);
  const runs = Object.fromEntries(MODES.map((m) => [m, { latencies: [] as number[], wallMs: 0, errors: 0, tokensBefore: 0, tokensAfter: 0, bytes: 0, requests: 0, inProxy: [] as number[] }]));
  for (let round = 0; round < rounds; round++) {
    for (const mode of MODES) {
      const measured = (mode === 'seen' ? seenBodies : bodies).slice(round * per, (round + 1) * per);
      // A conversation resends its history a turn after sending it, not after every other body of
      // the run: sent all up front, the 100 KB and 1 MB scenarios' bodies outgrew the proxy's
      // in-process cache (32 M characters, oldest out) before they came back, and "already seen"
      // measured cache misses. Then a pause for the store's batched writes of that first sight.
      if (mode === 'seen') {
        await runLoad({ url: targets[mode].url, concurrency, requests: measured.length, body: (i) => measured[i] ?? '' });
        await delay(SETTLE_MS);
      }
      const statsBefore = await upstream.ask({ type: 'stats' }, 'stats');
      const since = Date.now();
      const load = await runLoad({ url: targets[mode].url, concurrency, upstreamDelayMs, staggerMs, requests: measured.length, body: (i) => measured[i] ?? '' });
      const statsAfter = await upstream.ask({ type: 'stats' }, 'stats');
      const run = runs[mode]!;
      run.latencies.push(...load.latenciesMs);
      run.wallMs += load.wallMs;
      run.errors += load.errors;
      run.tokensBefore += load.tokensBefore;
      run.tokensAfter += load.tokensAfter;
      run.bytes += statsAfter.bytes - statsBefore.bytes;
      run.requests += statsAfter.requests - statsBefore.requests;
      if (mode === 'seen' || mode === 'fresh') run.inProxy.push(...(await targets[mode].ask({ type: 'ledger', since }, 'ledger')).addedLatencyMs);
    }
  }
  const modes = {} as Record<ProxyBenchMode, ProxyBenchModeResult>;
  for (const mode of MODES) {
    const run = runs[mode]!;
    modes[mode] = {
      requests: run.latencies.length,
      errors: run.errors,
      p50Ms: percentile(run.latencies, 50),
      p99Ms: percentile(run.latencies, 99),
      requestsPerSecond: (run.latencies.length / run.wallMs) * 1000,
      forwardedBytes: run.bytes / Math.max(1, run.requests),
      tokensSavedShare: run.tokensBefore > 0 ? 1 - run.tokensAfter / run.tokensBefore : 0,
      ...(run.inProxy.length > 0 ? { inProxyP50Ms: percentile(run.inProxy, 50), inProxyP99Ms: percentile(run.inProxy, 99) } : {}),
    };
  }
  const bodyBytes = bodies.reduce((sum, b) => sum + Buffer.byteLength(b), 0) / Math.max(1, bodies.length);
  return { size: scenario.label, bodyBytes, concurrency, upstreamDelayMs, modes };
}

async function measureMemory(
  plan: ProxyBenchPlan,
  upstreamUrl: string,
  store: ProxyBenchStore,
  start: (...args: Parameters<typeof forkChild>) => Promise<ForkedChild>,
  seqBase: number,
): Promise<ProxyBenchMemory> {
  // A fresh proxy, so that what the scenarios left behind does not count.
  const proxy = await start('proxy-process', [upstreamUrl, 'on', store]);
  const bodyOf = createBodyFactory(plan.memory.bytes);
  const { concurrency } = plan.memory;
  await runLoad({ url: proxy.url, concurrency, requests: 4 * concurrency, body: (i) => bodyOf(seqBase + 500_000 + i) });
  const before = await proxy.ask({ type: 'memory' }, 'memory');
  const samples: (ProxyBenchMemorySample & { requests: number })[] = [];
  let errors = 0;
  let afterGc = before.afterGc;
  const chunk = Math.ceil(plan.memory.requests / 5);
  for (let sent = 0; sent < plan.memory.requests; sent += chunk) {
    const count = Math.min(chunk, plan.memory.requests - sent);
    // Bodies are built as they are sent: 10,000 of them held at once would dwarf the proxy's own memory.
    const load = await runLoad({ url: proxy.url, concurrency, requests: count, body: (i) => bodyOf(seqBase + sent + i) });
    errors += load.errors;
    const sample = await proxy.ask({ type: 'memory' }, 'memory');
    afterGc &&= sample.afterGc;
    samples.push({ requests: sent + count, rss: sample.rss, heapUsed: sample.heapUsed, external: sample.external });
  }
  const after = samples.at(-1) ?? before;
  return {
    requests: plan.memory.requests,
    size: plan.memory.label,
    concurrency,
    errors,
    before: { rss: before.rss, heapUsed: before.heapUsed, external: before.external },
    after: { rss: after.rss, heapUsed: after.heapUsed, external: after.external },
    samples,
    afterGc,
  };
}

function describeWorkload(plan: ProxyBenchPlan, store: ProxyBenchStore): string[] {
  const counts = plan.scenarios
    .map((s) => `${s.label} at ${s.concurrency}${s.upstreamDelayMs > 0 ? ` with a ${s.upstreamDelayMs} ms upstream` : ''}: ${s.requests} (after ${s.warmup} warm-up)`)
    .join('; ');
  return [
    'Anthropic Messages requests (non-streaming response) to POST /v1/messages; a prompt, then Bash tool_use/tool_result turns.',
    'Tool results are real data from shared/evaldata: GitHub repository search JSON (toon-bench/github-repos.json) and Loghub logs (HDFS, OpenStack, Hadoop, Spark, Zookeeper, BGL, Linux, Apache), each result under 24 KB as Claude Code sends them.',
    `Fresh: ${Math.round(HISTORY_SHARE * 100)}% of each body is the same history on every request (memo hits after first sight); the rest is new tool results carrying the request's sequence number (first sight, compressed on the request path). Already seen: bodies of the same shape, each sent once just before the measured run sends it again, round by round (a conversation resending its history a turn later: every slot is a hit in the proxy's in-process cache, except where one round's bodies outgrow it, 1 MB at concurrency 32).`,
    `Measured requests per mode and concurrency: ${counts}. Every mode gets the same bodies.`,
    `Both proxies use ${store === 'sqlite' ? 'the SQLite store (as deployed), in a temporary folder' : 'the in-memory store (not as deployed: to show what the SQLite store costs)'}.`,
    'Upstream, bare relay (node:http + undici, ~25 lines in the bench: the floor a Node proxy can reach here), Headroom with compression off (`mode: off`: bodies forwarded untouched) and Headroom with compression on (json + logs + code on worker threads, lossless; seen and fresh go to the same process) each run in their own process on 127.0.0.1. Unless a row says otherwise the upstream answers at once: a closed loop at full load, where at concurrency 32 the load client, the proxy and the upstream compete for the same cores and added latency includes that queueing. The row with a 1,000 ms upstream (a model\'s response time, the 32 clients started evenly spread over that second, about 32 requests/s) shows the proxy busy but not saturated.',
  ];
}

function checkTargets(scenarios: readonly ProxyBenchScenario[], memory: ProxyBenchMemory): ProxyBenchTarget[] {
  const targets: ProxyBenchTarget[] = [];
  // Throughput only means something where the upstream is not the limit.
  const closed = scenarios.filter((s) => s.upstreamDelayMs === 0 && (s.size === '10 KB' || s.size === '100 KB'));
  const worstRatio = (mode: ProxyBenchMode, goal: number, name: string) => {
    const ratios = closed.map((s) => ({ s, ratio: s.modes[mode].requestsPerSecond / s.modes.relay.requestsPerSecond }));
    const worst = ratios.reduce<(typeof ratios)[number] | undefined>((w, r) => (w === undefined || r.ratio < w.ratio ? r : w), undefined);
    if (worst) {
      targets.push({
        name,
        target: `≥ ${goal * 100}% of the bare relay`,
        measured: `${(worst.ratio * 100).toFixed(1)}% (${worst.s.size}, concurrency ${worst.s.concurrency}); all: ${ratios.map((r) => `${(r.ratio * 100).toFixed(0)}%`).join(', ')}`,
        met: worst.ratio >= goal,
      });
    }
  };
  worstRatio('off', 0.95, 'throughput with compression off, worst of 10/100 KB at concurrency 1 and 32');
  worstRatio('seen', 0.8, 'throughput with already-seen content, worst of 10/100 KB at concurrency 1 and 32');
  for (const key of closed.filter((s) => s.size === '100 KB' && s.concurrency === 1)) {
    const added = key.modes.seen.p50Ms - key.modes.direct.p50Ms;
    targets.push({ name: 'added p50, already-seen content, 100 KB, concurrency 1', target: '≤ 1 ms', measured: `${added.toFixed(2)} ms`, met: added <= 1 });
  }
  for (const key of scenarios.filter((s) => s.size === '100 KB' && s.concurrency === 32 && s.upstreamDelayMs > 0)) {
    const addedP50 = key.modes.fresh.p50Ms - key.modes.direct.p50Ms;
    const addedP99 = key.modes.fresh.p99Ms - key.modes.direct.p99Ms;
    const where = `${key.upstreamDelayMs} ms upstream`;
    targets.push(
      { name: `added p50, fresh content, 100 KB, concurrency 32 (${where})`, target: '≤ 3 ms', measured: `${addedP50.toFixed(2)} ms`, met: addedP50 <= 3 },
      { name: `added p99, fresh content, 100 KB, concurrency 32 (${where})`, target: '≤ 20 ms', measured: `${addedP99.toFixed(2)} ms`, met: addedP99 <= 20 },
    );
  }
  // "Flat": no growth trend once bounded caches (memo, detection outcomes) have filled, i.e. the
  // live heap after a full GC grows by at most max(5 MB, 10%) from the first fifth to the end.
  const settled = memory.samples[0] ?? memory.before;
  const growth = memory.after.heapUsed - settled.heapUsed;
  const allowed = Math.max(5 * 1024 * 1024, settled.heapUsed * 0.1);
  const mbOf = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  targets.push({
    name: `memory over ${memory.requests.toLocaleString('en-US')} requests (heap after ${memory.afterGc ? 'GC' : 'no GC'})`,
    target: 'flat: heap growth after the first fifth ≤ max(5 MB, 10%)',
    measured: `${mbOf(growth)} heap after the first fifth (${mbOf(memory.after.heapUsed - memory.before.heapUsed)} in all); RSS ${mbOf(
      memory.before.rss,
    )} → ${mbOf(memory.after.rss)}`,
    met: growth <= allowed && memory.errors === 0,
  });
  return targets;
}
