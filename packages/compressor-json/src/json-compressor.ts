import { type CompressContext, type Compressor, type CompressResult, compressed, HeadroomError, skipped } from '@headroom/core';
import { MAX_DEPTH } from './compress-lossless.js';
import { type Analysis, analyze } from './internal/analyze.js';
import { maxDepth } from './internal/depth.js';
import { fewerTokens } from './internal/fewer-tokens.js';
import { encodeLossless } from './internal/lossless.js';
import { type LossySettings, renderLossy } from './internal/lossy.js';
import { type ParsedInput, parseInput } from './internal/parse-input.js';
import type { JsonSource } from './internal/parse-json.js';
import { queryTerms } from './internal/query.js';
import { rememberingJson } from './internal/raw-number.js';

export interface JsonCompressorOptions {
  /** In lossy mode, rows are dropped only when the lossless text is above this many estimated tokens (or a target is set). Default: 500. */
  readonly lossyAboveTokens?: number;
  /** Tables with fewer rows keep every row. Default: 8. */
  readonly minRowsToDrop?: number;
  /** In lossy mode, strings longer than this many characters are cut behind a marker. Default: 400. */
  readonly maxStringLength?: number;
  /** Characters of a cut string that stay visible. Default: 160. */
  readonly stringHead?: number;
  /** Strings in rows with an error signal are cut only beyond this length (half stays visible). Default: 2000. */
  readonly errorStringLength?: number;
  /** Inputs longer than this many characters are skipped (they could not finish within a request's time budget). Default: 16,000,000. */
  readonly maxInputChars?: number;
  /**
   * How much to keep, relative to the defaults: above 1 more rows stay visible (the first
   * `(keepFactor - 1) × kept` omitted rows join the kept ones) and strings are cut later; below 1
   * the lossy stage starts sooner and strings are cut shorter (signal rows always stay). This is
   * what `headroom learn` sets per tool. Default: 1.
   */
  readonly keepFactor?: number;
}

type Settings = Required<JsonCompressorOptions>;

const COUNT = new Intl.NumberFormat('en-US');

