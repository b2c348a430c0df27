/** The grammars this package parses. JSX goes through `javascript`, TSX through `tsx`. */
export type CodeLanguage = 'typescript' | 'tsx' | 'javascript' | 'python';

export const CODE_LANGUAGES: readonly CodeLanguage[] = ['typescript', 'tsx', 'javascript', 'python'];

const BY_EXTENSION: Readonly<Record<string, CodeLanguage>> = {
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  py: 'python',
  pyi: 'python',
  pyw: 'python',
};

const BY_NAME: Readonly<Record<string, CodeLanguage>> = {
  ...BY_EXTENSION,
  typescript: 'typescript',
  javascript: 'javascript',
  node: 'javascript',
  python: 'python',
  python3: 'python',
  py3: 'python',
};

/** The language of a file path by its extension (`src/a.test.tsx` → `tsx`); undefined when not one we parse. */
export function languageFromPath(filePath: string): CodeLanguage | undefined {
  const base = filePath.trim().split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  if (dot <= 0 && !base.startsWith('.')) return undefined;
  return BY_EXTENSION[base.slice(dot + 1).toLowerCase()];
}

/** The language of a hint such as a fenced block's info string (`ts`, `python title="x.py"`). */
export function languageFromHint(hint: string): CodeLanguage | undefined {
  const word = hint.trim().split(/[\s{,]/)[0]?.toLowerCase() ?? '';
  return BY_NAME[word];
}

/** True when a hint or path names a diff (`diff`, `patch`, `x.diff`). */
export function isDiffHint(hint: string): boolean {
  const word = hint.trim().toLowerCase();
  return word === 'diff' || word === 'patch' || word === 'udiff' || /\.(diff|patch)$/.test(word);
}
