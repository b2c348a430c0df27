import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ragCompressor } from '@headroom/compressor-rag';
import { createMemoryStore, createPipeline, LOCAL_TENANT, refOf } from '@headroom/core';
import { createTestContext } from '@headroom/core/testing';
import { BENCH_TIMEOUT_MS, benchCompressors, countTokens, savings, visibleText } from '../measure.js';
import { shellOutputFiles } from '../real-data.js';
import type { BenchContext, Section, SectionReport, Target } from '../sections/section.js';
import { formatPercent, markdownTable } from '../table.js';
import { DOCUMENT_CASES, EVALDATA_QUERIES, SEARCH_CASES } from './cases.js';

interface Outcome {
  readonly text: string;
  readonly compressor: string;
  readonly unresolved: number;
  readonly ms: number;
  readonly deterministic: boolean;
}

async function compressOnce(text: string, query: string | undefined, target: number | undefined, toolName = 'Bash', command?: string): Promise<Outcome> {
  const run = async () => {
    const store = createMemoryStore();
    const pipeline = createPipeline({ compressors: benchCompressors(), store, policy: { timeoutMs: BENCH_TIMEOUT_MS } });
    const started = performance.now();
    const result = await pipeline.compress(text, { toolName, ...(query ? { query } : {}), ...(target ? { target } : {}), ...(command ? { hints: { command } } : {}) });
    const ms = performance.now() - started;
    let unresolved = 0;
    for (const marker of result.markers) {
      const stored = await store.originals.get(LOCAL_TENANT, marker.ref);
      if (!stored || refOf(stored.original) !== marker.ref) unresolved++;
    }
    return { text: result.text, compressor: result.compressor ?? `pass-through (${result.reason})`, unresolved, ms };
  };
  const first = await run();
  const second = await run();
  return { ...first, ms: Math.min(first.ms, second.ms), deterministic: first.text === second.text };
}

/**
 * The rag compressor alone (detect + compress, best of two), for the speed line: the pipeline's time
 * also holds every other compressor's detect() (the code compressor parses with tree-sitter) and
 * the pipeline's own hashing and counting.
 */
