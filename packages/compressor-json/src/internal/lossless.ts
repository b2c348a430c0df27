import { estimateTokens } from '@headroom/core';
import type { Analysis } from './analyze.js';
import { fewerTokens } from './fewer-tokens.js';
import { stringifyJson } from './raw-number.js';
import { render } from './render.js';

/**
 * The lossless text for an analysed value: the table encoding when it is smaller than minified
 * JSON, else minified JSON. The margin keeps estimate error from ever making it larger.
 */
export function encodeLossless(analysis: Analysis): string {
  const minified = stringifyJson(analysis.value);
  if (analysis.tables.length === 0) return minified;
  const encoded = render(analysis);
  // The margin keeps estimate error on near-ties from ever making the result larger.
  return fewerTokens(encoded, minified, estimateTokens, { surely: 0.92, never: 1, margin: 0.97 }) ? encoded : minified;
}