/** Starts with `{`/`[`, ends with `}`/`]`, and is not JSON Lines (no line opens a new record within its first 64 KB). */
function looksLikeOneDocument(input: string): boolean {
  const first = /\S/.exec(input.slice(0, 4096))?.[0];
  const last = /\S\s*$/.exec(input.slice(-4096))?.[0]?.[0];
  if (!((first === '{' && last === '}') || (first === '[' && last === ']'))) return false;
  return !/[}\]]\r?\n[{[]/.test(input.slice(0, 65_536));
}

const DEFAULTS: Settings = {
  lossyAboveTokens: 500,
  minRowsToDrop: 8,
  maxStringLength: 400,
  stringHead: 160,
  errorStringLength: 2000,
  maxInputChars: 16_000_000,
  keepFactor: 1,
};

/**
 * JSON compressor: lossless table encoding first (`mode: 'lossless'` stops there), then, for
 * large inputs or when a target is set, signal-based row selection and string cuts behind markers.
 */
export function jsonCompressor(options: JsonCompressorOptions = {}): Compressor {
  const base = resolve(DEFAULTS, options);
  // detect() and compress() see the same input one after the other: parse it once.
  let last: { input: string; parsed: ParsedInput | undefined } | undefined;
  const parse = (input: string, limit: number): ParsedInput | undefined => {
    if (input.length > limit) return undefined;
    if (last?.input !== input) last = { input, parsed: parseInput(input) };
    return last.parsed;
  };
  return {
    specificationVersion: 'v1',
    name: 'json',
    contentTypes: ['json'],
    detect(input) {
      try {
        // Too large to parse here, yet plainly one JSON document: claimed, so that compress() can
        // say why it passes through instead of a weaker compressor reporting on the wrong shape.
        if (input.length > base.maxInputChars) return looksLikeOneDocument(input) ? 0.9 : 0;
        const parsed = parse(input, base.maxInputChars);
        if (!parsed) return 0;
        if (parsed.form === 'embedded') return 0.7;
        if (parsed.form === 'json-lines') return 0.85;
        return Array.isArray(parsed.value) ? 0.95 : 0.9;
      } catch {
        return 0;
      }
    },
    compress(input, context) {
      const settings = scaled(resolve(base, context.options as JsonCompressorOptions));
      if (input.length > settings.maxInputChars) {
        return skipped(`${COUNT.format(input.length)} characters is over the JSON size limit (maxInputChars ${COUNT.format(settings.maxInputChars)})`);
      }
      const parsed = parse(input, settings.maxInputChars);
      // The parse is kept only from detect() to compress(): a large input must not stay referenced.
      last = undefined;
      if (!parsed) return skipped('not JSON');
      return rememberingJson(() => compressParsed(input, parsed, context, settings));
    },
  };
}

/** Inputs this long are above the lossy threshold in any encoding: no need to render every row losslessly first. */
const SURELY_LARGE = 24 * 1024;

function compressParsed(input: string, parsed: ParsedInput, context: CompressContext, settings: Settings): CompressResult {
  if (maxDepth(parsed.value, MAX_DEPTH) > MAX_DEPTH) return skipped(`nested deeper than ${MAX_DEPTH} levels`);
  const analysis = analyze(parsed.value);
  let encoded: string | undefined;
  const lossless = () => (encoded ??= encodeLossless(analysis));
  const surelyLarge = input.length > SURELY_LARGE;
  const lossy = context.mode === 'lossy' && (context.target !== undefined || surelyLarge || isLarge(lossless(), context, settings));
  const body = lossy ? lossyBody(analysis, parsed.source, context, settings, lossless, surelyLarge) : lossless();
  const text = parsed.before + body + parsed.after;
  // The pipeline counts tokens before and after anyway and rejects a result that is not smaller;
  // here only the free check: no shorter in characters means nothing was gained.
  if (text.length >= input.length) return skipped('already compact');
  return compressed(text);
}

/** A token covers 1 to 8 characters or so: only lengths in between need an estimate. */
function isLarge(lossless: string, context: CompressContext, settings: Settings): boolean {
  const limit = settings.lossyAboveTokens;
  return lossless.length > 8 * limit || (lossless.length > limit && context.tokenizer.estimate(lossless) > limit);
}

/** The lossy text, unless the lossless one is smaller; over a target, strings are cut harder. */
function lossyBody(analysis: Analysis, source: JsonSource, context: CompressContext, settings: Settings, lossless: () => string, surelyLarge: boolean): string {
  const estimate = (text: string) => context.tokenizer.estimate(text);
  const smaller = (a: string, b: string) => fewerTokens(a, b, estimate, { surely: 0.8, never: 1.2 });
  const terms = queryTerms(context.query);
  const lossy = renderLossy(analysis, context, terms, settings, source);
  let body: string;
  if (lossy.dropped && surelyLarge) body = lossy.text;
  // Without dropped rows the lossy text is the lossless one with strings cut (and values in full).
  else if (!lossy.dropped) body = lossy.text.length <= lossless().length ? lossy.text : lossless();
  else body = smaller(lossy.text, lossless()) ? lossy.text : lossless();
  if (context.target !== undefined && estimate(body) > context.target) {
    // Signal rows stay: they are what a target must not cost.
    const tighter: LossySettings = { ...settings, maxStringLength: 120, stringHead: 60, errorStringLength: 400 };
    const tight = renderLossy(analysis, context, terms, tighter, source).text;
    if (smaller(tight, body)) body = tight;
  }
  return body;
}

function resolve(base: Settings, options: JsonCompressorOptions | undefined): Settings {
  if (!options || Object.keys(options).length === 0) return base;
  const settings = { ...base };
  for (const key of Object.keys(DEFAULTS) as (keyof Settings)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new HeadroomError('invalid_argument', `json compressor option ${key} must be a non-negative number, got ${JSON.stringify(value)}`);
    }
    settings[key] = value;
  }
  if (settings.keepFactor === 0) throw new HeadroomError('invalid_argument', 'json compressor option keepFactor must be above 0');
  if (settings.stringHead > settings.maxStringLength) settings.stringHead = settings.maxStringLength;
  return settings;
}

/** The thresholds `keepFactor` scales, scaled once per call (options themselves stay as given). */
function scaled(settings: Settings): Settings {
  const factor = settings.keepFactor;
  if (factor === 1) return settings;
  // Strings never shrink below what a reader needs to recognise a value.
  const maxStringLength = Math.max(80, Math.round(settings.maxStringLength * factor));
  return {
    ...settings,
    lossyAboveTokens: Math.max(50, Math.round(settings.lossyAboveTokens * factor)),
    maxStringLength,
    stringHead: Math.min(maxStringLength, Math.max(40, Math.round(settings.stringHead * factor))),
  };
}
