// Why none of the reliability section's six 25 MB requests goes out compressed: the CPU each stage
// of one such body costs, one after the other on this thread (process.cpuUsage, user + system).
// The proxy runs locateBody on a body thread, decodes the span and compresses on a compression
// thread; the per-compression deadline is the pipeline's policy.timeoutMs (2000 ms by default)
// and the request's budget 3000 ms. After a build: `node apps/bench/scripts/big-body-stages.mjs`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logsCompressor } from '@headroom/compressor-logs';
import { createEstimatingTokenizer, createInThreadRunner } from '@headroom/core';
import { locateBody } from '../../../packages/proxy/dist/internal/locate-body.js';
import { evaldataDir } from '../dist/proxy/internal/evaldata-dir.js';

const MB = Number(process.env.MB ?? 25);
const dir = join(evaldataDir(), 'logs');
const lines = readdirSync(dir).flatMap((s) => {
  try {
    return readFileSync(join(dir, s, `${s}_2k.log`), 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
});
// The same tool result as the reliability section's (Loghub lines, numbered).
const out = [];
for (let i = 0, size = 0; size < MB * 1024 * 1024; i++) {
  const line = `1:${i} ${lines[i % lines.length]}`;
  out.push(line);
  size += line.length + 1;
}
const text = out.join('\n');
const raw = Buffer.from(
  JSON.stringify({
    model: 'claude-sonnet-4-5',
    max_tokens: 100,
    messages: [
      { role: 'user', content: 'Why did the nodes fail last night?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_logs', name: 'Bash', input: { command: 'cat /var/log/cluster/*.log' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_logs', content: text }] },
    ],
  }),
);
const cpu = async (name, work) => {
  const before = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const used = process.cpuUsage(before);
  console.log(`${name}: ${((used.user + used.system) / 1000).toFixed(0)} ms CPU (${(performance.now() - started).toFixed(0)} ms wall)`);
  return result;
};
const located = await cpu('locateBody (body thread: decode, parse, spans, measure)', () => locateBody(raw, 'anthropic-messages', 64 * 1024));
const span = [...located.spans.values()].find((s) => s.kind === 'string' && s.end - s.start >= text.length);
await cpu('decode the span (compression thread)', () => JSON.parse(raw.toString('utf8', span.start, span.end)));
const runner = createInThreadRunner([logsCompressor()], createEstimatingTokenizer());
const task = { text, mode: 'lossy', toolName: 'Bash', hints: { command: 'cat /var/log/cluster/*.log' }, deadline: Date.now() + 600_000, minConfidence: 0.5, compressorOptions: {} };
const outcome = await cpu('route + logs compressor (compression thread)', () => runner.run(task));
const offloaded = outcome.type === 'compressed' ? outcome.offloads.reduce((sum, o) => sum + o.original.length, 0) : 0;
console.log(`${outcome.type}: ${text.length} characters in, ${outcome.text?.length ?? 0} out; ${outcome.offloads?.length ?? 0} offloads of ${offloaded} characters in all (each crosses the request thread when the compression succeeds)`);
console.log(`load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
