import { describe, expect, it } from 'vitest';
import { commandFamily } from './command-family.js';

describe('commandFamily', () => {
  it.each([
    ['git log --oneline -n 50', 'git log'],
    ['cd /repo && git -C . status --short', 'git status'],
    ['LC_ALL=C sudo apt-cache search python3 | head', 'apt-cache search'],
    ['/usr/bin/ls -la /usr/share/doc', 'ls'],
    ['python3 -m unittest discover -s Lib/test', 'python -m unittest'],
    ['npx vitest run src', 'vitest'],
    ['timeout 60 pytest -q tests/', 'pytest'],
    ['npm test', 'npm test'],
    ['dpkg -l', 'dpkg'],
    ['make', 'make'],
  ])('%s → %s', (command, family) => {
    expect(commandFamily(command)).toBe(family);
  });

  it('is undefined when no program can be read off the line', () => {
    expect(commandFamily(undefined)).toBeUndefined();
    expect(commandFamily('   ')).toBeUndefined();
    expect(commandFamily('$(weird) x')).toBeUndefined();
  });

  it('never carries arguments beyond a subcommand (no paths, tokens or hosts in the ledger)', () => {
    expect(commandFamily('curl -H "Authorization: Bearer sk-secret" https://internal.example')).toBe('curl');
    expect(commandFamily('git push https://user:token@example.com/repo.git')).toBe('git push');
  });
});
