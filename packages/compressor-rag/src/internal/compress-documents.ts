import type { CompressContext } from '@headroom/core';
import type { ResolvedRagOptions } from '../rag-compressor-options.js';
import { bm25Scores } from './bm25.js';
import { budgetFor } from './budget.js';
import type { DocBlock, ParsedDocument } from './document-block.js';
import { nearDuplicateSections } from './near-duplicates.js';
import { parseHtml } from './parse-html.js';
import { parseTextDocument } from './parse-text-document.js';
import { repeatedTexts } from './repeated-texts.js';
import { splitSentences } from './sentences.js';

const HTML = /^\s*(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])|<(?:p|div|h[1-6]|li|pre|table)[\s>]/i;
/** Tokens a marker costs, about: the planner counts them before it renders. */
const MARKER_TOKENS = 25;
/** The best passages whose short next sentence is kept with them, and how short is short. */
const FOLLOW_TOP = 3;
const FOLLOW_TOKENS = 12;

interface Section {
  readonly heading: number | undefined;
  readonly start: number;
  end: number;
  readonly blocks: number[];
  duplicateOf?: number;
}

interface Unit {
  readonly block: number;
  readonly section: number;
  readonly kind: 'sentence' | 'code' | 'table';
  readonly text: string;
  readonly tokens: number;
  /** Index of the sentence within its block (0 for code and tables). */
  readonly index: number;
  duplicate: boolean;
}

/**
 * Documents, query-aware: every heading stays as a visible outline (deep levels give way when the
 * outline alone would outgrow the budget); within the budget the passages (sentences, code blocks,
 * tables) that score best against the query by BM25 — with a section's heading lending its score to
 * its passages — stay verbatim. Without a query: the opening passage, code blocks and the first
 * sentence of each section. Duplicate passages and near-duplicate documents are dropped. Runs of
 * sections with omissions share one marker holding their exact source (for HTML: the page source).
 */
