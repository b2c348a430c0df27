import { parseRetrieveTool, type RetrieveToolTiming } from '@headroom/compressor-chat';
import { isHeadroomError } from '@headroom/core';
// The light entry: flag and env parsing without the proxy's HTTP stack.
import { isLoopbackBind, PROXY_LIMIT_SETTINGS, type ProxyLimitFlags, type ProxyLimits, resolveChat, resolveProxyLimits } from '@headroom/proxy/config';
import type { Command } from 'commander';
import type { CliDeps } from '../cli-deps.js';
import { writeFully } from '../cli-io.js';
import { collect } from '../internal/collect.js';
import { usageError } from '../internal/usage-error.js';
import { parsePort } from '../internal/parse-port.js';
import { resolveStoreUrl } from '../internal/resolve-store.js';
import { untilSignal } from '../internal/until-signal.js';
import { cliPricing } from './stats.js';
import { policySource } from '../internal/policy-source.js';

export interface ProxyFlags extends ProxyLimitFlags {
  readonly port?: string;
  readonly host?: string;
  readonly token?: string;
  readonly anthropicUpstream?: string;
  readonly openaiUpstream?: string;
  readonly geminiUpstream?: string;
  readonly mode?: string;
  readonly plugin?: readonly string[];
  readonly store?: string;
  readonly pricing?: string;
  /** `--no-chat` clears it, `--chat` sets it (the default): the conversation step (cross-turn references, compaction points). */
  readonly chat?: boolean;
  /** `--retrieve-tool first-request|when-it-pays`: when the conversation step lets a conversation have the retrieve tool. */
  readonly retrieveTool?: string;
}

/** The proxy's settings after flags (which win) and environment variables are merged and checked. */
export interface ProxySettings {
  readonly port: number;
  readonly host: string;
  readonly token?: string;
  readonly anthropicUpstream?: string;
  readonly openaiUpstream?: string;
  readonly geminiUpstream?: string;
  readonly mode: ProxyMode;
  /** Timeouts, the connection cap and allowed hosts; absent ones take the proxy's defaults. */
  readonly limits: ProxyLimits;
  /** A `redis://` or `rediss://` URL shared by several replicas; absent: the SQLite file under HEADROOM_HOME. */
  readonly store?: string;
  /** The conversation step (`@headroom/compressor-chat`): on unless `--no-chat` or `HEADROOM_CHAT=off`. */
  readonly chat: boolean;
  /** `--retrieve-tool` / `HEADROOM_RETRIEVE_TOOL`, when set: the step's `retrieveTool` (absent: its default, `first-request`). */
  readonly retrieveTool?: RetrieveToolTiming;
}

/** `lossy`: omissions behind markers the proxy redeems; `lossless`: re-encode only; `off`: forward untouched. */
export type ProxyMode = 'lossy' | 'lossless' | 'off';
const MODES: readonly ProxyMode[] = ['lossy', 'lossless', 'off'];

export const DEFAULT_PROXY_PORT = 8787;
export const DEFAULT_PROXY_HOST = '127.0.0.1';
/** The proxy's own default budget (startProxy's `compressionTimeoutMs`); store calls get the same deadline. */
const DEFAULT_COMPRESSION_TIMEOUT_MS = 3000;

