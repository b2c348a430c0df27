import { HeadroomError } from '@headroom/core';
import type { BackendPreference } from './internal/backend.js';

export interface CodeCompressorOptions {
  /** Source files with fewer lines pass through verbatim. Default: 150. */
  readonly minLines?: number;
  /** Diffs with fewer lines pass through verbatim. Default: 50. */
  readonly minDiffLines?: number;
  /** Function bodies of at most this many lines stay (in TS/JS the `{` and `}` lines do not count). Default: 3. */
  readonly maxBodyLines?: number;
  /**
   * Comment runs and docstrings spanning at most this many lines stay. A longer doc comment right
   * above an elided body keeps its first line and joins that body's marker; any other long one
   * keeps its first line behind its own marker when that saves enough tokens. Default: 2.
   */
  readonly maxCommentLines?: number;
  /** Data literals (object/array/dict) of plain data spanning at most this many lines stay. Default: 20. */
  readonly maxLiteralLines?: number;
  /** Keep the bodies of symbols the query names (or whose body mentions a code-like query term). Default: true. */
  readonly keepQueryBodies?: boolean;
  /** Content from these tools (matched against `context.toolName`) passes through verbatim, e.g. `['Read']` while editing. Default: []. */
  readonly verbatimTools?: readonly string[];
  /** Unchanged diff lines kept on each side of a change. Default: 1. */
  readonly diffContextLines?: number;
  /** Extra path patterns (RegExp source, matched against the file path) of generated files whose diffs collapse. Default: []. */
  readonly generatedFiles?: readonly string[];
  /** Inputs larger than this many UTF-16 code units are skipped, never parsed. Default: 8,000,000. */
  readonly maxInputChars?: number;
  /** A parse running longer than this is abandoned and the input passes through. Default: 1500. */
  readonly parseTimeoutMs?: number;
  /**
   * Re-parse every skeleton and pass the input through if it has more syntax errors than the input.
   * Skeletons of inputs that already have syntax errors are always re-checked; clean inputs give
   * valid skeletons by construction (the tests re-parse real files), so the second parse, ~25% of
   * the time, is off by default. Default: false.
   */
  readonly verify?: boolean;
  /**
   * `native` (the tree-sitter addon), `wasm` (web-tree-sitter) or `auto` (native, falling back to
   * wasm when the addon does not load). Default: `auto`, or the `HEADROOM_CODE_BACKEND` env var.
   */
  readonly backend?: BackendPreference;
  /**
   * How much to keep: the body, comment, literal and diff-context lines kept are multiplied by it
   * (rounded); above 1 keeps more, below 1 less. What `headroom learn` sets per tool. Default: 1.
   */
  readonly keepFactor?: number;
}

export type ResolvedCodeOptions = Required<CodeCompressorOptions>;

const NUMERIC = ['minLines', 'minDiffLines', 'maxBodyLines', 'maxCommentLines', 'maxLiteralLines', 'diffContextLines', 'maxInputChars', 'parseTimeoutMs'] as const;

/** Merges factory options with per-call `context.options` and validates them once per call. */
export function resolveCodeOptions(...layers: readonly (CodeCompressorOptions | Readonly<Record<string, unknown>> | undefined)[]): ResolvedCodeOptions {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) if (value !== undefined) merged[key] = value;
  }
  const envBackend = process.env.HEADROOM_CODE_BACKEND;
  const resolved: ResolvedCodeOptions = {
    minLines: 150,
    minDiffLines: 50,
    maxBodyLines: 3,
    maxCommentLines: 2,
    maxLiteralLines: 20,
    keepQueryBodies: true,
    verbatimTools: [],
    diffContextLines: 1,
    generatedFiles: [],
    maxInputChars: 8_000_000,
    parseTimeoutMs: 1500,
    verify: false,
    backend: envBackend === 'native' || envBackend === 'wasm' ? envBackend : 'auto',
    keepFactor: 1,
    ...(merged as Partial<ResolvedCodeOptions>),
  };
  for (const key of NUMERIC) {
    const value = resolved[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new HeadroomError('invalid_argument', `code compressor option ${key} must be a non-negative number, got ${JSON.stringify(value)}`);
    }
  }
  const factor = resolved.keepFactor;
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 0) {
    throw new HeadroomError('invalid_argument', `code compressor option keepFactor must be a number > 0, got ${JSON.stringify(factor)}`);
  }
  if (factor !== 1) {
    for (const key of ['maxBodyLines', 'maxCommentLines', 'maxLiteralLines', 'diffContextLines'] as const) (resolved as Record<string, unknown>)[key] = Math.round(resolved[key] * factor);
  }
  if (!['auto', 'native', 'wasm'].includes(resolved.backend)) {
    throw new HeadroomError('invalid_argument', `code compressor option backend must be "auto", "native" or "wasm", got ${JSON.stringify(resolved.backend)}`);
  }
  if (!Array.isArray(resolved.verbatimTools) || !Array.isArray(resolved.generatedFiles)) {
    throw new HeadroomError('invalid_argument', 'code compressor options verbatimTools and generatedFiles must be arrays of strings');
  }
  return resolved;
}
