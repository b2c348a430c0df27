import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { evaldataDir, findRepoRoot } from './real-data.js';
import { type BenchContext, type SectionReport, sections } from './sections/index.js';
import { formatTarget } from './table.js';

const USAGE = `pnpm bench [--only ${sections.map((s) => s.name).join(',')}] [--quick] [--json FILE]

  --only LIST   run only these sections (comma-separated)
  --quick       one timed run per input (after a warm-up) and fewer inputs
  --json FILE   also write machine-readable results to FILE
`;

const FULL_RUNS = 5;
const QUICK_RUNS = 1;

function gitCommit(repoRoot: string): string | undefined {
  const run = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, quick: { type: 'boolean', default: false }, json: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const wanted = values.only?.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = wanted?.filter((name) => !sections.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`unknown section(s): ${unknown.join(', ')}\n\n${USAGE}`);
    return 2;
  }
  const selected = sections.filter((section) => !wanted || wanted.includes(section.name));
  const repoRoot = findRepoRoot();
  const started = performance.now();
  const context: BenchContext = {
    repoRoot,
    evaldata: evaldataDir(repoRoot),
    quick: values.quick,
    runs: values.quick ? QUICK_RUNS : FULL_RUNS,
    progress: (message) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${message}\n`),
  };
  const meta = {
    date: new Date().toISOString(),
    commit: gitCommit(repoRoot),
    node: process.version,
    cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
    // Speeds are wall time: on a shared machine they fall with the load, so the load is recorded.
    loadAverageAtStart: loadavg()[0]!,
    quick: context.quick,
    timedRunsPerInput: context.runs,
    tokenizer: 'o200k_base (tiktoken)',
  };
  const argv = process.argv.slice(2).join(' ');
  const out: string[] = [
    '# Headroom bench',
    '',
    `\`pnpm bench${argv ? ` ${argv}` : ''}\` at ${meta.commit ?? 'unknown commit'}, ${meta.date}, Node ${meta.node}, ${meta.cpus}, load average ${meta.loadAverageAtStart.toFixed(1)} at start.`,
    `Tokens: o200k_base. Speed: input bytes / median wall time of pipeline.compress over ${context.runs} timed run(s) after a warm-up, fresh store (empty memo) per run. "default" = lossy mode.`,
  ];
  const reports: SectionReport[] = [];
  for (const section of selected) {
    context.progress(`section ${section.name}: ${section.title}`);
    const report = await section.run(context);
    reports.push(report);
    out.push('', `## ${report.title}`, '', report.markdown, '', '```', ...report.targets.map(formatTarget), '```');
  }
  const targets = reports.flatMap((report) => report.targets);
  const passed = targets.filter((target) => target.pass).length;
  out.push('', `**${passed} of ${targets.length} targets pass** (${((performance.now() - started) / 1000).toFixed(0)} s; load average ${loadavg()[0]!.toFixed(1)} at the end).`, '');
  process.stdout.write(out.join('\n'));
  if (values.json) {
    writeFileSync(values.json, `${JSON.stringify({ meta, sections: reports.map(({ name, title, targets: t, data }) => ({ name, title, targets: t, data })) }, null, 2)}\n`);
    context.progress(`wrote ${values.json}`);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
