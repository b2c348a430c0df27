import { readFileSync } from 'node:fs';
import { nativeBackend, wasmBackend } from './dist/internal/backend.js';
import { planPythonSkeleton } from './dist/internal/plan-python-skeleton.js';
import { planTsSkeleton } from './dist/internal/plan-ts-skeleton.js';
const f = process.argv[2]; const lang = process.argv[3]; const text = readFileSync(f, 'utf8');
const b = process.argv[4] === 'wasm' ? await wasmBackend() : nativeBackend();
const plan = lang === 'python' ? planPythonSkeleton : planTsSkeleton;
let bp = Infinity, bl = Infinity;
for (let k = 0; k < 15; k++) {
let t = performance.now(); const tree = b.parse(text, lang, Infinity); bp = Math.min(bp, performance.now() - t);
t = performance.now(); plan(text, tree.root, { maxBodyLines: 5, maxCommentLines: 2, maxLiteralLines: 20 }); bl = Math.min(bl, performance.now() - t);
tree.dispose();
}
console.log(f.split('/').pop(), (text.length/1e6).toFixed(2), 'MB parse', bp.toFixed(1), 'plan', bl.toFixed(1), 'parse MB/s', (text.length/1e3/bp).toFixed(1));
