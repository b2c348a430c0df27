/**
 * The family of a command line, for grouping what Headroom learns per command: the program, plus
 * its subcommand for programs whose subcommands print unrelated things (`git log`, `npm test`,
 * `docker ps`). Only the family is ever written to the ledger, never the command line itself
 * (it may carry tokens, hostnames or paths). Undefined when no program can be read off the line.
 */
export function commandFamily(command: string | undefined): string | undefined {
  if (!command) return undefined;
  // The step whose output this is: the last one of `a && b; c`, `cd` steps skipped.
  const steps = command
    .split(/&&|\|\||;|\n/)
    .map((step) => step.trim())
    .filter((step) => step.length > 0 && !/^cd(\s|$)/.test(step));
  const step = steps.at(-1) ?? '';
  const words = (step.split(/(?<!\|)\|(?!\|)/)[0] ?? '')
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/^['"]|['"]$/g, ''))
    .filter((word) => word.length > 0);
  let wrapped = false;
  // Env assignments and wrappers go, with a wrapper's own flags and numbers (`timeout 60`, `nice -n 5`).
  while (words.length > 1 && (/^[A-Za-z_]\w*=/.test(words[0]!) || WRAPPERS.has(words[0]!) || (wrapped && /^(-|\d+[smhd]?$)/.test(words[0]!)))) {
    wrapped ||= WRAPPERS.has(words[0]!);
    words.shift();
  }
  const program = words[0]?.replace(/^.*\//, '');
  if (!program || !/^[\w.+-]+$/.test(program)) return undefined;
  if (/^python\d?(\.\d+)?$/.test(program) && words[1] === '-m' && words[2]) return `python -m ${words[2]}`;
  if (!WITH_SUBCOMMANDS.has(program)) return program;
  // The first plain word, skipping the value of a global option (`git -C DIR status`, `kubectl -n NS get`).
  const rest = words.slice(1);
  const sub = rest.find((word, i) => /^[a-z][\w:-]*$/.test(word) && !VALUE_OPTIONS.has(rest[i - 1] ?? ''));
  return sub ? `${program} ${sub}` : program;
}

const WRAPPERS = new Set(['sudo', 'time', 'nice', 'command', 'exec', 'env', 'npx', 'bunx', 'stdbuf', 'timeout', 'nohup']);

const VALUE_OPTIONS = new Set(['-C', '-c', '-n', '-f', '--prefix', '--file', '--namespace', '--context', '--filter', '--dir', '--project']);

const WITH_SUBCOMMANDS = new Set([
  'git', 'npm', 'pnpm', 'yarn', 'bun', 'cargo', 'go', 'docker', 'podman', 'kubectl', 'helm', 'apt', 'apt-get', 'apt-cache', 'dpkg',
  'pip', 'pip3', 'uv', 'poetry', 'gh', 'systemctl', 'journalctl', 'brew', 'make', 'terraform', 'aws', 'gcloud', 'az', 'dotnet', 'mvn', 'gradle',
]);
