import { describe, expect, it } from 'vitest';
import { hintsFromArguments } from './slot.js';

describe('hintsFromArguments', () => {
  it('reads the command of Claude Code Bash, Codex shell argv and exec_command', () => {
    expect(hintsFromArguments({ command: 'git log --stat', description: 'history' })).toEqual({ command: 'git log --stat' });
    expect(hintsFromArguments('{"command":["bash","-lc","grep -rn foo src"]}')).toEqual({ command: 'grep -rn foo src' });
    expect(hintsFromArguments({ command: ['ls', '-la'] })).toEqual({ command: 'ls -la' });
    expect(hintsFromArguments({ cmd: 'dpkg -l' })).toEqual({ command: 'dpkg -l' });
  });

  it('keeps the file path beside the command, and ignores what is not a command', () => {
    expect(hintsFromArguments({ file_path: '/a.ts' })).toEqual({ filePath: '/a.ts' });
    expect(hintsFromArguments({ command: 42 })).toBeUndefined();
    expect(hintsFromArguments({ command: [] })).toBeUndefined();
    expect(hintsFromArguments({ command: '   ' })).toBeUndefined();
    expect(hintsFromArguments('not json')).toBeUndefined();
  });
});
