// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time and total (inclusive) time per
// function, the top N of each, as a share of the sampled time. Optional --from NAME: only samples
// whose stack holds a function named NAME (e.g. `compress` of the pipeline) count.
//   node packages/compressor-text/scripts/profile-summary.mjs FILE.cpuprofile [--top 40] [--from NAME] [--callers NAME] [--samples]
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args[0];
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const top = Number(option('--top') ?? 40);
const from = option('--from');
const callersOf = option('--callers');
const bySamples = args.includes('--samples');
const profile = JSON.parse(readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const label = (node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*\/(packages|apps)\//, '$1/').replace(/^file:\/\//, '')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
};

const deltas = profile.timeDeltas;
const self = new Map();
const callers = new Map();
const total = new Map();
let sampled = 0;
for (let i = 0; i < profile.samples.length; i++) {
  // --samples: every sample weighs the same (on a loaded machine the time between two samples
  // includes time the process was not running, and lands on whatever function was sampled).
  const ms = bySamples ? 1 : (deltas[i + 1] ?? 0) / 1000;
  const leaf = byId.get(profile.samples[i]);
  const stack = [];
  for (let id = leaf.id; id !== undefined; id = parent.get(id)) stack.push(byId.get(id));
  if (from && !stack.some((node) => node.callFrame.functionName === from)) continue;
  if (leaf.callFrame.functionName === '(idle)') continue;
  sampled += ms;
  self.set(label(leaf), (self.get(label(leaf)) ?? 0) + ms);
  for (const name of new Set(stack.map(label))) total.set(name, (total.get(name) ?? 0) + ms);
  const at = callersOf ? stack.findIndex((node) => node.callFrame.functionName === callersOf) : -1;
  if (at >= 0 && stack[at + 1]) {
    const caller = stack.slice(at + 1, at + 3).map(label).join(' < ');
    callers.set(caller, (callers.get(caller) ?? 0) + ms);
  }
}
const show = (title, map) => {
  const unit = bySamples ? 'samples' : 'ms';
  console.log(`\n${title} (of ${sampled.toFixed(0)} ${unit} sampled${from ? ` under ${from}` : ''})`);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${ms.toFixed(0).padStart(7)} ${unit.padEnd(7)} ${((100 * ms) / sampled).toFixed(1).padStart(5)}%  ${name}`);
  }
};
show('self time', self);
show('total time', total);
if (callersOf) show(`callers of ${callersOf} (two frames up)`, callers);
