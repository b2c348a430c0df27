import { spawnSync } from 'node:child_process';
import { withTempFile } from './temp-file.js';

/** Where this machine's Python keeps its standard library (the code section's inputs). */
export function pythonStdlibDir(): string | undefined {
  const run = spawnSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/** `python3 -m py_compile` accepts the text (syntax and compile-time checks). */
export function pythonCompiles(text: string): boolean {
  return withTempFile(text, '.py', (path) => spawnSync('python3', ['-m', 'py_compile', path], { encoding: 'utf8' }).status === 0);
}

// Top-level and class-member names from Python's own parser: defs, classes, and assignment
// targets directly in the module or class body (imports are not names the module defines).
const NAMES_SCRIPT = `
import ast, json, sys
def targets(t):
    if isinstance(t, ast.Name): yield t.id
    elif isinstance(t, (ast.Tuple, ast.List)):
        for e in t.elts: yield from targets(e)
def names(body):
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)): yield node.name
        elif isinstance(node, ast.Assign):
            for t in node.targets: yield from targets(t)
        elif isinstance(node, ast.AnnAssign): yield from targets(node.target)
tree = ast.parse(open(sys.argv[1], encoding='utf-8').read())
out = list(names(tree.body))
for node in tree.body:
    if isinstance(node, ast.ClassDef): out += list(names(node.body))
print(json.dumps(sorted(set(out))))
`;

export function pythonNames(text: string): string[] {
  return withTempFile(text, '.py', (path) => {
    const run = spawnSync('python3', ['-c', NAMES_SCRIPT, path], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`python3 could not parse the original: ${run.stderr.trim()}`);
    return JSON.parse(run.stdout) as string[];
  });
}
