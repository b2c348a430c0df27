import { homedir } from 'node:os';
import { join } from 'node:path';
import { isHeadroomError } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { readProxyConfig } from './read-proxy-config.js';

function configError(env: NodeJS.ProcessEnv): string {
  try {
    readProxyConfig(env);
  } catch (error) {
    if (isHeadroomError(error) && error.code === 'invalid_argument') return error.message;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('readProxyConfig', () => {
  it('defaults to loopback:8787 with the store under ~/.headroom', () => {
    expect(readProxyConfig({})).toEqual({ port: 8787, host: '127.0.0.1', home: join(homedir(), '.headroom'), mode: 'lossy', limits: {}, chat: true });
  });

  it('reads every variable', () => {
    const config = readProxyConfig({
      HEADROOM_PORT: '0',
      HEADROOM_HOST: '0.0.0.0',
      HEADROOM_PROXY_TOKEN: 's3cret',
      HEADROOM_ANTHROPIC_UPSTREAM: 'http://127.0.0.1:9001/',
      HEADROOM_OPENAI_UPSTREAM: 'https://gateway.internal/openai',
      HEADROOM_HOME: '/var/lib/headroom',
      HEADROOM_MODE: 'lossless',
      HEADROOM_HEADERS_TIMEOUT: '10s',
      HEADROOM_BODY_TIMEOUT: '2m',
      HEADROOM_FIRST_BYTE_TIMEOUT: '45s',
      HEADROOM_RESPONSE_TIMEOUT: '300000',
      HEADROOM_IDLE_TIMEOUT: '1m',
      HEADROOM_MAX_CONNECTIONS: '256',
      HEADROOM_ALLOWED_HOSTS: 'proxy.internal,headroom.local:8787',
      HEADROOM_CHAT: 'off',
    });
    expect(config).toEqual({
      port: 0,
      host: '0.0.0.0',
      token: 's3cret',
      anthropicUpstream: 'http://127.0.0.1:9001',
      openaiUpstream: 'https://gateway.internal/openai',
      home: '/var/lib/headroom',
      mode: 'lossless',
      limits: {
        headersTimeoutMs: 10_000,
        bodyTimeoutMs: 120_000,
        firstByteTimeoutMs: 45_000,
        responseTimeoutMs: 300_000,
        idleTimeoutMs: 60_000,
        maxConnections: 256,
        allowedHosts: ['proxy.internal', 'headroom.local:8787'],
      },
      chat: false,
    });
  });

  it('refuses a chat switch that is neither on nor off, naming the variable', () => {
    expect(configError({ HEADROOM_CHAT: 'maybe' })).toMatch(/HEADROOM_CHAT must be on or off/);
  });

  it('reads HEADROOM_RETRIEVE_TOOL for the conversation step and refuses an unknown timing, naming the variable', () => {
    expect(readProxyConfig({}).retrieveTool).toBeUndefined();
    expect(readProxyConfig({ HEADROOM_RETRIEVE_TOOL: 'when-it-pays' }).retrieveTool).toBe('when-it-pays');
    expect(configError({ HEADROOM_RETRIEVE_TOOL: 'lazy' })).toMatch(/HEADROOM_RETRIEVE_TOOL must be one of first-request, when-it-pays, got "lazy"/);
  });

  it('refuses a limit that is not a duration or a count, naming the variable', () => {
    expect(configError({ HEADROOM_BODY_TIMEOUT: 'forever' })).toMatch(/HEADROOM_BODY_TIMEOUT/);
    expect(configError({ HEADROOM_MAX_CONNECTIONS: 'lots' })).toMatch(/HEADROOM_MAX_CONNECTIONS/);
  });

  it('defaults to lossy mode and refuses an unknown one', () => {
    expect(readProxyConfig({}).mode).toBe('lossy');
    expect(configError({ HEADROOM_MODE: 'aggressive' })).toMatch(/HEADROOM_MODE must be one of lossy, lossless, off/);
  });

  it('treats empty variables as unset', () => {
    expect(readProxyConfig({ HEADROOM_PORT: '', HEADROOM_HOST: ' ', HEADROOM_ANTHROPIC_UPSTREAM: '' })).toEqual(readProxyConfig({}));
  });

  it('refuses a non-loopback bind without a token', () => {
    expect(configError({ HEADROOM_HOST: '0.0.0.0' })).toMatch(/HEADROOM_PROXY_TOKEN/);
    expect(readProxyConfig({ HEADROOM_HOST: '::1' }).host).toBe('::1');
  });

  it.each(['-1', '65536', '80.5', 'http', '1e3'])('refuses HEADROOM_PORT=%s', (value) => {
    expect(configError({ HEADROOM_PORT: value })).toMatch(/HEADROOM_PORT/);
  });

  it.each(['not a url', 'ftp://example.com', 'file:///etc/passwd'])('refuses the upstream %s', (value) => {
    expect(configError({ HEADROOM_OPENAI_UPSTREAM: value })).toMatch(/HEADROOM_OPENAI_UPSTREAM/);
  });
});
