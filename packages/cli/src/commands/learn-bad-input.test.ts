import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonCompressor } from '@headroom/compressor-json';
import { createMemoryStore, createPolicyFileSource, parseMarkers, POLICY_FILE } from '@headroom/core';
import { startProxy } from '@headroom/proxy';
import { anthropicMessage, startScriptedUpstream } from '@headroom/proxy/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo, CliOutput } from '../cli-io.js';
import { runCli } from '../run-cli.js';

function sink(): CliOutput & { text(): string } {
  let text = '';
  return {
    write(chunk, callback) {
      text += Buffer.from(chunk).toString('utf8');
      callback?.();
      return true;
    },
    text: () => text,
  };
}

async function cli(home: string, args: string[], stdin = '') {
  const stdout = sink();
  const stderr = sink();
  const io: CliIo = { stdout, stderr, readStdin: async () => Buffer.from(stdin), stdinIsTty: stdin === '', env: { HEADROOM_HOME: home, HOME: home }, cwd: home };
  const code = await runCli(args, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** A tool's rows: 150 of them, one with an error. */
const rows = (seed: number) =>
  JSON.stringify(
    Array.from({ length: 150 }, (_, i) => ({ id: seed * 1000 + i, name: `pkg-${seed}-${i}`, status: i === 77 ? 'error: checksum mismatch' : 'ok', size: (i * 7919) % 10007 })),
    null,
    2,
  );
const ROWS = rows(0);

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'headroom-learn-bad-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('bad input never stops a host', () => {
  it('a corrupt policy file is reported with its path by learn, compress and the proxy, and skipped', async () => {
    const path = join(home, POLICY_FILE);
    writeFileSync(path, '{"version":1,"tools":{"get_orders":{"mode":"lossless"}');

    const learned = await cli(home, ['learn']);
    expect(learned.code).toBe(0);
    expect(learned.stderr).toContain(`learned policy ${path} skipped: not JSON`);

    const compressed = await cli(home, ['compress', '--tool', 'get_orders', '-q'], ROWS);
    expect(compressed.code).toBe(0);
    expect(compressed.stderr).toContain(`learned policy ${path} skipped`);
    expect(parseMarkers(compressed.stdout).length).toBeGreaterThan(0);

    const problems: string[] = [];
    const upstream = await startScriptedUpstream();
    upstream.setDefault(() => ({ json: anthropicMessage({ text: 'ok' }) }));
    const proxy = await startProxy({
      port: 0,
      anthropicUpstream: upstream.url,
      compressors: [jsonCompressor()],
      store: createMemoryStore(),
      mode: 'lossy',
      outboundProxy: false,
      toolPolicies: createPolicyFileSource(path, { checkEveryMs: 0, onProblem: (p, m) => problems.push(`${p}: ${m}`) }),
    });
    try {
      const body = (content: string) => JSON.stringify({
        model: 'm',
        max_tokens: 10,
        messages: [
          { role: 'user', content: 'go' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'get_orders', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content }] },
        ],
      });
      const response = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' }, body: body(ROWS) });
      expect(response.status).toBe(200);
      expect(parseMarkers(upstream.requests.at(-1)!.text()).length).toBeGreaterThan(0);
      expect(problems).toEqual([expect.stringContaining(`${path}: not JSON`)]);
      // Fixed on disk while the proxy runs: the next new content follows it (content already sent keeps its bytes).
      writeFileSync(path, '{"version":1,"tools":{"get_orders":{"mode":"lossless"}}}');
      const again = await fetch(`${proxy.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' }, body: body(rows(1)) });
      expect(again.status).toBe(200);
      expect(parseMarkers(upstream.requests.at(-1)!.text())).toEqual([]);
    } finally {
      await proxy.close();
      await upstream.close();
    }

    // Nothing learned yet: --apply leaves the file as it is (a write would keep the old one as policy.json.bad).
    writeFileSync(path, '{"version":');
    const applied = await cli(home, ['learn', '--apply']);
    expect(applied.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe('{"version":');
  });

  it('a corrupt transcript is reported with its path and skipped', async () => {
    const dir = join(home, '.claude', 'projects', '-work-app');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'broken.jsonl'), '{"type":"assistant","message":\n');
    const result = await cli(home, ['learn', '--write-advice']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`transcript ${join(dir, 'broken.jsonl')} skipped: line 1 is not JSON`);
    expect(() => readFileSync(join(home, 'CLAUDE.local.md'))).toThrow();
  });
});
