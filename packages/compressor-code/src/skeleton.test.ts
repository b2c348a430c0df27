import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMarkers } from '@headroom/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { CodeLanguage } from './code-language.js';
import { nativeBackend, type SyntaxNode } from './internal/backend.js';
import { parseErrors } from './parse-errors.js';
import { packageFile, read, recordingContext, stdlibFile , testCompressor } from './real-inputs.test-helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'headroom-code-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PYTHON_FILES = ['argparse.py', 'json/decoder.py', 'asyncio/base_events.py', 'dataclasses.py', 'typing.py'];
const SCRIPT_FILES: [string, string][] = [
  ['undici', 'lib/core/util.js'],
  ['undici', 'lib/dispatcher/client-h1.js'],
  ['undici', 'lib/web/fetch/index.js'],
  ['commander', 'lib/command.js'],
  ['commander', 'lib/help.js'],
  ['typescript', 'lib/lib.es5.d.ts'],
  ['openai', 'src/lib/AbstractChatCompletionRunner.ts'],
  ['@anthropic-ai/sdk', 'src/internal/file-store.ts'],
];

async function compress(text: string, filePath: string, query?: string) {
  const { context, offloads } = recordingContext({ hints: { filePath }, ...(query ? { query } : {}) });
  const result = await testCompressor().compress(text, context);
  return { result, offloads };
}

/** Names Python's own `ast` finds at module level and in class bodies. */
function pythonNames(path: string): string[] {
  const script = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1], encoding='utf-8').read())
names = []
def collect(body):
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
            if isinstance(node, ast.ClassDef):
                collect(node.body)
        elif isinstance(node, ast.Assign):
            names.extend(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
collect(tree.body)
print(json.dumps(names))`;
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })) as string[];
}

/** Top-level declaration names and class member names, read from the tree-sitter tree. */
function scriptNames(text: string, language: CodeLanguage): string[] {
  const tree = nativeBackend()!.parse(text, language, Number.POSITIVE_INFINITY)!;
  const names: string[] = [];
  const nameOf = (node: SyntaxNode | null) => {
    const name = node?.childForFieldName('name');
    if (name && /^[\w$]+$/.test(text.slice(name.startIndex, name.endIndex))) names.push(text.slice(name.startIndex, name.endIndex));
  };
  const visit = (node: SyntaxNode) => {
    const inner = node.type === 'export_statement' ? (node.childForFieldName('declaration') ?? node) : node;
    if (/declaration$/.test(inner.type) && inner.type !== 'lexical_declaration' && inner.type !== 'variable_declaration') nameOf(inner);
    if (inner.type === 'lexical_declaration' || inner.type === 'variable_declaration') {
      for (let i = 0; i < inner.childCount; i++) if (inner.child(i)?.type === 'variable_declarator') nameOf(inner.child(i));
    }
    const body = inner.type.includes('class') ? inner.childForFieldName('body') : null;
    for (let i = 0; body && i < body.childCount; i++) nameOf(body.child(i));
  };
  for (let i = 0; i < tree.root.childCount; i++) visit(tree.root.child(i)!);
  tree.dispose();
  return names;
}

const visible = (output: string, name: string) => new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(output);

/** Each marker's original sits in the input on exactly the lines its summary names. */
function expectOriginalsWhereTheySay(input: string, offloads: Map<string, { original: string; meta: { summary: string } }>) {
  const lines = input.split('\n');
  for (const { original, meta } of offloads.values()) {
    expect(input.includes(original)).toBe(true);
    const ranges = [...meta.summary.matchAll(/lines (\d+)-(\d+)/g)];
    const first = Number(ranges[0]![1]);
    const last = Number(ranges[ranges.length - 1]![2]);
    expect(lines.slice(first - 1, last).join('\n').includes(original)).toBe(true);
    expect(original.split('\n').length).toBe(last - first + 1);
  }
}

describe('Python skeletons of stdlib modules', () => {
  for (const file of PYTHON_FILES) {
    it(`${file}: compiles, keeps every name, offloads bodies byte-exact`, async () => {
      const path = stdlibFile(file);
      const input = read(path);
      const { result, offloads } = await compress(input, path);
      if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
      const output = result.text;
      expect(output.length).toBeLessThan(input.length * 0.5);
      expect(await parseErrors(output, 'python')).toBe(0);
      const compiled = join(tmp, file.replace(/\//g, '_'));
      writeFileSync(compiled, output);
      execFileSync('python3', ['-m', 'py_compile', compiled]);
      const missing = pythonNames(path).filter((name) => !visible(output, name));
      expect(missing).toEqual([]);
      expect(parseMarkers(output).map((m) => m.ref).sort()).toEqual([...offloads.keys()].sort());
      expectOriginalsWhereTheySay(input, offloads);
    });
  }
});

describe('TypeScript/JavaScript skeletons of files packages ship', () => {
  for (const [pkg, file] of SCRIPT_FILES) {
    it(`${pkg}/${file}: re-parses with zero errors (and passes node --check) and keeps every top-level and member name`, async () => {
      const path = packageFile(pkg, file);
      const input = read(path);
      const language: CodeLanguage = file.endsWith('.ts') ? 'typescript' : 'javascript';
      const { result, offloads } = await compress(input, path);
      if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
      expect(result.text.length).toBeLessThan(input.length);
      expect(await parseErrors(result.text, language)).toBe(0);
      if (language === 'javascript') {
        // Node itself accepts the skeleton, as a module or a script as the file was.
        const checked = join(tmp, `${pkg.replace(/\W/g, '_')}-${file.replace(/\//g, '_')}.${/^\s*(import|export)\s/m.test(result.text) ? 'mjs' : 'cjs'}`);
        writeFileSync(checked, result.text);
        execFileSync(process.execPath, ['--check', checked]);
      }
      const names = scriptNames(input, language);
      expect(names.length).toBeGreaterThan(3);
      expect(names.filter((name) => !visible(result.text, name))).toEqual([]);
      expectOriginalsWhereTheySay(input, offloads);
    });
  }

  it('puts each elided body back byte-exact: replacing every placeholder with its original restores the file', async () => {
    const path = packageFile('undici', 'lib/dispatcher/client-h1.js');
    const input = read(path);
    const { context, offloads } = recordingContext({ hints: { filePath: path } });
    // Comments stay, so every marker stands for exactly one `{ ... }` body.
    const result = await testCompressor({ maxCommentLines: 10_000 }).compress(input, context);
    if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
    const restored = result.text.replace(/\{ \/\* (<<headroom: [^>]*>>) \*\/ \}/g, (_, marker: string) => offloads.get(parseMarkers(marker)[0]!.ref)!.original);
    expect(restored).toBe(input);
  });

  it('tells where each body was: the summary carries its original line numbers', async () => {
    const path = packageFile('commander', 'lib/command.js');
    const { result, offloads } = await compress(read(path), path);
    if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
    const summaries = [...offloads.values()].map((o) => o.meta.summary);
    expect(summaries.every((s) => /lines \d+-\d+/.test(s))).toBe(true);
    expect(result.text).toMatch(/\{ \/\* <<headroom: (doc lines \d+-\d+, )?body lines \d+-\d+ ref=[0-9a-f]{24}>> \*\/ \}/);
  });
});

