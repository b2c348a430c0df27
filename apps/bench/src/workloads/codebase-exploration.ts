import { createRandom, isoAt, pretty, type Random, type Workload } from './workload.js';

const DIRS = ['components', 'hooks', 'utils', 'services', 'models', 'routes', 'config', 'lib', 'handlers', 'store', 'types', 'helpers', 'jobs', 'workers', 'adapters', 'schemas'];
const STEMS = ['user', 'order', 'invoice', 'session', 'cart', 'product', 'search', 'report', 'billing', 'audit', 'email', 'upload', 'profile', 'webhook', 'cache', 'metrics', 'queue', 'export', 'token', 'inventory'];
const SUFFIXES = ['service', 'controller', 'utils', 'types', 'store', 'client', 'mapper', 'validator', 'handler', 'view', 'repository', 'helpers'];
const EXTENSIONS = ['.ts', '.ts', '.ts', '.tsx', '.test.ts', '.json', '.md'];

/** The one file the query asks about, planted in the tree, the search hits and the code search. */
export const PLANTED_PATH = 'src/server/middleware/rate-limiter.ts';

interface TreeFile {
  readonly name: string;
  readonly type: 'file';
  readonly size: number;
  readonly modified: string;
}
interface TreeDir {
  readonly name: string;
  readonly type: 'directory';
  readonly children: (TreeFile | TreeDir)[];
}

function files(random: Random, count: number): TreeFile[] {
  const names = new Set<string>();
  while (names.size < count) names.add(`${random.pick(STEMS)}-${random.pick(SUFFIXES)}${random.pick(EXTENSIONS)}`);
  return [...names].sort().map((name) => ({ name, type: 'file', size: random.int(200, 24_000), modified: isoAt(-random.int(0, 400) * 86_400_000) }));
}

/** A directory tree three levels deep with about 20 files per folder. */
function tree(random: Random, depth: number, names: readonly string[]): TreeDir[] {
  return names.map((name) => {
    const children: (TreeFile | TreeDir)[] = files(random, random.int(17, 23));
    if (depth < 3) {
      const sub = new Set<string>();
      const want = random.int(2, 3);
      while (sub.size < want) sub.add(random.pick(DIRS));
      children.push(...tree(random, depth + 1, [...sub].sort()));
    }
    return { name, type: 'directory', children };
  });
}

function plant(roots: TreeDir[]): void {
  const server: TreeDir = { name: 'server', type: 'directory', children: [] };
  const middleware: TreeDir = {
    name: 'middleware',
    type: 'directory',
    children: [
      { name: 'auth.ts', type: 'file', size: 3_412, modified: isoAt(-40 * 86_400_000) },
      { name: 'cors.ts', type: 'file', size: 1_207, modified: isoAt(-200 * 86_400_000) },
      { name: 'rate-limiter.ts', type: 'file', size: 5_980, modified: isoAt(-3 * 86_400_000) },
      { name: 'request-id.ts', type: 'file', size: 644, modified: isoAt(-310 * 86_400_000) },
    ],
  };
  server.children.push(middleware);
  roots.find((dir) => dir.name === 'src')?.children.push(server);
}

function searchHits(random: Random) {
  const lines = ['const limit = Math.min(query.limit ?? 20, 100);', 'limit: number;', 'SELECT * FROM orders LIMIT $1 OFFSET $2', 'export const DEFAULT_PAGE_LIMIT = 50;', 'if (items.length > limit) items.length = limit;', '// TODO: enforce upload size limit', 'maxBodySize: "10mb",'];
  const hits = Array.from({ length: 200 }, () => ({
    file: `src/${random.pick(DIRS)}/${random.pick(STEMS)}-${random.pick(SUFFIXES)}.ts`,
    line: random.int(1, 600),
    column: random.int(1, 40),
    text: random.pick(lines),
  }));
  hits[137] = { file: PLANTED_PATH, line: 12, column: 17, text: 'export function createRateLimiter(options: RateLimitOptions): Middleware {' };
  return hits;
}

function codeSearch(random: Random) {
  const owner = { login: 'acme', id: 5_120_731, type: 'Organization', site_admin: false };
  const repository = { id: 48_213_377, node_id: 'MDEwOlJlcG9zaXRvcnk0ODIxMzM3Nw==', name: 'platform-api', full_name: 'acme/platform-api', private: true, owner, html_url: 'https://github.com/acme/platform-api', description: 'Public REST API and background workers', fork: false };
  const items = Array.from({ length: 100 }, () => {
    const path = `src/${random.pick(DIRS)}/${random.pick(STEMS)}-${random.pick(SUFFIXES)}.ts`;
    return {
      name: path.split('/').pop()!,
      path,
      sha: random.hex(40),
      url: `https://api.github.com/repositories/48213377/contents/${path}?ref=${random.hex(40)}`,
      git_url: `https://api.github.com/repositories/48213377/git/blobs/${random.hex(40)}`,
      html_url: `https://github.com/acme/platform-api/blob/main/${path}`,
      repository,
      score: Math.round(random.next() * 100) / 100,
    };
  });
  items[58] = { ...items[58]!, name: 'rate-limiter.ts', path: PLANTED_PATH, html_url: `https://github.com/acme/platform-api/blob/main/${PLANTED_PATH}` };
  return items;
}

/** Codebase exploration: a directory tree, a grep and a code search; one file answers the query. */
export function codebaseExplorationWorkload(seed = 5): Workload {
  const random = createRandom(seed);
  const roots = tree(random, 1, ['docs', 'scripts', 'src']);
  plant(roots);
  return {
    name: 'codebase exploration (3 outputs)',
    query: 'Where is the rate limiting for the public API implemented?',
    outputs: [
      { toolName: 'directory_tree', text: pretty(roots) },
      { toolName: 'grep', text: pretty(searchHits(random)) },
      { toolName: 'search_code', text: pretty(codeSearch(random)) },
    ],
    needles: [{ label: `planted file ${PLANTED_PATH}`, texts: [PLANTED_PATH] }],
  };
}
