import type { Section } from '../sections/section.js';
import { runSdkBench } from './run-sdk-bench.js';

const TITLE = 'SDK overhead: withHeadroom(client) vs the bare client, in-process';
const GOAL_MS = 1;
const ms = (value: number) => `${value.toFixed(3)} ms`;

/** `--only sdk`: what `withHeadroom` adds to a call beyond compression itself (issue 13: ≤ 1 ms p50). */
export const sdkSection: Section = {
  name: 'sdk',
  title: TITLE,
  async run(context) {
    context.progress('sdk: bare client, compression alone and withHeadroom, interleaved on the proxy bench bodies');
    const rows = await runSdkBench(context.quick);
    const markdown = [
      '| body | requests | bare client p50 | withHeadroom p50 | compression inside it p50 | added beyond compression p50 | withHeadroom / bare |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.size} (${Math.round(r.bodyBytes / 1024)} KB) | ${r.requests} | ${ms(r.bareP50Ms)} | ${ms(r.headroomP50Ms)} | ${ms(r.compressionP50Ms)} | ${ms(r.addedP50Ms)} | ${r.ratio.toFixed(1)}× |`,
      ),
      '',
      'Anthropic `messages.create` with a fetch that answers at once (no network), the same bodies through the bare client and through `withHeadroom` (its own memory store), interleaved request by request. Compression is timed inside each withHeadroom call (`durationMs` of its `compressed` event: slot location, the pipeline with memo, the retrieve-tool decision); "added" is the median over requests of withHeadroom − its compression − the bare call: parsing and re-serializing the body and relaying the response. The ratio includes compression.',
    ].join('\n');
    return {
      name: 'sdk',
      title: TITLE,
      markdown,
      targets: rows.map((r) => ({ name: `withHeadroom adds ≤ ${GOAL_MS} ms p50 beyond compression (${r.size})`, pass: r.addedP50Ms <= GOAL_MS, detail: `${ms(r.addedP50Ms)} (≤ ${GOAL_MS} ms)` })),
      data: rows,
    };
  },
};
