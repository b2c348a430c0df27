import type { CompressContext } from '@headroom/core';
import type { ResolvedRagOptions } from '../rag-compressor-options.js';
import { bm25Index } from './bm25.js';
import { budgetFor } from './budget.js';
import { collapseTrim } from './collapse-space.js';
import type { SearchHit, SearchResults } from './search-hit.js';
import { forEachTerm } from './terms.js';

/** A query word found in more than this share of the hits selects nothing (it is what was searched for). */
const COMMON_SHARE = 0.6;
const COMMON_MIN_HITS = 20;
/** About what a marker costs in tokens: hiding less than this does not pay. */
const MARKER_TOKENS = 25;
/** Characters of an over-long line that stay visible. */
const HEAD_CHARS = 160;

interface FileGroup {
  readonly file: string;
  readonly hits: SearchHit[];
  /** Relevance of the file as a whole: its best hit, plus a query word in its path. */
  score: number;
}

/** What search-result compression decided, for the header and for tests. */
export interface SearchOutcome {
  readonly text: string;
  readonly hits: number;
  readonly files: number;
  readonly queryMatches: number;
  readonly shown: number;
}

/**
 * Search results, grouped by file with the path printed once. Every match whose line carries a query word stays visible, with its
 * context lines; identical lines in a file are folded onto the first (`+2 alike: 52, 77`); without
 * a query (or within what the budget leaves) the best hits of the best files follow, round-robin.
 * Per file, what was left out goes behind one marker ("src/router.ts: 14 more hits (lines 20-311)");
 * files with nothing shown are listed with their counts behind one shared marker.
 */
