import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCompressor } from '@headroom/compressor-code';
import { jsonCompressor } from '@headroom/compressor-json';
import { logsCompressor } from '@headroom/compressor-logs';
import { startProxy } from '@headroom/proxy';
import { startScriptedUpstream } from '@headroom/proxy/testing';
import { createSqliteStore } from '@headroom/store-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codexScript, functionCallOutputs, type ResponsesBody } from './agent-scripts.js';
import { ensureCodex, runCodex } from './codex.js';
import { aroundFirstDifference, expectedForward } from './internal/expected-forward.js';
import { startRecordingTap } from './internal/recording-tap.js';
import { logRecordsFixture } from './log-records-fixture.js';

describe('Codex through the Headroom proxy', () => {
  let codex: string;
  let workdir: string;

  beforeAll(async () => {
    codex = await ensureCodex();
    workdir = await mkdtemp(join(tmpdir(), 'headroom-e2e-work-'));
  });
  afterAll(async () => {
    await rm(workdir, { recursive: true, force: true });
  });

  it('runs the scripted commands; only the command output changes on the way: compressed, planted records verbatim, same bytes when resent', async () => {
    const fixture = logRecordsFixture();
    const logFile = join(workdir, 'checkout-logs.json');
    await writeFile(logFile, fixture.text);
    const answer = 'The checkout worker died: database pool exhausted (trace tr-d3f2f).';
    const upstream = await startScriptedUpstream({
      handler: codexScript({
        calls: [
          { id: 'call_e2e_cat', name: 'exec_command', input: { cmd: `cat ${logFile}` } },
          { id: 'call_e2e_echo', name: 'exec_command', input: { cmd: 'echo checked' } },
        ],
        answer,
      }),
    });
    const home = await mkdtemp(join(tmpdir(), 'headroom-e2e-home-'));
    const store = createSqliteStore({ home });
    const proxy = await startProxy({
      port: 0,
      openaiUpstream: upstream.url,
      store,
      compressors: [jsonCompressor(), logsCompressor(), codeCompressor()],
      // Re-encoding only, until retrieval is tested here: nothing may be omitted.
      mode: 'lossless',
    });
    // Codex → tap (records what the client sent) → proxy → scripted upstream.
    const tap = await startRecordingTap(proxy.url);
    try {
      const run = await runCodex({ bin: codex, baseUrl: `${tap.url}/v1`, prompt: 'Why did checkout fail?', cwd: workdir });
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(answer);

      const outputs = upstream.requests
        .filter((r) => r.method === 'POST' && r.path === '/v1/responses')
        .flatMap((r) => functionCallOutputs(r.json<ResponsesBody>(), 'call_e2e_cat'));
      // Sent once, then resent with the next turn: the same bytes both times (cache safety).
      expect(outputs).toHaveLength(2);
      expect(outputs[1]).toBe(outputs[0]);
      const output = outputs[0] ?? '';
      // Codex wraps the output in its own header; the JSON after it still compresses, losslessly.
      expect(output.length).toBeLessThan(fixture.text.length * 0.6);
      for (const line of fixture.mustKeep) expect(output).toContain(line);

      // Everything but function_call_output items reaches the upstream as Codex sent it, byte for byte.
      const sent = tap.requests.filter((r) => r.method === 'POST' && r.path === '/v1/responses');
      const received = upstream.requests.filter((r) => r.method === 'POST' && r.path === '/v1/responses');
      expect(received.length).toBe(sent.length);
      expect(received.some((r, i) => !r.body.equals(sent[i]!.body))).toBe(true);
      sent.forEach((request, i) => {
        const [got, want] = aroundFirstDifference(received[i]!.text(), expectedForward(request.body, received[i]!.body));
        expect(got).toBe(want);
      });
    } finally {
      await tap.close();
      await proxy.close();
      await upstream.close();
      await store.close();
      await rm(home, { recursive: true, force: true });
    }
  });
});
