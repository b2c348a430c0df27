import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildScratchRepo } from './scratch-repo.js';

/** The command families of issue 11, as the report groups them. */
export type CommandFamily = 'listing' | 'table' | 'vcs' | 'test-build' | 'records' | 'other';

/** One real output, produced at bench time by running the program on this machine. */
export interface CommandOutput {
  /** The command as an agent would have typed it; passed to the pipeline as `hints.command`. */
  readonly command: string;
  /** The program (and subcommand) the per-command table groups by: `git log`, `dpkg -l`. */
  readonly program: string;
  readonly family: CommandFamily;
  readonly query: string;
  readonly text: string;
}

interface Spec {
  readonly command: string;
  readonly program: string;
  readonly family: CommandFamily;
  readonly query: string;
  readonly cwd?: string;
}

const PY = '/root/.pyenv/versions/3.11.7/lib/python3.11';

/** Writes a copy of a stdlib test module with one assertion changed, so the run reports a real failure. */
function failingCopy(dir: string, module: string, edit: (source: string) => string): boolean {
  const source = join(PY, 'test', `${module}.py`);
  if (!existsSync(source)) return false;
  mkdirSync(dir, { recursive: true });
  const original = readFileSync(source, 'utf8');
  const edited = edit(original);
  if (edited === original) return false;
  writeFileSync(join(dir, `${module}.py`), edited);
  return true;
}

/** A TypeScript project over real JavaScript from node_modules, type-checked with checkJs: tsc finds real errors. */
function typescriptProject(dir: string, repoRoot: string): boolean {
  const undici = join(repoRoot, 'node_modules/.pnpm/undici@7.30.2/node_modules/undici/lib');
  const commander = join(repoRoot, 'node_modules/.pnpm/commander@14.0.3/node_modules/commander/lib');
  if (!existsSync(undici) || !existsSync(commander)) return false;
  mkdirSync(join(dir, 'src'), { recursive: true });
  cpSync(join(undici, 'core'), join(dir, 'src/undici-core'), { recursive: true });
  cpSync(commander, join(dir, 'src/commander'), { recursive: true });
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { allowJs: true, checkJs: true, noEmit: true, strict: true, target: 'es2022', module: 'commonjs', types: [], skipLibCheck: true }, include: ['src'] }),
  );
  return true;
}

