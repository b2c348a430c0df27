/** A `+`/`-` line of a unified diff and the file it belongs to. */
export interface ChangedLine {
  readonly file: string;
  /** The line as it appears in the diff, sign included. */
  readonly line: string;
}

/**
 * Machine-written files whose changed lines a reviewer does not read: lockfiles, minified
 * bundles, source maps, snapshots, build output.
 */
const GENERATED = [
  /(^|\/)(pnpm-lock\.yaml|package-lock\.json|yarn\.lock|npm-shrinkwrap\.json|Cargo\.lock|poetry\.lock|Pipfile\.lock|Gemfile\.lock|composer\.lock|go\.sum|bun\.lockb?)$/,
  /\.min\.(js|css)$/,
  /\.map$/,
  /(^|\/)__snapshots__\//,
  /\.snap$/,
  /(^|\/)(dist|build)\//,
];

export function isGeneratedPath(path: string): boolean {
  return GENERATED.some((pattern) => pattern.test(path));
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

/**
 * Every changed line in a unified diff (git show, git diff, plain patch). Hunk headers give the
 * line counts, so a removed line that itself starts with "--" is never mistaken for a header.
 */
export function changedLines(diff: string): ChangedLine[] {
  const out: ChangedLine[] = [];
  const lines = diff.split('\n');
  let file = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const header = /^\+\+\+ (?:b\/)?(.+?)\s*$/.exec(line);
    if (header && header[1] !== '/dev/null') file = header[1]!;
    const gitHeader = /^diff --git a\/.+ b\/(.+)$/.exec(line);
    if (gitHeader) file = gitHeader[1]!;
    const hunk = HUNK.exec(line);
    if (!hunk) continue;
    let oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
    let newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
    while ((oldLeft > 0 || newLeft > 0) && i + 1 < lines.length) {
      const body = lines[++i]!;
      if (body.startsWith('\\')) continue;
      if (body.startsWith('-')) {
        oldLeft--;
        out.push({ file, line: body });
      } else if (body.startsWith('+')) {
        newLeft--;
        out.push({ file, line: body });
      } else {
        oldLeft--;
        newLeft--;
      }
    }
  }
  return out;
}
