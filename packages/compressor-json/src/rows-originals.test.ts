import { readFileSync } from 'node:fs';
import { createEstimatingTokenizer, createMemoryStore, createPipeline } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { evaldataPath } from './internal/testing/evaldata.js';
import { jsonCompressor } from './json-compressor.js';

/**
 * The original behind a rows marker is the omitted rows and nothing else: a JSON array of exactly
 * as many rows as its summary names. Child tables gather rows from many arrays (each parent's
 * `children`, each pod's `containers`); a run of omitted rows that crossed from one array to the
 * next was once stored as the input's whole slice between them, parents' fields and all.
 */
async function rowsOriginals(input: string): Promise<{ summary: string; original: string }[]> {
  const pipeline = createPipeline({ compressors: [jsonCompressor()], store: createMemoryStore(), tokenizer: createEstimatingTokenizer(), policy: { timeoutMs: 60_000, minTokens: 0 } });
  const result = await pipeline.compress(input, { mode: 'lossy', compressor: 'json' });
  const out: { summary: string; original: string }[] = [];
  for (const marker of result.markers) {
    if (!/rows(?: of \S+)? omitted/.test(marker.summary)) continue;
    out.push({ summary: marker.summary, original: (await pipeline.retrieve(marker.ref))!.original });
  }
  return out;
}

function expectOnlyTheOmittedRows(markers: { summary: string; original: string }[]): void {
  for (const { summary, original } of markers) {
    const omitted = Number(/^(\d+) of \d+/.exec(summary)?.[1]);
    const rows = JSON.parse(original) as unknown;
    const count = Array.isArray(rows) ? rows.length : Object.keys(rows as object).length;
    expect(count, summary).toBe(omitted);
  }
}

/** A directory tree: 12 directories of 20 files each, one file in one directory failing. */
function tree(): string {
  const dirs = Array.from({ length: 12 }, (_, d) => ({
    path: `src/module-${d}`,
    owner: `team-${d % 3}`,
    children: Array.from({ length: 20 }, (_, f) => ({ name: `file-${f}.ts`, size: 1000 + d * 100 + f, status: d === 7 && f === 11 ? 'error: checksum mismatch' : 'ok' })),
  }));
  return JSON.stringify({ root: '/repo', dirs }, null, 2);
}

describe('rows markers hold exactly their rows', () => {
  it('in a child table whose omitted runs cross from one parent array to the next', async () => {
    const markers = await rowsOriginals(tree());
    expect(markers.some((m) => m.summary.includes('rows of children'))).toBe(true);
    expectOnlyTheOmittedRows(markers);
  });

  it('on a real Kubernetes pod list', async () => {
    const input = readFileSync(evaldataPath('json', 'kubernetes-k8s-openapi-replays', 'responses', 'pod-list__00_GET.json'), 'utf8');
    const markers = await rowsOriginals(input);
    expect(markers.length).toBeGreaterThan(0);
    expectOnlyTheOmittedRows(markers);
  });
});