function specs(tmp: string, repoRoot: string): Spec[] {
  const repo = join(tmp, 'repo');
  const tsc = join(repoRoot, 'apps/bench/node_modules/typescript/bin/tsc');
  const nodeModules = join(repoRoot, 'node_modules/.pnpm');
  const out: Spec[] = [
    // Debian's package database and docs.
    { command: 'dpkg -l', program: 'dpkg -l', family: 'table', query: 'which python3 packages are installed' },
    { command: "dpkg -l 'lib*'", program: 'dpkg -l', family: 'table', query: 'what version of libssl is installed' },
    { command: 'apt-cache show python3.11 libc6 bash coreutils git perl-base', program: 'apt-cache show', family: 'records', query: 'what does git depend on' },
    { command: 'apt-cache show nodejs libnode108 npm 2>&1', program: 'apt-cache show', family: 'records', query: 'nodejs version and homepage' },
    { command: 'apt-cache policy python3 git nodejs gcc curl', program: 'apt-cache policy', family: 'records', query: 'candidate version of nodejs' },
    { command: 'apt-cache depends git python3.11 curl', program: 'apt-cache depends', family: 'records', query: 'does git depend on perl' },
    { command: 'apt-cache rdepends libexpat1', program: 'apt-cache rdepends', family: 'records', query: 'does python depend on expat' },
    { command: 'apt-get -s install git-doc python3-doc sqlite3 2>&1', program: 'apt-get install', family: 'test-build', query: 'which packages would be installed' },
    { command: 'apt-get -s --reinstall install coreutils bash 2>&1', program: 'apt-get install', family: 'test-build', query: 'would bash be reinstalled' },
    { command: 'dpkg -L python3.11-minimal', program: 'dpkg -L', family: 'listing', query: 'where is the python3.11 binary' },
    { command: 'dpkg -L git', program: 'dpkg -L', family: 'listing', query: 'git credential helpers' },
    { command: 'ls -la /usr/share/doc', program: 'ls -la', family: 'listing', query: 'is there documentation for openssl' },
    { command: 'ls -la /usr/lib/python3.11', program: 'ls -la', family: 'listing', query: 'where is the asyncio package' },
    { command: 'ls -laR /usr/share/doc/git', program: 'ls -laR', family: 'listing', query: 'git contrib completion scripts' },
    { command: "find /usr/share/doc -name '*.gz'", program: 'find', family: 'listing', query: 'changelog of apt' },
    { command: 'find /usr/lib/python3.11 -type d', program: 'find', family: 'listing', query: 'where is the email mime package' },
    { command: 'du -a /usr/share/doc | sort -k2', program: 'du', family: 'listing', query: 'which package documentation takes the most space' },
    { command: 'du -h --max-depth=2 /usr/lib/python3.11', program: 'du', family: 'listing', query: 'size of the test directory' },
    { command: 'apt-config dump', program: 'apt-config dump', family: 'records', query: 'APT periodic settings' },
    { command: 'ps aux', program: 'ps aux', family: 'table', query: 'is node running' },
    // Python's standard library test suite.
    { command: 'python3 -m unittest -v test.test_textwrap 2>&1', program: 'python3 -m unittest', family: 'test-build', query: 'did the textwrap tests pass' },
    { command: 'python3 -m unittest -v test.test_shlex 2>&1', program: 'python3 -m unittest', family: 'test-build', query: 'any failing shlex tests' },
    { command: 'python3 -m unittest -v test.test_fractions 2>&1', program: 'python3 -m unittest', family: 'test-build', query: 'fraction limit_denominator tests' },
    { command: 'python3 -m unittest -v test.test_json 2>&1', program: 'python3 -m unittest', family: 'test-build', query: 'json decoder errors' },
    { command: 'python3 -m unittest -v test.test_statistics 2>&1', program: 'python3 -m unittest', family: 'test-build', query: 'why does the median test fail' },
    { command: 'python3 -m unittest -v test_textwrap 2>&1', program: 'python3 -m unittest', family: 'test-build', query: 'why does the wrap test fail', cwd: join(tmp, 'pyfail') },
    { command: 'python3 -m unittest -v test_difflib 2>&1', program: 'python3 -m unittest', family: 'test-build', query: 'which difflib test failed', cwd: join(tmp, 'pyfail') },
    { command: 'python3 -m pytest -v test_textwrap.py 2>&1', program: 'pytest', family: 'test-build', query: 'why does the wrap test fail', cwd: join(tmp, 'pyfail') },
    { command: 'python3 -m pytest test_difflib.py 2>&1', program: 'pytest', family: 'test-build', query: 'difflib failure', cwd: join(tmp, 'pyfail') },
    { command: 'python3 -m pip list', program: 'pip list', family: 'table', query: 'is pytest installed' },
    // node_modules sources.
    { command: `ls -laR ${join(repoRoot, 'node_modules/.pnpm/undici@7.30.2/node_modules/undici/lib')}`, program: 'ls -laR', family: 'listing', query: 'where is the websocket implementation' },
    { command: `find ${nodeModules} -maxdepth 2`, program: 'find', family: 'listing', query: 'which version of vitest is installed' },
    { command: `find ${join(repoRoot, 'node_modules/.pnpm/typescript@6.0.3/node_modules/typescript/lib')} -name '*.d.ts'`, program: 'find', family: 'listing', query: 'lib.dom declarations' },
    { command: `du -a ${join(repoRoot, 'node_modules/.pnpm/undici@7.30.2/node_modules/undici')}`, program: 'du', family: 'listing', query: 'largest files in undici' },
    { command: 'npm ls --all 2>&1', program: 'npm ls', family: 'listing', query: 'which version of tree-sitter is used', cwd: join(repoRoot, 'packages/compressor-code') },
    // npm's own bundled dependency tree (npm-installed); the one above is a pnpm workspace, where npm reports every dev dependency as missing.
    { command: 'npm ls --all 2>&1', program: 'npm ls', family: 'listing', query: 'which version of semver is used', cwd: '/usr/lib/node_modules/npm' },
    { command: `node ${tsc} -p . 2>&1`, program: 'tsc', family: 'test-build', query: 'type errors in util.js', cwd: join(tmp, 'tsproj') },
    { command: `node ${tsc} -p . --pretty 2>&1`, program: 'tsc', family: 'test-build', query: 'errors in the commander sources', cwd: join(tmp, 'tsproj') },
    // Git history of third-party files in a scratch repository.
    { command: 'git log', program: 'git log', family: 'vcs', query: 'when was the email package added', cwd: repo },
    { command: 'git log --stat', program: 'git log --stat', family: 'vcs', query: 'which commit touched json/decoder.py', cwd: repo },
    { command: 'git log --oneline', program: 'git log --oneline', family: 'vcs', query: 'commit with python 3.9 fractions', cwd: repo },
    { command: 'git log --format=fuller -n 12', program: 'git log', family: 'vcs', query: 'CVE fixes in email', cwd: repo },
    { command: 'git log -p -n 4', program: 'git log -p', family: 'vcs', query: 'what changed in textwrap', cwd: repo },
    { command: 'git show HEAD~3', program: 'git show', family: 'vcs', query: 'what changed in difflib', cwd: repo },
    { command: 'git show --stat HEAD~1', program: 'git show', family: 'vcs', query: 'files changed in the json commit', cwd: repo },
    { command: 'git status', program: 'git status', family: 'vcs', query: 'is difflib.py modified', cwd: repo },
    { command: 'git status -uall', program: 'git status', family: 'vcs', query: 'untracked urllib files', cwd: repo },
    { command: 'git blame Lib/textwrap.py', program: 'git blame', family: 'vcs', query: 'who changed the wrap function', cwd: repo },
    { command: 'git blame Lib/json/decoder.py', program: 'git blame', family: 'vcs', query: 'JSONDecodeError', cwd: repo },
    { command: 'git ls-files', program: 'git ls-files', family: 'listing', query: 'email parser files', cwd: repo },
    { command: 'apt list --installed 2>/dev/null', program: 'apt list', family: 'other', query: 'is curl installed' },
  ];
  return out;
}

