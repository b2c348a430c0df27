import type { Section } from '../sections/section.js';
import { formatClusterBenchTables } from './format-cluster-bench.js';
import { runClusterBench } from './run-cluster-bench.js';

const TITLE = 'Cluster: two proxy replicas on Redis vs one on SQLite';

/** `--only cluster`. Reports figures only: the issue sets no threshold for this comparison, so no target fails. */
export const clusterSection: Section = {
  name: 'cluster',
  title: TITLE,
  async run(context) {
    context.progress('cluster: a redis-server, an upstream and three proxy processes; about a minute with --quick');
    const result = await runClusterBench({ quick: context.quick, progress: context.progress });
    const errors = result.rows.reduce((sum, r) => sum + r.direct.errors + r.sqlite.errors + r.redisOne.errors + r.redis.errors, 0);
    return {
      name: 'cluster',
      title: TITLE,
      markdown: formatClusterBenchTables(result),
      targets: [{ name: 'cluster: no request failed', pass: errors === 0, detail: `${errors} errors (0)` }],
      data: result,
    };
  },
};
