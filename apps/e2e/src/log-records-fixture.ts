/** A JSON log export with a few planted records that an agent must not lose sight of. */
export interface LogRecordsFixture {
  /** Pretty-printed JSON array, as `cat` of an exported log file shows it. */
  readonly text: string;
  /** Substrings that must reach the model verbatim: the ERROR and FATAL messages and their trace ids. */
  readonly mustKeep: readonly string[];
}

const ROUTES = ['/v1/orders', '/v1/orders/{id}', '/v1/carts', '/v1/payments', '/healthz'];

/**
 * `count` records of a checkout service, deterministic (no clock, no randomness): INFO
 * traffic, two ERROR records and one FATAL record. 110 records pretty-print to about
 * 26,000 characters — under the ~30,000 at which Claude Code stops sending a Bash output
 * whole and sends a file preview instead.
 */
export function logRecordsFixture(count = 110): LogRecordsFixture {
  const planted = new Map<number, { level: string; status: number; message: string }>([
    [37, { level: 'ERROR', status: 502, message: 'upstream payments-gw timed out after 3000ms' }],
    [88, { level: 'ERROR', status: 500, message: 'order 55120 rejected: inventory lock lost' }],
    [
      97,
      { level: 'FATAL', status: 500, message: 'database pool exhausted: 64/64 connections busy, shutting down worker 7' },
    ],
  ]);
  const records: Record<string, string | number>[] = [];
  for (let i = 0; i < count; i++) {
    const special = planted.get(i);
    const minute = String(Math.floor(i / 60) % 60).padStart(2, '0');
    const second = String(i % 60).padStart(2, '0');
    records.push({
      timestamp: `2026-11-24T09:${minute}:${second}.000Z`,
      level: special?.level ?? 'INFO',
      service: 'checkout',
      route: ROUTES[i % ROUTES.length] ?? '/',
      status: special?.status ?? 200,
      latency_ms: 12 + ((i * 7) % 40),
      trace_id: `tr-${(100000 + i * 7919).toString(16)}`,
      message: special?.message ?? 'request completed',
    });
  }
  const mustKeep = [...planted.entries()].flatMap(([i, p]) => [p.message, String(records[i]?.trace_id)]);
  return { text: `${JSON.stringify(records, null, 2)}\n`, mustKeep };
}
