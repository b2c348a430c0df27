/** What kind of output a command prints, as far as its command line tells. */
export type TextFamily = 'listing' | 'table' | 'vcs-log' | 'vcs-status' | 'vcs-blame' | 'test-run' | 'records' | 'generic';

/** `none`: the command prints what another compressor owns (a diff, JSON, a log, search hits). */
export type CommandRoute = TextFamily | 'none';

const WRAPPERS = new Set(['sudo', 'time', 'nice', 'command', 'exec', 'env', 'npx', 'bunx', 'stdbuf', 'timeout', 'nohup', 'xargs']);
// Stages after a pipe that change what the lines are, so the first program no longer tells the
// shape. `sort` (like `head` and `tail`) only reorders or cuts whole lines: `du -a | sort -k2` is
// still du's listing, and routing it by its command spares every other compressor's detect.
const FILTERS = /^(?:grep|egrep|fgrep|rg|ag|ack|awk|sed|uniq|cut|jq|yq|wc|tr|column|xargs)$/;
const TEST_TOOLS = new Set([
  'pytest', 'py.test', 'tox', 'nox', 'vitest', 'jest', 'mocha', 'ava', 'tap', 'tsc', 'vue-tsc', 'eslint', 'biome', 'prettier', 'ruff', 'mypy', 'pyright', 'flake8', 'pylint',
  'gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'make', 'cmake', 'ninja', 'mvn', 'gradle', 'javac', 'rustc', 'turbo', 'nx', 'tsx', 'playwright', 'phpunit', 'rspec', 'ctest',
]);
const TABLE_TOOLS = new Set(['ps', 'df', 'free', 'lsblk', 'netstat', 'ss', 'lsof', 'top', 'mount', 'who', 'w', 'dpkg-query', 'ip', 'lsmod', 'pgrep', 'vmstat', 'iostat', 'uptime']);
const LISTING_TOOLS = new Set(['ls', 'find', 'fd', 'fdfind', 'tree', 'du', 'exa', 'eza', 'locate', 'dir']);
const RECORD_TOOLS = new Set(['env', 'printenv', 'set', 'sysctl', 'lscpu', 'locale', 'stat', 'lsb_release', 'hostnamectl', 'timedatectl', 'apt-config']);
const NOT_OURS = new Set(['grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack', 'journalctl', 'dmesg', 'jq', 'yq', 'diff', 'patch']);

