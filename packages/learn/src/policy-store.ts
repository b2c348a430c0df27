import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EMPTY_POLICY_FILE, parsePolicyFile, type PolicyFile, stringifyPolicyFile } from '@headroom/core';

export interface ReadPolicy {
  readonly policy: PolicyFile;
  /** Set when the file exists but could not be used: it is treated as empty. */
  readonly problem?: string;
  readonly exists: boolean;
}

/** The policy file at `path`; a missing file is the empty policy, a bad one is reported and treated as empty. */
export function readPolicy(path: string): ReadPolicy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { policy: EMPTY_POLICY_FILE, exists: false };
    return { policy: EMPTY_POLICY_FILE, exists: true, problem: (error as Error).message };
  }
  try {
    return { policy: parsePolicyFile(text), exists: true };
  } catch (error) {
    return { policy: EMPTY_POLICY_FILE, exists: true, problem: (error as Error).message };
  }
}

/**
 * Writes `policy` to `path`: the previous file is kept as `path.prev` (a bad one as `path.bad`,
 * never overwritten silently), then a temporary file is renamed over it, so a host reading the
 * file at any moment sees the old policy or the new one, never half of one.
 */
export function writePolicy(path: string, policy: PolicyFile, previous: ReadPolicy): void {
  mkdirSync(dirname(path), { recursive: true });
  if (previous.exists) copyFileSync(path, previous.problem ? `${path}.bad` : `${path}.prev`);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, stringifyPolicyFile(policy));
  renameSync(temporary, path);
}

/** Removes the learned policy (kept as `path.prev`): every host is back to its own settings. Resolves to whether there was one. */
export function resetPolicy(path: string): boolean {
  try {
    renameSync(path, `${path}.prev`);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return false;
    }
    throw error;
  }
}
