import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

describe("the umbrella's headroom command", () => {
  it("starts node as @headroom/cli's own bin does (the proxy's node flags: see cli's bin.test.ts)", () => {
    const firstLine = (path: string) => readFileSync(path, 'utf8').split('\n', 1)[0];
    const cliBin = join(packageRoot, '..', 'cli', 'src', 'bin.ts');
    expect(firstLine(join(packageRoot, 'bin', 'headroom.js'))).toBe(firstLine(cliBin));
  });
});