export function compressSearch(input: string, results: SearchResults, query: readonly string[], context: CompressContext, options: ResolvedRagOptions): SearchOutcome {
  const hits = results.hits;
  const estimate = (text: string) => context.tokenizer.estimate(text);
  // A query word found on most hits is the searched-for pattern itself: it selects nothing.
  const index = bm25Index(
    hits.map((hit) => hit.content),
    query,
  );
  const common = hits.length >= COMMON_MIN_HITS ? query.map((_, i) => index.df[i]! > hits.length * COMMON_SHARE) : query.map(() => false);
  const selecting = query.filter((_, i) => !common[i]);
  const relevance = index.score(common.map((c) => !c));
  const keep = new Uint8Array(hits.length);
  const isQueryMatch = new Uint8Array(hits.length);
  let queryMatches = 0;
  for (let i = 0; i < hits.length; i++) {
    if (hits[i]!.match && relevance[i]! > 0) {
      isQueryMatch[i] = 1;
      keep[i] = 1;
      queryMatches++;
    }
  }
  if (options.keepContext) keepContextOf(hits, isQueryMatch, keep);

  const groups = groupByFile(hits, relevance, query);
  const alike = foldAlike(groups, keep);
  // Paths are printed whole, once per file: a path is what a reader (and a needle check) looks for.
  // Only grep's leading `./` goes: `./lib/x.js` and `lib/x.js` name the same file.
  const show = (file: string) => (file.startsWith('./') ? file.slice(2) : file);
  // A very long line (minified code, embedded data) shows its head; the whole line stays behind the file's marker.
  const long = (hit: SearchHit) => hit.content.length > options.maxHitChars;
  const contentOf = (hit: SearchHit) => (long(hit) ? `${hit.content.trim().slice(0, HEAD_CHARS)}... (${hit.content.length} chars)` : hit.content.trim());
  // A hit's shown line is priced, filled and rendered: it is built once.
  const shownLines: Array<string | undefined> = new Array(hits.length);
  const lineOf = (hit: SearchHit) => (shownLines[hit.order] ??= `${hit.line ?? ''}${hit.line === undefined ? '' : hit.match ? ':' : '-'}${contentOf(hit)}`);

  // Fill what the budget leaves with the best remaining hits, one file at a time, round-robin.
  let spent = 0;
  for (let i = 0; i < hits.length; i++) if (keep[i]) spent += estimate(lineOf(hits[i]!)) + 1;
  const budget = budgetFor(input, context, options, options.searchKeepRatio);
  const ranked = [...groups].sort((a, b) => b.score - a.score || a.hits[0]!.order - b.hits[0]!.order);
  const definitions = definitionsOf(hits);
  const queues = ranked.map((group) => rankHits(group.hits.filter((hit) => hit.match && !keep[hit.order] && !alike.folded.has(hit)), relevance, definitions));
  for (let round = 0; spent < budget; round++) {
    let progressed = false;
    for (let g = 0; g < ranked.length && spent < budget; g++) {
      const hit = queues[g]![round];
      if (!hit) continue;
      progressed = true;
      const cost = estimate(lineOf(hit)) + (round === 0 ? estimate(show(ranked[g]!.file)) + 1 : 1);
      if (spent + cost > budget * 1.1) continue;
      keep[hit.order] = 1;
      spent += cost;
    }
    if (!progressed) break;
  }

  const out: string[] = [];
  const shownFiles = groups.filter((g) => g.hits.some((hit) => keep[hit.order]));
  const matchesSaid = query.length === 0 ? 'no query: best-ranked per file' : `${queryMatches} match the query${selecting.length < query.length ? ` (too common to select: ${query.filter((t) => !selecting.includes(t)).join(', ')})` : ''}`;
  // JSON hits hide fields: the whole output is offered behind one marker. Grep-style output needs
  // none: every omitted line is behind its file's marker or the shared one.
  const whole = results.kind === 'json' ? `; full output ${context.offload(input, { summary: `full search output, ${hits.length} hits`, kind: 'whole' })}` : '';
  out.push(''); // the header, written once every line is decided
  for (const notice of results.notices) out.push(notice);
  if (results.constants && results.constants.length > 0) out.push(`every hit: ${results.constants.join(', ')}`);
  if (results.hiddenFields && results.hiddenFields.length > 0) out.push(`fields not shown: ${results.hiddenFields.join(', ')}`);

  // A file with a query match gets its own marker (up to maxFileMarkers); every other omission is
  // summarized per file in the visible text and shares one marker: a marker costs ~25 tokens.
  let fileMarkers = 0;
  const told: SearchHit[] = [];
  // Lines a file shares with an earlier file, number and text alike (vendored copies, packaged
  // boilerplate), are said in one line ("lines 4-13: the same as lite/x.d.ts"); they join the alike lines' marker.
  const repeats = repeatedLines((lines) => estimate(lines) >= MARKER_TOKENS, long);
  const repeated = new Uint8Array(hits.length);
  const headOf = new Map<SearchHit, SearchHit>();
  for (const [head, copies] of alike.onto) for (const copy of copies) headOf.set(copy, head);
  const rest: Array<{ group: FileGroup; omitted: SearchHit[] }> = [];
  const shownSet = new Set(shownFiles);
  for (const group of groups) {
    if (!shownSet.has(group)) {
      rest.push({ group, omitted: group.hits });
      continue;
    }
    const start = out.length;
    // Omitted lines that cost less than a marker are shown instead.
    const left = group.hits.filter((hit) => !keep[hit.order] && !alike.folded.has(hit));
    if (left.length > 0 && left.length === group.hits.filter((hit) => !keep[hit.order]).length && costsAtMost(left, (hit) => estimate(lineOf(hit)) + 1, MARKER_TOKENS)) {
      for (const hit of left) keep[hit.order] = 1;
    }
    const kept = group.hits.filter((hit) => keep[hit.order]);
    const lines = kept.map((hit) => {
      const folded = alike.onto.get(hit);
      const numbered = folded?.some((copy) => copy.line !== undefined);
      const line = folded && folded.length > 0 ? `${lineOf(hit)} (+${folded.length} alike${numbered ? `: ${listLines(folded)}` : ''})` : lineOf(hit);
      return line.includes('\n') ? line.replace(/\n/g, '\n    ') : line;
    });
    const same = group.file ? repeats.fold(group.file, kept, lines) : undefined;
    if (group.file) out.push(show(group.file));
    const sameLine = same ? `${same.where}: the same as ${show(same.file)}` : undefined;
    if (same) {
      out.push(sameLine!);
      for (const hit of same.hits) repeated[hit.order] = 1;
      told.push(...same.hits);
    }
    for (let k = 0; k < kept.length; k++) if (!repeated[kept[k]!.order]) out.push(lines[k]!);
    // A file with one visible line and no marker of its own reads as grep prints it: `path:12:text`.
    const single = () => {
      const line = out[start + 1];
      if (group.file && out.length === start + 2 && line !== undefined && !line.includes('\n')) out.splice(start, 2, `${show(group.file)}:${line === sameLine ? ' ' : ''}${line}`);
    };
    const omitted = group.hits.filter((hit) => !keep[hit.order] || long(hit));
    if (omitted.length === 0) {
      single();
      continue;
    }
    // Copies folded onto a shown line ("+2 alike: 14, 26") are already told: they join the shared
    // marker without a per-file marker or a place in the visible list.
    if (omitted.every((hit) => keep[headOf.get(hit)?.order ?? -1])) {
      told.push(...omitted);
      single();
      continue;
    }
    const matched = group.hits.some((hit) => isQueryMatch[hit.order]);
    if (!matched || fileMarkers >= options.maxFileMarkers) {
      rest.push({ group, omitted });
      single();
      continue;
    }
    fileMarkers++;
    // The marker sits right under its file's lines: the path above names it.
    out.push(context.offload(omitted.map((hit) => hit.raw).join('\n'), { summary: describeHits(omitted), kind: 'hits' }));
  }
  if (rest.length === 0 && told.length > 0) {
    out.push(context.offload(told.map((hit) => hit.raw).join('\n'), { summary: `${told.length} alike lines`, kind: 'hits' }));
  }
  if (rest.length > 0) {
    const count = rest.reduce((n, r) => n + r.omitted.length, 0) + told.length;
    const listed = rest.slice(0, options.maxListedFiles).map((r) => `${show(r.group.file)} ${describeHits(r.omitted, shownSet.has(r.group), true)}`);
    const more = rest.length > listed.length ? `; and ${rest.length - listed.length} more files` : '';
    out.push(`omitted: ${listed.join('; ')}${more}`);
    // In input order: a mark per hit, then one pass (each hit is omitted at most once).
    const omittedAt = new Uint8Array(hits.length);
    for (const r of rest) for (const hit of r.omitted) omittedAt[hit.order] = 1;
    for (const hit of told) omittedAt[hit.order] = 1;
    const raws: string[] = [];
    for (let i = 0; i < hits.length; i++) if (omittedAt[i]) raws.push(hits[i]!.raw);
    out.push(context.offload(raws.join('\n'), { summary: `${count} hits in ${rest.length} files${told.length > 0 ? ' and the alike lines' : ''}`, kind: 'hits' }));
  }
  let shown = 0;
  for (let i = 0; i < hits.length; i++) if (keep[i] && !repeated[i]) shown++;
  out[0] = `[headroom-rag: ${hits.length} hits in ${groups.length} files; ${shown} shown, ${matchesSaid}${whole}]`;
  return { text: out.join('\n'), hits: hits.length, files: groups.length, queryMatches, shown };
}

