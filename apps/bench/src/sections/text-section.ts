import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, createPipeline } from '@headroom/core';
import { BENCH_TIMEOUT_MS, benchCompressors, measureMode, median, previousDefaultCompressors, savings } from '../measure.js';
import { formatInt, formatPercent, formatSpeed, markdownTable } from '../table.js';
import { type CommandFamily, type CommandOutput, generateCorpus } from '../text/text-corpus.js';
import { missingLines, missingSignals, mustSee } from '../text/visible-lines.js';
import { type ComparedInput, compareModes, describeHandlers, integrityTargets, listSome, speedTarget } from './compare.js';
import type { BenchContext, Section, SectionReport, Target } from './section.js';

const TEXT_SAVINGS = 0.7;
const TEXT_SPEED_MBPS = 20;
const MIN_OUTPUTS = 40;
const MIN_COMMANDS = 15;

type TextRow = ComparedInput & {
  readonly command: string;
  readonly program: string;
  readonly family: CommandFamily;
  readonly query: string;
  /** o200k tokens after the default set without the text compressor (json, logs, code). */
  readonly previous: number;
  readonly signal: { readonly total: number; readonly missing: readonly string[] };
  readonly queryLines: { readonly total: number; readonly missing: readonly string[] };
  /** Median ms of the reference (`JSON.parse(JSON.stringify(text))`) measured right after. */
  readonly referenceMs: number;
};

async function measureOutput(output: CommandOutput, runs: number): Promise<TextRow> {
  const items = [{ text: output.text, input: { toolName: 'Bash', query: output.query, hints: { command: output.command } } }];
  const { row, lossy } = await compareModes(output.command, items, runs);
  const previous = await measureMode(items, 'lossy', 0, previousDefaultCompressors);
  const referenceMs = referenceTime(output.text, Math.max(1, runs));
  const wanted = mustSee(output.text, output.family, output.query);
  const text = lossy.texts[0] ?? '';
  return {
    ...row,
    command: output.command,
    program: output.program,
    family: output.family,
    query: output.query,
    previous: previous.tokensAfter,
    signal: { total: wanted.signal.length, missing: missingSignals(text, wanted.signal) },
    queryLines: { total: wanted.query.length, missing: missingLines(text, wanted.query) },
    referenceMs,
  };
}

/**
 * Median wall time of `JSON.parse(JSON.stringify(text))` over the same text, right after it was
 * compressed: a reference taken under the same load, so the ratio of the two speeds says more
 * about the code than MB/s on a shared machine does (the rag section's reference too).
 */
function referenceTime(text: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    JSON.parse(JSON.stringify(text));
    times.push(performance.now() - started);
  }
  return median(times);
}

/**
 * One untimed compression of every output, before any is timed. Each output's own warm-up run is
 * not enough for V8: the families' per-compression functions (a listing's parse and grouping, the
 * rendering) are compiled on a background thread only after several calls, so for the largest
 * outputs the five timed runs fell inside that tier-up (npm ls --all, 37% of the corpus's bytes:
 * 123, 126, 67, 54, 89, 58, 31, 30, 24, 21 ms of CPU in its first ten runs), and the median moved
 * with how soon the compiler thread got a core (12.5–21.3 MB/s for the same code on an idle
 * machine). After one pass over the corpus every output's medians are those of a host that has
 * been running: a second or third pass changes them no more than the noise.
 */
async function warmUp(outputs: readonly CommandOutput[]): Promise<void> {
  for (const output of outputs) {
    const pipeline = createPipeline({ compressors: benchCompressors(), store: createMemoryStore(), policy: { mode: 'lossy', timeoutMs: BENCH_TIMEOUT_MS } });
    await pipeline.compress(output.text, { toolName: 'Bash', query: output.query, hints: { command: output.command } });
  }
}

interface Totals {
  readonly outputs: number;
  readonly raw: number;
  readonly previous: number;
  readonly text: number;
  readonly bytes: number;
  readonly ms: number;
  readonly signal: string;
  readonly query: string;
}

