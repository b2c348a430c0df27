import { formatProxyBench } from './format-proxy-bench.js';
import { runProxyBench } from './run-proxy-bench.js';

// Standalone: `node apps/bench/dist/proxy/run.js [--quick] [--store memory]` prints the proxy section.
const store = process.argv.includes('--store') && process.argv[process.argv.indexOf('--store') + 1] === 'memory' ? 'memory' : 'sqlite';
const result = await runProxyBench({ quick: process.argv.includes('--quick'), store });
process.stdout.write(formatProxyBench(result));
