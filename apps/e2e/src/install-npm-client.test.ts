import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installedClientBin } from './internal/installed-client-bin.js';
import { installNpmClient } from './install-npm-client.js';

describe('installNpmClient', () => {
  let cacheDir: string;
  beforeEach(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'headroom-e2e-cache-'));
  });
  afterEach(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  async function fakeInstall(version: string): Promise<string> {
    const folder = join(cacheDir, 'headroom-test__no-such-client-1.2.3');
    await mkdir(join(folder, 'node_modules', '@headroom-test', 'no-such-client'), { recursive: true });
    await mkdir(join(folder, 'node_modules', '.bin'), { recursive: true });
    await writeFile(join(folder, 'node_modules', '@headroom-test', 'no-such-client', 'package.json'), JSON.stringify({ version }));
    const bin = join(folder, 'node_modules', '.bin', 'nsc');
    await writeFile(bin, '#!/bin/sh\n');
    return bin;
  }

  it('reuses a cached install of the pinned version without calling npm', async () => {
    const bin = await fakeInstall('1.2.3');
    // The package does not exist on any registry: reaching npm would fail the call.
    const found = await installNpmClient({ packageName: '@headroom-test/no-such-client', version: '1.2.3', bin: 'nsc', cacheDir });
    expect(found).toBe(bin);
  });

  it('does not trust a cached install of another version', async () => {
    const bin = await fakeInstall('1.2.2');
    const folder = join(cacheDir, 'headroom-test__no-such-client-1.2.3');
    expect(installedClientBin(folder, '@headroom-test/no-such-client', '1.2.2', 'nsc')).toBe(bin);
    expect(installedClientBin(folder, '@headroom-test/no-such-client', '1.2.3', 'nsc')).toBeUndefined();
    expect(installedClientBin(folder, '@headroom-test/no-such-client', '1.2.2', 'other-bin')).toBeUndefined();
  });
});
