import type { LearnedRule, PolicyFile } from '@headroom/core';
import type { ToolObservation } from './analyze-ledger.js';

export type ChangeKind = 'lossless' | 'keep-more' | 'exempt' | 'harder' | 'none' | 'too-few';

/** What `headroom learn` proposes for one tool key, and why. */
export interface Proposal {
  readonly key: string;
  readonly change: ChangeKind;
  /** The rule to write (absent for `none` and `too-few`), already merged with the previous rule for this key. */
  readonly rule?: LearnedRule;
  /** One line for people. */
  readonly reason: string;
  /** Share of results with markers whose omissions were needed again (retrieved or re-read), 0..1. */
  readonly demand: number;
}

/** Below this many results with markers, nothing is proposed: too little to tell. */
export const MIN_RESULTS = 3;
/** A tool never retrieved is compressed harder only after this many results with markers. */
export const MIN_RESULTS_FOR_HARDER = 5;
const KEEP_MORE = 4;
const KEEP_SOME_MORE = 2;
const HARDER = 0.5;

/**
 * The change to propose for one observation. Thresholds are fixed and the inputs are counts, so the
 * same ledger always gives the same proposals. Keep-more factors come from the demand, not from the
 * previous factor, and merge as a maximum: running `--apply` twice on the same data changes nothing.
 */
export function proposeRule(observation: ToolObservation, previous: PolicyFile): Proposal {
  const { key, resultsWithMarkers: marked } = observation;
  const before = previous.tools[key];
  const demand = marked === 0 ? 0 : Math.min(1, (observation.retrievedRefs + observation.rereads) / marked);
  const saved = observation.tokensBefore === 0 ? 0 : 1 - observation.tokensAfter / observation.tokensBefore;
  const seen = `${observation.results} results, ${observation.markers} markers, ${observation.retrievedRefs} retrieved, ${observation.rereads} re-read`;
  const none = (change: ChangeKind, why: string): Proposal => ({ key, change, reason: why, demand });
  if (marked < MIN_RESULTS) return none('too-few', `${seen}: fewer than ${MIN_RESULTS} results with omissions, too few to tell`);
  const propose = (change: ChangeKind, rule: LearnedRule, why: string): Proposal => ({ key, change, rule: { ...rule, because: `${seen}: ${why}` }, reason: why, demand });
  const pct = (x: number) => `${Math.round(x * 100)}%`;

  if (saved < 0.1 && demand >= 0.5) {
    return propose('exempt', { ...before, exempt: true }, `omissions needed again for ${pct(demand)} of results and compression saved only ${pct(saved)}: exempt the tool`);
  }
  if (demand >= 0.8) {
    return propose('lossless', { ...withoutBecause(before), mode: 'lossless' }, `omissions needed again for ${pct(demand)} of results: re-encode only, omit nothing`);
  }
  if (demand >= 0.2) {
    const factor = Math.max(demand >= 0.5 ? KEEP_MORE : KEEP_SOME_MORE, ...factorsOf(before).filter((f) => f > 1));
    return propose('keep-more', withFactor(before, observation.compressors, factor), `omissions needed again for ${pct(demand)} of results: keep ${factor}x more visible`);
  }
  const hands = before?.mode === 'lossless' || before?.exempt === true || factorsOf(before).some((f) => f > 1);
  if (demand === 0 && observation.retrievals === 0 && marked >= MIN_RESULTS_FOR_HARDER && !hands) {
    return propose('harder', withFactor(before, observation.compressors, HARDER), `no omission was ever needed again in ${marked} results: keep ${HARDER}x as much`);
  }
  return none('none', `${seen}: omissions needed again for ${pct(demand)} of results, within bounds`);
}

function withoutBecause(rule: LearnedRule | undefined): LearnedRule {
  if (!rule) return {};
  const { because: _because, ...rest } = rule;
  return rest;
}

function factorsOf(rule: LearnedRule | undefined): number[] {
  return Object.values(rule?.compressorOptions ?? {})
    .map((options) => options.keepFactor)
    .filter((f): f is number => typeof f === 'number');
}

function withFactor(before: LearnedRule | undefined, compressors: readonly string[], keepFactor: number): LearnedRule {
  const options: Record<string, Readonly<Record<string, unknown>>> = { ...before?.compressorOptions };
  for (const name of compressors) options[name] = { ...options[name], keepFactor };
  return { ...withoutBecause(before), compressorOptions: options };
}
