import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userShellEnv } from './user-shell-env.js';

// The root README's usage lines, run as written from the repository root (placeholders filled in,
// ports made free). `npx headroom` is the bin this workspace links at install time.

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const sample = join(repoRoot, 'packages', 'cli', 'samples', 'github-issues.json');

/** The `npx headroom …` lines of the README's "Using it" block, comments dropped. */
function usageLines(): string[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using it'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .filter((line) => line.startsWith('npx headroom'))
    .map((line) => line.replace(/\s+#.*$/, '').trim());
}

/** Shell words of a line: double-quoted strings kept whole, `[a b|c]` groups opened to their first alternative. */
function words(line: string, fill: Record<string, string>): string[] {
  const opened = line.replace(/\[([^\]]*)\]/g, (_, inner: string) => inner.replace(/\S*\|\S*/g, (choices) => choices.split('|')[0]!));
  const out: string[] = [];
  for (const match of opened.matchAll(/"([^"]*)"|(\S+)/g)) {
    const word = match[1] ?? match[2]!;
    out.push(fill[word] ?? word);
  }
  return out;
}

let home: string;
let env: NodeJS.ProcessEnv;
const children: ChildProcess[] = [];

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'headroom-readme-'));
  // HOME too: `mcp install claude` writes the user's Claude Code settings.
  env = { ...userShellEnv(), HEADROOM_HOME: join(home, 'store'), HOME: home, CODEX_HOME: join(home, '.codex') };
});

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

function run(argv: string[], input = '') {
  const [command, ...args] = argv;
  const result = spawnSync(command!, args, { cwd: repoRoot, env, input, maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, out: result.stdout.toString('utf8'), err: result.stderr.toString('utf8') };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Polls `url` until it answers (any status) or `budgetMs` passes: a start-up check, not a speed check. */
async function answers(url: string, budgetMs = 120_000): Promise<number> {
  const until = Date.now() + budgetMs;
  for (;;) {
    try {
      return (await fetch(url)).status;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function line(prefix: string): string {
  const found = usageLines().find((l) => l.startsWith(prefix));
  if (!found) throw new Error(`the README has no usage line starting "${prefix}"`);
  return found;
}

describe("the README's usage lines, as written", () => {
  let ref = '';

  it('compress FILE: the compressed text on stdout, and with every option a JSON object that parses', () => {
    const plain = run(words(line('npx headroom compress').replace(/\[.*$/, ''), { FILE: sample }));
    expect(plain.code).toBe(0);
    // The summary line; a progress line may come first when the machine is slow.
    expect(plain.err).toMatch(/^headroom: json [\d,]+ → [\d,]+ tokens/m);
    expect(plain.out.length).toBeLessThan(readFileSync(sample, 'utf8').length / 2);
    const json = run(words(line('npx headroom compress'), { FILE: sample, TEXT: 'urgent bug' }));
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ compressed: true, compressor: 'json' });
    const lossy = JSON.parse(run([...words(line('npx headroom compress').replace(/\[.*$/, ''), { FILE: sample }), '--json']).out) as { ref: string };
    ref = lossy.ref;
  });

  it('retrieve REF: the original on stdout, byte for byte', () => {
    expect(ref).toMatch(/^[0-9a-f]{24}$/);
    const retrieved = run(words(line('npx headroom retrieve'), { REF: ref }));
    expect(retrieved.code).toBe(0);
    expect(retrieved.stdout.equals(readFileSync(sample))).toBe(true);
  });

  it('stats --json parses; prune runs', () => {
    const stats = run(words(line('npx headroom stats'), {}));
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.out)).toBeTypeOf('object');
    expect(run(words(line('npx headroom prune'), {})).code).toBe(0);
  });

  it('--version prints the version alone', () => {
    const version = JSON.parse(readFileSync(join(repoRoot, 'packages', 'cli', 'package.json'), 'utf8')).version;
    expect(run(words(line('npx headroom --version'), {})).out).toBe(`${version}\n`);
  });

  it('proxy --port serves /livez', async () => {
    const port = String(await freePort());
    const [command, ...args] = words(line('npx headroom proxy'), { '8787': port });
    const child = spawn(command!, args, { cwd: repoRoot, env, stdio: 'ignore' });
    children.push(child);
    expect(await answers(`http://127.0.0.1:${port}/livez`)).toBe(200);
    child.kill('SIGTERM');
  });

  it('mcp serve answers initialize on stdio, with nothing but protocol on stdout', async () => {
    const [command, ...args] = words(line('npx headroom mcp serve'), {});
    const child = spawn(command!, args, { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'ignore'] });
    children.push(child);
    const first = new Promise<string>((done) => {
      let buffered = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        if (buffered.includes('\n')) done(buffered.slice(0, buffered.indexOf('\n')));
      });
    });
    const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'readme-test', version: '1' } } };
    child.stdin!.write(`${JSON.stringify(initialize)}\n`);
    expect(JSON.parse(await first)).toMatchObject({ jsonrpc: '2.0', id: 1, result: { serverInfo: { name: expect.any(String) } } });
    child.kill('SIGTERM');
  });

  it('mcp serve --transport http --port listens', async () => {
    const port = String(await freePort());
    const [command, ...args] = words(line('npx headroom mcp serve --transport http'), { '8788': port });
    const child = spawn(command!, args, { cwd: repoRoot, env, stdio: 'ignore' });
    children.push(child);
    expect(await answers(`http://127.0.0.1:${port}/mcp`)).toBeGreaterThanOrEqual(200);
    child.kill('SIGTERM');
  });

  it('mcp install claude, then uninstall claude, in a scratch HOME', () => {
    const install = run(words(line('npx headroom mcp install claude'), {}));
    expect(install.code, install.err).toBe(0);
    expect(readFileSync(join(home, '.claude.json'), 'utf8')).toContain('"headroom"');
    const uninstall = run(words(line('npx headroom mcp uninstall claude'), {}));
    expect(uninstall.code, uninstall.err).toBe(0);
    expect(readFileSync(join(home, '.claude.json'), 'utf8')).not.toContain('"headroom"');
  });

  // `wrap claude|codex|opencode` start the real agents: apps/e2e-wrap runs them against a scripted upstream.
  // `mcp wrap -- npx -y …` downloads a server from the registry. For those lines the test checks
  // that the verbs exist as written.
  it('the wrap lines name verbs the command has', () => {
    for (const prefix of ['npx headroom wrap claude', 'npx headroom wrap codex', 'npx headroom wrap opencode', 'npx headroom mcp wrap']) {
      const verbs = words(line(prefix), {}).slice(2, prefix.split(' ').length);
      const help = run(['npx', 'headroom', ...verbs.slice(0, verbs[0] === 'mcp' ? 2 : 1), '--help']);
      expect(help.code, prefix).toBe(0);
      expect(help.out, prefix).toContain(`Usage: headroom ${verbs.slice(0, verbs[0] === 'mcp' ? 2 : 1).join(' ')}`);
    }
  });
});
