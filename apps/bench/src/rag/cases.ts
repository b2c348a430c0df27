/**
 * Our own questions over real documents on this machine, each with a substring of the sentence
 * that answers it. The documents are read at bench time and never copied into the repository.
 */
export interface DocumentCase {
  readonly path: string;
  readonly question: string;
  readonly answer: string;
}

const PNPM = 'node_modules/.pnpm';

export const DOCUMENT_CASES: readonly DocumentCase[] = [
  { path: `${PNPM}/commander@14.0.3/node_modules/commander/Readme.md`, question: 'how do I make an option mandatory', answer: 'You may specify a required (mandatory) option using' },
  { path: `${PNPM}/better-sqlite3@12.11.1/node_modules/better-sqlite3/README.md`, question: 'which journal mode pragma should be set for performance', answer: 'WAL pragma for performance reasons' },
  { path: `${PNPM}/htmlparser2@12.0.0/node_modules/htmlparser2/README.md`, question: 'does the parser decode entities by default', answer: 'Decode HTML entities' },
  { path: `${PNPM}/stemmer@2.0.1/node_modules/stemmer/readme.md`, question: 'which stemming algorithm is implemented', answer: 'Porter stemming algorithm' },
  { path: '/usr/share/doc/git/README.md', question: 'what kind of revision control system is git', answer: 'Git is a fast, scalable, distributed revision control system' },
  { path: '/usr/share/doc/python3/python-policy.html', question: 'which Python version should Debian packages use', answer: 'Packages in Debian should use Python 3.' },
  { path: '/root/.pyenv/versions/3.13.0/lib/python3.13/email/architecture.rst', question: 'how is undecodable binary data in text handled', answer: 'surrogateescape' },
  { path: `${PNPM}/undici@7.30.2/node_modules/undici/README.md`, question: 'what does fetch return for a manual redirect', answer: 'Undici returns the actual response instead of an `opaqueredirect` filtered one' },
  { path: `${PNPM}/tiktoken@1.0.22/node_modules/tiktoken/README.md`, question: 'how do I free an encoder when I am done with it', answer: 'enc.free();' },
  { path: `${PNPM}/magic-string@0.30.21/node_modules/magic-string/README.md`, question: 'what does the hires option of generateMap do', answer: 'whether the mapping should be high-resolution' },
  { path: `${PNPM}/semver@7.8.6/node_modules/semver/README.md`, question: 'what does a missing patch value in a caret range desugar to', answer: 'When parsing caret ranges, a missing `patch` value desugars to the' },
  { path: `${PNPM}/tinybench@2.9.0/node_modules/tinybench/README.md`, question: 'how many warmup iterations run by default', answer: 'warmup iterations @default 5' },
  { path: '/usr/share/doc/ninja-build/manual.html', question: 'how long does ninja take to start building after one file changes', answer: 'Ninja is under a second.' },
  { path: '/usr/share/doc/base-passwd/users-and-groups.html', question: 'may files be owned by the nobody user', answer: 'no files on a system should be owned by this user or group' },
  { path: '/usr/share/doc/nodejs/api/zlib.html', question: 'which zlib APIs use the threadpool', answer: 'except those that are explicitly synchronous' },
  { path: '/usr/share/doc/zlib1g-dev/examples/zlib_how.html', question: 'which flush value is passed to deflate while input remains', answer: 'will be passed to deflate to indicate that we are still' },
];

export interface SearchCase {
  readonly name: string;
  /** Run in `cwd` with these args; the output is what the tool printed. */
  readonly command: readonly string[];
  readonly cwd: string;
  readonly query: string;
}

