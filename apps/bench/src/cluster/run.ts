import { formatClusterBenchTables } from './format-cluster-bench.js';
import { runClusterBench } from './run-cluster-bench.js';

// Standalone: `node apps/bench/dist/cluster/run.js [--quick]` prints the cluster section.
const result = await runClusterBench({ quick: process.argv.includes('--quick'), progress: (m) => process.stderr.write(`${m}\n`) });
process.stdout.write(`## Cluster: two proxy replicas on Redis vs one on SQLite\n\n${formatClusterBenchTables(result)}`);
