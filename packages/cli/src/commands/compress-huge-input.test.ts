import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'dist', 'bin.js');
const MB = 1024 * 1024;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'headroom-huge-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function compress(file: string) {
  const result = spawnSync(process.execPath, [bin, 'compress', file], {
    cwd: dir,
    env: { ...process.env, HEADROOM_HOME: join(dir, 'home') },
    maxBuffer: 64 * MB,
  });
  return { code: result.status, stdout: result.stdout, err: result.stderr.toString('utf8') };
}

// Once "Maximum call stack size exceeded" from a regex in the tokenizer: the command must print
// the original (or a smaller compression) and exit 0 on any input.
describe('headroom compress on huge input', () => {
  it('exits 0 on 20 MB of one unbroken line', () => {
    const block = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0123456789+/abcdefghijklmnop';
    const input = Buffer.from(block.repeat((20 * MB) / block.length));
    const file = join(dir, 'one-line.txt');
    writeFileSync(file, input);
    const run = compress(file);
    expect(run.err).not.toMatch(/unexpected error/);
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeLessThanOrEqual(input.length);
    if (run.stdout.length === input.length) expect(run.stdout.equals(input)).toBe(true);
  }, 300_000);
});