export const SEARCH_CASES: readonly SearchCase[] = [
  { name: 'grep -rn export function (undici lib)', command: ['grep', '-rn', 'function', '--include=*.js', 'lib'], cwd: `${PNPM}/undici@7.30.2/node_modules/undici`, query: 'where are redirect headers handled' },
  { name: 'grep -rn -C2 option (commander)', command: ['grep', '-rn', '-C2', 'requiredOption', '.'], cwd: `${PNPM}/commander@14.0.3/node_modules/commander`, query: 'mandatory option missing error' },
  { name: 'grep -rn def (python json)', command: ['grep', '-rn', 'def ', '.'], cwd: '/usr/lib/python3.11/json', query: 'how are floats encoded' },
  { name: 'grep -rn import (python email)', command: ['grep', '-rn', 'import', '.'], cwd: '/usr/lib/python3.11/email', query: 'base64 header encoding' },
  { name: 'grep -rn class (python asyncio)', command: ['grep', '-rn', '^class ', '.'], cwd: '/usr/lib/python3.11/asyncio', query: 'subprocess transport protocol' },
  { name: 'grep -rn -C2 timeout (python http)', command: ['grep', '-rn', '-C2', 'timeout', '.'], cwd: '/usr/lib/python3.11/http', query: 'socket timeout for connections' },
  { name: 'grep -rn -m3 License: (/usr/share/doc copyright)', command: ['grep', '-rn', '-m3', 'License:', '.'], cwd: '/usr/share/doc', query: 'which packages use Apache terms' },
  { name: 'grep -rn raise (python logging)', command: ['grep', '-rn', 'raise ', '.'], cwd: '/usr/lib/python3.11/logging', query: 'handler configuration errors' },
  { name: 'grep -rn export (htmlparser2 lib)', command: ['grep', '-rn', 'export', '.'], cwd: `${PNPM}/htmlparser2@12.0.0/node_modules/htmlparser2/dist/esm`, query: 'entity decoding in the tokenizer' },
  { name: 'grep -rn self. (python unittest)', command: ['grep', '-rn', 'self\\._', 'case.py'], cwd: '/usr/lib/python3.11/unittest', query: 'cleanup functions' },
  { name: 'grep -rn def (python http)', command: ['grep', '-rn', 'def ', '.'], cwd: '/usr/lib/python3.11/http', query: 'parse cookie headers' },
  { name: 'grep -rn -C1 TODO (python stdlib)', command: ['grep', '-rn', '-C1', 'XXX', '--include=*.py', '.'], cwd: '/usr/lib/python3.11/email', query: 'charset handling' },
  { name: 'grep -rn require (typescript lib dts)', command: ['grep', '-rn', 'interface Promise', '--include=*.d.ts', 'lib'], cwd: `${PNPM}/typescript@6.0.3/node_modules/typescript`, query: 'promise then rejection type' },
  { name: 'grep -rn def (python sqlite3)', command: ['grep', '-rn', 'def ', '.'], cwd: '/usr/lib/python3.11/sqlite3', query: 'adapt datetime' },
  { name: 'grep -rn export (tiktoken .d.ts)', command: ['grep', '-rn', 'export', '--include=*.d.ts', '.'], cwd: `${PNPM}/tiktoken@1.0.22/node_modules/tiktoken`, query: 'encode with special tokens' },
  { name: 'grep -rn -C2 minified bundle (tiktoken, long lines)', command: ['grep', '-rn', '-C2', 'get_encoding', '--include=*.cjs', '.'], cwd: `${PNPM}/tiktoken@1.0.22/node_modules/tiktoken`, query: 'encoding for model name' },
  { name: 'git grep -n (scratch repo of python json)', command: ['git', 'grep', '-n', 'def '], cwd: 'GIT_SCRATCH', query: 'decode json objects' },
];

/** Our queries for the grep outputs in evaldata/shell-outputs (the listing and git log files are not search results). */
export const EVALDATA_QUERIES: Readonly<Record<string, string>> = {
  'llmlingua_grep-rn-C3_def-compress_prompt.txt': 'compress prompt rate',
  'llmlingua_grep-rn_def.txt': 'token budget control',
  'repomix_grep-rn_logger-calls.txt': 'tree sitter parse errors',
  'rtk_grep-rn_unwrap.txt': 'savings estimate',
  'toon_grep-rn_export-function.txt': 'decode arrays',
};