function totals(rows: readonly TextRow[]): Totals {
  const sum = (pick: (row: TextRow) => number) => rows.reduce((s, row) => s + pick(row), 0);
  const seen = (pick: (row: TextRow) => { total: number; missing: readonly string[] }) => `${sum((r) => pick(r).total - pick(r).missing.length)}/${sum((r) => pick(r).total)}`;
  return {
    outputs: rows.length,
    raw: sum((r) => r.tokens.raw),
    previous: sum((r) => r.previous),
    text: sum((r) => r.tokens.default),
    bytes: sum((r) => r.bytes),
    ms: sum((r) => r.medianMs.default),
    signal: seen((r) => r.signal),
    query: seen((r) => r.queryLines),
  };
}

function summaryRow(label: string, t: Totals): string[] {
  return [
    label,
    formatInt(t.outputs),
    (t.bytes / 1000).toFixed(1),
    formatInt(t.raw),
    formatInt(t.previous),
    formatPercent(savings(t.raw, t.previous)),
    formatInt(t.text),
    formatPercent(savings(t.raw, t.text)),
    t.signal,
    t.query,
    formatSpeed(t.ms > 0 ? t.bytes / 1_000_000 / (t.ms / 1000) : Number.POSITIVE_INFINITY),
  ];
}

const SUMMARY_HEADERS = ['', 'outputs', 'KB', 'raw tokens', 'json+logs+code', 'saved', 'with text', 'saved', 'signal lines visible', 'query lines visible', 'MB/s'];

