import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userShellEnv } from './user-shell-env.js';

// What a user gets from the registry, rebuilt locally: every publishable workspace package packed
// with `pnpm pack` (workspace:* ranges become versions), then installed with plain npm into an
// empty folder. Slow (npm compiles better-sqlite3), so it runs once and every check reads from it.

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(packageDir, '../..');
const pnpm = join(repoRoot, 'node_modules', '.bin', 'pnpm');

interface Manifest {
  name: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function publishablePackages(): { dir: string; manifest: Manifest }[] {
  return readdirSync(join(repoRoot, 'packages'))
    .map((name) => join(repoRoot, 'packages', name))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest }))
    .filter(({ manifest }) => !manifest.private);
}

/** The files of a tarball, as `tar` lists them (`package/…`). */
function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** The fenced block of `language` in a README, exactly as written. */
function readmeBlock(readme: string, language: string): string {
  const match = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!match?.[1]) throw new Error(`no \`\`\`${language} block in the README`);
  return match[1];
}

let work: string;
let packs: string;
let app: string;
const tarballs = new Map<string, string>();

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'headroom-packed-'));
  packs = join(work, 'packs');
  app = join(work, 'app');
  mkdirSync(packs);
  mkdirSync(app);
  for (const { dir, manifest } of publishablePackages()) {
    const before = new Set(readdirSync(packs));
    execFileSync(pnpm, ['pack', '--pack-destination', packs], { cwd: dir, stdio: 'pipe' });
    const made = readdirSync(packs).find((file) => !before.has(file));
    if (!made) throw new Error(`pnpm pack made no tarball for ${manifest.name}`);
    tarballs.set(manifest.name, join(packs, made));
  }
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  // Only the umbrella and what it depends on (directly or through peers) are installed, as a user would get them.
  const needed = closure('headroom-ai');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...[...needed].map((name) => tarballs.get(name)!)], { cwd: app, stdio: 'pipe', env: userShellEnv() });
}, 900_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Workspace packages reachable from `name` through dependencies and peer dependencies. */
function closure(name: string): Set<string> {
  const byName = new Map(publishablePackages().map((p) => [p.manifest.name, p.manifest]));
  const seen = new Set<string>();
  const visit = (current: string) => {
    const manifest = byName.get(current);
    if (!manifest || seen.has(current)) return;
    seen.add(current);
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) visit(dep);
  };
  visit(name);
  return seen;
}

function headroom(args: string[], input?: string) {
  return spawnSync('npx', ['--no-install', 'headroom', ...args], { cwd: app, input: input ?? '', env: { ...userShellEnv(), HEADROOM_HOME: join(work, 'home') }, maxBuffer: 64 * 1024 * 1024 });
}

describe('the packed packages', () => {
  it('ship a LICENSE and a README, and no build state, tests or source maps without sources', () => {
    for (const [name, tarball] of tarballs) {
      const files = tarballFiles(tarball);
      expect(files, name).toContain('package/LICENSE');
      expect(files, name).toContain('package/README.md');
      expect(files.filter((file) => file.endsWith('.tsbuildinfo')), name).toEqual([]);
      expect(files.filter((file) => /\.test\.[jt]s$/.test(file) || file.endsWith('.test.d.ts')), name).toEqual([]);
      const sources = new Set(files.filter((file) => file.startsWith('package/src/')));
      const orphanMaps = files.filter((file) => file.endsWith('.map')).filter(() => sources.size === 0);
      expect(orphanMaps, name).toEqual([]);
    }
  });

  it('install with plain npm into an empty folder and give the headroom command', () => {
    const version = JSON.parse(readFileSync(join(repoRoot, 'packages', 'cli', 'package.json'), 'utf8')).version;
    const run = headroom(['--version']);
    expect(run.stderr.toString()).toBe('');
    expect(run.stdout.toString()).toBe(`${version}\n`);
  });

  it('compress and retrieve byte-exact through the installed command', () => {
    const sample = readFileSync(join(repoRoot, 'packages', 'cli', 'samples', 'github-issues.json'), 'utf8');
    const compressed = headroom(['compress', '-', '--json'], sample);
    expect(compressed.status).toBe(0);
    const json = JSON.parse(compressed.stdout.toString()) as { compressed: boolean; compressor: string; ref: string; tokensAfter: number; tokensBefore: number };
    expect(json).toMatchObject({ compressed: true, compressor: 'json' });
    expect(json.tokensAfter).toBeLessThan(json.tokensBefore / 2);
    const retrieved = headroom(['retrieve', json.ref]);
    expect(retrieved.status).toBe(0);
    expect(retrieved.stdout.equals(Buffer.from(sample))).toBe(true);
  });

  it('run the README library example as written', () => {
    const example = readmeBlock(readFileSync(join(packageDir, 'README.md'), 'utf8'), 'js');
    writeFileSync(join(app, 'example.mjs'), example);
    const run = spawnSync(process.execPath, ['example.mjs'], { cwd: app, env: { ...userShellEnv(), HEADROOM_HOME: join(work, 'home') } });
    expect(run.stderr.toString()).toBe('');
    const out = run.stdout.toString();
    expect(out).toContain('suite/case_42,failed');
    expect(out).toMatch(/<<headroom: \d+ of 500 rows omitted [^\n]*ref=[0-9a-f]{24}>>\n/);
    expect(out.endsWith('\ntrue\n')).toBe(true);
  });
});
