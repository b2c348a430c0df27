import { formatProxyBench } from './format-proxy-bench.js';
import { runProxyBench } from './run-proxy-bench.js';

// Standalone: `node apps/bench/dist/proxy/run.js [--quick]` prints the proxy section.
const result = await runProxyBench({ quick: process.argv.includes('--quick') });
process.stdout.write(formatProxyBench(result));
