import { createRequire } from 'node:module';
import type { CodeLanguage } from '../code-language.js';

/**
 * The slice of a tree-sitter node this package reads. Native `tree-sitter` and `web-tree-sitter`
 * expose these members under the same names, and both measure indices in UTF-16 code units, so
 * `text.slice(node.startIndex, node.endIndex)` is the node's source on either backend.
 */
export interface SyntaxNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: { readonly row: number; readonly column: number };
  readonly endPosition: { readonly row: number; readonly column: number };
  readonly childCount: number;
  readonly hasError: boolean;
  readonly isMissing: boolean;
  child(index: number): SyntaxNode | null;
  childForFieldName(name: string): SyntaxNode | null;
}

export type BackendKind = 'native' | 'wasm';

export interface Backend {
  readonly kind: BackendKind;
  /**
   * Parses `text`; undefined when the parse was abandoned because `abortAt` (ms since the epoch)
   * passed, or the parser failed. `dispose` frees the tree (wasm trees live outside the JS heap).
   */
  parse(text: string, language: CodeLanguage, abortAt: number): { root: SyntaxNode; dispose(): void } | undefined;
}

interface ParserLike {
  setLanguage(language: unknown): unknown;
  parse(input: string, oldTree?: null, options?: unknown): { rootNode: unknown; delete?: () => void } | null | undefined;
  reset(): void;
}

const require = createRequire(import.meta.url);

/** The grammar packages resolve from here; tree-sitter-javascript only through tree-sitter-typescript. */
function grammarRequire(language: CodeLanguage): { require: NodeJS.Require; id: string } {
  switch (language) {
    case 'python':
      return { require, id: 'tree-sitter-python' };
    case 'javascript':
      return { require: createRequire(require.resolve('tree-sitter-typescript/package.json')), id: 'tree-sitter-javascript' };
    default:
      return { require, id: 'tree-sitter-typescript' };
  }
}

function makeBackend(kind: BackendKind, newParser: () => ParserLike, loadLanguage: (language: CodeLanguage) => unknown): Backend {
  const parsers = new Map<CodeLanguage, ParserLike>();
  const parserFor = (language: CodeLanguage): ParserLike => {
    let parser = parsers.get(language);
    if (!parser) {
      parser = newParser();
      parser.setLanguage(loadLanguage(language));
      parsers.set(language, parser);
    }
    return parser;
  };
  return {
    kind,
    parse(text, language, abortAt) {
      const parser = parserFor(language);
      // Checked every few KB by tree-sitter itself: a parse past its deadline is abandoned, not awaited.
      const progressCallback = () => Date.now() > abortAt;
      let tree: ReturnType<ParserLike['parse']>;
      try {
        tree = parser.parse(text, null, { progressCallback });
      } catch {
        tree = undefined;
      }
      if (!tree) {
        parser.reset();
        return undefined;
      }
      const done = tree;
      return { root: done.rootNode as SyntaxNode, dispose: () => done.delete?.() };
    },
  };
}

let native: Backend | null | undefined;

/** The native addon, loaded once; null when it cannot load on this machine. Synchronous, so detect() can use it. */
export function nativeBackend(): Backend | null {
  if (native !== undefined) return native;
  try {
    const Parser = require('tree-sitter') as new () => ParserLike;
    const languages = new Map<CodeLanguage, unknown>();
    const loadLanguage = (language: CodeLanguage) => {
      let loaded = languages.get(language);
      if (!loaded) {
        const { require: req, id } = grammarRequire(language);
        const module = req(id) as Record<string, unknown>;
        loaded = language === 'typescript' ? module.typescript : language === 'tsx' ? module.tsx : module;
        languages.set(language, loaded);
      }
      return loaded;
    };
    // Load one grammar now so a broken addon fails here, not in the middle of a compression.
    const backend = makeBackend('native', () => new Parser(), loadLanguage);
    backend.parse('', 'typescript', Number.POSITIVE_INFINITY)?.dispose();
    native = backend;
  } catch {
    native = null;
  }
  return native;
}

const WASM_FILES: Record<CodeLanguage, string> = {
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  python: 'tree-sitter-python.wasm',
};

let wasm: Promise<Backend> | undefined;

/** web-tree-sitter with the `.wasm` files that ship inside the grammar packages; loaded once. */
export function wasmBackend(): Promise<Backend> {
  wasm ??= loadWasm().catch((error: unknown) => {
    wasm = undefined;
    throw error;
  });
  return wasm;
}

async function loadWasm(): Promise<Backend> {
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init();
  const languages = new Map<CodeLanguage, unknown>();
  for (const language of Object.keys(WASM_FILES) as CodeLanguage[]) {
    const { require: req, id } = grammarRequire(language);
    const file = req.resolve(`${id}/${WASM_FILES[language]}`);
    languages.set(language, await Language.load(file));
  }
  return makeBackend('wasm', () => new Parser() as unknown as ParserLike, (language) => languages.get(language));
}

/** Which backend to use: `auto` is native when its addon loads, else wasm. */
export type BackendPreference = 'auto' | BackendKind;

export async function loadBackend(preference: BackendPreference, native: () => Backend | null = nativeBackend): Promise<Backend> {
  if (preference !== 'wasm') {
    const loaded = native();
    if (loaded) return loaded;
    if (preference === 'native') throw new Error('the native tree-sitter addon does not load on this machine');
  }
  return wasmBackend();
}