export function registerProxy(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  program
    .command('proxy')
    .description('run the compressing HTTP proxy for the Anthropic, OpenAI and Gemini APIs until Ctrl-C')
    .option('--port <port>', `port to listen on, 0 for any free one (env HEADROOM_PORT; default ${DEFAULT_PROXY_PORT})`)
    .option('--host <host>', `address to listen on (env HEADROOM_HOST; default ${DEFAULT_PROXY_HOST}); any other needs --token`)
    .option('--token <token>', 'clients must send this bearer token (env HEADROOM_PROXY_TOKEN)')
    .option('--anthropic-upstream <url>', 'Anthropic API base URL (env HEADROOM_ANTHROPIC_UPSTREAM; default https://api.anthropic.com)')
    .option('--openai-upstream <url>', 'OpenAI API base URL (env HEADROOM_OPENAI_UPSTREAM; default https://api.openai.com)')
    .option('--gemini-upstream <url>', 'Gemini API base URL (env HEADROOM_GEMINI_UPSTREAM; default https://generativelanguage.googleapis.com)')
    .option('--mode <mode>', 'lossy (omissions the model can retrieve), lossless or off (env HEADROOM_MODE; default lossy)')
    .option('--store <url>', 'sqlite (the file under HEADROOM_HOME) or redis://HOST:PORT/DB, shared by several replicas (env HEADROOM_STORE; default sqlite)')
    .option('--plugin <module>', 'also load the compressor(s) exported by this ES module (repeatable)', collect)
    .option('--pricing <file>', 'prices per model for the dollar figures of /stats and /dashboard (JSON); default $HEADROOM_HOME/pricing.json over the built-in table')
    .option('--chat', 'the conversation step: cross-turn references, stale results elided at compaction points (env HEADROOM_CHAT=on|off; default on)')
    .option('--no-chat', 'per-slot compression only, without the conversation step (env HEADROOM_CHAT=off)')
    .option(
      '--retrieve-tool <when>',
      'with the conversation step: first-request (offer headroom_retrieve from a conversation\'s first request) or when-it-pays (only with the first marker whose cache rewrite pays back) (env HEADROOM_RETRIEVE_TOOL; default first-request)',
    )
    .option(limitFlag('headersTimeout'), `time a client has to send its request headers, then 408 (env ${envOf('headersTimeout')}; default 30s)`)
    .option(limitFlag('bodyTimeout'), `time a client has to send its whole request, then 408 (env ${envOf('bodyTimeout')}; default 60s)`)
    .option(limitFlag('firstByteTimeout'), `time a streaming request waits for the upstream's headers, then 504 (env ${envOf('firstByteTimeout')}; default 60s)`)
    .option(limitFlag('responseTimeout'), `time a non-streaming request waits for the upstream's answer, then 504 (env ${envOf('responseTimeout')}; default 10m)`)
    .option(limitFlag('idleTimeout'), `longest silence inside an upstream response body (env ${envOf('idleTimeout')}; default 2m)`)
    .option(limitFlag('maxConnections', '<count>'), `open client connections at most (env ${envOf('maxConnections')}; default 1024)`)
    .option(limitFlag('allowedHosts', '<hosts>'), `comma-separated Host names (name or name:port) accepted besides loopback ones (env ${envOf('allowedHosts')})`)
    .option(limitFlag('compressionTimeout'), `budget for compressing one request, past which its original bytes go upstream; also each store call's deadline (env ${envOf('compressionTimeout')}; default 3s)`)
    .action(async (flags: ProxyFlags) => setExit(await runProxy(flags, deps)));
}

/** Flags win over environment variables; every value is checked before anything starts. */
export function resolveProxySettings(flags: ProxyFlags, env: Readonly<Record<string, string | undefined>>): ProxySettings {
  const pick = (flag: string | undefined, name: string) => flag ?? (env[name]?.trim() || undefined);
  const portText = pick(flags.port, 'HEADROOM_PORT');
  const port = portText === undefined ? DEFAULT_PROXY_PORT : parsePort(portText, 'port');
  const host = pick(flags.host, 'HEADROOM_HOST') ?? DEFAULT_PROXY_HOST;
  if (host.trim() === '') throw usageError('--host must not be empty');
  const token = pick(flags.token, 'HEADROOM_PROXY_TOKEN');
  if (token !== undefined && token.trim() === '') throw usageError('--token must not be empty');
  if (!isLoopbackBind(host.trim()) && token === undefined) {
    throw usageError(`listening on ${host} exposes the proxy beyond this machine: set --token (or HEADROOM_PROXY_TOKEN)`);
  }
  const anthropicUpstream = pick(flags.anthropicUpstream, 'HEADROOM_ANTHROPIC_UPSTREAM');
  const openaiUpstream = pick(flags.openaiUpstream, 'HEADROOM_OPENAI_UPSTREAM');
  const geminiUpstream = pick(flags.geminiUpstream, 'HEADROOM_GEMINI_UPSTREAM');
  if (anthropicUpstream !== undefined) checkUrl(anthropicUpstream, '--anthropic-upstream');
  if (openaiUpstream !== undefined) checkUrl(openaiUpstream, '--openai-upstream');
  if (geminiUpstream !== undefined) checkUrl(geminiUpstream, '--gemini-upstream');
  const mode = pick(flags.mode, 'HEADROOM_MODE') ?? 'lossy';
  if (!MODES.includes(mode as ProxyMode)) throw usageError(`--mode must be one of ${MODES.join(', ')}, got "${mode}"`);
  const store = resolveStoreUrl(pick(flags.store, 'HEADROOM_STORE'), flags.store !== undefined ? '--store' : 'HEADROOM_STORE');
  const retrieveToolText = pick(flags.retrieveTool, 'HEADROOM_RETRIEVE_TOOL');
  let limits: ProxyLimits;
  let chat: boolean;
  let retrieveTool: RetrieveToolTiming | undefined;
  try {
    limits = resolveProxyLimits(flags, env);
    chat = resolveChat(flags.chat, env);
    if (retrieveToolText !== undefined) retrieveTool = parseRetrieveTool(retrieveToolText, flags.retrieveTool !== undefined ? '--retrieve-tool' : 'HEADROOM_RETRIEVE_TOOL');
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error));
  }
  return {
    port,
    host,
    limits,
    ...(token !== undefined ? { token } : {}),
    ...(anthropicUpstream !== undefined ? { anthropicUpstream } : {}),
    ...(openaiUpstream !== undefined ? { openaiUpstream } : {}),
    ...(geminiUpstream !== undefined ? { geminiUpstream } : {}),
    mode: mode as ProxyMode,
    ...(store !== undefined ? { store } : {}),
    chat,
    ...(retrieveTool !== undefined ? { retrieveTool } : {}),
  };
}

