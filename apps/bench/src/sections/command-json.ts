import { execFileSync } from 'node:child_process';

/**
 * JSON that commands print, produced on this machine at bench time (never committed): `npm
 * view --json` (needs the npm registry), `npm ls --json --all` over this repository, and a
 * `node -e` listing of the installed package.json files. Commands that fail (no network) are
 * reported as skipped, not faked.
 */
export interface CommandJson {
  readonly command: string;
  readonly query: string;
  readonly text: string;
}

const LIST_MANIFESTS = `
const fs = require('fs'), path = require('path');
const store = path.join(process.cwd(), 'node_modules', '.pnpm');
const out = {};
for (const entry of fs.readdirSync(store).sort()) {
  const at = entry.lastIndexOf('@');
  if (at <= 0) continue;
  const name = entry.slice(0, at).replace('+', '/');
  try {
    const m = JSON.parse(fs.readFileSync(path.join(store, entry, 'node_modules', name, 'package.json'), 'utf8'));
    out[m.name + '@' + m.version] = { name: m.name, version: m.version, description: m.description, license: m.license, dependencies: m.dependencies };
  } catch {}
}
console.log(JSON.stringify(out, null, 2));
`;

interface Spec {
  readonly command: string;
  readonly file: string;
  readonly args: readonly string[];
  readonly query: string;
}

const SPECS: readonly Spec[] = [
  { command: 'npm view typescript --json', file: 'npm', args: ['view', 'typescript', '--json'], query: 'which 5.4 versions were published?' },
  { command: 'npm view vitest --json', file: 'npm', args: ['view', 'vitest', '--json'], query: 'what does vitest depend on?' },
  { command: 'npm view undici --json', file: 'npm', args: ['view', 'undici', '--json'], query: 'which node versions does undici support?' },
  { command: 'npm view commander --json', file: 'npm', args: ['view', 'commander', '--json'], query: 'latest commander version' },
  { command: 'npm ls --json --all', file: 'npm', args: ['ls', '--json', '--all'], query: 'why is strip-ansi invalid?' },
  { command: 'node -e (installed package.json files, keyed by name@version)', file: process.execPath, args: ['-e', LIST_MANIFESTS], query: 'which packages use the ISC license?' },
];

/** Runs each command in `cwd`; the output counts when it is JSON, whatever the exit code (`npm ls` exits 1 on problems). */
export function commandJsonOutputs(cwd: string): { outputs: CommandJson[]; skipped: string[] } {
  const outputs: CommandJson[] = [];
  const skipped: string[] = [];
  for (const spec of SPECS) {
    let text: string;
    try {
      text = execFileSync(spec.file, [...spec.args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (error) {
      text = (error as { stdout?: string }).stdout ?? '';
    }
    try {
      JSON.parse(text);
      outputs.push({ command: spec.command, query: spec.query, text });
    } catch {
      skipped.push(spec.command);
    }
  }
  return { outputs, skipped };
}
