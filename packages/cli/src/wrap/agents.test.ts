import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isHeadroomError } from '@headroom/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AGENTS } from './agents.js';

// How each agent is pointed at a proxy, as data; the real binaries run in apps/e2e-wrap.
const PROXY = 'http://127.0.0.1:4100';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'headroom-agents-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function usageMessage(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (isHeadroomError(error) && error.code === 'invalid_argument') return error.message;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('copilot', () => {
  it('refuses GitHub-hosted mode with the variables that select your own provider', () => {
    expect(usageMessage(() => AGENTS.copilot.upstream({}))).toMatch(/COPILOT_PROVIDER_BASE_URL/);
    expect(usageMessage(() => AGENTS.copilot.upstream({ COPILOT_PROVIDER_BASE_URL: 'https://x.openai.azure.com', COPILOT_PROVIDER_TYPE: 'azure' }))).toMatch(/azure is not supported/);
  });

  it('keeps the user provider as upstream and moves the base URL to the proxy, /v1 only for OpenAI', () => {
    const openai = { COPILOT_PROVIDER_BASE_URL: 'https://gateway.example/v1' };
    expect(AGENTS.copilot.upstream(openai)).toEqual({ openai: 'https://gateway.example' });
    expect(AGENTS.copilot.plan(PROXY, ['-p', 'hi'], openai)).toEqual({ env: { COPILOT_PROVIDER_BASE_URL: `${PROXY}/v1` }, args: ['-p', 'hi'] });
    const anthropic = { COPILOT_PROVIDER_BASE_URL: 'https://api.anthropic.com', COPILOT_PROVIDER_TYPE: 'Anthropic' };
    expect(AGENTS.copilot.upstream(anthropic)).toEqual({ anthropic: 'https://api.anthropic.com' });
    expect(AGENTS.copilot.plan(PROXY, [], anthropic).env).toEqual({ COPILOT_PROVIDER_BASE_URL: PROXY });
  });
});

describe('opencode', () => {
  it("merges the proxy into the user's inline config and keeps everything else", () => {
    const env = { HOME: home, PWD: home, OPENCODE_CONFIG_CONTENT: JSON.stringify({ model: 'anthropic/claude-sonnet-4-5', provider: { anthropic: { options: { baseURL: 'https://gw.example/v1', timeout: 5 } } } }) };
    expect(AGENTS.opencode.upstream(env)).toEqual({ anthropic: 'https://gw.example' });
    const inline = JSON.parse(AGENTS.opencode.plan(PROXY, ['run', 'x'], env).env.OPENCODE_CONFIG_CONTENT!);
    expect(inline).toEqual({
      model: 'anthropic/claude-sonnet-4-5',
      provider: { anthropic: { options: { baseURL: `${PROXY}/v1`, timeout: 5 } }, openai: { options: { baseURL: `${PROXY}/v1` } } },
    });
  });

  it('reads a base URL from the config files, later files winning, and skips one that is not JSON', () => {
    mkdirSync(join(home, '.config', 'opencode'), { recursive: true });
    writeFileSync(join(home, '.config', 'opencode', 'opencode.json'), JSON.stringify({ provider: { openai: { options: { baseURL: 'https://global.example/v1' } }, anthropic: { options: { baseURL: 'https://a.example' } } } }));
    writeFileSync(join(home, 'opencode.json'), JSON.stringify({ provider: { openai: { options: { baseURL: 'https://project.example/v1' } } } }));
    expect(AGENTS.opencode.upstream({ HOME: home, PWD: home })).toEqual({ openai: 'https://project.example', anthropic: 'https://a.example' });
    writeFileSync(join(home, 'opencode.json'), '{ // jsonc\n}');
    expect(AGENTS.opencode.upstream({ HOME: home, PWD: home })).toEqual({ openai: 'https://global.example', anthropic: 'https://a.example' });
    expect(usageMessage(() => AGENTS.opencode.upstream({ HOME: home, PWD: home, OPENCODE_CONFIG_CONTENT: '{nope' }))).toMatch(/not valid JSON/);
  });
});

describe('aider', () => {
  it("sets litellm's base URLs for this run and keeps the user's as upstream", () => {
    expect(AGENTS.aider.upstream({ OPENAI_API_BASE: 'https://gw.example/v1' })).toEqual({ openai: 'https://gw.example' });
    expect(AGENTS.aider.plan(PROXY, ['--model', 'gpt-4.1'], {})).toEqual({ env: { OPENAI_API_BASE: `${PROXY}/v1`, ANTHROPIC_API_BASE: PROXY }, args: ['--model', 'gpt-4.1'] });
  });
});

describe('gemini', () => {
  it("points the Gemini CLI at the proxy and keeps the user's base URL as upstream", () => {
    expect(AGENTS.gemini.upstream({})).toEqual({});
    expect(AGENTS.gemini.upstream({ GOOGLE_GEMINI_BASE_URL: 'https://gw.example' })).toEqual({ google: 'https://gw.example' });
    expect(AGENTS.gemini.plan(PROXY, ['-p', 'hi'], {})).toEqual({ env: { GOOGLE_GEMINI_BASE_URL: PROXY }, args: ['-p', 'hi'] });
  });
});
