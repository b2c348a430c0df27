// Savings and throughput of the json compressor, through the core pipeline.
// Run from packages/compressor-json after `pnpm exec tsc -b`:  node scripts/measure.mjs
// Inputs: two generated workloads shaped like the (seeded) and every file in ../shared/evaldata/json.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEstimatingTokenizer, createMemoryStore, createPipeline, createTokenizer } from '@headroom/core';
import { seeded } from '@headroom/core/testing';
import { compressLossless, decode, jsonCompressor } from '../dist/index.js';

const tokenizer = createTokenizer();
const random = seeded(1);
const pick = (items) => items[Math.floor(random() * items.length)];
const iso = (ms) => new Date(Date.UTC(2026, 2, 14, 9) + ms).toISOString();

const files = ['LoginForm', 'UserProfileCard', 'CheckoutForm', 'DashboardChart', 'SettingsForm'].map((c) => `src/components/${c}.tsx`);
const codeSearch = Array.from({ length: 100 }, (_, i) => ({
  file: files[i % 5],
  line: 10 + 3 * i,
  content: pick(['const form = useForm();', '<form onSubmit={submit}>', 'useEffect(() => refresh(), []);', 'return <Card>{children}</Card>;']),
  language: 'typescript',
  repository: 'acme/storefront-web',
  branch: 'main',
  last_modified: iso(-Math.floor(random() * 90) * 86_400_000),
  author: pick(['alice.chen', 'bob.martinez', 'carol.nguyen', 'dave.okafor']),
  match_score: Math.round((0.95 - 0.005 * i) * 1000) / 1000,
  context: { before: [`// line ${8 + 3 * i}`, 'import x from "y";'], after: ['export {};', `// line ${12 + 3 * i}`] },
  metadata: { size_bytes: 1200 + Math.floor(random() * 8600), encoding: 'utf-8', mime_type: 'text/typescript' },
}));
const needleLogs = Array.from({ length: 100 }, (_, i) =>
  i === 67
    ? { timestamp: iso(i * 1500), level: 'FATAL', service: 'payment-gateway', message: 'Payment processing halted: database connection pool exhausted (error PG-5523). 1847 transactions affected. Resolution: Increase max_connections to 500 in config/database.yml', status_code: 503 }
    : { timestamp: iso(i * 1500 + Math.floor(random() * 999)), level: 'INFO', service: pick(['api-gateway', 'user-service', 'order-service']), message: pick(['Request processed successfully', 'Cache hit for product catalog', 'User session refreshed']), status_code: 200 },
);

function repoRoot() {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) dir = dirname(dir);
  return dir;
}
const list = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? list(join(dir, n)) : [join(dir, n)]));
const evaldata = resolve(repoRoot(), '..', 'shared', 'evaldata', 'json');
const real = list(evaldata)
  .filter((f) => /\.(json|ndjson)$/.test(f))
  .map((f) => {
    const raw = readFileSync(f, 'utf8');
    const value = f.endsWith('.ndjson') ? raw.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)) : JSON.parse(raw);
    return { name: f.slice(evaldata.length + 1), value };
  });

const pct = (after, before) => `${(100 - (100 * after) / before).toFixed(1)}%`;
async function run(text, mode, query) {
  const pipeline = createPipeline({ compressors: [jsonCompressor()], store: createMemoryStore(), tokenizer: createEstimatingTokenizer() });
  return pipeline.compress(text, { mode, query });
}

console.log('workload                     pretty  lossy (saved)      lossless (saved)');
for (const [name, value, query] of [
  ['code search, 100 hits', codeSearch, 'Find all React components that use forms'],
  ['needle logs, 100 entries', needleLogs, 'What caused the payment failures?'],
]) {
  const pretty = JSON.stringify(value, null, 2);
  const before = tokenizer.count(pretty);
  const lossy = tokenizer.count((await run(pretty, 'lossy', query)).text);
  const lossless = tokenizer.count((await run(pretty, 'lossless', query)).text);
  console.log(`${name.padEnd(28)} ${String(before).padStart(6)}  ${String(lossy).padStart(6)} (${pct(lossy, before)})   ${String(lossless).padStart(6)} (${pct(lossless, before)})`);
}

let pretty = 0;
let minified = 0;
let encoded = 0;
let larger = 0;
let mismatched = 0;
for (const { value } of real) {
  const text = compressLossless(value);
  if (JSON.stringify(decode(text)) !== JSON.stringify(value)) mismatched++;
  const m = tokenizer.count(JSON.stringify(value));
  const e = tokenizer.count(text);
  if (e > m) larger++;
  pretty += tokenizer.count(JSON.stringify(value, null, 2));
  minified += m;
  encoded += e;
}
console.log(`\nevaldata/json, ${real.length} files (o200k tokens): pretty ${pretty}, minified ${minified} (${pct(minified, pretty)}), compressLossless ${encoded} (${pct(encoded, pretty)} vs pretty, ${pct(encoded, minified)} vs minified); larger than minified: ${larger}; round-trip mismatches (key order included): ${mismatched}`);

const inputs = [codeSearch, needleLogs, ...real.map((r) => r.value)].map((v) => JSON.stringify(v, null, 2));
for (const mode of ['lossy', 'lossless']) {
  for (const text of inputs) await run(text, mode, 'payment failures'); // warm up
  let bytes = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let round = 0; round < 5; round++) {
    for (const text of inputs) {
      await run(text, mode, 'payment failures');
      bytes += Buffer.byteLength(text);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  // On a shared machine wall time depends on the neighbours; CPU time (all threads, GC included) less so.
  console.log(`throughput through the pipeline, ${mode}: ${(bytes / 1e6 / seconds).toFixed(1)} MB/s wall, ${(bytes / 1e6 / cpuSeconds).toFixed(1)} MB/s of CPU time (${(bytes / 1e6).toFixed(1)} MB, load average ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
}
