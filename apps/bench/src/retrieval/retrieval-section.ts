import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonCompressor } from '@headroom/compressor-json';
import { logsCompressor } from '@headroom/compressor-logs';
import { startProxy } from '@headroom/proxy';
import { createSqliteStore } from '@headroom/store-sqlite';
import { request } from 'undici';
import type { BenchContext, Section, SectionReport } from '../sections/section.js';
import { startRetrievalUpstream } from './retrieval-upstream.js';

const PIECES = 10;
const PIECE_MS = 15;

/** A Bash result big enough that the log compressor omits lines behind markers. */
function toolOutput(turn: number): string {
  return Array.from({ length: 400 }, (_, i) => `2026-11-24T10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z INFO worker-${i % 5} turn ${turn} handled job ${i} in ${(i * 37) % 90} ms`).join('\n');
}

function body(turn: number) {
  return JSON.stringify({
    model: 'claude-sonnet-4-5',
    max_tokens: 200,
    stream: true,
    messages: [
      { role: 'user', content: 'Which job was slowest?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_cat', name: 'Bash', input: { command: 'cat worker.log' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_cat', content: toolOutput(turn) }] },
    ],
  });
}

/** Sends one streaming request; resolves with the ms until the first text delta and until the end. */
async function timeTurn(url: string, payload: string): Promise<{ firstText: number; total: number }> {
  const started = performance.now();
  const response = await request(`${url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' }, body: payload });
  let firstText = Number.NaN;
  for await (const chunk of response.body) {
    if (Number.isNaN(firstText) && chunk.toString('utf8').includes('text_delta')) firstText = performance.now() - started;
  }
  return { firstText, total: performance.now() - started };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
};
const ms = (value: number) => `${value.toFixed(2)} ms`;

/**
 * Issue 6's measure: on a turn where the model streams text and then calls headroom_retrieve, the
 * time until the client sees the first text (through the proxy vs direct), and what a retrieval
 * round adds beyond the upstream's own time (end of round 1 → continuation request arriving).
 */
export const retrievalSection: Section = {
  name: 'retrieval',
  title: 'Retrieval in the loop (streaming)',
  async run(context: BenchContext): Promise<SectionReport> {
    const turns = context.quick ? 15 : 60;
    const upstream = await startRetrievalUpstream(PIECES, PIECE_MS);
    const home = mkdtempSync(join(tmpdir(), 'headroom-bench-retrieval-'));
    const store = createSqliteStore({ home });
    const proxy = await startProxy({ port: 0, anthropicUpstream: upstream.url, store, compressors: [jsonCompressor(), logsCompressor()], outboundProxy: false });
    try {
      const direct: { firstText: number; total: number }[] = [];
      const proxied: { firstText: number; total: number }[] = [];
      for (let turn = 0; turn < turns; turn++) {
        context.progress(`retrieval: turn ${turn + 1}/${turns}`);
        direct.push(await timeTurn(upstream.url, body(turn)));
        proxied.push(await timeTurn(proxy.url, body(turn)));
      }
      const added = upstream.rounds.map((r) => r.secondArrived - r.endOfFirst);
      const p50Added = percentile(added, 50);
      const rows = [
        ['time to first text, direct', ms(percentile(direct.map((d) => d.firstText), 50)), ms(percentile(direct.map((d) => d.firstText), 99))],
        ['time to first text, through the proxy', ms(percentile(proxied.map((d) => d.firstText), 50)), ms(percentile(proxied.map((d) => d.firstText), 99))],
        ['whole turn, direct (one round, the retrieve call reaches the client)', ms(percentile(direct.map((d) => d.total), 50)), ms(percentile(direct.map((d) => d.total), 99))],
        ['whole turn, through the proxy (two rounds, spliced)', ms(percentile(proxied.map((d) => d.total), 50)), ms(percentile(proxied.map((d) => d.total), 99))],
        ['retrieval round added beyond the upstream (end of round 1 → continuation arrives)', ms(p50Added), ms(percentile(added, 99))],
      ];
      const markdown = [
        `${turns} streaming Anthropic turns, one at a time. Each carries a new 400-line Bash log (compressed lossy by the log compressor, SQLite store); the scripted upstream streams ${PIECES} text deltas ${PIECE_MS} ms apart, then calls headroom_retrieve with a ref from the tool result; the proxy answers it and continues. Direct = the same upstream without the proxy (its round 1 only).`,
        '',
        '| measure | p50 | p99 |',
        '|---|---:|---:|',
        ...rows.map((r) => `| ${r.join(' | ')} |`),
        '',
        `Retrieval rounds observed: ${added.length} of ${turns} proxied turns.`,
      ].join('\n');
      const firstTextGap = percentile(proxied.map((d) => d.firstText), 50) - percentile(direct.map((d) => d.firstText), 50);
      return {
        name: 'retrieval',
        title: this.title,
        markdown,
        targets: [
          { name: 'every proxied turn ran a retrieval round', pass: added.length === turns, detail: `${added.length}/${turns}` },
          { name: 'first text does not wait for the retrieval round', pass: firstTextGap < PIECES * PIECE_MS, detail: `proxy − direct p50 = ${ms(firstTextGap)} (a buffered turn would add at least ${PIECES * PIECE_MS * 2} ms)` },
          { name: 'retrieval round adds ≤ 5 ms p50 beyond the upstream', pass: p50Added <= 5, detail: `${ms(p50Added)} (<= 5 ms)` },
        ],
        data: { turns, direct, proxied, added },
      };
    } finally {
      await proxy.close();
      await upstream.close();
      await store.close();
      rmSync(home, { recursive: true, force: true });
    }
  },
};
