import type { CompressContext, CompressionMode, Compressor, ContentHints, ContentRole, OffloadMeta } from '../compressor.js';
import { HeadroomError } from '../errors.js';
import { contentHash, REF_HEX_LENGTH, refOf } from '../hash.js';
import { createMarker, hasMarkers } from '../markers.js';
import { estimateTokens } from '../tokenizer/estimate-tokens.js';
import type { Tokenizer } from '../tokenizer/tokenizer.js';
import { runWithDeadline } from './run-with-deadline.js';

/**
 * The CPU-heavy part of one compression: route (detect) and compress one text. Everything a
 * runner needs crosses as plain data, so a runner may execute it on another thread (the proxy's
 * worker pool) as well as in this one.
 */
export interface RunnerTask {
  readonly text: string;
  readonly mode: CompressionMode;
  readonly query?: string | undefined;
  readonly toolName?: string | undefined;
  readonly role?: ContentRole | undefined;
  readonly hints?: ContentHints | undefined;
  readonly target?: number | undefined;
  /** Use this compressor (by name) instead of routing by confidence. */
  readonly compressor?: string | undefined;
  /** Milliseconds since the epoch: past it the work is abandoned and the task fails with `timeout`. */
  readonly deadline: number;
  /** A compressor whose confidence is below this is not used. */
  readonly minConfidence: number;
  /** Options per compressor name; the chosen one's become `context.options`. */
  readonly compressorOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * `estimateTokens(text)`, when the caller took it already and decides by estimates. The runner
   * then answers a compressor's estimate of `text` without another pass over it, and returns the
   * output's estimate as `RunnerOutcome.tokens`, so nobody counts the same text twice.
   */
  readonly tokens?: number | undefined;
  /**
   * `contentHash(text)`, when the caller took it already: an offload of the whole text (an HTML
   * page's source, a JSON search output) takes its ref from it instead of hashing the text again.
   */
  readonly hash?: string | undefined;
}

export interface RunnerOffload {
  readonly ref: string;
  readonly original: string;
  readonly meta: OffloadMeta;
}

/** A compressor whose `detect` threw: recorded as a `failed` event, the routing goes on. */
export interface DetectFailure {
  readonly compressor: string;
  readonly message: string;
}

export type RunnerOutcome =
  | { readonly type: 'unrouted'; readonly detectFailures: readonly DetectFailure[] }
  | { readonly type: 'skipped'; readonly compressor: string; readonly reason: string; readonly detectFailures: readonly DetectFailure[] }
  | {
      readonly type: 'compressed';
      readonly compressor: string;
      readonly contentType: string;
      readonly text: string;
      readonly warnings: readonly string[];
      readonly offloads: readonly RunnerOffload[];
      readonly detectFailures: readonly DetectFailure[];
      /** `estimateTokens(text)`: set when the task carried `tokens`. */
      readonly tokens?: number | undefined;
    }
  | {
      /** The compressor threw, or the task ran past its deadline (`timeout`). */
      readonly type: 'failed';
      readonly compressor?: string | undefined;
      readonly timeout: boolean;
      readonly reason: string;
      readonly error?: unknown;
      readonly detectFailures: readonly DetectFailure[];
    };

/** What the pipeline needs to know about a text before compressing it: all O(size) to compute. */
export interface TextMeasure {
  /** `contentHash(text)` (its first 24 hex are `refOf(text)`). */
  readonly hash: string;
  /** `estimateTokens(text)`. */
  readonly tokens: number;
  /** True when the text already carries a Headroom marker. */
  readonly hasMarkers: boolean;
}

/** Measures a text on this thread. */
export function measureText(text: string): TextMeasure {
  return { hash: contentHash(text), tokens: estimateTokens(text), hasMarkers: hasMarkers(text) };
}

/**
 * Executes tasks. The pipeline's default runs them on the calling thread; a host may pass one
 * that runs them elsewhere (`@headroom/proxy` runs a worker-thread pool when it is given
 * compressor modules rather than objects). Rejects only with `unknown_compressor` for a forced
 * name it does not have; every other failure is an outcome.
 */
export interface CompressionRunner {
  /** Names of the compressors this runner routes between, in pipeline order. */
  readonly names: readonly string[];
  run(task: RunnerTask): Promise<RunnerOutcome>;
  /** Measures a (large) text; a runner on other threads does it there. Absent: measured in the caller's thread. */
  measure?(text: string): Promise<TextMeasure>;
  /** Releases threads the runner holds. */
  close?(): Promise<void>;
}

/**
 * Runs route + compress on this thread. A synchronous compressor cannot be preempted here: a
 * late result is discarded at the deadline, but the thread is busy until it returns. Hosts on a
 * request path run a worker pool instead.
 */
