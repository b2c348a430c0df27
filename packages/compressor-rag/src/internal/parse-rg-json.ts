import type { SearchHit, SearchResults } from './search-hit.js';

interface RgText {
  readonly text?: string;
  readonly bytes?: string;
}
interface RgEvent {
  readonly type?: string;
  readonly data?: { readonly path?: RgText; readonly lines?: RgText; readonly line_number?: number | null };
}

/** True when the first non-empty line is an `rg --json` event. */
export function looksLikeRgJson(input: string): boolean {
  const start = input.search(/\S/);
  return start >= 0 && /^\{"type":"(?:begin|match|context|summary)","data":\{/.test(input.slice(start, start + 40));
}

/**
 * Parses `rg --json` output (one event per line). Match and context events become hits; `begin`,
 * `end` and `summary` events carry no content of their own (the summary's counts are restated in
 * the header). Returns undefined when a line is not an rg event.
 */
export function parseRgJson(input: string): SearchResults | undefined {
  const lines = input.split('\n');
  const hits: SearchHit[] = [];
  let group = 0;
  let previous: { file: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim().length === 0) continue;
    let event: RgEvent;
    try {
      event = JSON.parse(line) as RgEvent;
    } catch {
      return undefined;
    }
    if (typeof event !== 'object' || event === null || typeof event.type !== 'string') return undefined;
    if (event.type !== 'match' && event.type !== 'context') continue;
    const file = textOf(event.data?.path);
    const number = typeof event.data?.line_number === 'number' ? event.data.line_number : undefined;
    const content = textOf(event.data?.lines).replace(/\r?\n$/, '');
    // A new context group starts where lines stop being consecutive, as rg's own `--` would.
    if (!previous || previous.file !== file || number === undefined || number !== previous.line + 1) group++;
    previous = number === undefined ? undefined : { file, line: number };
    hits.push({ file, line: number, match: event.type === 'match', content, raw: line, order: hits.length, group });
  }
  return hits.length === 0 ? undefined : { kind: 'rg-json', hits, notices: [] };
}

function textOf(value: RgText | undefined): string {
  if (!value) return '';
  if (typeof value.text === 'string') return value.text;
  return typeof value.bytes === 'string' ? `(base64) ${value.bytes}` : '';
}
