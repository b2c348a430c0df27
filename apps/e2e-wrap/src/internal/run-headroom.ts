import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { HEADROOM_BIN } from './headroom-bin.js';

/** Runs a `headroom` command against the store under `headroomHome`; resolves with its stdout (rejects on a non-zero exit). */
export async function runHeadroom(args: readonly string[], headroomHome: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [HEADROOM_BIN, ...args], {
    env: { ...process.env, HEADROOM_HOME: headroomHome },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}
