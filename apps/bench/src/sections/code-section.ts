import { parseErrors } from '@headroom/compressor-code';
import { backendSpeeds } from '../code/backend-speed.js';
import { type SourceFile, loadSourceFiles } from '../code/code-inputs.js';
import { changedLines, isGeneratedPath } from '../code/diff-lines.js';
import { missingNames } from '../code/names-visible.js';
import { pythonCompiles, pythonNames, pythonStdlibDir } from '../code/python-tools.js';
import { nodeChecks, typescriptNames } from '../code/typescript-tools.js';
import { countTokens, median, savings, visibleText } from '../measure.js';
import { diffFiles } from '../real-data.js';
import { formatInt, formatPercent, formatSpeed, markdownTable } from '../table.js';
import { type ComparedInput, compareModes, describeHandlers, integrityTargets, speedTarget } from './compare.js';
import type { BenchContext, Section, SectionReport, Target } from './section.js';

const SOURCE_SAVINGS = 0.7;
const SOURCE_MIN_LINES = 300;
const DIFF_SAVINGS = 0.5;
const CODE_SPEED_MBPS = 5;

type SourceRow = ComparedInput & {
  readonly language: string;
  readonly lines: number;
  /** Both outputs (lossless and default) pass the language's syntax checks. */
  readonly valid: boolean;
  readonly validityNotes: readonly string[];
  readonly names: { readonly visible: number; readonly total: number; readonly missing: readonly string[] };
  /** Median ms for tree-sitter to parse the original (and count its ERROR nodes). */
  readonly parseMs: number;
};

type DiffRow = ComparedInput & {
  readonly lines: number;
  readonly changed: { readonly visible: number; readonly total: number; readonly generatedSkipped: number };
  /** The best savings possible while keeping every changed line of non-generated files: those lines alone. */
  readonly ceiling: number;
};

/**
 * Syntax problems of `text` as `file`'s language; empty when it is valid. tree-sitter through the
 * code package's own helper (zero ERROR/MISSING nodes), plus the language's own tool.
 */
async function validityProblems(text: string, file: SourceFile): Promise<string[]> {
  const problems: string[] = [];
  const errors = await parseErrors(text, file.language);
  if (errors > 0) problems.push(`tree-sitter finds ${errors} ERROR/MISSING node(s)`);
  if (file.language === 'python' && !pythonCompiles(text)) problems.push('python3 -m py_compile rejects it');
  if (file.language === 'javascript' && !nodeChecks(text)) problems.push('node --check rejects it');
  return problems;
}

/** tree-sitter parse time of the original: median of three after a warm-up parse. */
async function parseMs(file: SourceFile): Promise<number> {
  await parseErrors(file.text, file.language);
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await parseErrors(file.text, file.language);
    times.push(performance.now() - started);
  }
  return median(times);
}

function originalNames(file: SourceFile): string[] {
  return file.language === 'python' ? pythonNames(file.text) : typescriptNames(file.text, file.path);
}

async function measureSource(file: SourceFile, runs: number): Promise<SourceRow> {
  const { row, lossless, lossy } = await compareModes(file.name, [{ text: file.text, input: { toolName: 'Read', hints: { filePath: file.path } } }], runs);
  const validityNotes = [
    ...(await validityProblems(lossless.texts[0] ?? '', file)).map((p) => `lossless: ${p}`),
    ...(await validityProblems(lossy.texts[0] ?? '', file)).map((p) => `default: ${p}`),
  ];
  const names = originalNames(file);
  const missing = missingNames(visibleText(lossy.texts[0] ?? ''), names);
  return { ...row, language: file.language, lines: file.lines, valid: validityNotes.length === 0, validityNotes, names: { visible: names.length - missing.length, total: names.length, missing }, parseMs: await parseMs(file) };
}

async function measureDiff(name: string, text: string, runs: number): Promise<DiffRow> {
  const { row, lossy } = await compareModes(name, [{ text, input: { toolName: 'Bash' } }], runs);
  const all = changedLines(text);
  const wanted = all.filter((changed) => !isGeneratedPath(changed.file));
  const outputLines = new Set(visibleText(lossy.texts[0] ?? '').split('\n'));
  const visible = wanted.filter((changed) => outputLines.has(changed.line)).length;
  const floor = countTokens(wanted.map((changed) => changed.line).join('\n'));
  return { ...row, lines: text.split('\n').length, changed: { visible, total: wanted.length, generatedSkipped: all.length - wanted.length }, ceiling: savings(row.tokens.raw, floor) };
}

