import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCompressor } from '@headroom/compressor-code';
import { jsonCompressor } from '@headroom/compressor-json';
import { logsCompressor } from '@headroom/compressor-logs';
import type { Compressor, HeadroomStore } from '@headroom/core';
import { type RunningProxy, startProxy } from '@headroom/proxy';
import { type RecordedRequest, type ScriptedUpstream, startScriptedUpstream } from '@headroom/proxy/testing';
import { createSqliteStore } from '@headroom/store-sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnthropicBody, anthropicToolResults, claudeCodeScript } from './agent-scripts.js';
import { ensureClaudeCode, runClaudeCode } from './claude-code.js';
import { aroundFirstDifference, expectedForward } from './internal/expected-forward.js';
import { type RecordingTap, startRecordingTap } from './internal/recording-tap.js';
import { logRecordsFixture } from './log-records-fixture.js';
import type { ProcessResult } from './run-process.js';

const ANSWER = 'The checkout worker died: database pool exhausted (trace tr-d3f2f).';
const CAT_ID = 'toolu_e2e_cat';
const ECHO_ID = 'toolu_e2e_echo';

/** Claims nothing (confidence 0): records what the proxy told the compressors about each tool result. */
function hintRecorder(seen: { toolName: string | undefined; command: string | undefined }[]): Compressor {
  return {
    specificationVersion: 'v1',
    name: 'hint-recorder',
    contentTypes: ['text'],
    detect(_input, context) {
      seen.push({ toolName: context.toolName, command: context.hints?.command });
      return 0;
    },
    compress: () => ({ type: 'skipped', reason: 'records only' }),
  };
}

describe('Claude Code through the Headroom proxy', () => {
  const fixture = logRecordsFixture();
  let workdir: string;
  let home: string;
  let upstream: ScriptedUpstream;
  let store: HeadroomStore;
  let proxy: RunningProxy;
  let tap: RecordingTap;
  let run: ProcessResult;
  let logFile: string;
  const hintsSeen: { toolName: string | undefined; command: string | undefined }[] = [];
  const messageRequests = (): RecordedRequest[] =>
    upstream.requests.filter((r) => r.method === 'POST' && r.path.split('?')[0] === '/v1/messages');
  const catResults = () => messageRequests().flatMap((r) => anthropicToolResults(r.json<AnthropicBody>(), CAT_ID));

  // One real session for all the checks below: cat a large JSON log, run one more command (so the
  // first result is resent on the next turn), then answer.
  beforeAll(async () => {
    const claude = await ensureClaudeCode();
    workdir = await mkdtemp(join(tmpdir(), 'headroom-e2e-work-'));
    logFile = join(workdir, 'checkout-logs.json');
    await writeFile(logFile, fixture.text);
    upstream = await startScriptedUpstream({
      handler: claudeCodeScript({
        calls: [
          { id: CAT_ID, name: 'Bash', input: { command: `cat ${logFile}`, description: 'Show the logs' } },
          { id: ECHO_ID, name: 'Bash', input: { command: 'echo checked', description: 'Confirm' } },
        ],
        answer: ANSWER,
      }),
    });
    // The proxy as deployed: a real SQLite store in a temporary HEADROOM_HOME, lossless compressors.
    home = await mkdtemp(join(tmpdir(), 'headroom-e2e-home-'));
    store = createSqliteStore({ home });
    proxy = await startProxy({
      port: 0,
      anthropicUpstream: upstream.url,
      store,
      compressors: [hintRecorder(hintsSeen), jsonCompressor(), logsCompressor(), codeCompressor()],
      // Re-encoding only, until retrieval is tested here: nothing may be omitted.
      mode: 'lossless',
    });
    // Claude Code → tap (records what the client sent) → proxy → scripted upstream.
    tap = await startRecordingTap(proxy.url);
    run = await runClaudeCode({
      bin: claude,
      baseUrl: tap.url,
      prompt: 'Why did checkout fail? The logs are in checkout-logs.json.',
      allowedTools: ['Bash'],
      cwd: workdir,
    });
  });
  afterAll(async () => {
    await tap?.close();
    await proxy?.close();
    await upstream?.close();
    await store?.close();
    await rm(workdir, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  });

  it('prints the scripted final answer and exits 0', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(ANSWER);
  });

  it('delivers the tool result compressed, with the planted ERROR and FATAL records verbatim', () => {
    const result = catResults()[0] ?? '';
    // Lossless: the JSON compressor re-encodes the records as a table; nothing is omitted.
    expect(result.length).toBeLessThan(fixture.text.length * 0.6);
    for (const line of fixture.mustKeep) expect(result).toContain(line);
  });

  it('changes nothing but tool_result contents: every other byte is forwarded as Claude Code sent it', () => {
    const sent = tap.requests.filter((r) => r.method === 'POST' && r.path.split('?')[0] === '/v1/messages');
    const received = messageRequests();
    expect(received.length).toBe(sent.length);
    expect(received.some((r, i) => !r.body.equals(sent[i]!.body))).toBe(true);
    sent.forEach((request, i) => {
      const [got, want] = aroundFirstDifference(received[i]!.text(), expectedForward(request.body, received[i]!.body));
      expect(got).toBe(want);
    });
  });

  it('records each forwarded request, its savings and the provider usage in the SQLite ledger', async () => {
    const rows = (await store.ledger.read({ type: 'request' })).filter((e) => e.type === 'request' && e.provider === 'anthropic');
    expect(rows.length).toBe(messageRequests().length);
    for (const row of rows) expect(row).toMatchObject({ status: 200, usage: { inputTokens: 12, outputTokens: 7 } });
    // The turns that carry the log export are the ones that shrink.
    expect(rows.filter((r) => r.type === 'request' && r.tokensAfter < r.tokensBefore).length).toBeGreaterThanOrEqual(2);
  });

  it("hands Claude Code's Bash command line to the compressors as hints.command", () => {
    expect(hintsSeen).toContainEqual({ toolName: 'Bash', command: `cat ${logFile}` });
  });

  it('resends the tool result on the next turn with the same bytes (provider prompt cache stays valid)', () => {
    const results = catResults();
    expect(results).toHaveLength(2);
    expect(results[1]).toBe(results[0]);
    expect(messageRequests().flatMap((r) => anthropicToolResults(r.json<AnthropicBody>(), ECHO_ID))).toEqual(['checked']);
  });
});
