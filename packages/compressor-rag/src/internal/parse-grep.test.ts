import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { grepShare, grepShareAtLeast } from './parse-grep.js';

const here = new URL('.', import.meta.url).pathname;

describe('grepShareAtLeast', () => {
  it('answers as grepShare(input) >= share on real grep output, a README and every mix of the two', () => {
    const grep = execFileSync('grep', ['-rn', '-C1', 'function', here], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const grepLines = grep.split('\n');
    const proseLines = readme.split('\n');
    const inputs = [grep, readme, ''];
    // The first k lines grep, the rest prose (and the other way round): the share crosses every threshold.
    for (let k = 0; k <= 320; k += 7) {
      inputs.push([...grepLines.slice(0, k), ...proseLines].join('\n'));
      inputs.push([...proseLines.slice(0, k), ...grepLines].join('\n'));
      inputs.push([...grepLines.slice(0, k), ...proseLines.slice(0, 40)].join('\n'));
    }
    let both = 0;
    for (const input of inputs) {
      const share = grepShare(input);
      for (const threshold of [0.3, 0.6, 0.9]) {
        expect(grepShareAtLeast(input, threshold)).toBe(share >= threshold);
        if (share > 0 && share < 1) both++;
      }
    }
    expect(both).toBeGreaterThan(50);
  });
});
