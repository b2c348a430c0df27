import { type Compressor, compressed, createMemoryStore, type HeadroomStore, type RequestFormat, retrieveToolFor, skipped } from '@headroom/core';
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningProxy, type StartProxyOptions, startProxy } from '../start-proxy.js';
import { type ScriptedUpstream, startScriptedUpstream } from '../testing/scripted-upstream.js';

/** `<repo root>/../shared/evaldata`, the repo root being the nearest folder with pnpm-workspace.yaml. */
export function evaldataDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no pnpm-workspace.yaml above this file');
    dir = parent;
  }
  return join(dir, '..', 'shared', 'evaldata');
}

/** Test-only compressors (the real ones live in their own packages). */
export const minifyJson: Compressor = {
  specificationVersion: 'v1',
  name: 'minify-json',
  contentTypes: ['json'],
  detect: (input) => (/^\s*[[{]/.test(input) ? 0.9 : 0),
  compress(input) {
    try {
      return compressed(JSON.stringify(JSON.parse(input)));
    } catch {
      return skipped('not json');
    }
  },
};

/** Collapses runs of identical lines into `line (xN)`: lossless for the purpose of these tests. */
export const foldLines: Compressor = {
  specificationVersion: 'v1',
  name: 'fold-lines',
  contentTypes: ['logs'],
  detect: (input) => (input.includes('\n') && !/^\s*[[{]/.test(input) ? 0.5 : 0),
  compress(input) {
    const out: string[] = [];
    let last: string | undefined;
    let count = 0;
    const flush = () => {
      if (last !== undefined) out.push(count > 1 ? `${last} (x${count})` : last);
    };
    for (const line of input.split('\n')) {
      if (line === last) count++;
      else {
        flush();
        last = line;
        count = 1;
      }
    }
    flush();
    return compressed(out.join('\n'));
  },
};

/** Lossy: keeps the first line and puts the rest behind a marker (a stand-in for the real compressors). */
export const keepFirstLine: Compressor = {
  specificationVersion: 'v1',
  name: 'keep-first-line',
  contentTypes: ['logs'],
  detect: (input) => (input.startsWith('LOG') ? 1 : 0),
  compress(input, context) {
    const cut = input.indexOf('\n');
    if (cut < 0 || context.mode === 'lossless') return skipped('nothing to omit');
    const rest = input.slice(cut + 1);
    return compressed(`${input.slice(0, cut)}\n${context.offload(rest, { summary: `${rest.split('\n').length} lines omitted` })}`);
  },
};

export const explodes: Compressor = {
  specificationVersion: 'v1',
  name: 'explodes',
  contentTypes: ['text'],
  detect: (input) => (input.includes('EXPLODE') ? 1 : 0),
  compress() {
    throw new Error('boom');
  },
};

/** Takes `slowMs` before answering, for timeout tests; compresses like minify-json. */
export function slowCompressor(slowMs: number): Compressor {
  return {
    specificationVersion: 'v1',
    name: 'slow',
    contentTypes: ['json'],
    detect: (input) => (input.includes('SLOW') ? 1 : 0),
    async compress(input) {
      await new Promise((resolve) => setTimeout(resolve, slowMs));
      return compressed(input.replace(/\s+/g, ' '));
    },
  };
}

export interface Harness {
  readonly upstream: ScriptedUpstream;
  readonly proxy: RunningProxy;
  readonly store: HeadroomStore;
  close(): Promise<void>;
}

/** A scripted upstream for both providers and a proxy in front of it, on loopback. */
export async function startHarness(options: Partial<StartProxyOptions> = {}): Promise<Harness> {
  const upstream = await startScriptedUpstream();
  const store = options.store ?? createMemoryStore();
  const proxy = await startProxy({
    port: 0,
    anthropicUpstream: upstream.url,
    openaiUpstream: upstream.url,
    geminiUpstream: upstream.url,
    compressors: [minifyJson, foldLines],
    outboundProxy: false,
    ...options,
    store,
  });
  return {
    upstream,
    proxy,
    store,
    async close() {
      await proxy.close();
      await upstream.close();
    },
  };
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  json<T = Record<string, unknown>>(): T;
}

/** One HTTP request over node:http, with full control of headers (Host and Connection included). */
export function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers: init.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A big pretty-printed JSON tool output: compressible by minify-json. */
export function bigJson(seed: number, rows = 40): string {
  const items = Array.from({ length: rows }, (_, i) => ({ id: seed * 1000 + i, name: `item-${seed}-${i}`, status: i % 7 === 0 ? 'error' : 'ok', tags: ['a', 'b'] }));
  return JSON.stringify({ seed, items }, null, 2);
}

/** A minimal Anthropic Messages body whose last turn is a Bash tool result carrying `toolOutput`. */
export function bashResultBody(toolOutput: string): string {
  return JSON.stringify({
    model: 'm',
    max_tokens: 10,
    messages: [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'cat x' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: toolOutput }] },
    ],
  });
}

/**
 * A forwarded request's text without the retrieve tool the proxy appends after the client's own
 * tools (a lossy request that declares tools gets it from its first turn); throws unless it is
 * there exactly once, so a test reading the rest as the client's bytes also proves the tool went out.
 */
export function withoutRetrieveTool(text: string, format: RequestFormat = 'anthropic-messages'): string {
  const tool = `,${JSON.stringify(retrieveToolFor(format))}`;
  const at = text.indexOf(tool);
  if (at < 0 || text.indexOf(tool, at + 1) >= 0) throw new Error('the retrieve tool must be offered exactly once, after the client tools');
  return text.slice(0, at) + text.slice(at + tool.length);
}
