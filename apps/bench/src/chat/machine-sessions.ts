import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AgentSession, type AgentStep, capOutput, seeded } from './agent-session.js';

const MINUTE = 60_000;

/** Runs a real program; its stdout and stderr as an agent's shell tool shows them (exit code noted when not 0). */
function sh(file: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const run = spawnSync(file, args, { encoding: 'utf8', maxBuffer: 8 * 1024 * 1024, timeout: 120_000, ...options });
  const out = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  return capOutput(run.status === 0 ? out : `${out}\n[exit code ${run.status ?? 'killed'}]`);
}

/** `cat -n` of lines `from..to` of a file, as Claude Code's Read tool shows a range. */
function readRange(path: string, from: number, to: number): string {
  const lines = sh('cat', ['-n', path]).split('\n');
  return lines.slice(from - 1, to).join('\n');
}

function gaps(seed: number, idleAt: readonly number[]): (step: number) => number {
  const random = seeded(seed);
  return (step) => (idleAt.includes(step) ? 20 * MINUTE : 10_000 + Math.floor(random() * 40_000));
}

function stdlibDir(): string {
  return execFileSync('python3', ['-c', 'import os, textwrap; print(os.path.dirname(textwrap.__file__))'], { encoding: 'utf8' }).trim();
}

/**
 * About 120 turns of maintenance over a scratch copy of six modules of Python's standard library
 * in a git repository: ranges read and re-read after edits, edits, the module's own unit tests run
 * and re-run (`python3 -m unittest -v test.test_<module>` against the copy), `git diff`,
 * `git status`, listings — and one real bug introduced and fixed, so failures show up. Idle gaps
 * of 20 minutes at turns 40 and 85.
 */