export async function runProxy(flags: ProxyFlags, deps: CliDeps): Promise<number> {
  const { io } = deps;
  const settings = resolveProxySettings(flags, io.env);
  const pricing = await cliPricing(deps, flags.pricing);
  const loaded = await deps.loadCompressors(flags.plugin ?? []);
  for (const warning of loaded.warnings) io.stderr.write(`headroom: warning: ${warning}\n`);
  // Loaded on demand: compress/retrieve/stats should not pay for the proxy's HTTP stack.
  const { startProxy } = await import('@headroom/proxy');
  // The proxy's default budget for one request: a store call waits no longer than that.
  const store = await deps.openProxyStore(settings.limits.compressionTimeoutMs ?? DEFAULT_COMPRESSION_TIMEOUT_MS, settings.store);
  // On by default: the proxy offers the retrieve tool from a conversation's first request (when the
  // client declares tools), so the step's first marker never moves the cached prefix, unless
  // --retrieve-tool when-it-pays lets the step decide when that tool pays.
  const { chat, retrieveTool } = settings;
  try {
    let proxy: Awaited<ReturnType<typeof startProxy>>;
    try {
      const { limits, store: _storeUrl, chat: _chat, retrieveTool: _retrieveTool, ...rest } = settings;
      // Modules, not objects: the proxy builds the compressors on its worker threads.
      const conversation = chat ? (await import('@headroom/compressor-chat')).chatCompressor(retrieveTool ? { retrieveTool } : {}) : undefined;
      proxy = await startProxy({ ...rest, ...limits, store, pricing, compressors: loaded.modules ?? loaded.compressors, toolPolicies: policySource(deps), ...(conversation ? { conversation } : {}) });
    } catch (error) {
      if (isHeadroomError(error)) throw error;
      // A port in use or an address this machine does not have: the user's to fix, not a bug.
      io.stderr.write(`headroom: cannot start the proxy on ${settings.host}:${settings.port}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    // Listen for signals before announcing the URL: whoever reads the URL may stop us at once.
    const stopped = untilSignal();
    await writeFully(io.stdout, `${proxy.url}\n`);
    const names = loaded.compressors.map((c) => c.name).join(', ') || 'none';
    const chatNote = chat ? `; conversation step: chat${retrieveTool === 'when-it-pays' ? ', retrieve tool when it pays' : ''}` : '; conversation step: off';
    io.stderr.write(`headroom: proxy listening on ${proxy.url} (compressors: ${names}${loaded.modules ? ', on worker threads' : ''}${chatNote}; store: ${deps.proxyStoreLocation(settings.store)}); Ctrl-C to stop\n`);
    const signal = await stopped;
    await proxy.close();
    io.stderr.write(`headroom: proxy stopped (${signal})\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** `--headers-timeout <duration>` from the one table of limit names. */
function limitFlag(name: keyof ProxyLimitFlags, value = '<duration>'): string {
  return `${PROXY_LIMIT_SETTINGS[name].flag} ${value}`;
}

const envOf = (name: keyof ProxyLimitFlags) => PROXY_LIMIT_SETTINGS[name].env;



function checkUrl(value: string, flag: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`${flag} must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError(`${flag} must be an http(s) URL, got ${JSON.stringify(value)}`);
}
