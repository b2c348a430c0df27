import { createRandom, isoAt, pretty, type Workload } from './workload.js';

const SERVICES = ['api-gateway', 'user-service', 'order-service', 'inventory-service', 'notification-service', 'auth-service'];
const ENDPOINTS = ['/api/v1/users', '/api/v1/orders', '/api/v1/products', '/api/v1/cart', '/api/v1/sessions', '/health'];
const MESSAGES = [
  'Request processed successfully',
  'Cache hit for product catalog',
  'User session refreshed',
  'Order status updated',
  'Health check passed',
  'Notification queued for delivery',
  'Inventory levels synchronized',
];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

/** The planted record's facts: all four must stay visible. */
export const NEEDLE_FACTS = {
  service: 'payment-gateway',
  errorCode: 'PG-5523',
  resolution: 'Increase max_connections to 500 in config/database.yml',
  affected: '1847 transactions affected',
} as const;

/** 100 INFO records and one FATAL at index 67: the reference's needle-in-a-haystack demo, regenerated. */
export function needleLogsWorkload(seed = 2): Workload {
  const random = createRandom(seed);
  const entries = Array.from({ length: 100 }, (_, i) => {
    if (i === 67) {
      return {
        timestamp: isoAt(i * 1_500 + 731),
        level: 'FATAL',
        service: NEEDLE_FACTS.service,
        message: `Payment processing halted: database connection pool exhausted (error ${NEEDLE_FACTS.errorCode}). ${NEEDLE_FACTS.affected}. Resolution: ${NEEDLE_FACTS.resolution}`,
        request_id: `req-${random.hex(12)}`,
        status_code: 503,
        endpoint: '/api/v1/payments/charge',
        metadata: { region: 'us-east-1', version: '3.14.2' },
      };
    }
    return {
      timestamp: isoAt(i * 1_500 + random.int(0, 999)),
      level: 'INFO',
      service: SERVICES[i % SERVICES.length]!,
      message: random.pick(MESSAGES),
      request_id: `req-${random.hex(12)}`,
      status_code: random.weighted([
        [200, 8],
        [201, 1],
        [204, 1],
      ] as const),
      endpoint: random.pick(ENDPOINTS),
      metadata: { region: random.pick(REGIONS), version: random.pick(['3.14.1', '3.14.2']) },
    };
  });
  return {
    name: 'needle logs (100 entries)',
    query: 'What caused the payment failures, and how do we fix it?',
    outputs: [{ toolName: 'search_logs', text: pretty(entries) }],
    needles: [
      { label: 'FATAL from payment-gateway', texts: ['FATAL', NEEDLE_FACTS.service] },
      { label: 'error code PG-5523', texts: [NEEDLE_FACTS.errorCode] },
      { label: 'resolution', texts: [NEEDLE_FACTS.resolution] },
      { label: '1847 affected transactions', texts: [NEEDLE_FACTS.affected] },
    ],
  };
}
