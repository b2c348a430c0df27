import { estimateTokens } from '@headroom/core';
import type { Analysis } from './analyze.js';
import { render } from './render.js';

/**
 * The lossless text for an analysed value: the table encoding when it is smaller than minified
 * JSON, else minified JSON. The margin keeps estimate error from ever making it larger.
 */
export function encodeLossless(analysis: Analysis): string {
  const minified = JSON.stringify(analysis.value) ?? 'null';
  if (analysis.tables.length === 0) return minified;
  const encoded = render(analysis);
  // Clearly smaller or larger in characters settles it (tables drop the token-dense quotes and
  // keys); only close calls pay for estimates, with a margin so estimate error never makes it larger.
  if (encoded.length < 0.92 * minified.length) return encoded;
  if (encoded.length >= minified.length) return minified;
  return estimateTokens(encoded) < 0.97 * estimateTokens(minified) ? encoded : minified;
}
