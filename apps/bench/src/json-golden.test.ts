import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonCompressor } from '@headroom/compressor-json';
import type { CompressionMode } from '@headroom/core';
import { createTestContext } from '@headroom/core/testing';
import { describe, expect, it } from 'vitest';
import { evaldataDir, realJsonFiles } from './real-data.js';
import { allWorkloads } from './workloads/index.js';

/**
 * Golden outputs of the JSON compressor on every bench JSON input (the seeded workloads and the
 * real files of evaldata/json, read from there), in both modes: a speed-up must not change one
 * byte. Only SHA-256 digests are committed (of the output or skip reason, and of every offload:
 * ref, summary, kind). `UPDATE_JSON_GOLDEN=1` rewrites them, for a change meant to alter output.
 */
const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'json-golden.json');

interface Input {
  readonly name: string;
  readonly text: string;
  readonly query?: string;
  readonly toolName?: string;
}

function inputs(): Input[] {
  const out: Input[] = [];
  for (const { id, workload } of allWorkloads()) {
    for (const [i, output] of workload.outputs.entries()) out.push({ name: `${id}#${i}`, text: output.text, query: workload.query, toolName: output.toolName });
  }
  for (const file of realJsonFiles(evaldataDir())) out.push({ name: file.name, text: file.text });
  return out;
}

function digest(input: Input, mode: CompressionMode): string {
  const compressor = jsonCompressor();
  const { context, offloads } = createTestContext({ mode, ...(input.query ? { query: input.query } : {}), ...(input.toolName ? { toolName: input.toolName } : {}) });
  compressor.detect(input.text, context);
  const result = compressor.compress(input.text, context);
  if (result instanceof Promise) throw new Error('the json compressor is synchronous');
  const body = result.type === 'compressed' ? { text: result.text } : { skipped: result.reason };
  const offloaded = [...offloads].map(([ref, { meta }]) => [ref, meta.summary, meta.kind]);
  return createHash('sha256').update(JSON.stringify({ ...body, offloaded })).digest('hex');
}

describe('json compressor golden outputs', () => {
  const all = inputs();

  it('covers the five workloads and the real files', () => {
    expect(all.filter((i) => !i.name.startsWith('json/')).length).toBeGreaterThanOrEqual(11);
    expect(all.filter((i) => i.name.startsWith('json/')).length).toBeGreaterThanOrEqual(98);
  });

  for (const mode of ['lossy', 'lossless'] as const) {
    it(`gives the same bytes as the recorded ones in ${mode} mode`, () => {
      const actual: Record<string, string> = {};
      for (const input of all) actual[input.name] = digest(input, mode);
      if (process.env.UPDATE_JSON_GOLDEN === '1') {
        const stored = existsSync(GOLDEN) ? (JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Record<string, string>>) : {};
        stored[mode] = actual;
        writeFileSync(GOLDEN, `${JSON.stringify(stored, null, 2)}\n`);
      }
      const expected = (JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Record<string, string>>)[mode];
      expect(actual).toEqual(expected);
    });
  }
});
