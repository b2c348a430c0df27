// CPU time of `skeletonParse` (resent bodies found by their bytes) against the plain parse, on the
// proxy bench's bodies, per body size. After `pnpm exec tsc -b` here and a build of apps/bench:
// `KB=100 node scripts/measure-skeleton.mjs` (200 bodies, each parsed once first, then 5 rounds).
import { isDeepStrictEqual } from 'node:util';
import { createBodyFactory } from '../../../apps/bench/dist/proxy/internal/request-bodies.js';
import { parseJsonBytes } from '../dist/internal/parse-json-bytes.js';
import { skeletonParse } from '../dist/internal/skeleton-parse.js';
import { createSpliceMemo } from '../dist/internal/splice-memo.js';

const KB = Number(process.env.KB ?? 100);
const bodyOf = createBodyFactory(KB * 1024);
const bodies = Array.from({ length: 200 }, (_, i) => Buffer.from(bodyOf(i)));
const memo = createSpliceMemo(32 * 1024 * 1024);
for (const body of bodies) if (!isDeepStrictEqual(skeletonParse(body, memo, 't')?.parsed, parseJsonBytes(body))) throw new Error('skeletonParse differs from the plain parse');
const time = (parse) => {
  const start = process.cpuUsage();
  for (let round = 0; round < 5; round++) for (const body of bodies) parse(body);
  const used = process.cpuUsage(start);
  return ((used.user + used.system) / (5 * bodies.length)).toFixed(0);
};
console.log(`${KB} KB: skeletonParse ${time((body) => skeletonParse(body, memo, 't'))} µs, plain parse ${time(parseJsonBytes)} µs per body`);