async function runCode(context: BenchContext): Promise<SectionReport> {
  const stdlib = pythonStdlibDir();
  const { files, missing } = loadSourceFiles(stdlib, context.repoRoot, context.quick);
  const sourceRows: SourceRow[] = [];
  for (const file of files) {
    context.progress(`code: ${file.name}`);
    sourceRows.push(await measureSource(file, context.runs));
  }
  context.progress('code: native and WebAssembly tree-sitter');
  const backends = await backendSpeeds(files, context.runs);
  const diffRows: DiffRow[] = [];
  for (const diff of diffFiles(context.evaldata)) {
    context.progress(`code: ${diff.name}`);
    diffRows.push(await measureDiff(diff.name, diff.text, context.runs));
  }

  const sourceTable = markdownTable(
    ['file', 'lines', 'KB', 'raw', 'lossless', 'default', 'lossless sav.', 'default sav.', 'markers', 'unresolved', 'parse ms', 'compress ms', 'MB/s', 'valid', 'names visible', 'handled by (default)'],
    sourceRows.map((row) => [
      row.name.replace(/^node_modules\/\.pnpm\/[^/]+\/node_modules\//, ''),
      formatInt(row.lines),
      (row.bytes / 1000).toFixed(1),
      formatInt(row.tokens.raw),
      formatInt(row.tokens.lossless),
      formatInt(row.tokens.default),
      formatPercent(row.savings.lossless),
      formatPercent(row.savings.default),
      formatInt(row.markers.default),
      formatInt(row.unresolved),
      row.parseMs.toFixed(1),
      row.medianMs.default.toFixed(1),
      formatSpeed(row.speedMBps.default),
      row.valid ? 'yes' : 'NO',
      `${row.names.visible}/${row.names.total}`,
      describeHandlers(row.handledBy.default),
    ]),
    ['left', ...Array<'right'>(14).fill('right'), 'left'],
  );
  const diffTable = markdownTable(
    ['diff', 'lines', 'KB', 'raw', 'lossless', 'default', 'lossless sav.', 'default sav.', 'ceiling', 'markers', 'unresolved', 'compress ms', 'MB/s', 'changed lines visible', 'generated lines', 'handled by (default)'],
    diffRows.map((row) => [
      row.name.replace(/^diffs\//, ''),
      formatInt(row.lines),
      (row.bytes / 1000).toFixed(1),
      formatInt(row.tokens.raw),
      formatInt(row.tokens.lossless),
      formatInt(row.tokens.default),
      formatPercent(row.savings.lossless),
      formatPercent(row.savings.default),
      formatPercent(row.ceiling),
      formatInt(row.markers.default),
      formatInt(row.unresolved),
      row.medianMs.default.toFixed(1),
      formatSpeed(row.speedMBps.default),
      `${row.changed.visible}/${row.changed.total}`,
      formatInt(row.changed.generatedSkipped),
      describeHandlers(row.handledBy.default),
    ]),
    ['left', ...Array<'right'>(14).fill('right'), 'left'],
  );
  const problems = sourceRows.flatMap((row) => [
    ...row.validityNotes.map((note) => `- ${row.name}: ${note}`),
    ...(row.names.missing.length > 0 ? [`- ${row.name}: names not visible: ${row.names.missing.slice(0, 12).join(', ')}${row.names.missing.length > 12 ? ', ...' : ''}`] : []),
  ]);
  const markdown = [
    `### Source files (no query; Python from ${stdlib ?? 'no python3 found'}, TS/JS from the repo's node_modules)`,
    '',
    'parse ms = tree-sitter parse of the original plus its ERROR-node count (the code package\'s `parseErrors`, median of 3); compress ms = median wall time of pipeline.compress in default mode. valid = the lossless and default outputs parse with zero ERROR/MISSING nodes in tree-sitter (the code package\'s `parseErrors`), and pass `python3 -m py_compile` (Python) or `node --check` (JS). names = top-level and class-member names of the original (Python `ast` / TypeScript parser) found as whole identifiers in the default output outside markers.',
    '',
    sourceTable,
    '',
    ...(missing.length > 0 ? [`Listed files not found on this machine: ${missing.join(', ')}`, ''] : []),
    ...(problems.length > 0 ? ['Problems:', ...problems, ''] : []),
    '### tree-sitter backends',
    '',
    `The code compressor alone (\`compress\`, median of the timed runs per file) over the ${files.length} source files above: native addon ${backends.nativeMBps === undefined ? 'not loadable here' : `${formatSpeed(backends.nativeMBps)} MB/s`}, WebAssembly ${formatSpeed(backends.wasmMBps)} MB/s${backends.nativeMBps === undefined ? '' : ` (WebAssembly / native = ${(backends.wasmMBps / backends.nativeMBps).toFixed(2)})`}; identical outputs ${backends.identical}/${backends.compared}.`,
    '',
    `### Real diffs (${diffRows.length} files from evaldata/diffs, no query)`,
    '',
    'changed lines = every `+`/`-` line of a non-generated file (lockfiles, minified bundles, maps, snapshots and dist/ are generated), found as a whole line in the default output outside markers. ceiling = the savings if only those changed lines were kept (no headers, no context): no compressor that keeps them all can save more.',
    '',
    diffTable,
  ].join('\n');
  const backendTarget: Target = { name: 'native and WebAssembly backends give the same bytes', pass: backends.compared > 0 && backends.identical === backends.compared, detail: `${backends.identical}/${backends.compared} files` };
  return { name: 'code', title: 'Code: source files and diffs', markdown, targets: [...codeTargets(sourceRows, diffRows), backendTarget], data: { stdlib, missing, sources: sourceRows, diffs: diffRows, backends } };
}

function average(values: readonly number[]): number {
  return values.length > 0 ? values.reduce((s, v) => s + v, 0) / values.length : 0;
}

function codeTargets(sources: readonly SourceRow[], diffs: readonly DiffRow[]): Target[] {
  const long = sources.filter((row) => row.lines > SOURCE_MIN_LINES);
  const longAverage = average(long.map((row) => row.savings.default));
  const below = long.filter((row) => row.savings.default < SOURCE_SAVINGS).length;
  const names = { visible: sources.reduce((s, r) => s + r.names.visible, 0), total: sources.reduce((s, r) => s + r.names.total, 0) };
  const valid = sources.filter((row) => row.valid).length;
  const diffAverage = average(diffs.map((row) => row.savings.default));
  const changed = { visible: diffs.reduce((s, r) => s + r.changed.visible, 0), total: diffs.reduce((s, r) => s + r.changed.total, 0) };
  const all = [...sources, ...diffs];
  return [
    { name: `default savings, source files over ${SOURCE_MIN_LINES} lines (average)`, pass: longAverage >= SOURCE_SAVINGS, detail: `${formatPercent(longAverage)} over ${long.length} files, ${below} below ${formatPercent(SOURCE_SAVINGS)} (>= ${formatPercent(SOURCE_SAVINGS)})` },
    { name: 'top-level and class-member names visible', pass: names.visible === names.total, detail: `${names.visible}/${names.total}` },
    { name: 'syntactic validity of compressed source', pass: valid === sources.length, detail: `${valid}/${sources.length} files` },
    {
      name: 'default savings, real diffs (average)',
      pass: diffAverage >= DIFF_SAVINGS,
      detail: `${formatPercent(diffAverage)} over ${diffs.length} diffs (>= ${formatPercent(DIFF_SAVINGS)}; ceiling with every changed line kept: ${formatPercent(average(diffs.map((row) => row.ceiling)))})`,
    },
    { name: 'every changed line of non-generated files visible', pass: changed.visible === changed.total, detail: `${changed.visible}/${changed.total}` },
    speedTarget('code compression speed end to end (default mode)', all, CODE_SPEED_MBPS),
    ...integrityTargets('code', all),
  ];
}

export const codeSection: Section = { name: 'code', title: 'Code: source files and diffs', run: runCode };
