// Where the json compressor's time goes, by stage: shares of its own samples (detect + compress,
// inclusive) in a CPU profile of the bench's JSON inputs. Each sample counts for the first stage
// below found on its stack (so the trial renders inside analysis count as trial renders, a render
// inside the lossless text as lossless text). Garbage collection has no stack and is listed apart.
//   JSON_ONLY=1 node --cpu-prof --cpu-prof-interval 250 --cpu-prof-dir=/tmp/prof scripts/profile.mjs lossy 30
//   node scripts/profile-stages.mjs /tmp/prof/*.cpuprofile
import { readFileSync } from 'node:fs';

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const counts = new Map();
for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);

const stages = [
  ['parse (detect: JSON.parse, number-text check)', 'detect'],
  ['depth check', 'maxDepth'],
  ['analysis: trial renders (is a table worth it?)', 'worthATable'],
  ['analysis: tables built (columns, classify)', 'buildTable'],
  ['analysis: the rest (walk, child tables)', 'analyze'],
  ['lossless text', 'encodeLossless'],
  ['lossy: row signals', 'selectRows'],
  ['lossy: source index (where values came from)', 'indexDeferred'],
  ['lossy: offload (hashing and storing originals)', 'offload'],
  ['lossy: long collections thinned', 'thinCollections'],
  ['lossy: render', 'render'],
  ['lossy: the rest (originals, cut strings)', 'renderLossy'],
  ['the rest of compress', 'compress'],
];
const shares = new Map(stages.map(([name]) => [name, 0]));
let ours = 0;
let gc = 0;
let all = 0;
for (const [id, count] of counts) {
  all += count;
  if (byId.get(id).callFrame.functionName === '(garbage collector)') {
    gc += count;
    continue;
  }
  const names = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) names.add(byId.get(at).callFrame.functionName);
  if (!names.has('detect') && !names.has('compress')) continue;
  ours += count;
  const [name] = stages.find(([, fn]) => names.has(fn));
  shares.set(name, shares.get(name) + count);
}
for (const [name, count] of shares) console.log(`${((100 * count) / ours).toFixed(1).padStart(5)}%  ${name}`);
console.log(`(${ours} samples of the compressor, ${((100 * ours) / all).toFixed(1)}% of all; garbage collection ${((100 * gc) / all).toFixed(1)}% of all, not attributed)`);
