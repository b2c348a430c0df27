import { parseRetrieveTool, type RetrieveToolTiming } from '@headroom/compressor-chat';
import { HeadroomError } from '@headroom/core';
import type { ProxyMode } from '@headroom/proxy';
import { isLoopbackBind, type ProxyLimits, resolveChat, resolveProxyLimits } from '@headroom/proxy/config';
import { headroomHome } from '@headroom/store-sqlite';

/** Everything the reference deployment reads from its environment. */
export interface ProxyConfig {
  /** `HEADROOM_PORT`, default 8787; 0 picks a free port (the URL is printed at start). */
  readonly port: number;
  /** `HEADROOM_HOST`, default 127.0.0.1. */
  readonly host: string;
  /** `HEADROOM_PROXY_TOKEN`: required when `host` is not a loopback address. */
  readonly token?: string;
  /** `HEADROOM_ANTHROPIC_UPSTREAM`, default https://api.anthropic.com (the proxy's own default). */
  readonly anthropicUpstream?: string;
  /** `HEADROOM_OPENAI_UPSTREAM`, default https://api.openai.com (the proxy's own default). */
  readonly openaiUpstream?: string;
  /** `HEADROOM_GEMINI_UPSTREAM`, default https://generativelanguage.googleapis.com (the proxy's own default). */
  readonly geminiUpstream?: string;
  /** `HEADROOM_HOME`, default `~/.headroom`: the SQLite store lives there. */
  readonly home: string;
  /** `HEADROOM_MODE`: `lossy` (default; omissions the model retrieves through the proxy), `lossless` or `off`. */
  readonly mode: ProxyMode;
  /**
   * `HEADROOM_HEADERS_TIMEOUT`, `HEADROOM_BODY_TIMEOUT`, `HEADROOM_FIRST_BYTE_TIMEOUT`,
   * `HEADROOM_RESPONSE_TIMEOUT`, `HEADROOM_IDLE_TIMEOUT` (durations: `30s`, `10m`, `500ms`),
   * `HEADROOM_MAX_CONNECTIONS`, `HEADROOM_ALLOWED_HOSTS` (comma-separated); parsed by the proxy
   * package, absent ones take the proxy's defaults.
   */
  readonly limits: ProxyLimits;
  /** `HEADROOM_CHAT`: `on` (default) runs the conversation step (`@headroom/compressor-chat`) over each lossy request; `off` leaves history as sent. */
  readonly chat: boolean;
  /** `HEADROOM_RETRIEVE_TOOL`: `first-request` (the step's default) or `when-it-pays` (`chatCompressor`'s `retrieveTool`). */
  readonly retrieveTool?: RetrieveToolTiming;
}

const MODES: readonly ProxyMode[] = ['lossy', 'lossless', 'off'];

/**
 * Reads and validates the configuration once, at start: a typo in an env var should stop
 * the service with a clear message rather than surface later as a confusing request failure.
 * Throws `HeadroomError('invalid_argument')`.
 */
export function readProxyConfig(env: NodeJS.ProcessEnv): ProxyConfig {
  const host = nonEmpty(env.HEADROOM_HOST) ?? '127.0.0.1';
  const token = nonEmpty(env.HEADROOM_PROXY_TOKEN);
  if (token === undefined && !isLoopbackBind(host)) {
    throw new HeadroomError(
      'invalid_argument',
      `HEADROOM_HOST=${host} is reachable from other machines: set HEADROOM_PROXY_TOKEN so that callers must present it`,
    );
  }
  const anthropicUpstream = upstreamUrl(env, 'HEADROOM_ANTHROPIC_UPSTREAM');
  const openaiUpstream = upstreamUrl(env, 'HEADROOM_OPENAI_UPSTREAM');
  const geminiUpstream = upstreamUrl(env, 'HEADROOM_GEMINI_UPSTREAM');
  const mode = nonEmpty(env.HEADROOM_MODE) ?? 'lossy';
  if (!MODES.includes(mode as ProxyMode)) {
    throw new HeadroomError('invalid_argument', `HEADROOM_MODE must be one of ${MODES.join(', ')}, got "${mode}"`);
  }
  const retrieveToolText = nonEmpty(env.HEADROOM_RETRIEVE_TOOL);
  const retrieveTool = retrieveToolText === undefined ? undefined : parseRetrieveTool(retrieveToolText, 'HEADROOM_RETRIEVE_TOOL');
  return {
    port: port(env.HEADROOM_PORT),
    host,
    home: headroomHome(env),
    mode: mode as ProxyMode,
    limits: resolveProxyLimits({}, env),
    chat: resolveChat(undefined, env),
    ...(token === undefined ? {} : { token }),
    ...(anthropicUpstream === undefined ? {} : { anthropicUpstream }),
    ...(openaiUpstream === undefined ? {} : { openaiUpstream }),
    ...(geminiUpstream === undefined ? {} : { geminiUpstream }),
    ...(retrieveTool === undefined ? {} : { retrieveTool }),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function port(value: string | undefined): number {
  const raw = nonEmpty(value);
  if (raw === undefined) return 8787;
  const parsed = Number(raw);
  if (!/^\d+$/.test(raw) || parsed > 65535) {
    throw new HeadroomError('invalid_argument', `HEADROOM_PORT must be an integer from 0 to 65535, got "${raw}"`);
  }
  return parsed;
}

function upstreamUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HeadroomError('invalid_argument', `${name} is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HeadroomError('invalid_argument', `${name} must be an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}
