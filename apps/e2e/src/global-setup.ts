import { ensureClaudeCode } from './claude-code.js';
import { ensureCodex } from './codex.js';

/**
 * Vitest global setup: install the pinned clients once, before the test files start in
 * parallel, so that a cold cache downloads each client once instead of once per file.
 */
export async function setup(): Promise<void> {
  await ensureClaudeCode();
  await ensureCodex();
}