describe('what stays visible', () => {
  it('keeps the body of a symbol the query names', async () => {
    const path = packageFile('undici', 'lib/core/util.js');
    const input = read(path);
    const without = await compress(input, path);
    const withQuery = await compress(input, path, 'why does parseHeaders drop duplicate set-cookie values?');
    if (without.result.type !== 'compressed' || withQuery.result.type !== 'compressed') throw new Error('expected both compressed');
    const body = 'function parseHeaders (headers, obj) {\n  if (obj === undefined) obj = {}';
    expect(without.result.text).not.toContain(body);
    expect(withQuery.result.text).toContain(body);
  });

  it('keeps a Python method whose body mentions a code-like query term', async () => {
    const path = stdlibFile('argparse.py');
    const { result } = await compress(read(path), path, 'where is _get_optional_kwargs called?');
    if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
    expect(result.text).toContain('def _get_optional_kwargs(self, *args, **kwargs):\n        # determine short and long option strings');
  });

  it('keeps short bodies and decorators', async () => {
    const path = stdlibFile('dataclasses.py');
    const { result } = await compress(read(path), path);
    if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
    expect(result.text).toContain('def __repr__(self):\n        return \'<factory>\'');
    expect(result.text).toContain('    @_recursive_repr\n    def __repr__(self):');
  });

  it('keeps the docstring first line next to the elided body', async () => {
    const path = stdlibFile('json/decoder.py');
    const { result } = await compress(read(path), path);
    if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
    expect(result.text).toMatch(/def decode\(self, s, _w=WHITESPACE\.match\):\n {8}\.\.\. {2}# Return the Python representation of ``s`` \(a ``str`` instance <<headroom: body lines \d+-\d+ ref=/);
  });
});

describe('JSX and TSX', () => {
  const component = (i: number, typed: boolean) => `
/** Card number ${i}: shows a title and a count. */
export function Card${i}({ title, count }${typed ? ': { title: string; count: number }' : ''}) {
  const label = \`\${title} (\${count})\`;
  const items = Array.from({ length: count }, (_, k) => <li key={k}>{k}</li>);
  return (
    <section className="card">
      <h2>{label}</h2>
      <ul>{items}</ul>
    </section>
  );
}`;
  for (const [file, language, typed] of [
    ['cards.tsx', 'tsx', true],
    ['cards.jsx', 'javascript', false],
  ] as const) {
    it(`${file}: components lose their bodies, keep their signatures, and still parse`, async () => {
      const input = `import { useState } from 'react';\n${Array.from({ length: 15 }, (_, i) => component(i, typed)).join('\n')}\n`;
      const { result } = await compress(input, file);
      if (result.type !== 'compressed') throw new Error(`skipped: ${result.reason}`);
      expect(await parseErrors(result.text, language)).toBe(0);
      for (let i = 0; i < 15; i++) expect(result.text).toContain(`export function Card${i}({ title, count }`);
      expect(result.text).not.toContain('<section');
    });
  }
});
