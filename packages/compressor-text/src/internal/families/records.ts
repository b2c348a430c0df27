import { bare } from '../lines.js';
import type { Selection } from '../render.js';
import { ALERT } from '../signals.js';
import type { FamilyInput } from './family.js';

// A key is one to three words, none of them a number (`Installed-Size:`, `Reverse Depends:`, not `item 3 of 120:`).
const COLON_FIELD = /^(\s*)([A-Za-z][\w.\-/]{0,40}(?: [A-Za-z][\w.\-/]{0,20}){0,2}):(?:\s|$)/;
const EQUALS_FIELD = /^([A-Za-z_][\w.\-:/]{0,80}?)\s?=\s?(.*)$/;
// `APT::Architecture "amd64";` (apt-config dump, other tree-shaped configuration dumps).
const QUOTED_FIELD = /^([A-Za-z_][\w.\-:/+]{0,120}) "(.*)";$/;
// Values that say "nothing set" (systemctl show prints hundreds of them).
const EMPTY_VALUE = /^(?:|0|no|n\/a|\[not set\]|infinity|null|\(null\)|-|\[\]|\{\}|none|0B|ignore|auto)$/i;
// Checksums, keys and other opaque tokens: long runs of hex or base64 with no words in them.
const OPAQUE_VALUE = /^(?:[0-9a-f]{32,}|[A-Za-z0-9+/=]{40,})$/i;

export type RecordFormat = 'colon' | 'equals' | 'quoted';

export function recordFormat(sample: readonly string[]): RecordFormat | undefined {
  if (sample.length < 3) return undefined;
  let colon = 0;
  let equals = 0;
  let continuation = 0;
  let quoted = 0;
  for (const line of sample) {
    if (QUOTED_FIELD.test(line)) quoted++;
    if (EQUALS_FIELD.test(line) && !/^\s/.test(line)) equals++;
    else if (COLON_FIELD.test(line)) colon++;
    else if (/^\s+\S/.test(line)) continuation++;
  }
  if (quoted / sample.length >= 0.8) return 'quoted';
  if (equals / sample.length >= 0.8) return 'equals';
  if (colon / sample.length >= 0.4 && (colon + continuation) / sample.length >= 0.85) return 'colon';
  if (/^HTTP\/[\d.]+ \d{3}/.test(sample[0]!) && colon / sample.length >= 0.6) return 'colon';
  return undefined;
}

/**
 * Key-value records (apt-cache show, dpkg -s, systemctl show, env, HTTP headers, kubectl describe,
 * apt-cache policy/depends): the first `headRecords` records keep their fields except opaque values
 * (checksums), empty or default values and continuation lines after the first `continuationLines`
 * of a field; a key repeated many times keeps its first `examples`. Later records keep their first
 * `recordHeadLines` lines (what they are: Package, Version). A record keeps at most `headFields`
 * fields (systemctl show and apt-config dump print hundreds). Problems and query matches always stay.
 */
export function recordsSelection({ lines, query, options }: FamilyInput, format: RecordFormat): Selection {
  const n = lines.length;
  const keep = new Uint8Array(n);
  const keys: string[] = new Array(n).fill('');
  let record = -1;
  let inRecord = 0;
  let continuation = 0;
  let fields = 0;
  let fieldIndent = 0;
  let previousBlank = true;
  let previousIndented = false;
  const keyCounts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const line = bare(lines[i]!);
    if (line.trim() === '') {
      previousBlank = true;
      keep[i] = record < options.headRecords ? 1 : 0;
      continue;
    }
    const indented = /^\s/.test(line);
    const colon = format === 'colon' ? COLON_FIELD.exec(line) : null;
    const equals = format === 'equals' ? EQUALS_FIELD.exec(line) : format === 'quoted' ? QUOTED_FIELD.exec(line) : null;
    const titled = !indented && previousIndented && !(colon && line.slice(colon[0].length).trim() !== '');
    if (previousBlank || titled || record < 0) {
      record++;
      inRecord = 0;
      fields = 0;
      keyCounts.clear();
    }
    previousBlank = false;
    previousIndented = indented;
    inRecord++;
    const alert = ALERT.test(line) || query.matches[i] === 1;
    if (record >= options.headRecords) {
      if (inRecord <= options.recordHeadLines || alert) keep[i] = 1;
      keys[i] = colon?.[2] ?? equals?.[1] ?? '';
      continue;
    }
    const isField = (colon && colon[1]!.length <= fieldIndent + 2) || equals || (colon && !indented);
    if (isField) fields++;
    if (isField) {
      const key = (colon?.[2] ?? equals?.[1])!;
      keys[i] = key;
      fieldIndent = colon ? colon[1]!.length : 0;
      continuation = 0;
      const value = colon ? line.slice(colon[0].length).trim() : equals![2]!.trim();
      const count = (keyCounts.get(key) ?? 0) + 1;
      keyCounts.set(key, count);
      const dull = OPAQUE_VALUE.test(value) || value.length > options.maxValueChars || (format !== 'colon' && EMPTY_VALUE.test(value));
      if (alert || inRecord <= options.recordHeadLines || (!dull && count <= options.examples + 1 && fields <= options.headFields)) keep[i] = 1;
    } else {
      keys[i] = '';
      continuation++;
      if (alert || continuation <= options.continuationLines) keep[i] = 1;
    }
  }
  const describe = (from: number, to: number): string => {
    const names: string[] = [];
    let fields = 0;
    for (let i = from; i < to; i++) {
      if (!keys[i]) continue;
      fields++;
      if (!names.includes(keys[i]!)) names.push(keys[i]!);
    }
    const other = to - from - fields;
    const list = names.slice(0, 4).join(' ').slice(0, 80);
    const parts: string[] = [];
    if (fields > 0) parts.push(`${fields} more fields${list ? `: ${list}${names.length > 4 ? ' ...' : ''}` : ''}`);
    if (other > 0) parts.push(`${other} ${fields > 0 ? 'other' : 'more'} lines`);
    return parts.join(', ');
  };
  return { lines, keep, describe, kind: 'fields' };
}
