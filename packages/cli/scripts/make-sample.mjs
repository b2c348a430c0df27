// Generates samples/github-issues.json: a realistic GitHub REST "list repository issues"
// response (GET /repos/{owner}/{repo}/issues?state=all), 60 issues, indent 2.
// Seeded, so running it again gives the same bytes. Run once: node scripts/make-sample.mjs
import { writeFileSync } from 'node:fs';

const OWNER = 'northwind-labs';
const REPO = 'orders-api';
const API = `https://api.github.com/repos/${OWNER}/${REPO}`;
const COUNT = 60;

// mulberry32: a tiny deterministic PRNG.
let seed = 0x5eed1e55;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (min, max) => min + Math.floor(random() * (max - min + 1));
const nodeId = (prefix, length) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  let id = prefix;
  for (let i = 0; i < length; i++) id += alphabet[Math.floor(random() * alphabet.length)];
  return id;
};

function user(login, id) {
  const url = `https://api.github.com/users/${login}`;
  return {
    login,
    id,
    node_id: nodeId('MDQ6VXNlcj', 6),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `https://github.com/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: 'User',
    user_view_type: 'public',
    site_admin: false,
  };
}

const users = ['mhernandez', 'priya-k', 'jonas-weber', 'tanaka-yui', 'ogunleye', 'sam-oconnor', 'lferreira', 'dchen-dev', 'amelie-roux', 'kowalski-p', 'ngozi-a', 'rbrandt'].map((login, i) =>
  user(login, 1_204_311 + i * 381_977),
);
const maintainers = users.slice(0, 4);

const LABELS = [
  ['bug', 'd73a4a', "Something isn't working", true],
  ['enhancement', 'a2eeef', 'New feature or request', true],
  ['documentation', '0075ca', 'Improvements or additions to documentation', true],
  ['good first issue', '7057ff', 'Good for newcomers', true],
  ['help wanted', '008672', 'Extra attention is needed', true],
  ['question', 'd876e3', 'Further information is requested', true],
  ['dependencies', '0366d6', 'Pull requests that update a dependency file', false],
  ['performance', 'fbca04', 'Latency, throughput or memory', false],
  ['needs-triage', 'ededed', 'Not looked at by a maintainer yet', false],
  ['urgent', 'b60205', 'Production impact: fix before the next release', false],
].map(([name, color, description, isDefault], i) => ({
  id: 2_811_407_001 + i * 17,
  node_id: nodeId('LA_kwDOHx', 12),
  url: `${API}/labels/${encodeURIComponent(name)}`,
  name,
  color,
  default: isDefault,
  description,
}));
const label = (name) => LABELS.find((l) => l.name === name);

const AREAS = ['checkout', 'refunds', 'webhooks', 'order search', 'pagination', 'rate limiting', 'CSV export', 'tax calculation', 'inventory sync', 'auth tokens'];
const VERSIONS = ['3.8.2', '3.9.0', '3.9.1', '3.10.0'];
const RUNTIMES = ['Node 20.11', 'Node 20.19', 'Node 22.3'];

function bugBody(area) {
  return [
    '### Describe the bug',
    `When using ${area}, the API returns an unexpected response for some orders.`,
    '',
    '### Steps to reproduce',
    `1. Create an order with ${int(2, 9)} line items`,
    `2. Call the ${area} endpoint`,
    '3. Inspect the response',
    '',
    '### Expected behavior',
    'The response matches the documented schema.',
    '',
    '### Environment',
    `- orders-api: ${pick(VERSIONS)}`,
    `- Runtime: ${pick(RUNTIMES)}`,
    `- Database: Postgres ${pick(['14', '15', '16'])}`,
  ].join('\n');
}

function featureBody(area) {
  return [
    '### Is your feature request related to a problem?',
    `Working with ${area} today needs several round trips.`,
    '',
    '### Describe the solution you would like',
    `An option on the ${area} endpoint that returns everything in one call.`,
    '',
    '### Alternatives considered',
    'Client-side batching, which works but is slow.',
  ].join('\n');
}

const URGENT_BODY = [
  '### Describe the bug',
  'Since deploying 3.10.0, every refund for an order paid with a gift card fails with HTTP 500. This is blocking refunds in production.',
  '',
  '### Error',
  '```',
  "TypeError: Cannot read properties of undefined (reading 'currency')",
  '    at formatAmount (src/billing/format-amount.ts:42:17)',
  '    at buildRefund (src/refunds/build-refund.ts:88:23)',
  '    at RefundService.create (src/refunds/refund-service.ts:131:20)',
  '    at async handleCreateRefund (src/http/routes/refunds.ts:57:5)',
  '```',
  '',
  '### Steps to reproduce',
  '1. Pay an order with a gift card only (no card payment)',
  '2. POST /v2/orders/{id}/refunds with the full amount',
  '',
  '### Environment',
  '- orders-api: 3.10.0',
  '- Runtime: Node 20.19',
].join('\n');

function bumpTitle() {
  const major = int(1, 8);
  const minor = int(0, 18);
  return `Bump ${pick(['pg', 'undici', 'zod', 'pino'])} from ${major}.${minor}.${int(0, 9)} to ${major}.${minor + int(1, 2)}.${int(0, 9)}`;
}

const URGENT_INDEX = 7;
let issueId = 3_604_219_877;
const issues = [];
let created = Date.UTC(2026, 10, 20, 16, 0, 0);
for (let i = 0; i < COUNT; i++) {
  const number = 1460 - i;
  created -= int(2, 40) * 3_600_000 + int(0, 3_599) * 1000;
  const urgent = i === URGENT_INDEX;
  const kind = urgent ? 'bug' : pick(['bug', 'bug', 'enhancement', 'documentation', 'question', 'dependencies', 'performance']);
  const area = pick(AREAS);
  const names = urgent ? ['bug', 'urgent'] : [kind, ...(random() < 0.25 ? [pick(['needs-triage', 'help wanted', 'good first issue'])] : [])];
  const closed = !urgent && random() < 0.3;
  const updated = created + int(1, 200) * 60_000;
  const closedAt = closed ? updated : null;
  const author = pick(users);
  const assignee = random() < 0.4 || urgent ? pick(maintainers) : null;
  const title = urgent
    ? 'Refunds fail with 500 for orders paid by gift card (TypeError: reading currency)'
    : kind === 'bug'
      ? `${area}: ${pick(['wrong total returned', '500 on empty page', 'timeout after 30 s', 'duplicate events', 'stale cache after update'])}`
      : kind === 'enhancement'
        ? `Support ${pick(['filtering', 'bulk operations', 'cursor pagination', 'idempotency keys'])} in ${area}`
        : kind === 'documentation'
          ? `Docs: explain ${area} ${pick(['limits', 'error codes', 'examples'])}`
          : kind === 'question'
            ? `How do I use ${area} with ${pick(['multiple currencies', 'partial refunds', 'sandbox accounts'])}?`
            : kind === 'dependencies'
              ? bumpTitle()
              : `${area} is slow for accounts with many orders`;
  const body = urgent ? URGENT_BODY : kind === 'bug' ? bugBody(area) : kind === 'enhancement' ? featureBody(area) : `${title}.\n\nSee the ${area} docs for context.`;
  const thumbs = int(0, urgent ? 14 : 4);
  issues.push({
    url: `${API}/issues/${number}`,
    repository_url: API,
    labels_url: `${API}/issues/${number}/labels{/name}`,
    comments_url: `${API}/issues/${number}/comments`,
    events_url: `${API}/issues/${number}/events`,
    html_url: `https://github.com/${OWNER}/${REPO}/issues/${number}`,
    id: (issueId -= int(40_000, 900_000)),
    node_id: nodeId('I_kwDOHx', 14),
    number,
    title,
    user: author,
    labels: names.map(label),
    state: closed ? 'closed' : 'open',
    locked: false,
    assignee,
    assignees: assignee ? [assignee] : [],
    milestone: null,
    comments: int(0, urgent ? 9 : 6),
    created_at: new Date(created).toISOString().replace('.000Z', 'Z'),
    updated_at: new Date(updated).toISOString().replace('.000Z', 'Z'),
    closed_at: closedAt === null ? null : new Date(closedAt).toISOString().replace('.000Z', 'Z'),
    author_association: maintainers.includes(author) ? 'MEMBER' : pick(['CONTRIBUTOR', 'NONE', 'NONE']),
    type: null,
    active_lock_reason: null,
    sub_issues_summary: { total: 0, completed: 0, percent_completed: 0 },
    body,
    closed_by: closed ? pick(maintainers) : null,
    reactions: {
      url: `${API}/issues/${number}/reactions`,
      total_count: thumbs,
      '+1': thumbs,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    },
    timeline_url: `${API}/issues/${number}/timeline`,
    performed_via_github_app: null,
    state_reason: closed ? 'completed' : null,
  });
}

const out = new URL('../samples/github-issues.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(issues, null, 2)}\n`);
console.log(`wrote ${issues.length} issues to ${out.pathname}`);