export function compressDocuments(input: string, query: readonly string[], context: CompressContext, options: ResolvedRagOptions): string | undefined {
  const doc: ParsedDocument = HTML.test(input.slice(0, 4096)) && /<\/?[a-z][^>]*>/i.test(input.slice(0, 65536)) ? parseHtml(input) : parseTextDocument(input);
  const blocks = doc.blocks;
  if (blocks.length === 0) return undefined;
  const estimate = (text: string) => context.tokenizer.estimate(text);
  const sections = sectionsOf(blocks, input.length);
  // Passages are priced at ~4 characters a token: planning needs no exact count, and it is cheap.
  const units = unitsOf(blocks, sections, (text) => Math.ceil(text.length / 4));
  if (units.length < 2) return undefined;
  markDuplicates(units);
  if (doc.format === 'documents') {
    const dup = nearDuplicateSections(sections.map((s) => s.blocks.map((b) => blocks[b]!.text).join('\n')), options.nearDuplicate);
    dup.forEach((of, i) => {
      if (of === undefined) return;
      sections[i]!.duplicateOf = of;
      for (const unit of units) if (unit.section === i) unit.duplicate = true;
    });
  }

  // The outline: every document title, and headings down to the deepest level that fits.
  const budget = budgetFor(input, context, options);
  const shownHeading = (text: string) => (doc.format === 'documents' ? compactTitle(text) : text);
  const headingCost = (level: number) => sections.reduce((n, s) => n + (s.heading !== undefined && blocks[s.heading]!.level <= level ? estimate(shownHeading(blocks[s.heading]!.text)) + 1 : 0), 0);
  let outlineLevel = 6;
  const outlineCap = doc.format === 'documents' ? Number.POSITIVE_INFINITY : Math.max(budget * 0.6, 150);
  while (outlineLevel > 1 && headingCost(outlineLevel) > outlineCap) outlineLevel--;
  const overhead = context.target !== undefined ? headingCost(outlineLevel) + 30 + MARKER_TOKENS * Math.min(sections.length, 4) : 0;
  const unitBudget = Math.max(0, budget - overhead);

  const keep = new Uint8Array(units.length);
  let spent = 0;
  const take = (u: number, cap = unitBudget) => {
    const unit = units[u]!;
    if (keep[u] || unit.duplicate || spent + unit.tokens > cap) return false;
    keep[u] = 1;
    spent += unit.tokens;
    return true;
  };
  if (query.length > 0) {
    const scores = bm25Scores(
      units.map((unit) => unit.text),
      query,
    );
    const headingScores = bm25Scores(
      sections.map((s) => (s.heading === undefined ? '' : blocks[s.heading]!.text)),
      query,
    );
    const order = units.map((_, i) => i).filter((i) => scores[i]! > 0 || headingScores[units[i]!.section]! > 0);
    const score = (i: number) => scores[i]! + 0.5 * headingScores[units[i]!.section]!;
    order.sort((a, b) => score(b) - score(a) || a - b);
    // The best passage stays even over budget: a query's answer is what must not be lost.
    if (order.length > 0) take(order[0]!, Number.POSITIVE_INFINITY);
    for (const i of order) if (spent < unitBudget) take(i);
    // A short sentence right after one of the best often completes it ("… after changing one
    // file. Ninja is under a second."): it comes along when it is cheap.
    for (const i of order.slice(0, FOLLOW_TOP)) {
      const next = units[i + 1];
      if (keep[i] && next && next.block === units[i]!.block && next.kind === 'sentence' && next.tokens <= FOLLOW_TOKENS) take(i + 1, Number.POSITIVE_INFINITY);
    }
  } else {
    leadPassages(units, sections, take, unitBudget * options.maxCodeShare);
  }
  const kept = keep.reduce((n, k) => n + k, 0);
  if (kept === units.length) return undefined;

  const out: string[] = [];
  const html = doc.format === 'html';
  const duplicates = units.filter((u) => u.duplicate).length;
  const why = query.length > 0 ? 'best matches for the query' : 'no query: outline, first passages and code blocks';
  const original = html ? `; tags, scripts, styles and navigation stripped, page source ${context.offload(input, { summary: `HTML source, ${input.length} chars`, kind: 'whole' })}` : '';
  out.push(`[headroom-rag: ${doc.format}, ${sections.length} sections; ${kept} of ${units.length} passages shown (${why})${duplicates > 0 ? `; ${duplicates} duplicates dropped` : ''}${original}]`);

  let pending: { start: number; end: number; sentences: number; code: number; sections: number; first: string; last: string } | undefined;
  // Several documents: titles of documents with nothing shown go on one line ("[5] Title; [6] Title").
  const titles: string[] = [];
  const flushTitles = () => {
    if (titles.length > 0) out.push(`${titles.length === 1 ? 'also' : `also ${titles.length}`}: ${titles.join('; ')}`);
    titles.length = 0;
  };
  const flush = () => {
    flushTitles();
    if (!pending) return;
    const what = [pending.sentences > 0 ? `${pending.sentences} sentences` : '', pending.code > 0 ? `${pending.code} code blocks` : ''].filter(Boolean).join(', ') || 'content';
    const noun = doc.format === 'documents' ? 'documents' : 'sections';
    const where = pending.sections === 1 ? `${noun.slice(0, -1)} ${pending.first}` : `${pending.sections} ${noun}`;
    out.push(context.offload(input.slice(pending.start, pending.end), { summary: `${where}: ${what} omitted`, kind: 'section' }));
    pending = undefined;
  };
  const unitsBySection = new Map<number, number[]>();
  units.forEach((unit, i) => {
    const list = unitsBySection.get(unit.section) ?? [];
    list.push(i);
    unitsBySection.set(unit.section, list);
  });
  sections.forEach((section, s) => {
    const own = unitsBySection.get(s) ?? [];
    const shown = own.filter((u) => keep[u]);
    if (shown.length > 0) flush();
    const heading = section.heading === undefined ? undefined : blocks[section.heading]!;
    const visibleHeading = heading !== undefined && (heading.level <= outlineLevel || shown.length > 0);
    const note = section.duplicateOf === undefined ? '' : ` (near-duplicate of ${titleOf(blocks, sections[section.duplicateOf]!)})`;
    if (heading && visibleHeading && doc.format === 'documents' && shown.length === 0) titles.push(`${compactTitle(heading.text)}${note}`);
    else if (heading && visibleHeading) {
      flushTitles();
      out.push(`${heading.text}${note}`);
    }
    renderUnits(units, shown, blocks, out);
    const omitted = own.filter((u) => !keep[u]);
    const hiddenHeading = heading !== undefined && !visibleHeading;
    if (omitted.length === 0 && !hiddenHeading && !section.blocks.some((b) => blocks[b]!.kind === 'meta')) return;
    const title = heading ? titleOf(blocks, section) : '(start)';
    pending ??= { start: section.start, end: section.end, sentences: 0, code: 0, sections: 0, first: title, last: title };
    pending.end = section.end;
    pending.sections++;
    pending.last = title;
    for (const u of omitted) {
      if (units[u]!.kind === 'sentence') pending.sentences++;
      else pending.code++;
    }
  });
  flush();
  const text = out.join('\n');
  return text.length < input.length || estimate(text) < estimate(input) ? text : undefined;
}

