import { readFileSync, statSync } from 'node:fs';
import type { ToolPolicies } from '../pipeline/tool-policy.js';
import { parsePolicyFile, toolPoliciesOf } from './policy-file.js';

export interface PolicyFileSourceOptions {
  /** How often, at most, the file's modification time is checked (ms). Default: 1000. */
  readonly checkEveryMs?: number;
  /** Called once per bad version of the file (unreadable, not JSON, wrong shape), with its path. Default: nothing. */
  readonly onProblem?: (path: string, message: string) => void;
  /** Clock, for tests. Default: `Date.now`. */
  readonly now?: () => number;
}

/**
 * The tool policies in a policy file, read at start and again whenever the file changes (its size
 * or modification time), checked at most once per `checkEveryMs` when asked, so there is no timer
 * or watcher to leak. A missing file is no policy; a bad one is reported with its path and
 * skipped: the last good policy stays (none, at start). Never throws.
 */
export function createPolicyFileSource(path: string, options: PolicyFileSourceOptions = {}): () => ToolPolicies | undefined {
  const checkEveryMs = options.checkEveryMs ?? 1000;
  const now = options.now ?? Date.now;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let seen = '';
  let current: ToolPolicies | undefined;

  const reload = () => {
    let stamp: string;
    try {
      const stat = statSync(path);
      stamp = `${stat.mtimeMs}|${stat.size}|${stat.ino}`;
    } catch {
      // No file (never learned, or `--reset`): no learned policy.
      seen = '';
      current = undefined;
      return;
    }
    if (stamp === seen) return;
    seen = stamp;
    try {
      current = toolPoliciesOf(parsePolicyFile(readFileSync(path, 'utf8')));
    } catch (error) {
      options.onProblem?.(path, error instanceof Error ? error.message : String(error));
    }
  };

  return () => {
    const at = now();
    if (at - checkedAt >= checkEveryMs) {
      checkedAt = at;
      reload();
    }
    return current;
  };
}
