import { WILDCARD } from './tokenize-line.js';

/** Distinct values tracked per variable; past this the count is reported as a floor ("1000+"). */
const MAX_DISTINCT = 1000;
const MAX_SLOTS = 4;
/** Up to this many distinct values are listed (`GET|POST|PUT`), when all are this short; else counted. */
const MAX_LISTED = 4;
const MAX_LISTED_CHARS = 16;
const MAX_RANGE_CHARS = 24;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
// Times and dates: their first and last values say when something happened.
const TIME_LIKE = /^[\d:.,\-/T]+Z?$/;

interface Slot {
  readonly position: number;
  readonly header: boolean;
  readonly distinct: Set<string>;
  overflow: boolean;
  numeric: boolean;
  timeLike: boolean;
  min: number;
  max: number;
  first: string;
  last: string;
}

/** Collects, per variable position of a template, what its lines put there. */
export interface VariableSummary {
  add(raw: readonly string[]): void;
  /** `0..2; 411 distinct; 20:36:15..21:59:59; GET|POST`: first four varying positions; empty when none varies. */
  render(): string;
}

/**
 * `header[position]` marks header columns (time, pid, host, level): only the first of them is
 * summarized, and only when it holds times or dates (the span of the group); the example line
 * shows the others.
 */
export function summarizeVariables(template: readonly string[], header: readonly boolean[] = []): VariableSummary {
  const slots: Slot[] = [];
  let timeColumnChosen = false;
  template.forEach((token, position) => {
    if (!token.includes(WILDCARD)) return;
    const isHeader = header[position] === true;
    // Header columns other than the first are not summarized, so not tracked either.
    if (isHeader && timeColumnChosen) return;
    if (isHeader) timeColumnChosen = true;
    slots.push({ position, header: isHeader, distinct: new Set(), overflow: false, numeric: true, timeLike: true, min: Infinity, max: -Infinity, first: '', last: '' });
  });
  return {
    add(raw) {
      for (const slot of slots) {
        const value = raw[slot.position] ?? '';
        if (slot.distinct.size === 0 && !slot.overflow) slot.first = value;
        slot.last = value;
        if (slot.distinct.size < MAX_DISTINCT) slot.distinct.add(value);
        else if (!slot.distinct.has(value)) slot.overflow = true;
        if (slot.numeric && NUMBER.test(value)) {
          const n = Number(value);
          if (n < slot.min) slot.min = n;
          if (n > slot.max) slot.max = n;
        } else slot.numeric = false;
        if (slot.timeLike && !TIME_LIKE.test(value)) slot.timeLike = false;
      }
    },
    render() {
      const parts = slots.filter((slot) => slot.distinct.size > 1 && (!slot.header || slot.timeLike)).map(describe);
      if (parts.length > MAX_SLOTS) return `${parts.slice(0, MAX_SLOTS).join('; ')}; +${parts.length - MAX_SLOTS} more`;
      return parts.join('; ');
    },
  };
}

function describe(slot: Slot): string {
  const count = `${slot.distinct.size}${slot.overflow ? '+' : ''}`;
  const listed = [...slot.distinct];
  if (!slot.overflow && listed.length <= MAX_LISTED && listed.every((value) => value.length <= MAX_LISTED_CHARS)) return listed.join('|');
  if (slot.numeric) return `${slot.min}..${slot.max}`;
  if (slot.timeLike && slot.first.length <= MAX_RANGE_CHARS && slot.last.length <= MAX_RANGE_CHARS) return `${slot.first}..${slot.last}`;
  return `${count} distinct`;
}
