import type { LogTemplate } from '../mine-templates.js';
import { type LineTokenCache, WILDCARD } from './tokenize-line.js';

// A word, maybe wrapped in brackets or quotes: `(usable)`, `'ExternalConnected':`, `Inode-cache`.
const WRAPPED_WORD = /^[("'[]?[A-Za-z_-]+[)"'\]]?[.,:;]?$/;

/** At most this many distinct words at a position make it an enumeration of messages. */
const ENUM_VALUES = 3;

/**
 * A template whose variable position only ever holds two or three words (`VM <*>` with Started,
 * Paused, Resumed) is that many messages: the miner merged them because they differ in one token.
 * Each word becomes its own template. Numbers, ids and paths never hold only words, and a real
 * word variable (user names) usually has more values. Returns the new templates, ids in order of
 * first appearance, and rewrites `assignments`.
 */
export function splitEnumerations(templates: readonly LogTemplate[], assignments: Int32Array, tokens: LineTokenCache): LogTemplate[] {
  const candidates = templates.map((template) => template.tokens.flatMap((token, position) => (token === WILDCARD && template.count > 1 ? [position] : [])));
  const words = candidates.map((positions) => positions.map(() => new Set<string>()));
  const plain = candidates.map((positions) => positions.map(() => true));
  for (let i = 0; i < assignments.length; i++) {
    const t = assignments[i]!;
    const positions = candidates[t]!;
    if (positions.length === 0) continue;
    const masked = tokens.at(i).masked;
    positions.forEach((p, s) => {
      const value = masked[p] ?? '';
      if (!WRAPPED_WORD.test(value)) plain[t]![s] = false;
      else if (words[t]![s]!.size <= ENUM_VALUES) words[t]![s]!.add(value);
    });
  }
  const enumerated = candidates.map((positions, t) => positions.filter((_, s) => plain[t]![s] && words[t]![s]!.size >= 2 && words[t]![s]!.size <= ENUM_VALUES));
  if (enumerated.every((positions) => positions.length === 0)) return [...templates];

  const ids = new Map<string, number>();
  const next: { tokens: string[]; count: number; firstLine: number }[] = [];
  for (let i = 0; i < assignments.length; i++) {
    const t = assignments[i]!;
    const positions = enumerated[t]!;
    const masked = positions.length > 0 ? tokens.at(i).masked : [];
    const key = `${t}\u0000${positions.map((p) => masked[p]).join('\u0000')}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = next.length;
      ids.set(key, id);
      const own = [...templates[t]!.tokens];
      for (const p of positions) own[p] = masked[p]!;
      next.push({ tokens: own, count: 0, firstLine: i });
    }
    next[id]!.count++;
    assignments[i] = id;
  }
  return next.map((t, id) => ({ id, tokens: t.tokens, text: t.tokens.join(' '), count: t.count, firstLine: t.firstLine }));
}