export interface Corpus {
  readonly outputs: readonly CommandOutput[];
  /** Commands that could not run on this machine, with why. */
  readonly missing: readonly string[];
}

/**
 * Runs every command of the corpus on this machine over real third-party material and returns
 * what it printed (stdout, and stderr where the command line merges it, as an agent's Bash tool
 * sees it). Builds the scratch git repository, the failing test copies and the tsc project in `tmp`.
 */
export function generateCorpus(tmp: string, repoRoot: string, quick: boolean): Corpus {
  const missing: string[] = [];
  if (buildScratchRepo(join(tmp, 'repo')) === 0) missing.push('scratch git repository (needs pyenv Pythons and the python3.11 Debian changelog)');
  const pyfail = join(tmp, 'pyfail');
  failingCopy(pyfail, 'test_textwrap', (s) => s.replace('"glad to hear",', '"glad to hear you",'));
  failingCopy(pyfail, 'test_difflib', (s) => s.replace('self.assertEqual(sm.bpopular, set())', "self.assertEqual(sm.bpopular, {'b'})"));
  typescriptProject(join(tmp, 'tsproj'), repoRoot);
  const outputs: CommandOutput[] = [];
  const list = specs(tmp, repoRoot);
  for (const spec of quick ? list.filter((_, i) => i % 2 === 0) : list) {
    const cwd = spec.cwd ?? tmp;
    if (!existsSync(cwd)) {
      missing.push(`${spec.command} (no ${cwd})`);
      continue;
    }
    const run = spawnSync('bash', ['-c', spec.command], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 300_000, env: { ...process.env, COLUMNS: '120', NO_COLOR: '1' } });
    const text = run.stdout ?? '';
    if (text.split('\n').length < 8) {
      missing.push(`${spec.command} (printed ${text.split('\n').length} lines; exit ${run.status})`);
      continue;
    }
    outputs.push({ command: spec.command, program: spec.program, family: spec.family, query: spec.query, text });
  }
  return { outputs, missing };
}

