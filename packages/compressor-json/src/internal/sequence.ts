import { type Cell, isJsonNumberText } from './cells.js';

/**
 * Arithmetic sequences folded into one header spec:
 *   seq(10,3)                      10, 13, 16, ...
 *   seq(0.95,-0.005)               exact decimals: (95000 - 500 i) / 100000
 *   seq(2026-03-14T09:00:00Z,60s)  timestamps at a fixed step, same layout as the first
 * `detectSequence` only proposes a spec that `expandSequence` reproduces value for value.
 */

const MAX_DECIMALS = 12;
const ISO = /^(\d{4})-(\d{2})-(\d{2})([T ])(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|[+-]\d{2}:\d{2})?$/;

export function detectSequence(values: readonly Cell[]): string | undefined {
  if (values.length < 3) return undefined;
  const first = values[0];
  const spec = typeof first === 'number' ? numericSpec(values) : typeof first === 'string' ? timeSpec(values) : undefined;
  if (spec === undefined) return undefined;
  const parsed = parseSpec(spec);
  for (let i = 0; i < values.length; i++) {
    if (valueAt(parsed, i) !== values[i]) return undefined;
  }
  return spec;
}

/** Every value of a sequence spec; throws on a malformed spec. */
export function expandSequence(spec: string, count: number): Cell[] {
  const parsed = parseSpec(spec);
  return Array.from({ length: count }, (_, i) => valueAt(parsed, i));
}

function numericSpec(values: readonly Cell[]): string | undefined {
  const a = values[0];
  const b = values[1];
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  const aText = String(a);
  const bText = String(b);
  if (!isJsonNumberText(aText) || aText.includes('e') || bText.includes('e') || Object.is(a, -0)) return undefined;
  const digits = Math.max(decimals(aText), decimals(bText));
  if (digits > MAX_DECIMALS) return undefined;
  const scale = 10 ** digits;
  const step = Math.round(b * scale) - Math.round(a * scale);
  if (step === 0 || !Number.isSafeInteger(step)) return undefined;
  // Beyond 2^53 a double prints rounded digits (2^60 prints as 1152921504606847000): a reader
  // adding steps to the printed start would not get the printed terms.
  const last = values[values.length - 1];
  if (!Number.isSafeInteger(Math.round(a * scale)) || typeof last !== 'number' || !Number.isSafeInteger(Math.round(last * scale))) return undefined;
  const stepText = String(step / scale);
  if (stepText.includes('e')) return undefined;
  return `seq(${aText},${stepText})`;
}

function timeSpec(values: readonly Cell[]): string | undefined {
  const a = values[0];
  const b = values[1];
  if (typeof a !== 'string' || typeof b !== 'string') return undefined;
  const ta = parseTime(a);
  const tb = parseTime(b);
  if (!ta || !tb) return undefined;
  const step = tb.ms - ta.ms;
  if (step === 0) return undefined;
  return `seq(${a},${step % 1000 === 0 ? `${step / 1000}s` : `${step}ms`})`;
}

type Parsed = { kind: 'number'; start: number; step: number; scale: number } | { kind: 'time'; layout: Layout; start: number; step: number };

interface Layout {
  readonly separator: string;
  readonly fraction: number;
  readonly zone: string;
}

function parseSpec(spec: string): Parsed {
  const match = /^seq\(([^,()]+),([^,()]+)\)$/.exec(spec);
  if (!match) throw new SyntaxError(`bad sequence ${spec}`);
  const [, startText, stepText] = match as unknown as [string, string, string];
  if (isJsonNumberText(startText) && isJsonNumberText(stepText)) {
    const scale = 10 ** Math.max(decimals(startText), decimals(stepText));
    return { kind: 'number', start: Math.round(Number(startText) * scale), step: Math.round(Number(stepText) * scale), scale };
  }
  const time = parseTime(startText);
  const step = /^(-?\d+)(ms|s)$/.exec(stepText);
  if (!time || !step) throw new SyntaxError(`bad sequence ${spec}`);
  return { kind: 'time', layout: time.layout, start: time.ms, step: Number(step[1]) * (step[2] === 's' ? 1000 : 1) };
}

function valueAt(parsed: Parsed, i: number): Cell {
  if (parsed.kind === 'number') return (parsed.start + parsed.step * i) / parsed.scale;
  return formatTime(parsed.start + parsed.step * i, parsed.layout);
}

function decimals(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function parseTime(text: string): { ms: number; layout: Layout } | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const fraction = m[8] ?? '';
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[5]), Number(m[6]), Number(m[7])) + (fraction ? Number(fraction.padEnd(3, '0')) : 0);
  if (!Number.isFinite(ms)) return undefined;
  return { ms, layout: { separator: m[4]!, fraction: fraction.length, zone: m[9] ?? '' } };
}

function formatTime(ms: number, layout: Layout): string {
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const fraction = layout.fraction > 0 ? `.${pad(d.getUTCMilliseconds(), 3).slice(0, layout.fraction)}` : '';
  return `${date}${layout.separator}${time}${fraction}${layout.zone}`;
}