/**
 * Remembers which file first showed each line (its number and text). `fold` finds the earlier file
 * that showed most of a file's lines; when leaving those out pays (`pays(lines)`), it returns that
 * file, the hits to leave out and where they are ("lines 4-13"), and remembers the rest as this
 * file's. Long lines (shown as a head) are never left out: their whole text is behind a marker.
 */
function repeatedLines(pays: (lines: string) => boolean, long: (hit: SearchHit) => boolean) {
  const shownBy = new Map<string, string>();
  return {
    fold(file: string, hits: readonly SearchHit[], lines: readonly string[]): { file: string; hits: SearchHit[]; where: string } | undefined {
      const shared = new Map<string, number[]>();
      for (let k = 0; k < lines.length; k++) {
        const earlier = long(hits[k]!) ? undefined : shownBy.get(lines[k]!);
        if (earlier !== undefined) (shared.get(earlier) ?? shared.set(earlier, []).get(earlier)!).push(k);
      }
      let best: [string, number[]] | undefined;
      for (const entry of shared) if (!best || entry[1].length > best[1].length) best = entry;
      const folded = best && pays(best[1].map((k) => lines[k]).join('\n')) ? best : undefined;
      const left = new Set(folded?.[1]);
      for (let k = 0; k < lines.length; k++) if (!left.has(k) && !shownBy.has(lines[k]!)) shownBy.set(lines[k]!, file);
      if (!folded) return undefined;
      const foldedHits = folded[1].map((k) => hits[k]!);
      return { file: folded[0], hits: foldedHits, where: whereOf(foldedHits) };
    },
  };
}

/** "lines 4-13, 20" for numbered hits, "3 lines" otherwise. */
function whereOf(hits: readonly SearchHit[]): string {
  if (hits.some((hit) => hit.line === undefined)) return `${hits.length} lines`;
  const numbers = hits.map((hit) => hit.line!).sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    runs.push(j === i ? `${numbers[i]}` : `${numbers[i]}-${numbers[j]}`);
    i = j + 1;
  }
  return `${numbers.length === 1 ? 'line' : 'lines'} ${runs.join(', ')}`;
}

/** Whether the costs of `hits` add up to `limit` or less: stops counting once over (a file may have thousands). */
function costsAtMost(hits: readonly SearchHit[], cost: (hit: SearchHit) => number, limit: number): boolean {
  let total = 0;
  for (const hit of hits) {
    total += cost(hit);
    if (total > limit) return false;
  }
  return true;
}

