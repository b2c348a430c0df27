import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findSpans, type JsonPath, pathKey } from './json-spans.js';

/** Every leaf path of a parsed document, with its value. */
function leaves(value: unknown, path: (string | number)[] = [], out: [JsonPath, unknown][] = []): [JsonPath, unknown][] {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) leaves(v, [...path, i], out);
  } else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  else out.push([path, value]);
  return out;
}

// Real third-party JSON: the package manifests and schemas shipped in this package's dependencies.
const modules = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules');
const roots = ['typescript', 'undici', 'openai', '@anthropic-ai/sdk'].map((name) => join(modules, name));
const parses = (file: string) => {
  try {
    JSON.parse(readFileSync(file, 'utf8'));
    return true;
  } catch {
    return false; // JSONC (comments) and the like: not JSON
  }
};
const files = roots
  .flatMap((root) => readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort().slice(0, 80).map((f) => join(root, f)))
  .filter(parses);

describe('findSpans', () => {
  it('finds every leaf of real JSON files at bytes that decode to the value JSON.parse read', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const raw = readFileSync(file);
      const all = leaves(JSON.parse(raw.toString('utf8')));
      const spans = findSpans(raw, all.map(([path]) => path));
      expect(spans, file).toBeDefined();
      for (const [path, value] of all) {
        const span = spans!.get(pathKey(path))!;
        expect(JSON.parse(raw.subarray(span.start, span.end).toString('utf8')), `${file} ${pathKey(path)}`).toEqual(value);
      }
    }
  });

  it('resolves duplicate keys as JSON.parse does (the last wins) and escaped keys by their value', () => {
    const raw = Buffer.from('{"a":{"b":"first"},"a":{"b":"last"},"\\u0063":[1,"two"]}');
    const spans = findSpans(raw, [['a', 'b'], ['c', 1], ['a']])!;
    const at = (path: JsonPath) => raw.subarray(spans.get(pathKey(path))!.start, spans.get(pathKey(path))!.end).toString();
    expect(at(['a', 'b'])).toBe('"last"');
    expect(at(['c', 1])).toBe('"two"');
    expect(spans.get(pathKey(['a']))?.lastChildEnd).toBe(raw.indexOf('"last"') + 6);
  });

  it('walks any depth without recursion and refuses malformed bytes', () => {
    const deep = Buffer.from(`{"x":${'['.repeat(200_000)}"s"${']'.repeat(200_000)},"y":"z"}`);
    expect(findSpans(deep, [['y']])!.get(pathKey(['y']))).toMatchObject({ kind: 'string' });
    for (const bad of ['{"a":', '{"a":1}}', '{"a" 1}', '[1,]x', '"open']) expect(findSpans(Buffer.from(bad), [])).toBeUndefined();
  });
});
