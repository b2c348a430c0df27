import { type Compressor, createPipeline, createTokenizer, type HeadroomStore, type PipelinePolicy, type PipelineResult, type ToolPolicies } from '@headroom/core';
import type { Command } from 'commander';
import { type CliDeps, withStore } from '../cli-deps.js';
import { type CliOutput, writeFully } from '../cli-io.js';
import { collect } from '../internal/collect.js';
import { formatBytes, formatChange, formatInteger } from '../internal/format-number.js';
import { policySource } from '../internal/policy-source.js';
import { readInput } from '../internal/read-input.js';
import { usageError } from '../internal/usage-error.js';

export interface CompressFlags {
  readonly json?: boolean;
  readonly query?: string;
  readonly lossless?: boolean;
  readonly compressor?: string;
  readonly quiet?: boolean;
  readonly plugin?: readonly string[];
  readonly tool?: string;
  readonly command?: string;
}

/** What `--json` prints. */
export interface CompressJson {
  readonly text: string;
  readonly compressed: boolean;
  readonly compressor: string | null;
  readonly tokensBefore: number;
  readonly tokensAfter: number;
  readonly markers: { ref: string; summary: string }[];
  /** Ref of the whole original; null when nothing was compressed (and so nothing stored). */
  readonly ref: string | null;
  /** Why it passed through, as a code (`too_small`, `no_compressor`, `timeout`…), with `reason` in words. */
  readonly code?: string;
  readonly reason?: string;
  readonly warnings: readonly string[];
}

const PROGRESS_AFTER_MS = 1000;

/** The user asked for this file explicitly, so even a small one is tried, and it may take a while. */
const CLI_POLICY = { minTokens: 0, timeoutMs: 30_000, exactTokens: true, source: 'cli' } as const satisfies PipelinePolicy;

export function registerCompress(program: Command, deps: CliDeps, setExit: (code: number) => void): void {
  program
    .command('compress')
    .description('compress FILE (or stdin) and print the compressed text; originals go to the store')
    .argument('[file]', 'file to compress; "-" or nothing reads stdin')
    .option('--json', 'print one JSON object: text, compressor, tokensBefore, tokensAfter, markers, ref')
    .option('--query <text>', "the question the output is for: matching rows and lines stay visible")
    .option('--lossless', 'only re-encode; never omit anything behind a marker')
    .option('--compressor <name>', 'use this compressor instead of picking the most confident one')
    .option('--plugin <module>', 'also load the compressor(s) exported by this ES module (repeatable)', collect)
    .option('--tool <name>', 'the tool the output came from: what headroom learn decided for it applies')
    .option('--command <line>', 'the command line that printed the output (routes command output; learned per command family)')
    .option('-q, --quiet', 'no summary line on stderr')
    .action(async (file: string | undefined, flags: CompressFlags) => setExit(await runCompress(file, flags, deps)));
}

export async function runCompress(file: string | undefined, flags: CompressFlags, deps: CliDeps): Promise<number> {
  const { io } = deps;
  const loaded = await deps.loadCompressors(flags.plugin ?? []);
  const compressors = loaded.compressors;
  if (flags.compressor !== undefined && !compressors.some((c) => c.name === flags.compressor)) {
    const names = compressors.map((c) => c.name).join(', ') || 'none';
    throw usageError(`unknown compressor "${flags.compressor}" (installed: ${names})`);
  }
  const input = await readInput(file, io);
  const toolPolicies = policySource(deps);
  const progress = flags.quiet || flags.json || !io.stderrIsTty ? undefined : startProgress(input, io.stderr);
  const result = await withStore(deps, (store) => compressFresh(input.text, flags, compressors, store, toolPolicies)).finally(() => progress?.stop());
  const warnings = [...loaded.warnings, ...result.warnings.map((w) => w.message)];

  if (flags.json) {
    await writeFully(io.stdout, `${JSON.stringify(toJson(result, warnings))}\n`);
    return 0;
  }
  await writeFully(io.stdout, result.text);
  if (!flags.quiet) {
    for (const warning of warnings) io.stderr.write(`headroom: warning: ${warning}\n`);
    io.stderr.write(`${summaryLine(result)}\n`);
  }
  return 0;
}

/**
 * One line on stderr once an input has taken a second, so a large file does not look like a hang;
 * the summary line that follows says how long it took. Only at a terminal: a log or a pipe gets
 * the summary line alone, the same on a fast machine and a slow one.
 */
function startProgress(input: { text: string; name: string }, stderr: CliOutput): { stop(): void } {
  const started = performance.now();
  let shown = false;
  const timer = setTimeout(() => {
    shown = true;
    stderr.write(`headroom: compressing ${input.name} (${formatBytes(Buffer.byteLength(input.text))})\u2026\n`);
  }, PROGRESS_AFTER_MS);
  timer.unref();
  return {
    stop() {
      clearTimeout(timer);
      if (shown) stderr.write(`headroom: took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
}

/** Compresses through the pipeline; a memo hit whose originals expired is compressed afresh by core. */
async function compressFresh(text: string, flags: CompressFlags, compressors: Compressor[], store: HeadroomStore, toolPolicies: () => ToolPolicies | undefined): Promise<PipelineResult> {
  const policy: PipelinePolicy = { ...CLI_POLICY, mode: flags.lossless ? 'lossless' : 'lossy' };
  const tokenizer = createTokenizer({ encoding: 'o200k_base' });
  const input = {
    ...(flags.query !== undefined ? { query: flags.query } : {}),
    ...(flags.compressor !== undefined ? { compressor: flags.compressor } : {}),
    ...(flags.tool !== undefined ? { toolName: flags.tool } : {}),
    ...(flags.command !== undefined ? { hints: { command: flags.command } } : {}),
  };
  return createPipeline({ compressors, store, tokenizer, policy, toolPolicies }).compress(text, input);
}

function toJson(result: PipelineResult, warnings: readonly string[]): CompressJson {
  return {
    text: result.text,
    compressed: result.compressed,
    compressor: result.compressor ?? null,
    tokensBefore: result.tokensBefore,
    tokensAfter: result.tokensAfter,
    markers: result.markers.map((m) => ({ ref: m.ref, summary: m.summary })),
    ref: result.ref ?? null,
    ...(result.code !== undefined ? { code: result.code } : {}),
    ...(result.reason !== undefined ? { reason: result.reason } : {}),
    warnings,
  };
}

/** `headroom: json 12,345 → 1,234 tokens (−90.0%), 2 markers; full original: headroom retrieve <ref>` */
function summaryLine(result: PipelineResult): string {
  if (!result.compressed) {
    return `headroom: not compressed (${result.reason ?? 'no reason given'}); ${formatInteger(result.tokensBefore)} tokens passed through unchanged`;
  }
  const count = result.markers.length;
  return (
    `headroom: ${result.compressor} ${formatInteger(result.tokensBefore)} \u2192 ${formatInteger(result.tokensAfter)} tokens ` +
    `(${formatChange(result.tokensBefore, result.tokensAfter)}), ${count} marker${count === 1 ? '' : 's'}; ` +
    `full original: headroom retrieve ${result.ref}`
  );
}
