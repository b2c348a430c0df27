import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startScriptedUpstream } from '@headroom/proxy/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeCodeScript, codexScript, type ScriptedToolCall } from './agent-scripts.js';
import { ensureClaudeCode, runClaudeCode } from './claude-code.js';
import { codexConfigToml, ensureCodex } from './codex.js';
import { cliBin } from './internal/cli-bin.js';
import { runProcess } from './run-process.js';

const START = '<!-- headroom-learn:start -->';

/** Runs Claude Code once in `project` with `home` as its HOME, making `calls` (real Bash runs) then answering. */
async function session(claude: string, home: string, project: string, calls: readonly ScriptedToolCall[]) {
  const upstream = await startScriptedUpstream({ handler: claudeCodeScript({ calls, answer: 'Done.' }) });
  try {
    const run = await runClaudeCode({ bin: claude, baseUrl: upstream.url, prompt: 'Read the config and report.', allowedTools: ['Bash'], cwd: project, env: { HOME: home } });
    expect(run.code, run.stderr).toBe(0);
  } finally {
    await upstream.close();
  }
}

/** `headroom learn --write-advice` as a user runs it, reading the transcripts under `home`. */
async function learn(home: string, project: string) {
  const run = await runProcess(process.execPath, [cliBin(), 'learn', '--write-advice', '--project', project], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, HEADROOM_HOME: join(home, '.headroom') },
    timeoutMs: 60_000,
  });
  expect(run.code, run.stderr).toBe(0);
  return run;
}

const bash = (id: string, command: string): ScriptedToolCall => ({ id, name: 'Bash', input: { command, description: 'Look' } });

describe('headroom learn --write-advice over real Claude Code transcripts', () => {
  let claude: string;
  let home: string;
  let project: string;
  beforeAll(async () => {
    claude = await ensureClaudeCode();
    home = await mkdtemp(join(tmpdir(), 'headroom-e2e-learn-home-'));
    project = await mkdtemp(join(tmpdir(), 'headroom-e2e-learn-project-'));
    await writeFile(join(project, 'CLAUDE.local.md'), '# Notes of my own\n');
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
    await rm(project, { recursive: true, force: true });
  });

  it('writes one section, changes nothing on a second run, and merges new failures on a third', async () => {
    // A planted repeated failure: the agent reads a config file that does not exist, three times.
    await session(claude, home, project, [1, 2, 3].map((i) => bash(`toolu_cfg_${i}`, 'cat config/missing-settings.yaml')));
    const first = await learn(home, project);
    expect(first.stdout).toContain('CLAUDE.local.md: 3 item(s), written');
    const written = await readFile(join(project, 'CLAUDE.local.md'), 'utf8');
    expect(written.startsWith('# Notes of my own\n')).toBe(true);
    expect(written.split(START)).toHaveLength(2);
    expect(written).toContain('The command `cat config/missing-settings.yaml` failed 3 times with `cat: config/missing-settings.yaml: No such file or directory`');
    expect(written).toContain('`config/missing-settings.yaml` does not exist');

    const second = await learn(home, project);
    expect(second.stdout).toContain('already up to date');
    expect(await readFile(join(project, 'CLAUDE.local.md'), 'utf8')).toBe(written);

    // A new session with a different repeated failure: merged into the same section.
    await session(claude, home, project, [bash('toolu_py_1', 'python3 -c "import headroom_no_such_module"'), bash('toolu_ls', 'ls'), bash('toolu_py_2', 'python3 -c "import headroom_no_such_module"')]);
    const third = await learn(home, project);
    expect(third.stdout).toContain('written');
    const merged = await readFile(join(project, 'CLAUDE.local.md'), 'utf8');
    expect(merged.split(START)).toHaveLength(2);
    expect(merged).toContain("No module named 'headroom_no_such_module'");
    for (const line of written.split('\n').filter((l) => l.startsWith('- '))) expect(merged).toContain(line);
  });
});

describe('headroom learn --write-advice over real Codex sessions', () => {
  it('writes the repeated failure into AGENTS.md, once', async () => {
    const codex = await ensureCodex();
    const home = await mkdtemp(join(tmpdir(), 'headroom-e2e-learn-codex-home-'));
    const project = await mkdtemp(join(tmpdir(), 'headroom-e2e-learn-codex-project-'));
    const upstream = await startScriptedUpstream({
      handler: codexScript({ calls: [1, 2].map((i) => ({ id: `call_cfg_${i}`, name: 'exec_command', input: { cmd: 'cat config/missing-settings.yaml' } })), answer: 'Done.' }),
    });
    try {
      // Codex keeps its sessions under CODEX_HOME; runCodex() deletes its own, so this one is kept for learn.
      const codexHome = join(home, '.codex');
      await mkdir(codexHome, { recursive: true });
      await writeFile(join(codexHome, 'config.toml'), codexConfigToml(`${upstream.url}/v1`));
      const run = await runProcess(codex, ['exec', '--skip-git-repo-check', 'Read the config and report.'], {
        cwd: project,
        timeoutMs: 120_000,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, CODEX_HOME: codexHome, OPENAI_API_KEY: 'sk-headroom-e2e' },
      });
      expect(run.code, run.stderr).toBe(0);
      const first = await learn(home, project);
      expect(first.stdout).toContain('AGENTS.md: 2 item(s), written');
      const written = await readFile(join(project, 'AGENTS.md'), 'utf8');
      expect(written).toContain('The command `cat config/missing-settings.yaml` failed 2 times with `cat: config/missing-settings.yaml: No such file or directory`');
      expect((await learn(home, project)).stdout).toContain('already up to date');
      expect(await readFile(join(project, 'AGENTS.md'), 'utf8')).toBe(written);
    } finally {
      await upstream.close();
      await rm(home, { recursive: true, force: true });
      await rm(project, { recursive: true, force: true });
    }
  });
});