function ragAloneMs(text: string, query: string | undefined, toolName: string, command?: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 2; run++) {
    const compressor = ragCompressor();
    const { context } = createTestContext({ toolName, ...(query ? { query } : {}), ...(command ? { hints: { command } } : {}) });
    const started = performance.now();
    compressor.detect(text, context);
    compressor.compress(text, context);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

interface QaItem {
  readonly question: string;
  readonly answers: readonly string[];
  readonly ctxs: ReadonlyArray<{ title: string; text: string }>;
}

function loadQa(evaldata: string, count: number): QaItem[] {
  const lines = gunzipSync(readFileSync(join(evaldata, 'qa', 'nq-open-oracle.jsonl.gz'))).toString('utf8').split('\n').filter(Boolean);
  return lines.slice(0, count).map((line) => JSON.parse(line) as QaItem);
}

/** Top-20 context: the item's gold passage at position i % 20 among the gold passages of the 19 next items. */
function qaContext(items: readonly QaItem[], i: number): string {
  const others = Array.from({ length: 19 }, (_, k) => items[(i + 1 + k) % items.length]!.ctxs[0]!);
  const docs = [...others];
  docs.splice(i % 20, 0, items[i]!.ctxs[0]!);
  return docs.map((doc, k) => `Document [${k + 1}](Title: ${doc.title}) ${doc.text}`).join('\n');
}

async function runQa(context: BenchContext) {
  const items = loadQa(context.evaldata, context.quick ? 60 : 300);
  const configs: Array<{ name: string; ratio?: number; query: boolean }> = [
    { name: 'target 10%', ratio: 0.1, query: true },
    { name: 'target 15%', ratio: 0.15, query: true },
    { name: 'target 20%', ratio: 0.2, query: true },
    { name: 'default (no target)', query: true },
    { name: 'no query, target 20%', ratio: 0.2, query: false },
  ];
  const rows: Array<{ name: string; savings: number; visible: number; truncVisible: number }> = [];
  for (const config of configs) {
    context.progress(`rag: QA ${config.name}`);
    let raw = 0;
    let after = 0;
    let visible = 0;
    let truncVisible = 0;
    for (let i = 0; i < items.length; i++) {
      const text = qaContext(items, i);
      const tokens = countTokens(text);
      const out = await compressOnce(text, config.query ? items[i]!.question : undefined, config.ratio ? Math.round(config.ratio * tokens) : undefined, 'retrieve');
      const outTokens = countTokens(out.text);
      raw += tokens;
      after += outTokens;
      const seen = visibleText(out.text);
      if (items[i]!.answers.some((a) => seen.includes(a))) visible++;
      // Plain truncation to the same number of tokens (by characters, proportionally).
      const cut = text.slice(0, Math.floor((text.length * outTokens) / tokens));
      if (items[i]!.answers.some((a) => cut.includes(a))) truncVisible++;
    }
    rows.push({ name: config.name, savings: savings(raw, after), visible: visible / items.length, truncVisible: truncVisible / items.length });
  }
  return { items: items.length, rows };
}

function run(command: readonly string[], cwd: string): string {
  const result = spawnSync(command[0]!, command.slice(1), { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return result.stdout ?? '';
}

/** A scratch git repository of third-party files (Python's json package), for `git grep`. */
function gitScratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-rag-git-'));
  for (const file of readdirSync('/usr/lib/python3.11/json')) if (file.endsWith('.py')) cpSync(join('/usr/lib/python3.11/json', file), join(dir, file));
  run(['git', 'init', '-q'], dir);
  run(['git', 'add', '.'], dir);
  run(['git', '-c', 'user.email=bench@example.invalid', '-c', 'user.name=bench', 'commit', '-qm', 'scratch'], dir);
  return dir;
}

/**
 * Hit lines (`path:12:text`, `12:text`) whose text carries a query word, judged independently of
 * the compressor: lowercase substring of each query word of 4+ letters minus its last two letters
 * ("handled" → "handl"). A word found on more than 60% of 20+ hits is the searched-for pattern
 * itself and selects nothing — the same rule the compressor states in its header.
 */
function matchingLines(output: string, query: string): string[] {
  const hits = output
    .split('\n')
    .map((line) => /^(?:[^:\n]+:)?\d+:(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ line: m[0], text: m[1]!.toLowerCase() }));
  const words = query
    .toLowerCase()
    .split(/\W+/)
    .filter((w) => w.length >= 4 && !STOP.has(w))
    .map((w) => w.slice(0, Math.max(4, w.length - 2)))
    .filter((w) => hits.length < 20 || hits.filter((h) => h.text.includes(w)).length <= hits.length * 0.6);
  return hits.filter((h) => words.some((w) => h.text.includes(w))).map((h) => h.line);
}

const STOP = new Set(['where', 'which', 'what', 'with', 'from', 'that', 'this', 'used', 'does', 'when', 'there', 'about']);

interface SearchInput {
  readonly name: string;
  readonly text: string;
  readonly query: string;
  readonly command: string;
}

/** The evaldata grep files and the searches run now over this machine's third-party code. */
function searchInputs(context: BenchContext): SearchInput[] {
  const inputs: SearchInput[] = [];
  for (const file of shellOutputFiles(context.evaldata)) {
    const query = EVALDATA_QUERIES[file.name.replace(/^shell-outputs\//, '')];
    if (query) inputs.push({ name: file.name, text: file.text, query, command: 'grep -rn' });
  }
  const scratch = gitScratch();
  try {
    for (const c of SEARCH_CASES) {
      const cwd = c.cwd === 'GIT_SCRATCH' ? scratch : isAbsolute(c.cwd) ? c.cwd : join(context.repoRoot, c.cwd);
      if (!existsSync(cwd)) continue;
      const text = run(c.command, cwd);
      if (text.length > 0) inputs.push({ name: c.name, text, query: c.query, command: c.command.join(' ') });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return inputs;
}

interface DocumentInput {
  readonly name: string;
  readonly path: string;
  readonly text: string;
  readonly question: string;
  readonly answer: string;
}

/** The real documents of `DOCUMENT_CASES` found on this machine. */
function documentInputs(context: BenchContext): DocumentInput[] {
  const inputs: DocumentInput[] = [];
  for (const c of DOCUMENT_CASES) {
    const path = isAbsolute(c.path) ? c.path : join(context.repoRoot, c.path);
    if (!existsSync(path)) continue;
    inputs.push({ name: c.path.split('/').slice(-3).join('/'), path: c.path, text: readFileSync(path, 'utf8'), question: c.question, answer: c.answer });
  }
  return inputs;
}

/**
 * One untimed compression of every search output and document (through the pipeline and by this
 * compressor alone) before any is timed, as the text section does: each input's own two runs fall
 * inside V8's background tier-up of the parse and scoring paths otherwise (the first HTML page took
 * 21-70 ms of wall time in its two runs against under 6 ms once warm), and the speed line then
 * measured how soon the compiler thread got a core.
 */
async function warmUp(search: readonly SearchInput[], documents: readonly DocumentInput[]): Promise<void> {
  for (const input of search) {
    await compressOnce(input.text, input.query, undefined, 'Bash', input.command);
    ragAloneMs(input.text, input.query, 'Bash', input.command);
  }
  for (const input of documents) {
    await compressOnce(input.text, input.question, undefined, 'WebFetch');
    ragAloneMs(input.text, input.question, 'WebFetch');
  }
}

async function runSearch(context: BenchContext, inputs: readonly SearchInput[]) {
  const rows: Array<{ name: string; raw: number; after: number; matches: number; visible: number; handled: string; unresolved: number; bytes: number; ms: number; ragMs: number; deterministic: boolean }> = [];
  for (const input of inputs) {
    context.progress(`rag: search ${input.name}`);
    const out = await compressOnce(input.text, input.query, undefined, 'Bash', input.command);
    const seen = visibleText(out.text);
    const matches = matchingLines(input.text, input.query);
    const visible = matches.filter((line) => seen.includes(line.replace(/^(?:[^:\n]+:)?\d+:/, '').trim().slice(0, 160))).length;
    rows.push({ name: input.name, raw: countTokens(input.text), after: countTokens(out.text), matches: matches.length, visible, handled: out.compressor, unresolved: out.unresolved, bytes: Buffer.byteLength(input.text), ms: out.ms, ragMs: ragAloneMs(input.text, input.query, 'Bash', input.command), deterministic: out.deterministic });
  }
  return rows;
}

async function runDocuments(context: BenchContext, inputs: readonly DocumentInput[]) {
  const rows: Array<{ name: string; raw: number; after: number; visible: boolean; handled: string; unresolved: number; bytes: number; ms: number; ragMs: number; deterministic: boolean }> = [];
  for (const input of inputs) {
    context.progress(`rag: document ${input.path}`);
    const out = await compressOnce(input.text, input.question, undefined, 'WebFetch');
    rows.push({ name: input.name, raw: countTokens(input.text), after: countTokens(out.text), visible: visibleText(out.text).includes(input.answer), handled: out.compressor, unresolved: out.unresolved, bytes: Buffer.byteLength(input.text), ms: out.ms, ragMs: ragAloneMs(input.text, input.question, 'WebFetch'), deterministic: out.deterministic });
  }
  return rows;
}

async function runRag(context: BenchContext): Promise<SectionReport> {
  const qa = await runQa(context);
  const searchIn = searchInputs(context);
  const documentIn = documentInputs(context);
  context.progress('rag: warming up (one untimed compression of every search output and document)');
  await warmUp(searchIn, documentIn);
  const search = await runSearch(context, searchIn);
  const documents = await runDocuments(context, documentIn);
  const sum = <T>(rows: readonly T[], pick: (row: T) => number) => rows.reduce((s, r) => s + pick(r), 0);
  const searchSaved = savings(sum(search, (r) => r.raw), sum(search, (r) => r.after));
  const docSaved = savings(sum(documents, (r) => r.raw), sum(documents, (r) => r.after));
  const docVisible = documents.filter((r) => r.visible).length / Math.max(1, documents.length);
  const all = [...search, ...documents];
  const speed = sum(all, (r) => r.bytes) / 1e6 / (sum(all, (r) => r.ms) / 1000);
  const ragSpeed = sum(all, (r) => r.bytes) / 1e6 / (sum(all, (r) => r.ragMs) / 1000);
  const best = qa.rows.find((r) => r.savings >= 0.8 && r.visible >= 0.9);
  const markdown = [
    `### QA retention (NQ-open, ${qa.items} questions, top-20 contexts, gold position varied)`,
    '',
    markdownTable(
      ['run', 'token savings', 'answer visible', 'plain truncation, same tokens'],
      qa.rows.map((r) => [r.name, formatPercent(r.savings), formatPercent(r.visible), formatPercent(r.truncVisible)]),
      ['left', 'right', 'right', 'right'],
    ),
    '',
    `### Search outputs (${search.length}: evaldata grep files + searches run now)`,
    '',
    markdownTable(
      ['input', 'raw', 'after', 'saved', 'query-matching lines visible', 'handled by'],
      [...search.map((r) => [r.name, String(r.raw), String(r.after), formatPercent(savings(r.raw, r.after)), `${r.visible}/${r.matches}`, r.handled]), ['**total**', String(sum(search, (r) => r.raw)), String(sum(search, (r) => r.after)), formatPercent(searchSaved), `${sum(search, (r) => r.visible)}/${sum(search, (r) => r.matches)}`, '']],
      ['left', 'right', 'right', 'right', 'right', 'left'],
    ),
    '',
    `### Documents (${documents.length}, our questions)`,
    '',
    markdownTable(
      ['document', 'raw', 'after', 'saved', 'answer visible', 'handled by'],
      [...documents.map((r) => [r.name, String(r.raw), String(r.after), formatPercent(savings(r.raw, r.after)), r.visible ? 'yes' : 'no', r.handled]), ['**total**', String(sum(documents, (r) => r.raw)), String(sum(documents, (r) => r.after)), formatPercent(docSaved), formatPercent(docVisible), '']],
      ['left', 'right', 'right', 'right', 'right', 'left'],
    ),
    '',
    `Speed over the ${all.length} search outputs and documents (${(sum(all, (r) => r.bytes) / 1e6).toFixed(2)} MB): ${speed.toFixed(1)} MB/s through the pipeline, ${ragSpeed.toFixed(1)} MB/s for this compressor alone (detect + compress); wall time, each input's better of two runs after one untimed pass over them all.`,
  ].join('\n');
  const larger = all.filter((r) => r.after > r.raw).length;
  const targets: Target[] = [
    { name: 'QA: answer visible >= 90% at >= 80% savings', pass: best !== undefined, detail: best ? `${best.name}: ${formatPercent(best.visible)} at ${formatPercent(best.savings)}` : qa.rows.map((r) => `${r.name}: ${formatPercent(r.visible)} at ${formatPercent(r.savings)}`).join('; ') },
    { name: 'search outputs saved overall', pass: searchSaved >= 0.8, detail: `${formatPercent(searchSaved)} (>= 80%)` },
    { name: 'search: query-matching lines visible', pass: sum(search, (r) => r.visible) === sum(search, (r) => r.matches), detail: `${sum(search, (r) => r.visible)}/${sum(search, (r) => r.matches)}` },
    { name: 'documents saved overall', pass: docSaved >= 0.7, detail: `${formatPercent(docSaved)} (>= 70%)` },
    { name: 'documents: answer sentence visible', pass: docVisible >= 0.9, detail: `${formatPercent(docVisible)} (>= 90%)` },
    { name: 'search and documents >= 15 each', pass: search.length >= 15 && documents.length >= 15, detail: `${search.length} search, ${documents.length} documents` },
    { name: 'rag speed', pass: speed >= 20, detail: `${speed.toFixed(1)} MB/s through the pipeline (>= 20 MB/s); the rag compressor alone (detect + compress): ${ragSpeed.toFixed(1)} MB/s` },
    { name: 'never larger than the input (rag)', pass: larger === 0, detail: `${larger} larger` },
    { name: 'every marker resolves byte-exact (rag)', pass: sum(all, (r) => r.unresolved) === 0, detail: `${sum(all, (r) => r.unresolved)} unresolved` },
    { name: 'deterministic output (rag)', pass: all.every((r) => r.deterministic), detail: `${all.filter((r) => !r.deterministic).length} differ` },
  ];
  return { name: 'rag', title: 'RAG: QA retention, search outputs, documents', markdown, targets, data: { qa, search, documents } };
}

export const ragSection: Section = { name: 'rag', title: 'RAG: QA retention, search outputs, documents', run: runRag };
