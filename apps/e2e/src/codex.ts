import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installNpmClient } from './install-npm-client.js';
import { type ProcessResult, runProcess } from './run-process.js';

/** The Codex release these tests were written against (see REAL-CLIENTS.md). */
export const CODEX_VERSION = '0.169.0';

/** Installs `@openai/codex` into the e2e cache once; returns the `codex` binary. */
export function ensureCodex(cacheDir?: string): Promise<string> {
  return installNpmClient({
    packageName: '@openai/codex',
    version: CODEX_VERSION,
    bin: 'codex',
    ...(cacheDir === undefined ? {} : { cacheDir }),
  });
}

export interface RunCodexOptions {
  /** The `codex` binary from `ensureCodex()`. */
  readonly bin: string;
  /** The OpenAI-style base URL *including* `/v1`: the proxy's or an upstream's. */
  readonly baseUrl: string;
  readonly prompt: string;
  /** Default: a fresh temporary folder. */
  readonly cwd?: string;
  /** Default 120 s. */
  readonly timeoutMs?: number;
}

/**
 * Runs `codex exec` once, offline. Codex ignores `OPENAI_BASE_URL` for its default
 * transport, so a throwaway CODEX_HOME holds a config.toml with a local provider instead.
 */
export async function runCodex(options: RunCodexOptions): Promise<ProcessResult> {
  const home = await mkdtemp(join(tmpdir(), 'headroom-e2e-codex-'));
  try {
    await writeFile(join(home, 'config.toml'), codexConfigToml(options.baseUrl));
    return await runProcess(options.bin, ['exec', '--skip-git-repo-check', options.prompt], {
      cwd: options.cwd ?? home,
      timeoutMs: options.timeoutMs ?? 120_000,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        CODEX_HOME: home,
        OPENAI_API_KEY: 'sk-headroom-e2e',
      },
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/**
 * A config.toml that sends every Codex call to `baseUrl` over the Responses API. Codex cuts
 * command output to ~10k tokens by default; the higher limit lets a whole fixture through so
 * that what reaches the model is Headroom's doing, not Codex's.
 */
export function codexConfigToml(baseUrl: string): string {
  return [
    'model_provider = "local"',
    'model = "gpt-5"',
    'tool_output_token_limit = 25000',
    '',
    '[model_providers.local]',
    'name = "local"',
    `base_url = ${JSON.stringify(baseUrl)}`,
    'wire_api = "responses"',
    'env_key = "OPENAI_API_KEY"',
    '',
  ].join('\n');
}
