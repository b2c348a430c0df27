import { WILDCARD } from './tokenize-line.js';

/** Distinct values tracked per variable; past this the count is reported as a floor ("1000+"). */
const MAX_DISTINCT = 1000;
const MAX_SLOTS = 6;
const MAX_VALUE_CHARS = 24;
/** Up to this many distinct values are listed (`GET|POST|PUT`); more are counted. */
const MAX_LISTED = 4;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
// Times and dates: their first and last values say when something happened.
const TIME_LIKE = /^[\d:.,\-/T]+Z?$/;

interface Slot {
  readonly position: number;
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
  /** `0..2; 411 distinct; 081109 203615..081109 215959`; empty when nothing varies. */
  render(): string;
}

export function summarizeVariables(template: readonly string[]): VariableSummary {
  const slots: Slot[] = [];
  template.forEach((token, position) => {
    if (token.includes(WILDCARD)) {
      slots.push({ position, distinct: new Set(), overflow: false, numeric: true, timeLike: true, min: Infinity, max: -Infinity, first: '', last: '' });
    }
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
      const parts = slots.filter((slot) => slot.distinct.size > 1).map(describe);
      if (parts.length > MAX_SLOTS) return `${parts.slice(0, MAX_SLOTS).join('; ')}; +${parts.length - MAX_SLOTS} more`;
      return parts.join('; ');
    },
  };
}

function describe(slot: Slot): string {
  const count = `${slot.distinct.size}${slot.overflow ? '+' : ''}`;
  if (slot.distinct.size <= MAX_LISTED && !slot.overflow) return [...slot.distinct].map(clip).join('|');
  if (slot.numeric) return `${slot.min}..${slot.max}`;
  if (slot.timeLike) return `${clip(slot.first)}..${clip(slot.last)}`;
  return `${count} distinct`;
}

function clip(value: string): string {
  return value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS - 1)}…` : value;
}