function sectionsOf(blocks: readonly DocBlock[], length: number): Section[] {
  const sections: Section[] = [];
  let current: Section = { heading: undefined, start: 0, end: length, blocks: [] };
  blocks.forEach((block, i) => {
    if (block.kind === 'heading') {
      if (current.blocks.length > 0 || current.heading !== undefined) {
        current.end = sections.length === 0 && current.heading === undefined ? block.start : block.start;
        sections.push(current);
      }
      current = { heading: i, start: sections.length === 0 ? 0 : block.start, end: length, blocks: [] };
      return;
    }
    current.blocks.push(i);
  });
  sections.push(current);
  // Sections tile the input: each ends where the next begins.
  for (let i = 0; i + 1 < sections.length; i++) sections[i]!.end = sections[i + 1]!.start;
  sections[sections.length - 1]!.end = length;
  return sections;
}

function unitsOf(blocks: readonly DocBlock[], sections: readonly Section[], estimate: (text: string) => number): Unit[] {
  const units: Unit[] = [];
  sections.forEach((section, s) => {
    for (const b of section.blocks) {
      const block = blocks[b]!;
      if (block.kind === 'meta') continue;
      if (block.kind === 'code' || block.kind === 'table') {
        units.push({ block: b, section: s, kind: block.kind, text: block.text, tokens: estimate(block.text) + 1, index: 0, duplicate: false });
        continue;
      }
      splitSentences(block.text).forEach((span, index) => {
        const text = block.text.slice(span.start, span.end);
        units.push({ block: b, section: s, kind: 'sentence', text, tokens: estimate(text) + 1, index, duplicate: false });
      });
    }
  });
  return units;
}

/** A passage that repeats an earlier one (up to case and spacing) adds nothing. */
function markDuplicates(units: Unit[]): void {
  const repeated = repeatedTexts(
    units.map((unit) => unit.text),
    20,
  );
  units.forEach((unit, i) => {
    if (repeated[i]) unit.duplicate = true;
  });
}

/** No query: the opening passage, then code blocks that fit, then each section's first sentence. */
function leadPassages(units: readonly Unit[], sections: readonly Section[], take: (u: number, cap?: number) => boolean, codeCap: number): void {
  let lead = 0;
  for (let u = 0; u < units.length && lead < 3; u++) {
    if (units[u]!.kind !== 'sentence') continue;
    if (units[u]!.block !== units.find((x) => x.kind === 'sentence')!.block) break;
    if (take(u)) lead++;
  }
  for (let u = 0; u < units.length; u++) if (units[u]!.kind !== 'sentence' && units[u]!.tokens <= codeCap) take(u);
  const firstOf = new Map<number, number>();
  units.forEach((unit, u) => {
    if (unit.kind === 'sentence' && !firstOf.has(unit.section)) firstOf.set(unit.section, u);
  });
  for (let s = 0; s < sections.length; s++) {
    const u = firstOf.get(s);
    if (u !== undefined) take(u);
  }
}

function renderUnits(units: readonly Unit[], shown: readonly number[], blocks: readonly DocBlock[], out: string[]): void {
  let i = 0;
  while (i < shown.length) {
    const block = units[shown[i]!]!.block;
    const parts: string[] = [];
    let previous = -2;
    for (; i < shown.length && units[shown[i]!]!.block === block; i++) {
      const unit = units[shown[i]!]!;
      parts.push(previous >= 0 && unit.index !== previous + 1 ? `… ${unit.text}` : unit.text);
      previous = unit.index;
    }
    const all = blocks[block]!;
    out.push(all.kind === 'text' && parts.length > 0 ? parts.join(' ') : parts.join('\n'));
  }
}

function titleOf(blocks: readonly DocBlock[], section: Section): string {
  if (section.heading === undefined) return '(start)';
  const text = compactTitle(blocks[section.heading]!.text.split('\n')[0]!.replace(/^#+\s*/, '').trim());
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** `Document [5](Title: Pearl)` → `[5] Pearl`; `<source>x</source>` and `Title: x` → `x`. */
function compactTitle(heading: string): string {
  const doc = /^Document (\[\d+\])(?:\(Title: (.*)\))?$/.exec(heading);
  if (doc) return doc[2] === undefined ? doc[1]! : `${doc[1]} ${doc[2]}`;
  return heading.replace(/^<source>(.*)<\/source>$/, '$1').replace(/^(?:Title|Source): /, '').trim();
}
