import { createRandom, isoAt, pretty, type Random, type Workload } from './workload.js';

const USERS = ['octo-dev', 'mkumar', 'lena-w', 'tbrooks', 'yuki-s', 'pdelgado', 'a-novak', 'jfischer', 'rchoudhury', 'sam-obi'];
const LABELS = [
  { name: 'bug', color: 'd73a4a' },
  { name: 'enhancement', color: 'a2eeef' },
  { name: 'documentation', color: '0075ca' },
  { name: 'question', color: 'd876e3' },
  { name: 'good first issue', color: '7057ff' },
  { name: 'performance', color: 'fbca04' },
  { name: 'ui', color: 'c5def5' },
];
const AREAS = ['search filters', 'order history page', 'CSV export', 'dark mode', 'password reset email', 'product image zoom', 'wishlist sync', 'address autocomplete', 'invoice PDF', 'cart badge count'];
const PROBLEMS = ['is slow on large accounts', 'shows stale data after refresh', 'does not respect the locale', 'breaks on Safari 17', 'has a typo in the tooltip', 'could support keyboard shortcuts', 'logs a console warning', 'misaligns on narrow screens'];

/** The planted urgent issue and the log line that explains it. */
export const URGENT_ISSUE = {
  number: 2847,
  title: 'Checkout returns 500 for all EU customers since v4.12.0',
} as const;
export const URGENT_LOG_LINE = "PaymentIntentConfirmError: currency 'eur' is not enabled for merchant account acct_1NxQ2bEU (checkout-service v4.12.0)";

function body(random: Random, area: string, problem: string): string {
  return [
    '### Description',
    `The ${area} ${problem}.`,
    '',
    '### Steps to reproduce',
    `1. Sign in as a ${random.pick(['free', 'pro', 'enterprise'])} user`,
    `2. Open the ${area}`,
    `3. ${random.pick(['Wait for the page to load', 'Switch the language', 'Resize the window', 'Apply two filters'])}`,
    '',
    '### Expected behavior',
    `The ${area} works as documented.`,
    '',
    '### Environment',
    `- Browser: ${random.pick(['Chrome 126', 'Firefox 127', 'Safari 17.5', 'Edge 126'])}`,
    `- App version: v4.${random.int(8, 12)}.${random.int(0, 3)}`,
  ].join('\n');
}

function issues(random: Random) {
  return Array.from({ length: 100 }, (_, i) => {
    const number = 2910 - i * 3;
    const created = -random.int(1, 120) * 86_400_000;
    if (number === URGENT_ISSUE.number) {
      return {
        number,
        title: URGENT_ISSUE.title,
        state: 'open',
        user: { login: 'ops-oncall', id: 90_211, type: 'User' },
        labels: [
          { name: 'bug', color: 'd73a4a' },
          { name: 'priority: critical', color: 'b60205' },
          { name: 'regression', color: 'e99695' },
        ],
        created_at: isoAt(-2 * 3_600_000),
        updated_at: isoAt(-10 * 60_000),
        comments: 14,
        body: '### Description\nSince the v4.12.0 deploy every checkout from an EU storefront fails with HTTP 500. Revenue impact is ongoing.\n\n### Steps to reproduce\n1. Switch the storefront to Germany\n2. Pay with any card\n\n### Expected behavior\nThe order is placed.\n\n### Environment\n- App version: v4.12.0',
      };
    }
    const area = random.pick(AREAS);
    const problem = random.pick(PROBLEMS);
    return {
      number,
      title: `${area[0]!.toUpperCase()}${area.slice(1)} ${problem}`,
      state: random.weighted([
        ['open', 3],
        ['closed', 2],
      ] as const),
      user: { login: random.pick(USERS), id: random.int(1_000, 99_999), type: 'User' },
      labels: [random.pick(LABELS), ...(random.next() < 0.3 ? [random.pick(LABELS)] : [])],
      created_at: isoAt(created),
      updated_at: isoAt(created + random.int(0, 20) * 86_400_000),
      comments: random.int(0, 9),
      body: body(random, area, problem),
    };
  });
}

function codeHits(random: Random) {
  const paths = ['src/checkout/confirm-payment.ts', 'src/checkout/currency.ts', 'src/orders/history.tsx', 'src/search/filters.ts', 'src/export/csv.ts', 'src/i18n/locale.ts', 'src/cart/badge.tsx', 'src/auth/reset-email.ts'];
  return Array.from({ length: 80 }, () => {
    const path = random.pick(paths);
    return {
      name: path.split('/').pop()!,
      path,
      sha: random.hex(40),
      url: `https://api.github.com/repositories/48213377/contents/${path}`,
      repository: { full_name: 'acme/storefront', private: true },
      score: Math.round(random.next() * 1000) / 100,
      fragment: random.pick(['const currency = storefront.currency.toLowerCase();', 'await stripe.paymentIntents.confirm(intentId, params);', 'export function formatPrice(value: number, locale: string)', 'rows.map(toCsvLine).join("\\n")']),
    };
  });
}

function logs(random: Random) {
  const services = ['checkout-service', 'api-gateway', 'order-service', 'search-service', 'auth-service'];
  return Array.from({ length: 200 }, (_, i) => {
    const timestamp = isoAt(-3 * 3_600_000 + i * 50_000 + random.int(0, 49_999));
    if (i === 151) return { timestamp, level: 'ERROR', service: 'checkout-service', message: URGENT_LOG_LINE, trace_id: random.hex(16) };
    const level = random.weighted([
      ['INFO', 6],
      ['WARN', 2],
      ['ERROR', 1],
    ] as const);
    const message = {
      INFO: random.pick(['GET /api/orders 200 41ms', 'POST /api/cart 201 63ms', 'search served 20 results', 'session refreshed']),
      WARN: random.pick(['slow response 2100ms on /api/search', 'retrying call to inventory (attempt 2)', 'deprecated API version v1 used by client']),
      ERROR: random.pick(['ECONNRESET talking to search-cluster', 'rate limit exceeded for client web-app', 'template render failed: missing key "promo.banner"']),
    }[level];
    return { timestamp, level, service: random.pick(services), message, trace_id: random.hex(16) };
  });
}

/** GitHub issue triage: issues, a code search and recent logs; one urgent issue and its error line. */
export function issueTriageWorkload(seed = 4): Workload {
  const random = createRandom(seed);
  return {
    name: 'GitHub issue triage (3 outputs)',
    query: 'Which open issue is most urgent right now, and which error in the logs matches it?',
    outputs: [
      { toolName: 'list_issues', text: pretty(issues(random)) },
      { toolName: 'search_code', text: pretty(codeHits(random)) },
      { toolName: 'search_logs', text: pretty(logs(random)) },
    ],
    needles: [
      { label: `urgent issue #${URGENT_ISSUE.number}`, texts: [String(URGENT_ISSUE.number), URGENT_ISSUE.title] },
      { label: 'matching error line', texts: [URGENT_LOG_LINE] },
    ],
  };
}
