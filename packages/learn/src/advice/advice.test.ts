import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeCodeLines, codexLines, type ScriptedCall } from '../testing/transcript-lines.js';
import { readTranscripts } from '../transcripts/read-transcripts.js';
import { ADVICE_END, ADVICE_START } from './merge-advice.js';
import { adviseProject } from './write-advice.js';

/** A real failure of a real program on this machine. */
function fails(command: string, args: string[]): string {
  try {
    execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    throw new Error(`${command} did not fail`);
  } catch (error) {
    const e = error as { status: number; stderr: string; stdout: string };
    return `Exit code ${e.status}\n${e.stderr}${e.stdout}`.trimEnd();
  }
}

let home: string;
let project: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'headroom-learn-home-'));
  project = join(home, 'work', 'app');
  mkdirSync(project, { recursive: true });
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const claudeDir = () => join(home, '.claude', 'projects', project.replace(/\//g, '-'));
function session(name: string, calls: ScriptedCall[]) {
  mkdirSync(claudeDir(), { recursive: true });
  writeFileSync(join(claudeDir(), `${name}.jsonl`), claudeCodeLines(name, project, calls));
}
const roots = () => ({ claudeProjects: join(home, '.claude', 'projects'), codexSessions: join(home, '.codex', 'sessions') });

describe('advice from transcripts', () => {
  it('writes one section, changes nothing the second time, and merges new failures the third', () => {
    const missing = fails('cat', ['/nonexistent/config.yaml']);
    writeFileSync(join(project, 'CLAUDE.local.md'), '# My notes\n\nKeep this line.\n');
    session('s1', [1, 2, 3].map((i) => ({ id: `t${i}`, command: 'cat /nonexistent/config.yaml', output: missing, failed: true })));
    const first = adviseProject(readTranscripts(roots()).calls, project, true);
    expect(first).toHaveLength(1);
    const text = readFileSync(join(project, 'CLAUDE.local.md'), 'utf8');
    expect(text.startsWith('# My notes\n\nKeep this line.\n')).toBe(true);
    expect(text.split(ADVICE_START)).toHaveLength(2);
    expect(text).toContain('The command `cat /nonexistent/config.yaml` failed 3 times with `cat: /nonexistent/config.yaml: No such file or directory`');
    expect(text).toContain('`/nonexistent/config.yaml` does not exist (looked for 3 times)');
    expect(text).toContain('was called up to 3 times in a row');

    const second = adviseProject(readTranscripts(roots()).calls, project, true);
    expect(second[0]!.changed).toBe(false);
    expect(readFileSync(join(project, 'CLAUDE.local.md'), 'utf8')).toBe(text);

    const noModule = fails('python3', ['-c', 'import headroom_missing_module']);
    session('s2', [
      { id: 'p1', command: 'python3 -c "import headroom_missing_module"', output: noModule, failed: true },
      { id: 'p2', command: 'ls', output: 'src', failed: false },
      { id: 'p3', command: 'python3 -c "import headroom_missing_module"', output: noModule, failed: true },
    ]);
    const third = adviseProject(readTranscripts(roots()).calls, project, true);
    expect(third[0]!.changed).toBe(true);
    const merged = readFileSync(join(project, 'CLAUDE.local.md'), 'utf8');
    expect(merged.split(ADVICE_START)).toHaveLength(2);
    expect(merged).toContain("No module named 'headroom_missing_module'");
    for (const line of text.slice(text.indexOf(ADVICE_START), text.indexOf(ADVICE_END)).split('\n').filter((l) => l.startsWith('- '))) expect(merged).toContain(line);
  });

  it('reads Codex sessions into AGENTS.md, and only for calls made in the project', () => {
    const dir = join(home, '.codex', 'sessions', '2026', '12', '01');
    mkdirSync(dir, { recursive: true });
    const failure = fails('ls', ['/nonexistent-dir']);
    const calls = [1, 2].map((i) => ({ id: `c${i}`, command: 'ls /nonexistent-dir', output: failure, failed: true }));
    writeFileSync(join(dir, 'rollout-a.jsonl'), codexLines('a', project, calls));
    writeFileSync(join(dir, 'rollout-b.jsonl'), codexLines('b', join(home, 'elsewhere'), calls.map((c) => ({ ...c, command: 'ls /other' }))));
    const files = adviseProject(readTranscripts(roots()).calls, project, true);
    expect(files.map((f) => f.path)).toEqual([join(project, 'AGENTS.md')]);
    const text = readFileSync(join(project, 'AGENTS.md'), 'utf8');
    expect(text).toContain('`ls /nonexistent-dir` failed 2 times');
    expect(text).not.toContain('/other');
  });

  it('without --write-advice nothing is written; a corrupt transcript is reported with its path and skipped', () => {
    const missing = fails('cat', ['/nonexistent/config.yaml']);
    session('good', [1, 2].map((i) => ({ id: `t${i}`, command: 'cat /nonexistent/config.yaml', output: missing, failed: true })));
    writeFileSync(join(claudeDir(), 'broken.jsonl'), '{"type":"user",\n');
    const transcripts = readTranscripts(roots());
    expect(transcripts.problems).toEqual([{ path: join(claudeDir(), 'broken.jsonl'), message: 'line 1 is not JSON' }]);
    expect(transcripts.calls).toHaveLength(2);
    const files = adviseProject(transcripts.calls, project, false);
    expect(files[0]!.changed).toBe(true);
    expect(() => readFileSync(join(project, 'CLAUDE.local.md'))).toThrow();
  });
});