export function createInThreadRunner(compressors: readonly Compressor[], tokenizer: Tokenizer): CompressionRunner {
  const names = compressors.map((c) => c.name);
  return {
    names,
    async run(task) {
      const offloads: RunnerOffload[] = [];
      const detectFailures: DetectFailure[] = [];
      const known = task.tokens !== undefined && tokenizer.estimate === estimateTokens;
      const estimator = known ? rememberingEstimates(tokenizer, task.text, task.tokens!) : tokenizer;
      const context: CompressContext = {
        tokenizer: estimator,
        mode: task.mode,
        query: task.query,
        toolName: task.toolName,
        role: task.role,
        hints: task.hints,
        target: task.target,
        deadline: task.deadline,
        options: {},
        offload(original, meta) {
          if (task.mode === 'lossless') throw new HeadroomError('invalid_argument', 'offload is not allowed in lossless mode');
          const ref = task.hash !== undefined && original === task.text ? task.hash.slice(0, REF_HEX_LENGTH) : refOf(original);
          offloads.push({ ref, original, meta });
          return createMarker(ref, meta.summary);
        },
      } as CompressContext;

      let compressor: Compressor | undefined;
      if (task.compressor !== undefined) {
        compressor = compressors.find((c) => c.name === task.compressor);
        if (!compressor) throw new HeadroomError('unknown_compressor', `no compressor named "${task.compressor}" (have: ${names.join(', ') || 'none'})`);
      } else {
        compressor = claimed(compressors, task.text, context, Math.max(CLAIM_CONFIDENCE, task.minConfidence), detectFailures);
      }
      if (!compressor && task.compressor === undefined) {
        let bestScore = task.minConfidence;
        for (const candidate of compressors) {
          let score = 0;
          try {
            score = candidate.detect(task.text, context);
          } catch (error) {
            detectFailures.push({ compressor: candidate.name, message: describe(error) });
          }
          // Strictly greater: on a tie the earlier compressor in pipeline order keeps the slot.
          if (Number.isFinite(score) && (score > bestScore || (compressor === undefined && score >= bestScore))) {
            compressor = candidate;
            bestScore = score;
          }
        }
      }
      if (!compressor) return { type: 'unrouted', detectFailures };
      (context as { options: unknown }).options = task.compressorOptions[compressor.name] ?? {};
      const chosen = compressor;
      try {
        const result = await runWithDeadline(() => chosen.compress(task.text, context), task.deadline);
        if (result.type === 'skipped') return { type: 'skipped', compressor: chosen.name, reason: result.reason, detectFailures };
        return {
          type: 'compressed',
          compressor: chosen.name,
          contentType: chosen.contentTypes[0] ?? 'unknown',
          text: result.text,
          warnings: [...(result.warnings ?? [])],
          offloads,
          detectFailures,
          ...(known ? { tokens: estimator.estimate(result.text) } : {}),
        };
      } catch (error) {
        const timeout = error instanceof HeadroomError && error.code === 'timeout';
        return { type: 'failed', compressor: chosen.name, timeout, reason: timeout ? describe(error) : `compressor threw: ${describe(error)}`, error, detectFailures };
      }
    },
  };
}

/**
 * `tokenizer` whose estimate of `text` is the `tokens` already taken, and whose last other estimate
 * is remembered: a compressor checking that its output has fewer tokens than its input, and the
 * runner measuring that output afterwards, then pass over neither text again. Lives for one task.
 */
function rememberingEstimates(tokenizer: Tokenizer, text: string, tokens: number): Tokenizer {
  let last: string | undefined;
  let lastTokens = 0;
  return {
    encoding: tokenizer.encoding,
    exact: tokenizer.exact,
    count: (other) => tokenizer.count(other),
    estimate(other) {
      if (other === text) return tokens;
      if (other === last) return lastTokens;
      lastTokens = tokenizer.estimate(other);
      last = other;
      return lastTokens;
    },
  };
}

/**
 * A claim this sure ends routing: the host's hints already name the content (a command line whose
 * output one compressor owns), so no other compressor's `detect` — some of them parse — is run.
 */
export const CLAIM_CONFIDENCE = 0.97;

/** The compressor whose claim is highest and at least `minimum` (earliest on a tie); undefined when none is that sure. */
function claimed(compressors: readonly Compressor[], text: string, context: CompressContext, minimum: number, failures: DetectFailure[]): Compressor | undefined {
  let best: Compressor | undefined;
  let bestScore = minimum;
  for (const candidate of compressors) {
    if (!candidate.claim) continue;
    let score = 0;
    try {
      score = candidate.claim(text, context);
    } catch (error) {
      failures.push({ compressor: candidate.name, message: describe(error) });
    }
    if (Number.isFinite(score) && (score > bestScore || (best === undefined && score >= bestScore))) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
