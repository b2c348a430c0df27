import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Python standard-library modules, relative to the stdlib folder `python3` reports at run time.
 * All are over 300 lines, so all count towards the savings target.
 */
export const PYTHON_MODULES = [
  'json/decoder.py',
  'argparse.py',
  'textwrap.py',
  'dataclasses.py',
  'csv.py',
  'configparser.py',
  'logging/handlers.py',
  'http/client.py',
  'functools.py',
  'shutil.py',
] as const;

/**
 * TypeScript/JavaScript that packages in the repo's node_modules ship, relative to the repo root.
 * The pnpm store paths carry the exact versions the lockfile pins.
 */
export const NODE_MODULES_FILES = [
  'node_modules/.pnpm/commander@14.0.3/node_modules/commander/lib/command.js',
  'node_modules/.pnpm/commander@14.0.3/node_modules/commander/lib/help.js',
  'node_modules/.pnpm/undici@7.30.2/node_modules/undici/lib/dispatcher/client-h1.js',
  'node_modules/.pnpm/undici@7.30.2/node_modules/undici/lib/core/util.js',
  'node_modules/.pnpm/undici@7.30.2/node_modules/undici/lib/handler/retry-handler.js',
  'node_modules/.pnpm/openai@6.49.0/node_modules/openai/src/core/streaming.ts',
  'node_modules/.pnpm/openai@6.49.0/node_modules/openai/src/lib/AbstractChatCompletionRunner.ts',
  'node_modules/.pnpm/@anthropic-ai+sdk@1.13.0/node_modules/@anthropic-ai/sdk/src/core/pagination.ts',
  'node_modules/.pnpm/@anthropic-ai+sdk@1.13.0/node_modules/@anthropic-ai/sdk/src/internal/file-store.ts',
  'node_modules/.pnpm/typescript@6.0.3/node_modules/typescript/lib/lib.es5.d.ts',
] as const;

/** `--quick` keeps one short and one long file of each language. */
export const QUICK_FILES = new Set<string>(['json/decoder.py', 'argparse.py', 'textwrap.py', 'node_modules/.pnpm/commander@14.0.3/node_modules/commander/lib/command.js', 'node_modules/.pnpm/undici@7.30.2/node_modules/undici/lib/handler/retry-handler.js', 'node_modules/.pnpm/openai@6.49.0/node_modules/openai/src/core/streaming.ts']);

export type SourceLanguage = 'python' | 'typescript' | 'javascript';

export interface SourceFile {
  /** The listed path (stdlib-relative for Python, repo-relative for node_modules). */
  readonly name: string;
  /** What a Read tool would report: the file's own path. */
  readonly path: string;
  readonly language: SourceLanguage;
  readonly text: string;
  readonly lines: number;
}

function languageOf(path: string): SourceLanguage {
  if (path.endsWith('.py')) return 'python';
  return /\.[cm]?js$/.test(path) ? 'javascript' : 'typescript';
}

/** Loads the listed files; a missing one is reported, not skipped silently. */
export function loadSourceFiles(stdlib: string | undefined, repoRoot: string, quick: boolean): { files: SourceFile[]; missing: string[] } {
  const files: SourceFile[] = [];
  const missing: string[] = [];
  const listed = [
    ...PYTHON_MODULES.map((name) => ({ name, path: stdlib === undefined ? undefined : join(stdlib, name) })),
    ...NODE_MODULES_FILES.map((name) => ({ name, path: join(repoRoot, name) })),
  ];
  for (const { name, path } of listed) {
    if (quick && !QUICK_FILES.has(name)) continue;
    if (path === undefined || !existsSync(path)) {
      missing.push(name);
      continue;
    }
    const text = readFileSync(path, 'utf8');
    files.push({ name, path, language: languageOf(path), text, lines: text.split('\n').length });
  }
  return { files, missing };
}