function groupBy(rows: readonly TextRow[], key: (row: TextRow) => string): Map<string, TextRow[]> {
  const groups = new Map<string, TextRow[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

async function runText(context: BenchContext): Promise<SectionReport> {
  const tmp = mkdtempSync(join(tmpdir(), 'headroom-text-bench-'));
  let rows: TextRow[] = [];
  let missing: readonly string[] = [];
  try {
    context.progress('text: running the commands (scratch git repository, stdlib tests, tsc, dpkg, apt-cache, ls, find, du)');
    const corpus = generateCorpus(tmp, context.repoRoot, context.quick);
    missing = corpus.missing;
    context.progress('text: warming up (one untimed compression of every output)');
    await warmUp(corpus.outputs);
    for (const output of corpus.outputs) {
      context.progress(`text: ${output.command.slice(0, 80)}`);
      rows.push(await measureOutput(output, context.runs));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  rows = rows.map((row) => ({ ...row, name: row.name.replace(tmp, '$TMP').replace(context.repoRoot, '$REPO') }));

  const families = groupBy(rows, (row) => row.family);
  const programs = groupBy(rows, (row) => row.program);
  const familyTable = markdownTable(
    SUMMARY_HEADERS.map((h, i) => (i === 0 ? 'family' : h)),
    [...[...families].map(([family, group]) => summaryRow(family, totals(group))), summaryRow('**total**', totals(rows))],
    ['left', ...Array<'right'>(10).fill('right')],
  );
  const commandTable = markdownTable(
    SUMMARY_HEADERS.map((h, i) => (i === 0 ? 'command' : h)),
    [...programs].map(([program, group]) => summaryRow(`\`${program}\``, totals(group))),
    ['left', ...Array<'right'>(10).fill('right')],
  );
  const outputTable = markdownTable(
    ['command', 'query', 'KB', 'raw', 'json+logs+code', 'with text', 'saved', 'markers', 'signal', 'query lines', 'MB/s', 'handled by'],
    rows.map((row) => [
      `\`${row.name.slice(0, 70)}\``,
      row.query,
      (row.bytes / 1000).toFixed(1),
      formatInt(row.tokens.raw),
      formatInt(row.previous),
      formatInt(row.tokens.default),
      formatPercent(row.savings.default),
      formatInt(row.markers.default),
      `${row.signal.total - row.signal.missing.length}/${row.signal.total}`,
      `${row.queryLines.total - row.queryLines.missing.length}/${row.queryLines.total}`,
      formatSpeed(row.speedMBps.default),
      describeHandlers(row.handledBy.default),
    ]),
    ['left', 'left', ...Array<'right'>(9).fill('right'), 'left'],
  );
  const all = totals(rows);
  const referenceMs = rows.reduce((s, row) => s + row.referenceMs, 0);
  const speed = all.ms > 0 ? all.bytes / 1000 / all.ms : Number.POSITIVE_INFINITY;
  const reference = referenceMs > 0 ? all.bytes / 1000 / referenceMs : Number.POSITIVE_INFINITY;
  const speedLine = `Speed: ${formatSpeed(speed)} MB/s end to end (the whole default pipeline, wall time, after one untimed pass over every output); the reference \`JSON.parse(JSON.stringify(text))\` over the same outputs in the same run: ${formatSpeed(reference)} MB/s; ratio ${(speed / reference).toFixed(3)}.`;
  const violations = rows.flatMap((row) => [...row.signal.missing.map((line) => `- \`${row.name.slice(0, 60)}\` signal: ${line.slice(0, 140)}`), ...row.queryLines.missing.map((line) => `- \`${row.name.slice(0, 60)}\` query: ${line.slice(0, 140)}`)]);
  const markdown = [
    `${rows.length} outputs of ${programs.size} commands, produced now on this machine (Debian's package database and /usr/share/doc, CPython's stdlib and test suite from pyenv, node_modules, a scratch git repository of CPython modules committed release after release with Debian changelog messages). Each is compressed with its command line as \`hints.command\` and a question as the query. "json+logs+code" = the default set before this section's compressor; "with text" = the default set now (default lossy mode). Signal lines = failures, errors, warnings, summaries and table headers (the bench's own patterns, not the compressor's); a signal line counts as visible when it is, or when it repeats a problem whose message is visible on another line and its file (if it names one) is named in the output, e.g. in a marker's summary; query lines = lines holding a query word (word-start prefix; a word on more than 50 lines is not selective). A line counts when it is a whole line of the output outside markers.`,
    '',
    '### Per family',
    '',
    familyTable,
    '',
    '### Per command',
    '',
    commandTable,
    '',
    speedLine,
    '',
    '### Per output',
    '',
    outputTable,
    ...(missing.length > 0 ? ['', `Not run on this machine: ${missing.join('; ')}`] : []),
    ...(violations.length > 0 ? ['', 'Lines not visible:', ...violations.slice(0, 40), ...(violations.length > 40 ? [`- and ${violations.length - 40} more`] : [])] : []),
  ].join('\n');
  return { name: 'text', title: 'Text: command output', markdown, targets: textTargets(rows, programs.size), data: { missing, outputs: rows } };
}

function textTargets(rows: readonly TextRow[], commands: number): Target[] {
  const t = totals(rows);
  const signalMissing = rows.reduce((s, row) => s + row.signal.missing.length, 0);
  const queryMissing = rows.reduce((s, row) => s + row.queryLines.missing.length, 0);
  const saved = savings(t.raw, t.text);
  return [
    { name: 'corpus: real outputs and commands', pass: rows.length >= MIN_OUTPUTS && commands >= MIN_COMMANDS, detail: `${rows.length} outputs of ${commands} commands (>= ${MIN_OUTPUTS} of >= ${MIN_COMMANDS})` },
    { name: 'command output saved overall (default mode)', pass: saved >= TEXT_SAVINGS, detail: `${formatPercent(saved)} (>= ${formatPercent(TEXT_SAVINGS)}; json+logs+code alone: ${formatPercent(savings(t.raw, t.previous))})` },
    { name: 'error/failure/warning/summary/header lines visible', pass: signalMissing === 0, detail: `${t.signal} (${signalMissing} violations)` },
    { name: 'query-matching lines visible', pass: queryMissing === 0, detail: `${t.query} (${queryMissing} violations${queryMissing > 0 ? `: ${listSome(rows.filter((r) => r.queryLines.missing.length > 0).map((r) => r.name.slice(0, 40)))}` : ''})` },
    speedTarget('command output compression speed (default mode)', rows, TEXT_SPEED_MBPS),
    ...integrityTargets('text', rows),
  ];
}

export const textSection: Section = { name: 'text', title: 'Text: command output', run: runText };