export function pythonMaintenanceSession(): AgentSession {
  const stdlib = stdlibDir();
  const dir = mkdtempSync(join(tmpdir(), 'headroom-chat-bench-'));
  try {
    const modules = ['textwrap', 'shlex', 'fnmatch', 'heapq', 'colorsys', 'glob'];
    for (const module of modules) copyFileSync(join(stdlib, `${module}.py`), join(dir, `${module}.py`));
    const git = (...args: string[]) => sh('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd: dir });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'stdlib modules, as shipped');
    const env = { ...process.env, PYTHONPATH: dir, PYTHONDONTWRITEBYTECODE: '1' };
    const gap = gaps(7, [40, 85]);
    const steps: AgentStep[] = [];
    const add = (step: Omit<AgentStep, 'gapMs'>) => steps.push({ ...step, gapMs: gap(steps.length) });
    const test = (module: string) =>
      add({ thought: `Run the ${module} tests.`, tool: 'Bash', input: { command: `python3 -m unittest -v test.test_${module}` }, output: sh('python3', ['-m', 'unittest', '-v', `test.test_${module}`], { cwd: dir, env }) });

    for (let round = 0; round < 3; round++) {
      for (const module of round < 2 ? modules : modules.slice(0, 3)) {
        const path = join(dir, `${module}.py`);
        const from = 1 + round * 120;
        const to = from + 149;
        const read = () => add({ thought: `Read ${module}.py, lines ${from}-${to}.`, tool: 'Read', input: { file_path: path, offset: from, limit: 150 }, output: readRange(path, from, to) });
        read();
        const readStep = steps.length - 1;
        add({ thought: `Where are the definitions in ${module}.py?`, tool: 'Grep', input: { pattern: '^(def|class) ', path }, output: sh('grep', ['-nE', '^(def|class) ', path]) });
        // Edit a comment line inside the range just read (the agent needs to see it to edit it).
        const lines = readFileSync(path, 'utf8').split('\n');
        let target = lines.findIndex((line, i) => i + 1 >= from + 5 && i + 1 <= to && /^\s*#\s*\S/.test(line));
        if (target < 0) target = lines.findIndex((line, i) => i + 1 >= from + 5 && i + 1 <= to && line.trim().length > 10);
        if (target >= 0) {
          const old = lines[target]!;
          const bug = round === 1 && module === 'textwrap';
          const edited = bug ? old : `${old}  # reviewed`;
          lines[target] = edited;
          let text = lines.join('\n');
          if (bug) text = text.replace('width=70,', 'width=60,');
          writeFileSync(path, text);
          const snippet = readRange(path, Math.max(1, target - 3), target + 5);
          add({
            thought: bug ? 'Narrow the default width.' : `Note the review in ${module}.py.`,
            tool: 'Edit',
            input: { file_path: path, old_string: bug ? 'width=70,' : old, new_string: bug ? 'width=60,' : edited },
            output: `The file ${path} has been updated. Here's the result of running \`cat -n\` on a snippet of the edited file:\n${snippet}`,
            needs: { step: readStep, needle: old.trim() },
          });
        }
        read();
        test(module);
        if (round === 1 && module === 'textwrap') {
          // The narrowed width broke tests: fix it and run them again.
          writeFileSync(path, readFileSync(path, 'utf8').replace('width=60,', 'width=70,'));
          add({ thought: 'That broke the tests; restore the width.', tool: 'Edit', input: { file_path: path, old_string: 'width=60,', new_string: 'width=70,' }, output: `The file ${path} has been updated.` });
          test(module);
        }
        add({ thought: 'What changed so far?', tool: 'Bash', input: { command: 'git diff' }, output: sh('git', ['diff'], { cwd: dir }) });
        add({ thought: 'Status.', tool: 'Bash', input: { command: 'git status' }, output: git('status') });
        add({ thought: 'Files here.', tool: 'Bash', input: { command: 'ls -la' }, output: sh('ls', ['-la', '--time-style=+'], { cwd: dir }) });
      }
      add({ thought: 'Commit this round.', tool: 'Bash', input: { command: `git commit -am "review round ${round + 1}"` }, output: git('commit', '-am', `review round ${round + 1}`) });
      // Re-run the first module's tests after the round (the same command again).
      test(modules[0]!);
    }
    return {
      name: 'python-maintenance',
      source: `real runs on this machine over a copy of ${stdlib}/{${modules.join(',')}}.py`,
      system: 'You are a careful coding agent working in a git repository. Use the tools to read, edit and test code.',
      task: 'Review the text utility modules in this repository: read each, mark what you reviewed, keep the tests green, and commit each round.',
      steps,
      long: true,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * About 110 turns of a package inventory over this machine's Debian packages: `apt-cache show`,
 * `dpkg -s`, `dpkg -L`, copyright files read, `apt-cache policy`, listings, a report line per
 * package that needs the version `dpkg -s` printed, then a second pass re-running `dpkg -s` and
 * `apt-cache policy` for every package. Idle gaps of 20 minutes at turns 35 and 70.
 */
export function debianInventorySession(): AgentSession {
  const installed = readdirSync('/usr/share/doc')
    .sort()
    .filter((pkg) => /^[a-z0-9][a-z0-9.+-]+$/.test(pkg) && spawnSync('dpkg', ['-s', pkg], { encoding: 'utf8' }).status === 0)
    .filter((_pkg, i) => i % 7 === 3)
    .slice(0, 12);
  const gap = gaps(11, [35, 70]);
  const steps: AgentStep[] = [];
  const add = (step: Omit<AgentStep, 'gapMs'>) => steps.push({ ...step, gapMs: gap(steps.length) });
  const bash = (thought: string, file: string, args: string[]) => add({ thought, tool: 'Bash', input: { command: [file, ...args].join(' ') }, output: sh(file, args) });
  for (const pkg of installed) {
    bash(`What is ${pkg}?`, 'apt-cache', ['show', pkg]);
    bash(`Its status.`, 'dpkg', ['-s', pkg]);
    const statusStep = steps.length - 1;
    const version = /^Version: .*$/m.exec(steps[statusStep]!.output)?.[0];
    bash(`Its files.`, 'dpkg', ['-L', pkg]);
    const copyright = `/usr/share/doc/${pkg}/copyright`;
    add({ thought: 'Its license.', tool: 'Read', input: { file_path: copyright }, output: capOutput(sh('cat', ['-n', copyright])) });
    bash(`Where does it come from?`, 'apt-cache', ['policy', pkg]);
    bash(`Its documentation.`, 'ls', ['-la', '--time-style=+', `/usr/share/doc/${pkg}`]);
    if (version) {
      add({
        thought: `Record ${pkg}.`,
        tool: 'Write',
        input: { file_path: `inventory/${pkg}.md`, content: `${pkg} ${version}` },
        output: `File created successfully at: inventory/${pkg}.md`,
        needs: { step: statusStep, needle: version },
      });
    }
  }
  for (const pkg of installed) {
    bash(`Check ${pkg} again.`, 'dpkg', ['-s', pkg]);
    bash(`And its policy.`, 'apt-cache', ['policy', pkg]);
  }
  return {
    name: 'debian-inventory',
    source: `real runs of apt-cache, dpkg, cat and ls on this machine over ${installed.length} installed packages`,
    system: 'You are an operations agent with shell access to a Debian machine. Use the tools to inspect packages.',
    task: 'Inventory a sample of the installed packages: what each is, its files, license and origin; write one report line per package, then double-check them.',
    steps,
    long: true,
  };
}
