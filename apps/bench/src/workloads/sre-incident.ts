import { createRandom, isoAt, pretty, type Random, type Workload } from './workload.js';

const SERVICES = ['api-gateway', 'checkout-service', 'payment-service', 'inventory-service', 'auth-service', 'search-service'];
const HOSTS = ['ip-10-0-1-17', 'ip-10-0-1-42', 'ip-10-0-2-8', 'ip-10-0-2-91', 'ip-10-0-3-33'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-central-1'];
const BY_LEVEL: Record<'INFO' | 'WARN' | 'ERROR' | 'DEBUG', readonly string[]> = {
  INFO: ['Request completed in 112ms', 'Checkout session created', 'Cart synchronized with inventory', 'Token refreshed for session', 'Search index query served from cache', 'Payment authorized'],
  WARN: ['Slow query detected: 1840ms on orders_by_user', 'Retrying upstream call (attempt 2 of 3)', 'Connection pool at 85% capacity', 'Circuit breaker half-open for payment-service'],
  ERROR: ['Upstream timeout after 30000ms calling payment-service', 'Failed to acquire database connection within 5000ms', 'HTTP 502 from payment-service /charge', 'Order write rejected: deadlock detected, transaction rolled back'],
  DEBUG: ['Resolved feature flags for request', 'Cache key computed for cart', 'Span exported to collector', 'Serialized response body (4.2 KB)'],
};

/** The planted root cause: the one FATAL record. */
export const SRE_ROOT_CAUSE = 'FATAL: remaining connection slots are reserved for non-replication superuser connections (postgres db-prod-3, max_connections=200)';

/** The planted revenue anomalies: user id and 30-day revenue, far outside the 0-400 range of every other row. */
export const SRE_ANOMALIES = [
  { index: 42, userId: 'usr_0043', revenue: 48_920.57 },
  { index: 117, userId: 'usr_0118', revenue: -2_310.75 },
  { index: 163, userId: 'usr_0164', revenue: 127_440.12 },
] as const;

function logSearch(random: Random) {
  return Array.from({ length: 300 }, (_, i) => {
    const timestamp = isoAt(5 * 3_600_000 + i * 4_000 + random.int(0, 3_999));
    if (i === 211) {
      return { timestamp, level: 'FATAL', service: 'payment-service', message: SRE_ROOT_CAUSE, trace_id: random.hex(32), metadata: { host: 'ip-10-0-2-91', region: 'us-east-1' } };
    }
    const level = random.weighted([
      ['INFO', 4],
      ['WARN', 1],
      ['ERROR', 1],
      ['DEBUG', 1],
    ] as const);
    return {
      timestamp,
      level,
      service: random.pick(SERVICES),
      message: random.pick(BY_LEVEL[level]),
      trace_id: random.hex(32),
      metadata: { host: random.pick(HOSTS), region: random.pick(REGIONS) },
    };
  });
}

function analyticsRows(random: Random) {
  const plans = ['free', 'starter', 'pro', 'enterprise'];
  const countries = ['US', 'DE', 'GB', 'FR', 'BR', 'IN', 'JP', 'CA'];
  return Array.from({ length: 200 }, (_, i) => {
    const anomaly = SRE_ANOMALIES.find((a) => a.index === i);
    const sessions = random.int(1, 60);
    return {
      user_id: `usr_${String(i + 1).padStart(4, '0')}`,
      email: `user${i + 1}@example.com`,
      plan: random.pick(plans),
      country: random.pick(countries),
      signup_date: isoAt(-random.int(30, 900) * 86_400_000).slice(0, 10),
      sessions_30d: sessions,
      page_views_30d: sessions * random.int(3, 14),
      revenue_30d: anomaly ? anomaly.revenue : Math.round(random.next() * 40_000) / 100,
      last_active: isoAt(-random.int(0, 29) * 86_400_000 - random.int(0, 86_399) * 1000),
      churn_risk: Math.round(random.next() * 100) / 100,
    };
  });
}

function fileSearch(random: Random) {
  const files = ['services/payment/src/db/pool.ts', 'services/payment/src/charge.ts', 'services/checkout/src/session.ts', 'infra/helm/payment/values.yaml', 'services/payment/src/config.ts', 'docs/runbooks/database.md', 'services/inventory/src/db/pool.ts'];
  const lines = ['const pool = new Pool({ max: config.db.poolSize, idleTimeoutMillis: 10_000 });', 'poolSize: 50', 'await pool.connect()', '# max_connections must exceed the sum of all service pools', 'export const DB_POOL_SIZE = Number(process.env.DB_POOL_SIZE ?? 50);', 'client.release();', 'if (pool.waitingCount > 0) metrics.increment("db.pool.waiting");'];
  return Array.from({ length: 150 }, () => ({
    file: random.pick(files),
    line: random.int(1, 480),
    match: random.pick(lines),
    repository: 'acme/platform',
    score: Math.round((0.4 + random.next() * 0.6) * 1000) / 1000,
  }));
}

/** SRE incident: a log search, a database query and a file search, compressed separately. */
export function sreIncidentWorkload(seed = 3): Workload {
  const random = createRandom(seed);
  return {
    name: 'SRE incident (3 outputs)',
    query: 'Why are checkout payments failing since 14:00 UTC? Find the root cause and any revenue anomalies.',
    outputs: [
      { toolName: 'search_logs', text: pretty(logSearch(random)) },
      { toolName: 'query_database', text: pretty(analyticsRows(random)) },
      { toolName: 'search_files', text: pretty(fileSearch(random)) },
    ],
    needles: [
      { label: 'FATAL root cause', texts: [SRE_ROOT_CAUSE] },
      ...SRE_ANOMALIES.map((a) => ({ label: `revenue anomaly ${a.userId}`, texts: [a.userId, String(a.revenue)] })),
    ],
  };
}