/** Context lines of a kept match: the lines of the same file in its `-C` group. */
function keepContextOf(hits: readonly SearchHit[], matched: Uint8Array, keep: Uint8Array): void {
  const groups = new Set<string>();
  for (let i = 0; i < hits.length; i++) if (matched[i]) groups.add(`${hits[i]!.group}\u0000${hits[i]!.file}`);
  if (groups.size === 0) return;
  for (let i = 0; i < hits.length; i++) if (!hits[i]!.match && groups.has(`${hits[i]!.group}\u0000${hits[i]!.file}`)) keep[i] = 1;
}

function groupByFile(hits: readonly SearchHit[], relevance: Float64Array, query: readonly string[]): FileGroup[] {
  const byFile = new Map<string, FileGroup>();
  for (const hit of hits) {
    let group = byFile.get(hit.file);
    if (!group) {
      let named = false;
      forEachTerm(hit.file, (term) => {
        named ||= query.includes(term);
      });
      group = { file: hit.file, hits: [], score: named ? 1 : 0 };
      byFile.set(hit.file, group);
    }
    group.hits.push(hit);
  }
  for (const group of byFile.values()) {
    let best = 0;
    for (const hit of group.hits) best = Math.max(best, relevance[hit.order] ?? 0, hit.score ?? 0);
    group.score += best;
  }
  return [...byFile.values()];
}

/** Best first: query relevance, then the tool's own score, then a definition, then order. */
function rankHits(hits: readonly SearchHit[], relevance: Float64Array, definitions: Uint8Array): SearchHit[] {
  return [...hits].sort((a, b) => (relevance[b.order] ?? 0) - (relevance[a.order] ?? 0) || (b.score ?? 0) - (a.score ?? 0) || definitions[b.order]! - definitions[a.order]! || a.order - b.order);
}

const DEFINITION = /^\s*(?:export |pub |async |def |class |function |fn |func |interface |type |struct |impl |module )/;

/** 1 for a hit whose line starts a definition: tested once per hit, not once per comparison of a sort. */
function definitionsOf(hits: readonly SearchHit[]): Uint8Array {
  const out = new Uint8Array(hits.length);
  for (let i = 0; i < hits.length; i++) if (DEFINITION.test(hits[i]!.content)) out[i] = 1;
  return out;
}

/**
 * Identical matches (up to spacing) in one file fold onto the first: it is shown once with the
 * line numbers of its copies, and a copy that was to be kept makes the first one kept instead.
 */
function foldAlike(groups: readonly FileGroup[], keep: Uint8Array): { onto: Map<SearchHit, SearchHit[]>; folded: Set<SearchHit> } {
  const onto = new Map<SearchHit, SearchHit[]>();
  const folded = new Set<SearchHit>();
  for (const group of groups) {
    const first = new Map<string, SearchHit>();
    for (const hit of group.hits) {
      if (!hit.match) continue;
      // `collapseTrim(s)` is `collapseSpace(s.trim())` (trim and `\s` know the same spaces), in one pass.
      const key = collapseTrim(hit.content);
      const head = first.get(key);
      if (!head) {
        first.set(key, hit);
        continue;
      }
      const copies = onto.get(head) ?? [];
      copies.push(hit);
      onto.set(head, copies);
      folded.add(hit);
      if (keep[hit.order]) {
        keep[head.order] = 1;
        keep[hit.order] = 0;
      }
    }
  }
  return { onto, folded };
}

/** "14 more hits (lines 20-311)"; in a list, just the count: "(14)". */
function describeHits(hits: readonly SearchHit[], more = true, short = false): string {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const hit of hits) {
    if (hit.line === undefined) continue;
    low = Math.min(low, hit.line);
    high = Math.max(high, hit.line);
  }
  const range = low > high ? '' : low === high ? `${low}` : `${low}-${high}`;
  if (short) return `(${hits.length})`;
  const noun = `${more ? 'more ' : ''}${hits.length === 1 ? 'hit' : 'hits'}`;
  return range ? `${hits.length} ${noun} (${range.includes('-') ? 'lines' : 'line'} ${range})` : `${hits.length} ${noun}`;
}

function listLines(hits: readonly SearchHit[]): string {
  const lines = hits.map((hit) => hit.line ?? '?');
  return lines.length <= 6 ? lines.join(', ') : `${lines.slice(0, 5).join(', ')} and ${lines.length - 5} more`;
}

