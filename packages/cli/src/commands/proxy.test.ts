import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import type { CliDeps } from '../cli-deps.js';
import { registerProxy, resolveProxySettings } from './proxy.js';

describe('resolveProxySettings', () => {
  it('runs the conversation step unless --no-chat or HEADROOM_CHAT=off; --chat is still accepted and wins over the environment', () => {
    const flags = (...args: string[]) => {
      const program = new Command();
      registerProxy(program, {} as CliDeps, () => undefined);
      const proxy = program.commands.find((c) => c.name() === 'proxy')!;
      proxy.parseOptions(args);
      return proxy.opts();
    };
    expect(resolveProxySettings(flags(), {}).chat).toBe(true);
    expect(resolveProxySettings(flags('--no-chat'), {}).chat).toBe(false);
    expect(resolveProxySettings(flags('--chat'), {}).chat).toBe(true);
    expect(resolveProxySettings(flags(), { HEADROOM_CHAT: 'off' }).chat).toBe(false);
    expect(resolveProxySettings(flags(), { HEADROOM_CHAT: ' ON ' }).chat).toBe(true);
    expect(resolveProxySettings(flags(), { HEADROOM_CHAT: '' }).chat).toBe(true);
    expect(resolveProxySettings(flags('--chat'), { HEADROOM_CHAT: 'off' }).chat).toBe(true);
    expect(resolveProxySettings(flags('--no-chat'), { HEADROOM_CHAT: 'on' }).chat).toBe(false);
    expect(() => resolveProxySettings(flags(), { HEADROOM_CHAT: 'maybe' })).toThrow(/HEADROOM_CHAT must be on or off, got "maybe"/);
  });

  it('takes --retrieve-tool, else HEADROOM_RETRIEVE_TOOL, and names the source of a value it does not know', () => {
    expect(resolveProxySettings({}, {}).retrieveTool).toBeUndefined();
    expect(resolveProxySettings({ retrieveTool: 'when-it-pays' }, {}).retrieveTool).toBe('when-it-pays');
    expect(resolveProxySettings({}, { HEADROOM_RETRIEVE_TOOL: ' when-it-pays ' }).retrieveTool).toBe('when-it-pays');
    expect(resolveProxySettings({ retrieveTool: 'first-request' }, { HEADROOM_RETRIEVE_TOOL: 'when-it-pays' }).retrieveTool).toBe('first-request');
    expect(() => resolveProxySettings({ retrieveTool: 'lazy' }, {})).toThrow(/--retrieve-tool must be one of first-request, when-it-pays, got "lazy"/);
    expect(() => resolveProxySettings({}, { HEADROOM_RETRIEVE_TOOL: 'later' })).toThrow(/HEADROOM_RETRIEVE_TOOL must be one of first-request, when-it-pays, got "later"/);
  });

  it('defaults to 127.0.0.1:8787 with no token and provider defaults left to the proxy', () => {
    expect(resolveProxySettings({}, {})).toEqual({ port: 8787, host: '127.0.0.1', mode: 'lossy', limits: {}, chat: true });
  });

  it('reads the environment, and flags win over it', () => {
    const env = {
      HEADROOM_PORT: '9000',
      HEADROOM_HOST: '0.0.0.0',
      HEADROOM_PROXY_TOKEN: 'env-token',
      HEADROOM_ANTHROPIC_UPSTREAM: 'http://localhost:1111',
      HEADROOM_OPENAI_UPSTREAM: 'http://localhost:2222/v1',
      HEADROOM_MODE: 'lossless',
    };
    expect(resolveProxySettings({}, env)).toEqual({
      port: 9000,
      host: '0.0.0.0',
      token: 'env-token',
      anthropicUpstream: 'http://localhost:1111',
      openaiUpstream: 'http://localhost:2222/v1',
      mode: 'lossless',
      limits: {},
      chat: true,
    });
    expect(resolveProxySettings({ port: '0', host: '127.0.0.2', token: 'flag', openaiUpstream: 'https://example.test', mode: 'off' }, env)).toEqual({
      port: 0,
      host: '127.0.0.2',
      token: 'flag',
      anthropicUpstream: 'http://localhost:1111',
      openaiUpstream: 'https://example.test',
      mode: 'off',
      limits: {},
      chat: true,
    });
  });

  it('reads the timeouts, the connection cap and the allowed hosts from HEADROOM_* variables, flags winning', () => {
    const env = { HEADROOM_HEADERS_TIMEOUT: '10s', HEADROOM_RESPONSE_TIMEOUT: '5m', HEADROOM_MAX_CONNECTIONS: '64', HEADROOM_ALLOWED_HOSTS: 'proxy.internal' };
    expect(resolveProxySettings({}, env).limits).toEqual({ headersTimeoutMs: 10_000, responseTimeoutMs: 300_000, maxConnections: 64, allowedHosts: ['proxy.internal'] });
    expect(resolveProxySettings({ headersTimeout: '2s', bodyTimeout: '90s', firstByteTimeout: '1500ms', idleTimeout: '30s', maxConnections: '8' }, env).limits).toEqual({
      headersTimeoutMs: 2_000,
      bodyTimeoutMs: 90_000,
      firstByteTimeoutMs: 1_500,
      responseTimeoutMs: 300_000,
      idleTimeoutMs: 30_000,
      maxConnections: 8,
      allowedHosts: ['proxy.internal'],
    });
  });

  it('treats empty environment variables as unset', () => {
    expect(resolveProxySettings({}, { HEADROOM_PORT: '', HEADROOM_HOST: ' ' })).toEqual({ port: 8787, host: '127.0.0.1', mode: 'lossy', limits: {}, chat: true });
  });

  it.each([
    [{ port: '65536' }, /port must be a whole number from 0 to 65535/],
    [{ port: '80.5' }, /port must be/],
    [{ port: 'http' }, /port must be/],
    [{ host: '0.0.0.0' }, /set --token/],
    [{ host: '192.168.1.4' }, /set --token/],
    [{ anthropicUpstream: 'not a url' }, /--anthropic-upstream must be an http\(s\) URL/],
    [{ openaiUpstream: 'ftp://example.test' }, /--openai-upstream must be an http\(s\) URL/],
    [{ mode: 'aggressive' }, /--mode must be one of lossy, lossless, off/],
    [{ headersTimeout: 'soon' }, /--headers-timeout \(env HEADROOM_HEADERS_TIMEOUT\) must be a positive duration/],
    [{ maxConnections: '0' }, /--max-connections/],
    [{ allowedHosts: 'http://x/' }, /--allowed-hosts/],
    [{ store: 'postgres://db/1' }, /--store must be sqlite or a redis:\/\/HOST:PORT\/DB URL/],
    [{ store: 'redis://:secret@cache:6379/x' }, /the Redis database must be a number/],
    [{ store: '/var/lib/headroom.db' }, /--store must be sqlite/],
  ])('rejects %j as a usage error', (flags, message) => {
    expect(() => resolveProxySettings(flags, {})).toThrow(message);
    try {
      resolveProxySettings(flags, {});
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_argument' });
    }
  });

  it('takes the store from --store, else HEADROOM_STORE; sqlite (or nothing) is the default file', () => {
    expect(resolveProxySettings({}, { HEADROOM_STORE: 'redis://cache:6379/2' }).store).toBe('redis://cache:6379/2');
    expect(resolveProxySettings({ store: 'rediss://u:p@cache:6380' }, { HEADROOM_STORE: 'redis://cache:6379/2' }).store).toBe('rediss://u:p@cache:6380');
    expect(resolveProxySettings({ store: 'sqlite' }, { HEADROOM_STORE: 'redis://cache:6379/2' })).not.toHaveProperty('store');
    expect(resolveProxySettings({}, { HEADROOM_STORE: ' ' })).not.toHaveProperty('store');
  });

  it('never echoes a Redis password in a usage error', () => {
    expect(() => resolveProxySettings({ store: 'redis://user:hunter2@' }, {})).toThrow(/--store/);
    expect(() => resolveProxySettings({ store: 'redis://user:hunter2@' }, {})).not.toThrow(/hunter2/);
  });

  it('allows any loopback address without a token', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1']) expect(resolveProxySettings({ host }, {}).host).toBe(host);
  });
});
