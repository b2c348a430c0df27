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
  // Far smaller in characters is smaller in tokens too; only close calls pay for an estimate.
  if (encoded.length < 0.6 * minified.length) return encoded;
  return estimateTokens(encoded) < 0.97 * estimateTokens(minified) && encoded.length < minified.length * 1.1 ? encoded : minified;
}