/** The words of the command whose output this is: the last `&&`/`;` step, the first stage of its pipe, wrappers dropped. */
export function commandWords(command: string): { words: string[]; filtered: boolean } {
  const steps = command.split(/&&|\|\||;|\n/).map((step) => step.trim()).filter((step) => step.length > 0 && !/^cd\s/.test(step));
  const step = steps.at(-1) ?? '';
  const stages = step.split(/(?<!\|)\|(?!\|)/);
  const filtered = stages.slice(1).some((stage) => FILTERS.test(stage.trim().split(/\s+/)[0] ?? ''));
  const words = (stages[0] ?? '')
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/^['"]|['"]$/g, ''))
    .filter((word) => word.length > 0 && !/^\d?>|^<|^2>&1$/.test(word));
  while (words.length > 1 && (/^[A-Za-z_]\w*=/.test(words[0]!) || WRAPPERS.has(words[0]!) || /^-/.test(words[0]!))) words.shift();
  if (words[0]) words[0] = words[0].replace(/^.*\//, '');
  // `node ./node_modules/typescript/bin/tsc`, `python3 /usr/bin/pytest`: the script is the program.
  if (/^(?:node|nodejs|python\d?(?:\.\d+)?|bun|deno)$/.test(words[0] ?? '') && words[1] && !words[1].startsWith('-') && /\//.test(words[1])) {
    words.shift();
    words[0] = words[0]!.replace(/^.*\//, '').replace(/\.(?:m?js|cjs|py)$/, '');
  }
  return { words, filtered };
}

/** Where a command's output goes; undefined when the command does not say (judge by content). */
export function commandRoute(command: string | undefined, toolName?: string): CommandRoute | undefined {
  if (toolName === 'Glob' || toolName === 'LS') return 'listing';
  if (!command) return undefined;
  const { words, filtered } = commandWords(command);
  const program = words[0];
  if (!program) return undefined;
  if (filtered) return NOT_OURS.has(program) ? 'none' : undefined;
  if (NOT_OURS.has(program)) return 'none';
  const args = words.slice(1);
  const sub = args.find((word) => !word.startsWith('-'));
  // `-sI` holds `-I`: single-letter flags may be grouped.
  const has = (...flags: string[]) =>
    args.some((word) => flags.includes(word) || flags.some((flag) => (flag.startsWith('--') ? word.startsWith(`${flag}=`) : flag.length === 2 && /^-[A-Za-z]{2,}$/.test(word) && word.includes(flag[1]!))));
  if (has('--json', '-o=json', '--output=json', '--format=json') || /-o\s*(?:json|yaml)\b|--output[= ](?:json|yaml)/.test(command)) return 'none';
  switch (program) {
    case 'git':
      return gitRoute(args);
    case 'dpkg':
      return has('-l', '--list') ? 'table' : has('-s', '--status', '-p', '--print-avail') ? 'records' : has('-L', '--listfiles') ? 'listing' : undefined;
    case 'apt-cache':
      return sub === 'search' || sub === 'pkgnames' ? 'generic' : 'records';
    case 'apt':
    case 'apt-get':
    case 'aptitude':
      return sub === 'show' ? 'records' : sub === 'list' || sub === 'search' ? 'generic' : 'test-run';
    case 'npm':
    case 'pnpm':
    case 'yarn':
    case 'bun':
      return sub === 'ls' || sub === 'list' || sub === 'why' || sub === 'll' ? 'listing' : sub === 'outdated' ? 'table' : sub === 'view' || sub === 'info' || sub === 'config' ? 'records' : 'test-run';
    case 'pip':
    case 'pip3':
    case 'uv':
    case 'poetry':
      return sub === 'list' ? 'table' : sub === 'show' ? 'records' : sub === 'freeze' ? 'generic' : 'test-run';
    case 'python':
    case 'python3':
    case 'py': {
      const module = args[args.indexOf('-m') + 1];
      if (args.includes('-m') && module) return /^(?:unittest|pytest|doctest|tox|nox|mypy|ruff|flake8|pylint|compileall|pip|venv|build)$/.test(module) ? (module === 'pip' ? commandRoute(`pip ${args.slice(args.indexOf('-m') + 2).join(' ')}`) : 'test-run') : undefined;
      return undefined;
    }
    case 'node':
      return args.includes('--test') ? 'test-run' : undefined;
    case 'go':
    case 'cargo':
    case 'dotnet':
    case 'swift':
    case 'deno':
      return sub === 'test' || sub === 'build' || sub === 'check' || sub === 'clippy' || sub === 'vet' || sub === 'run' || sub === 'bench' || sub === 'install' ? 'test-run' : undefined;
    case 'docker':
    case 'podman':
      return sub === 'inspect' ? 'none' : /^(?:ps|images|image|container|volume|network|stats|compose|service|node)$/.test(sub ?? '') ? (args.includes('logs') ? 'none' : 'table') : sub === 'logs' ? 'none' : sub === 'build' ? 'test-run' : undefined;
    case 'kubectl':
    case 'oc':
      return sub === 'describe' ? 'records' : sub === 'get' || sub === 'top' ? 'table' : sub === 'logs' ? 'none' : undefined;
    case 'systemctl':
      return sub === 'show' ? 'records' : /^list-/.test(sub ?? '') ? 'table' : undefined;
    case 'curl':
    case 'wget':
    case 'http':
      return has('-I', '-i', '--head', '--include', '-v', '--verbose', '-S') ? 'records' : undefined;
    default:
      if (LISTING_TOOLS.has(program)) return 'listing';
      if (TABLE_TOOLS.has(program)) return 'table';
      if (RECORD_TOOLS.has(program)) return 'records';
      if (TEST_TOOLS.has(program)) return 'test-run';
      return undefined;
  }
}

function gitRoute(args: readonly string[]): CommandRoute | undefined {
  let k = 0;
  while (k < args.length && args[k]!.startsWith('-')) k += args[k] === '-C' || args[k] === '-c' ? 2 : 1;
  const sub = args[k];
  const rest = args.slice(k + 1);
  switch (sub) {
    case 'log':
    case 'reflog':
    case 'whatchanged':
      return 'vcs-log';
    case 'show':
      // `git show REV:path` prints a file, not a commit.
      return rest.some((arg) => /^[^-].*:/.test(arg)) ? undefined : 'vcs-log';
    case 'status':
      return 'vcs-status';
    case 'blame':
    case 'annotate':
      return 'vcs-blame';
    case 'ls-files':
    case 'ls-tree':
      return 'listing';
    case 'diff':
    case 'format-patch':
    case 'grep':
      return 'none';
    case 'config':
      return 'records';
    case 'branch':
    case 'tag':
    case 'shortlog':
    case 'stash':
    case 'remote':
      return 'generic';
    default:
      return undefined;
  }
}
