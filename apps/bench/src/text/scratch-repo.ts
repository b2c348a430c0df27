import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Python versions whose standard library the scratch history walks through, oldest first. */
const VERSIONS = ['3.6.15', '3.7.16', '3.8.18', '3.9.18', '3.10.13', '3.11.7', '3.12.1', '3.13.0'];
/** Modules committed one by one at every version: each commit is the real upstream change between two releases. */
const MODULE_SETS: readonly (readonly string[])[] = [['textwrap.py'], ['shlex.py'], ['difflib.py', 'fractions.py'], ['statistics.py'], ['json'], ['email'], ['logging'], ['collections']];
const CHANGELOG = '/usr/share/doc/python3.11/changelog.Debian.gz';

interface ChangelogEntry {
  readonly subject: string;
  readonly body: readonly string[];
  readonly author: string;
  readonly date: string;
}

/** Debian's python3.11 changelog entries (real maintainers, dates and wording), oldest first. */
function changelogEntries(): ChangelogEntry[] {
  if (!existsSync(CHANGELOG)) return [];
  const text = gunzipSync(readFileSync(CHANGELOG)).toString('utf8');
  const entries: ChangelogEntry[] = [];
  for (const block of text.split(/\n(?=\S)/)) {
    const trailer = /^ -- (.+?) {2}(.+)$/m.exec(block);
    const title = /^(\S+) \(([^)]+)\)/.exec(block);
    if (!trailer || !title) continue;
    const bullets = block
      .split('\n')
      .filter((line) => /^ {2}\S|^ {4}\S/.test(line))
      .map((line) => line.replace(/^ {2}/, ''));
    entries.push({ subject: `${title[1]} ${title[2]}`, body: bullets, author: trailer[1]!, date: trailer[2]! });
  }
  return entries.reverse();
}

function stdlibDir(version: string): string | undefined {
  const dir = `/root/.pyenv/versions/${version}/lib/python${version.split('.').slice(0, 2).join('.')}`;
  return existsSync(dir) ? dir : undefined;
}

function copyModule(from: string, to: string, module: string): void {
  const source = join(from, module);
  if (!existsSync(source)) return;
  if (module.endsWith('.py')) {
    mkdirSync(to, { recursive: true });
    copyFileSync(source, join(to, module));
    return;
  }
  const target = join(to, module);
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(source)) if (name.endsWith('.py')) copyFileSync(join(source, name), join(target, name));
}

export function git(repo: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): string {
  const run = spawnSync('git', args, { cwd: repo, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dirname(repo), ...env } });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

/**
 * A scratch git repository in `dir`: CPython's standard library modules committed release after
 * release (3.6 to 3.13 from this machine's pyenv), so every commit's diff is a real upstream
 * change; commit messages, authors and dates come from Debian's python3.11 changelog. The working
 * tree is left with real modifications (the system Python's versions) and untracked files.
 * Returns the number of commits, 0 when the material is missing.
 */
export function buildScratchRepo(dir: string): number {
  const versions = VERSIONS.map((version) => ({ version, lib: stdlibDir(version) })).filter((v): v is { version: string; lib: string } => v.lib !== undefined);
  const entries = changelogEntries();
  if (versions.length < 3 || entries.length < 10) return 0;
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'user.name', 'Headroom Bench']);
  git(dir, ['config', 'user.email', 'bench@example.invalid']);
  let commits = 0;
  for (const { version, lib } of versions) {
    for (const modules of MODULE_SETS) {
      for (const module of modules) copyModule(lib, join(dir, 'Lib'), module);
      git(dir, ['add', '-A']);
      if (git(dir, ['status', '--porcelain']).trim() === '') continue;
      const entry = entries[commits % entries.length]!;
      const message = [`Lib: ${modules.join(', ')} from Python ${version} (${entry.subject})`, '', ...entry.body].join('\n');
      const [name, email] = [entry.author.replace(/\s*<.*$/, ''), /<(.+)>/.exec(entry.author)?.[1] ?? 'unknown@example.invalid'];
      writeFileSync(join(dir, '.git', 'COMMIT_MSG'), message);
      git(dir, ['commit', '-q', '-F', join('.git', 'COMMIT_MSG')], {
        GIT_AUTHOR_NAME: name,
        GIT_AUTHOR_EMAIL: email,
        GIT_AUTHOR_DATE: entry.date,
        GIT_COMMITTER_DATE: entry.date,
      });
      commits++;
    }
  }
  // Work in progress: files from the system Python (another patch release), and new untracked ones.
  const system = '/usr/lib/python3.11';
  if (existsSync(system)) {
    for (const module of ['textwrap.py', 'difflib.py', 'json']) copyModule(system, join(dir, 'Lib'), module);
    copyModule(system, join(dir, 'Lib'), 'http');
    copyModule(system, join(dir, 'Lib'), 'urllib');
  }
  return commits;
}
