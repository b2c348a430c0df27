import Anthropic from '@anthropic-ai/sdk';
import { createMemoryStore } from '@headroom/core';
import { anthropicMessage } from '@headroom/proxy/testing';
import { type HeadroomEvent, withHeadroom } from '@headroom/sdk';
import { createBodyFactory } from '../proxy/internal/request-bodies.js';
import { percentile } from '../proxy/internal/run-load.js';

export interface SdkBenchRow {
  readonly size: string;
  readonly bodyBytes: number;
  readonly requests: number;
  /** p50 of one `messages.create` through the bare client (in-process fetch, no network). */
  readonly bareP50Ms: number;
  /** p50 of the same call through `withHeadroom(client)`. */
  readonly headroomP50Ms: number;
  /** p50 of the compression inside those calls (the `durationMs` of their `compressed` events). */
  readonly compressionP50Ms: number;
  /** Median over requests of (withHeadroom call − its own compression − the bare call on the same body). */
  readonly addedP50Ms: number;
  /** headroom p50 / bare p50. */
  readonly ratio: number;
}

const KB = 1024;
const REPLY = JSON.stringify(anthropicMessage({ text: 'ok', model: 'claude-sonnet-4-6' }));
// The bench bodies name a model the client warns about on every call; the warning is not what is measured.
const MODEL = 'claude-sonnet-4-6';

/** A fetch that answers at once, so only the client's and Headroom's own work is timed. */
const instantFetch = async () => new Response(REPLY, { status: 200, headers: { 'content-type': 'application/json' } });

/**
 * In-process overhead of `withHeadroom(anthropic)` against the bare client on the proxy bench's
 * bodies (real JSON API output and real logs, 60 % resent history, 40 % new), interleaved request
 * by request in the same run. Compression is timed inside each call, so what is subtracted is the
 * compression that call did, not a separate run's.
 */
export async function runSdkBench(quick: boolean): Promise<SdkBenchRow[]> {
  const sizes = [
    { label: '10 KB', bytes: 10 * KB, requests: quick ? 60 : 300 },
    { label: '100 KB', bytes: 100 * KB, requests: quick ? 30 : 150 },
    ...(quick ? [] : [{ label: '1 MB', bytes: 1024 * KB, requests: 40 }]),
  ];
  const rows: SdkBenchRow[] = [];
  for (const size of sizes) {
    const makeBody = createBodyFactory(size.bytes);
    let compressionMs = Number.NaN;
    const onEvent = (event: HeadroomEvent) => {
      if (event.type === 'compressed') compressionMs = event.durationMs;
    };
    const bare = new Anthropic({ apiKey: 'k', fetch: instantFetch, maxRetries: 0 });
    const wrapped = withHeadroom(new Anthropic({ apiKey: 'k', fetch: instantFetch, maxRetries: 0 }), { store: createMemoryStore(), onEvent });
    const times = { bare: [] as number[], headroom: [] as number[], compression: [] as number[], added: [] as number[] };
    let bytes = 0;
    const warmup = 5;
    for (let seq = 0; seq < size.requests + warmup; seq++) {
      const text = makeBody(seq);
      bytes += Buffer.byteLength(text);
      const timed = async (client: Anthropic) => {
        const body = { ...(JSON.parse(text) as Anthropic.MessageCreateParamsNonStreaming), model: MODEL };
        const started = performance.now();
        await client.messages.create(body);
        return performance.now() - started;
      };
      // The order alternates so that neither variant always runs right after a collection.
      compressionMs = Number.NaN;
      let bareMs: number;
      let headroomMs: number;
      if (seq % 2) {
        bareMs = await timed(bare);
        headroomMs = await timed(wrapped);
      } else {
        headroomMs = await timed(wrapped);
        bareMs = await timed(bare);
      }
      if (seq < warmup) continue;
      times.bare.push(bareMs);
      times.headroom.push(headroomMs);
      times.compression.push(compressionMs);
      times.added.push(headroomMs - compressionMs - bareMs);
    }
    const p50 = (values: number[]) => percentile(values, 50);
    rows.push({
      size: size.label,
      bodyBytes: Math.round(bytes / (size.requests + warmup)),
      requests: size.requests,
      bareP50Ms: p50(times.bare),
      headroomP50Ms: p50(times.headroom),
      compressionP50Ms: p50(times.compression),
      addedP50Ms: p50(times.added),
      ratio: p50(times.headroom) / p50(times.bare),
    });
  }
  return rows;
}
