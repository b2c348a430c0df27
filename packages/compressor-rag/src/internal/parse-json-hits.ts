import { arrayElementSpans } from './json-spans.js';
import type { SearchHit, SearchResults } from './search-hit.js';

const FILE_KEYS = ['path', 'file', 'filename', 'file_path', 'filePath', 'relative_path', 'uri'];
const LINE_KEYS = ['line', 'line_number', 'lineNumber', 'start_line', 'startLine', 'lineno', 'line_no'];
const CONTENT_KEYS = ['content', 'snippet', 'text', 'match', 'line_text', 'lineText', 'preview', 'fragment', 'code'];
const SCORE_KEYS = ['score', 'match_score', 'relevance', '_score', 'similarity'];
const ARRAY_KEYS = ['items', 'results', 'hits', 'matches', 'data'];

type Row = Record<string, unknown>;

const isRow = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);
const firstKey = (row: Row, keys: readonly string[], type: 'string' | 'number') => keys.find((k) => typeof row[k] === type);

/** GitHub's code search puts the matched text in `text_matches[].fragment`. */
function contentOf(row: Row): { key: string; text: string } | undefined {
  const key = firstKey(row, CONTENT_KEYS, 'string');
  if (key) return { key, text: row[key] as string };
  const matches = row.text_matches;
  if (Array.isArray(matches)) {
    const fragments = matches.filter(isRow).map((m) => m.fragment).filter((f): f is string => typeof f === 'string');
    if (fragments.length > 0) return { key: 'text_matches', text: fragments.join('\n') };
  }
  return undefined;
}

/** The array of hits: the top-level array, or one under a conventional key (`items`, `results`...). */
function locate(value: unknown): { rows: unknown[]; key: string | undefined } | undefined {
  if (Array.isArray(value)) return { rows: value, key: undefined };
  if (!isRow(value)) return undefined;
  for (const key of ARRAY_KEYS) if (Array.isArray(value[key])) return { rows: value[key] as unknown[], key };
  return undefined;
}

/** True when `value` is an array of search hits (or an object holding one): most rows name a file and carry a line or a snippet. */
export function jsonHitRows(value: unknown): boolean {
  const located = locate(value);
  if (!located || located.rows.length < 2) return false;
  const hits = located.rows.filter((row) => isRow(row) && firstKey(row, FILE_KEYS, 'string') && (firstKey(row, LINE_KEYS, 'number') || contentOf(row)));
  return hits.length / located.rows.length >= 0.8;
}

/**
 * Search hits from a JSON search API: an array of objects with a path, a line and a snippet (and
 * maybe a score), at the top level or under `items`/`results`/`hits`. Fields with one value in every
 * hit are reported once; the others that are not shown per hit are named, so the header can say what
 * the whole-output marker holds. Each hit's `raw` is its element's exact input text.
 */
export function parseJsonHits(input: string, value: unknown): SearchResults | undefined {
  const located = locate(value);
  if (!located || !jsonHitRows(value)) return undefined;
  const spans = arrayElementSpans(input, located.key);
  if (!spans || spans.length !== located.rows.length) return undefined;
  const hits: SearchHit[] = [];
  const shown = new Set<string>();
  const values = new Map<string, Set<string>>();
  for (let i = 0; i < located.rows.length; i++) {
    const row = located.rows[i];
    const [start, end] = spans[i]!;
    const raw = input.slice(start, end);
    if (!isRow(row)) {
      hits.push({ file: '(not a hit)', line: undefined, match: false, content: raw, raw, order: i, group: i });
      continue;
    }
    const fileKey = firstKey(row, FILE_KEYS, 'string');
    const lineKey = firstKey(row, LINE_KEYS, 'number');
    const scoreKey = firstKey(row, SCORE_KEYS, 'number');
    const content = contentOf(row);
    for (const key of [fileKey, lineKey, scoreKey, content?.key]) if (key) shown.add(key);
    for (const [key, v] of Object.entries(row)) {
      const seen = values.get(key) ?? new Set<string>();
      if (seen.size < 2) seen.add(JSON.stringify(v));
      values.set(key, seen);
    }
    hits.push({
      file: fileKey ? (row[fileKey] as string) : '(no path)',
      line: lineKey ? (row[lineKey] as number) : undefined,
      match: true,
      content: content?.text ?? '',
      raw,
      order: i,
      group: i,
      ...(scoreKey ? { score: row[scoreKey] as number } : {}),
    });
  }
  const constants: string[] = [];
  const hiddenFields: string[] = [];
  for (const [key, seen] of values) {
    if (shown.has(key)) continue;
    const only = [...seen][0];
    // A short scalar shared by every hit is stated once; anything else stays behind the marker.
    if (seen.size === 1 && only !== undefined && only.length <= 80 && !only.startsWith('{') && !only.startsWith('[')) {
      constants.push(`${key}=${only.startsWith('"') ? (JSON.parse(only) as string) : only}`);
    } else hiddenFields.push(key);
  }
  return { kind: 'json', hits, notices: [], constants, hiddenFields };
}
