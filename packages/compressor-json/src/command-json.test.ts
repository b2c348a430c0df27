import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEstimatingTokenizer, createMemoryStore, createPipeline } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { compressLossless } from './compress-lossless.js';
import { decode } from './decode.js';
import { jsonCompressor } from './json-compressor.js';

/**
 * JSON that commands print (`npm view --json`, `npm ls --json`): long version lists, maps of
 * version → date or name → range. Inputs are built from the package.json files installed on
 * this machine (node_modules/.pnpm), in the shapes those commands print.
 */

const tokenizer = createEstimatingTokenizer();

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) dir = dirname(dir);
  return dir;
}

interface Manifest {
  name: string;
  version: string;
  description?: string;
  license?: string;
  dependencies?: Record<string, string>;
}

/** Every installed package's manifest, sorted by name and version. */
function installed(): Manifest[] {
  const store = join(repoRoot(), 'node_modules', '.pnpm');
  const out: Manifest[] = [];
  for (const entry of readdirSync(store)) {
    const at = entry.lastIndexOf('@');
    if (at <= 0) continue;
    const name = entry.slice(0, at).replace('+', '/');
    const file = join(store, entry, 'node_modules', name, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    if (typeof manifest.name === 'string' && typeof manifest.version === 'string') out.push(manifest);
  }
  return out.sort((a, b) => (a.name === b.name ? a.version.localeCompare(b.version) : a.name.localeCompare(b.name)));
}

async function compress(input: string, query?: string) {
  const pipeline = createPipeline({ compressors: [jsonCompressor()], store: createMemoryStore(), tokenizer, policy: { timeoutMs: 60_000 } });
  const result = await pipeline.compress(input, query ? { query } : {});
  const originals: string[] = [];
  for (const marker of result.markers) originals.push((await pipeline.retrieve(marker.ref))!.original);
  return { result, originals };
}

describe('command JSON: long lists and maps of scalars (lossy)', () => {
  const manifests = installed();
  const ids = manifests.map((m) => `${m.name}@${m.version}`);
  const described = manifests.filter((m) => typeof m.description === 'string' && m.description.length > 0);

  it('finds the installed packages', () => {
    expect(manifests.length).toBeGreaterThan(100);
  });

  it('a long version list keeps its head, tail and query matches; the marker holds the list as written', async () => {
    const list = `[\n    ${ids.map((id) => JSON.stringify(id)).join(',\n    ')}\n  ]`;
    const input = `{\n  "name": "workspace",\n  "versions": ${list},\n  "license": "Apache-2.0"\n}`;
    const target = ids[Math.floor(ids.length / 2)]!;
    const { result, originals } = await compress(input, `when was ${target} published`);
    expect(result.compressed).toBe(true);
    for (const id of [...ids.slice(0, 6), ...ids.slice(-6), target]) expect(result.text).toContain(JSON.stringify(id));
    expect(result.text).toContain('"license":"Apache-2.0"');
    const marker = result.markers.find((m) => m.summary.includes('items omitted'));
    expect(marker?.summary).toMatch(new RegExp(`^\\d+ of ${ids.length} items omitted`));
    expect(Number(marker!.summary.split(' ')[0])).toBeGreaterThan(ids.length - 40);
    expect(originals).toContain(list);
    expect(result.tokensAfter).toBeLessThan(result.tokensBefore / 4);
  });

  it('a map of name to description keeps head, tail, matches and every problem; the marker holds the map as written', async () => {
    const entries = described.map((m) => `${JSON.stringify(m.name)}: ${JSON.stringify(m.description)}`);
    const problem = Math.floor(entries.length / 3);
    entries[problem] = `"broken-pkg": "missing: broken-pkg@^1.0.0, required by ${described[problem]!.name}"`;
    const map = `{\n    ${entries.join(',\n    ')}\n  }`;
    const { result, originals } = await compress(`{\n  "descriptions": ${map}\n}`);
    expect(result.text).toContain('missing: broken-pkg@^1.0.0');
    expect(result.text).toContain(JSON.stringify(described.at(-1)!.name));
    expect(result.markers.some((m) => m.summary.includes('entries omitted'))).toBe(true);
    expect(originals).toContain(map);
  });

  it('a list made of problems is never thinned', async () => {
    const problems = ids.map((id) => `missing: ${id}, required by workspace`);
    const { result } = await compress(JSON.stringify({ problems, name: 'workspace' }, null, 2));
    for (const problem of problems) expect(result.text).toContain(problem);
  });

  it('an object whose values are of mixed kinds (a config) keeps every key', async () => {
    const config = Object.fromEntries(manifests.slice(0, 60).map((m, i) => [m.name, i % 2 ? m.version : i]));
    const { result } = await compress(JSON.stringify({ config, padding: 'x'.repeat(30_000) }, null, 2));
    for (const key of Object.keys(config)) expect(result.text).toContain(JSON.stringify(key));
  });
});

describe('command JSON: maps keyed by data become tables with a key column', () => {
  const manifests = installed();
  /** `npm ls --json` shape: name -> {version, resolved, dependencies: name -> {version, ...}}. */
  const tree = () => {
    const byName = new Map(manifests.map((m) => [m.name, m]));
    const node = (m: Manifest, depth: number): Record<string, unknown> => {
      const out: Record<string, unknown> = { version: m.version, resolved: `file:.pnpm/${m.name.replace('/', '+')}@${m.version}/node_modules/${m.name}`, overridden: false };
      const deps = Object.keys(m.dependencies ?? {});
      if (depth < 2 && deps.length > 0) {
        out.dependencies = Object.fromEntries(deps.map((d) => [d, byName.has(d) ? node(byName.get(d)!, depth + 1) : { missing: true, problems: [`missing: ${d}@${m.dependencies![d]}, required by ${m.name}@${m.version}`] }]));
      }
      return out;
    };
    return { name: 'workspace', dependencies: Object.fromEntries(manifests.map((m) => [m.name, node(m, 0)])) };
  };

  it('lossless: a keyed map of records is a table whose #key column holds the keys; decode restores the object', () => {
    const value = tree();
    const text = compressLossless(JSON.stringify(value, null, 2));
    expect(text).toMatch(/\n\$dependencies\[\d+\]\{#key,version,resolved[^,]*,overridden=false,dependencies\}:\n/);
    expect(decode(text)).toEqual(value);
    expect(text.length).toBeLessThan(JSON.stringify(value).length * 0.9);
  });

  it('lossy: omitted entries of a keyed map go back as an object of the entries as written', async () => {
    const input = JSON.stringify(tree(), null, 2);
    const { result, originals } = await compress(input);
    const marker = result.markers.find((m) => m.summary.includes('rows of dependencies omitted'));
    expect(marker).toBeDefined();
    const original = originals[result.markers.indexOf(marker!)]!;
    expect(original.startsWith('{"')).toBe(true);
    const entries = JSON.parse(original) as Record<string, unknown>;
    const all = (JSON.parse(input) as { dependencies: Record<string, unknown> }).dependencies;
    for (const [key, entry] of Object.entries(entries)) expect(entry).toEqual(all[key]);
    // Each entry is the input's own text.
    for (const key of Object.keys(entries).slice(0, 5)) expect(input).toContain(JSON.stringify(all[key], null, 2).replace(/\n/g, '\n    '));
  });
});

describe('anomalies: a record whose text stands out from its siblings stays visible', () => {
  it('one unique issue title among titles built from a few templates', async () => {
    const names = installed().map((m) => m.name);
    const templates = [
      (p: string, i: number) => `Bump ${p} from 1.${i % 9}.0 to 1.${(i % 9) + 1}.0`,
      (p: string, i: number) => `Update dependency ${p} to v${2 + (i % 5)}`,
      (p: string) => `chore(deps): update ${p} digest`,
    ];
    const issues = Array.from({ length: 200 }, (_, i) => ({
      number: 4000 + i,
      title: i === 137 ? 'Users are logged out randomly after the latest deploy' : templates[i % 3]!(names[i % names.length]!, i),
      state: i % 4 ? 'closed' : 'open',
      user: { login: ['renovate[bot]', 'dependabot[bot]'][i % 2] },
      comments: (i * 7) % 5,
    }));
    const { result } = await compress(JSON.stringify(issues, null, 2));
    expect(result.markers.length).toBeGreaterThan(0);
    expect(result.text).toContain('Users are logged out randomly after the latest deploy');
  });
});
