import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installNpmClient } from './install-npm-client.js';
import { type ProcessResult, runProcess } from './run-process.js';

/** The Claude Code release these tests were written against (see REAL-CLIENTS.md). */
export const CLAUDE_CODE_VERSION = '2.1.331';

/** Installs `@anthropic-ai/claude-code` into the e2e cache once; returns the `claude` binary. */
export function ensureClaudeCode(cacheDir?: string): Promise<string> {
  return installNpmClient({
    packageName: '@anthropic-ai/claude-code',
    version: CLAUDE_CODE_VERSION,
    bin: 'claude',
    ...(cacheDir === undefined ? {} : { cacheDir }),
  });
}

export interface RunClaudeCodeOptions {
  /** The `claude` binary from `ensureClaudeCode()`. */
  readonly bin: string;
  /** Where Claude Code sends its API calls (`ANTHROPIC_BASE_URL`): the proxy, or an upstream directly. */
  readonly baseUrl: string;
  readonly prompt: string;
  /** Tools it may run without asking. We run as root, where `--dangerously-skip-permissions` is refused. */
  readonly allowedTools?: readonly string[];
  /** More arguments for `claude` after the prompt and `--allowedTools` (e.g. `--mcp-config FILE`). */
  readonly extraArgs?: readonly string[];
  /** More environment variables for `claude` (e.g. `ENABLE_TOOL_SEARCH`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Default: a fresh temporary folder. */
  readonly cwd?: string;
  /** Default 120 s. */
  readonly timeoutMs?: number;
}

/**
 * Runs `claude -p` once, offline: a temporary HOME (so it never reads or writes the real
 * user's state), a dummy API key, and every call sent to `baseUrl`.
 */
export async function runClaudeCode(options: RunClaudeCodeOptions): Promise<ProcessResult> {
  const home = await mkdtemp(join(tmpdir(), 'headroom-e2e-claude-'));
  try {
    const args = ['-p', options.prompt];
    if (options.allowedTools && options.allowedTools.length > 0) args.push('--allowedTools', options.allowedTools.join(','));
    if (options.extraArgs) args.push(...options.extraArgs);
    return await runProcess(options.bin, args, {
      cwd: options.cwd ?? home,
      timeoutMs: options.timeoutMs ?? 120_000,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        ANTHROPIC_BASE_URL: options.baseUrl,
        ANTHROPIC_API_KEY: 'sk-ant-headroom-e2e',
        // Keep it offline: no update checks, telemetry or error reporting to the public hosts.
        DISABLE_AUTOUPDATER: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        ...options.env,
      },
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
