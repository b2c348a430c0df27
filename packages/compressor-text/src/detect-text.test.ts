import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeCompressor } from '@headroom/compressor-code';
import { jsonCompressor } from '@headroom/compressor-json';
import { logsCompressor } from '@headroom/compressor-logs';
import type { CompressContext, Compressor } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { commandRoute } from './command-family.js';
import { detectText } from './detect-text.js';
import { runProgram, testContext } from './testing/run-compressor.js';
import { textCompressor } from './text-compressor.js';

const EVALDATA = join(import.meta.dirname, '../../../../shared/evaldata');

function files(folder: string): string[] {
  return readdirSync(join(EVALDATA, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('LICENSE') && !entry.name.endsWith('.gz') && !entry.name.endsWith('.csv'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Which compressor the pipeline's router would pick: the most confident at 0.3 or more, ties to the earlier one. */
function routed(input: string, context: CompressContext, compressors: readonly Compressor[]): string | undefined {
  let best: string | undefined;
  let score = 0.3;
  for (const compressor of compressors) {
    const confidence = compressor.detect(input, context);
    if (confidence > score) {
      score = confidence;
      best = compressor.name;
    }
  }
  return best;
}

const defaults = [jsonCompressor(), logsCompressor(), codeCompressor(), textCompressor()];
const noHints = testContext({}, new Map());

describe('cross-detection: the text compressor does not steal what other compressors own', () => {
  it('leaves every Loghub log to the logs compressor', () => {
    const logs = files('logs').filter((file) => file.endsWith('.log'));
    expect(logs.length).toBeGreaterThanOrEqual(16);
    for (const file of logs) {
      const text = readFileSync(file, 'utf8');
      expect({ file, score: detectText(text)?.confidence ?? 0 }).toEqual({ file, score: 0 });
      expect({ file, routed: routed(text, noHints, defaults) }).toEqual({ file, routed: 'logs' });
    }
  });

  it('leaves every real diff to the code compressor, also as Bash output of git diff', () => {
    const diffs = files('diffs');
    expect(diffs.length).toBeGreaterThanOrEqual(5);
    for (const file of diffs) {
      const text = readFileSync(file, 'utf8');
      expect({ file, routed: routed(text, noHints, defaults) }).toEqual({ file, routed: 'code' });
      expect(detectText(text, { command: 'git diff HEAD~1' })).toBeUndefined();
    }
  });

  it('leaves every JSON document to the JSON compressor, also from kubectl -o json and npm --json', () => {
    const json = files('json').filter((file) => file.endsWith('.json'));
    expect(json.length).toBeGreaterThan(20);
    for (const file of json) {
      const text = readFileSync(file, 'utf8');
      expect({ file, score: detectText(text)?.confidence ?? 0 }).toEqual({ file, score: 0 });
      expect(detectText(text, { command: 'kubectl get pods -o json' })).toBeUndefined();
    }
    expect(commandRoute('npm ls --json')).toBe('none');
  });

  it('leaves grep and search hits (the RAG compressor) alone, by content and by command', () => {
    // `grep -rl` prints a plain list of paths: by content that is a listing; its command line routes it away.
    const greps = files('shell-outputs').filter((file) => /grep-rn/.test(file));
    expect(greps.length).toBeGreaterThanOrEqual(4);
    for (const file of greps) {
      const text = readFileSync(file, 'utf8');
      expect({ file, score: detectText(text)?.confidence ?? 0 }).toEqual({ file, score: 0 });
    }
    expect(commandRoute('grep -rn TODO src')).toBe('none');
    expect(commandRoute('rg -n foo | head -50')).toBe('none');
    expect(commandRoute('git grep -n foo')).toBe('none');
    expect(commandRoute('grep -rl treeSitter src')).toBe('none');
  });

  it('gives documents and source code low confidence: Debian READMEs, Markdown, Python and JS sources', () => {
    const documents = [
      '/usr/share/doc/git/README.md',
      '/usr/share/doc/apt/examples/configure-index',
      '/root/.pyenv/versions/3.11.7/lib/python3.11/textwrap.py',
      '/root/.pyenv/versions/3.11.7/lib/python3.11/json/decoder.py',
    ];
    for (const file of documents) {
      const text = runProgram(`cat ${file}`);
      expect(text.length).toBeGreaterThan(1000);
      expect({ file, score: (detectText(text)?.confidence ?? 0) < 0.3 }).toEqual({ file, score: true });
    }
    const readme = runProgram('zcat /usr/share/doc/apt/README.md.gz 2>/dev/null || cat /usr/share/doc/git/README.md');
    expect(detectText(readme)?.confidence ?? 0).toBeLessThan(0.3);
  });

  it('takes the shell outputs that are listings and VCS history', () => {
    const find = readFileSync(join(EVALDATA, 'shell-outputs/toon_find-type-f.txt'), 'utf8');
    const log = readFileSync(join(EVALDATA, 'shell-outputs/repomix_git-log-stat-n40.txt'), 'utf8');
    expect(routed(find, noHints, defaults)).toBe('text');
    expect(routed(log, noHints, defaults)).toBe('text');
  });

  it('wins with a command hint on outputs the logs compressor would also take (tsc, npm installs)', () => {
    const tsc = Array.from({ length: 30 }, (_, i) => `src/file${i}.ts(${i + 1},5): error TS2322: Type 'string' is not assignable to type 'number'.`).concat(['', 'Found 30 errors in 30 files.']).join('\n');
    const context = testContext({ command: 'npx tsc --noEmit' }, new Map());
    expect(routed(tsc, context, defaults)).toBe('text');
    expect(routed(tsc, testContext({ command: 'node ./node_modules/typescript/bin/tsc -p .' }, new Map()), defaults)).toBe('text');
  });
});

describe('commandRoute', () => {
  it.each([
    ['ls -la', 'listing'],
    ['cd src && find . -name "*.ts"', 'listing'],
    ['git ls-files | head -100', 'listing'],
    ['dpkg -l | grep python', undefined],
    ['du -a /usr/share/doc | sort -k2', 'listing'],
    ['ps aux | sort -k3 -nr | head', 'table'],
    ['dpkg -l', 'table'],
    ['ps aux', 'table'],
    ['kubectl get pods -A', 'table'],
    ['kubectl describe pod web-1', 'records'],
    ['git log --stat -n 40', 'vcs-log'],
    ['git show HEAD', 'vcs-log'],
    ['git show HEAD:src/index.ts', undefined],
    ['git -C repo status', 'vcs-status'],
    ['git blame src/a.ts', 'vcs-blame'],
    ['python3 -m unittest -v test.test_json 2>&1', 'test-run'],
    ['python -m pytest -x tests/', 'test-run'],
    ['CI=1 npx vitest run', 'test-run'],
    ['cargo test --all', 'test-run'],
    ['go test ./...', 'test-run'],
    ['pnpm install', 'test-run'],
    ['sudo apt-get install -y curl', 'test-run'],
    ['apt-cache show bash', 'records'],
    ['systemctl show nginx', 'records'],
    ['curl -sI https://example.com', 'records'],
    ['journalctl -u nginx', 'none'],
    ['cat README.md', undefined],
  ] as const)('%s → %s', (command, route) => {
    expect(commandRoute(command)).toBe(route);
  });

  it('routes Claude Code Glob and LS results as listings whatever the command', () => {
    expect(commandRoute(undefined, 'Glob')).toBe('listing');
    expect(commandRoute(undefined, 'LS')).toBe('listing');
  });
});
