import type { Section } from '../sections/section.js';
import { formatProxyBenchTables } from './format-proxy-bench.js';
import { runProxyBench } from './run-proxy-bench.js';

const TITLE = 'Proxy cost: direct, a bare relay, and Headroom (compression off / already seen / fresh)';

/** The proxy bench as a `pnpm bench` section (`--only proxy`); main prints the heading and targets. */
export const proxySection: Section = {
  name: 'proxy',
  title: TITLE,
  async run(context) {
    context.progress('proxy: upstream, bare relay, proxy off and proxy on in their own processes; a few minutes');
    const result = await runProxyBench({ quick: context.quick });
    return {
      name: 'proxy',
      title: TITLE,
      markdown: formatProxyBenchTables(result),
      targets: result.targets.map((t) => ({ name: t.name, pass: t.met, detail: `${t.measured} (${t.target})` })),
      data: result,
    };
  },
};
