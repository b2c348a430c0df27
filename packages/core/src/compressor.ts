import type { Tokenizer } from './tokenizer/tokenizer.js';

/** Kinds of content a compressor may declare it handles. Open-ended: plugins may add their own. */
export type ContentType = 'json' | 'logs' | 'code' | 'diff' | 'search' | 'text' | (string & {});

/**
 * `lossless`: the compressor may only re-encode; it must not omit anything (no `offload`).
 * `lossy`: it may omit content, and every omission goes through `offload` and leaves a marker.
 */
export type CompressionMode = 'lossless' | 'lossy';

/** Where a piece of content came from, as far as the host knows. */
export type ContentRole = 'tool' | 'document' | 'user' | 'assistant';

/** Hints a host may pass about the content (a Read call's path, a fenced block's language). */
export interface ContentHints {
  readonly filePath?: string;
  readonly language?: string;
  /**
   * The command line that produced the content, when the host knows it (Claude Code's
   * `Bash {"command": …}`, Codex's `shell`/`exec_command`): compressors of command output route on it.
   */
  readonly command?: string;
}

/** What an omission was: it becomes the human-readable part of the marker. */
export interface OffloadMeta {
  /** What was omitted, in the input's own units: "87 rows (2-88)", "function body, lines 40-95". */
  readonly summary: string;
  /** Optional machine-readable kind, kept in the store for stats ("rows", "lines", "body", "string"). */
  readonly kind?: string;
}

export interface CompressContext {
  readonly tokenizer: Tokenizer;
  readonly mode: CompressionMode;
  /** A token budget for the output, when the host has one. */
  readonly target?: number;
  /** The user's question at first sight of this content: used for relevance only. */
  readonly query?: string;
  /** The tool that produced the content (`Bash`, `Read`, `get_issues`...). */
  readonly toolName?: string;
  readonly role?: ContentRole;
  readonly hints?: ContentHints;
  /** Options for this compressor, as the pipeline's caller set them by compressor name. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Milliseconds since the epoch after which the pipeline will discard the result; long loops may check it. */
  readonly deadline: number;
  /**
   * Stores `original` and returns the marker text to put where it was omitted.
   * Throws in lossless mode: omitting is not allowed there.
   */
  offload(original: string, meta: OffloadMeta): string;
}

export interface CompressedResult {
  readonly type: 'compressed';
  readonly text: string;
  /** Non-fatal notes (data, not exceptions): what was odd about the input. */
  readonly warnings?: readonly string[];
}

export interface SkippedResult {
  readonly type: 'skipped';
  /** Why the compressor did not apply ("not json", "too small"). */
  readonly reason: string;
}

export type CompressResult = CompressedResult | SkippedResult;

/** The compressor plugin contract, version 1. Made by a factory as a plain object. */
export interface Compressor {
  readonly specificationVersion: 'v1';
  /** Unique within a pipeline. */
  readonly name: string;
  readonly contentTypes: readonly ContentType[];
  /** Confidence 0..1 that this compressor should handle `input`. Must not throw. */
  detect(input: string, context: CompressContext): number;
  /**
   * Optional: a confidence 0..1 from what the host said (`hints.command`, the tool name) and at
   * most a cheap look at the content — never a parse. The runner asks every compressor that has
   * one before any `detect`; a claim of `CLAIM_CONFIDENCE` or more routes there without running
   * any `detect` (on a tie the earlier compressor wins). 0 when the hints do not decide.
   */
  claim?(input: string, context: CompressContext): number;
  /** Not applicable is a `skipped` result, never an exception. May be async. */
  compress(input: string, context: CompressContext): CompressResult | Promise<CompressResult>;
}

export const compressed = (text: string, warnings?: readonly string[]): CompressedResult =>
  warnings && warnings.length > 0 ? { type: 'compressed', text, warnings } : { type: 'compressed', text };

export const skipped = (reason: string): SkippedResult => ({ type: 'skipped', reason });
