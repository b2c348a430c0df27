import { bare } from '../lines.js';
import { describeRepeats, markRepeats, type Problem } from '../problems.js';
import type { Selection } from '../render.js';
import { SUMMARY } from '../signals.js';
import { extensionOf, treeName } from './entry-name.js';
import type { FamilyInput } from './family.js';

/** What a listing line is. `other` lines (a `find: … Permission denied`) always stay. */
enum Kind {
  Other = 0,
  Entry = 1,
  Header = 2,
  Structural = 3,
  Summary = 4,
}

interface Parsed {
  readonly kinds: Uint8Array;
  /** Directory components each line is grouped under (its parent, or the section it heads). */
  readonly dirs: (readonly string[])[];
  readonly names: string[];
  /** Bytes (or du's units), -1 when the format has no sizes. */
  readonly sizes: Float64Array;
  readonly isDir: Uint8Array;
}

export type ListingFormat = 'long' | 'du' | 'tree' | 'paths';

// `drwxr-xr-x  2 root root 4096 Nov 24 10:00 name` (GNU, BSD, with ACL/xattr marks, device numbers, --time-style=iso/long-iso/full-iso).
const LS_LONG = /^([-dlcbpsDn?])[rwxsStTlL-]{9}[.+@]?\s+\d+\s+\S+\s+(?:\S+\s+)?(\d+|\d+,\s*\d+|[\d.]+[KMGTPE]?)\s+(?:[A-Z][a-z]{2}\s+\d{1,2}\s+(?:\d{4}|\d\d:\d\d)|\d{1,2}\s+[A-Z][a-z]{2}\s+(?:\d{4}|\d\d:\d\d)|\d{4}-\d\d-\d\d(?:[ T][\d:.]+(?: [+-]\d{4})?)?|\d\d-\d\d \d\d:\d\d)\s(.*)$/;
// npm ls marks broken dependencies on the entry itself.
const PROBLEM = /\bUNMET (?:OPTIONAL |PEER )?DEPENDENCY\b| invalid: | extraneous\b|\bmissing: |\bERR!/;
// What the listing tool itself says (`find: '/x': Permission denied`, `npm error missing: …`): never an entry.
const MESSAGE = /^(?:find|ls|du|tree|dpkg|dpkg-query|git|fd|stat): |^npm (?:ERR!|error|warn|WARN) |^(?:error|warning|fatal): /;
const PROBLEM_OR_MESSAGE = new RegExp(`${PROBLEM.source}|${MESSAGE.source}`);
// `line.trim() === ''` without a trimmed copy of every line (`\s` is what `trim` removes).
const BLANK = /^\s*$/;
const DU = /^([\d.,]+[KMGTPE]?i?B?)\s+(\S.*)$/;
// One character class for the indentation: overlapping alternatives (`[│ ]|\s`) backtrack exponentially on deep indentation.
const TREE = /^([│|┃\s\u00a0]*?)(?:[├└┣┗|`+][─━-]+[┬─]?\s|- )(.*)$/;

export function listingFormat(sample: readonly string[]): ListingFormat | undefined {
  const n = sample.length;
  if (n === 0) return undefined;
  // Each format's share is counted only when the formats before it did not decide (same answer, fewer patterns run).
  const share = (test: (line: string) => boolean) => {
    let count = 0;
    for (const line of sample) if (test(line)) count++;
    return count / n;
  };
  if (share((line) => LS_LONG.test(line) || /^total \d+/.test(line) || /^\S.*:$/.test(line)) >= 0.7 && sample.some((line) => LS_LONG.test(line))) return 'long';
  if (share((line) => DU.test(line) && !/\s{2,}\S+\s/.test(line.replace(/^\S+\s+/, ''))) >= 0.8) return 'du';
  if (share((line) => TREE.test(line)) >= 0.5) return 'tree';
  if (share((line) => (/^[^\s:=]+$/.test(line) && /[/.]/.test(line)) || /^[^\s:]*\/[^:]*$/.test(line)) >= 0.8) return 'paths';
  return undefined;
}

/**
 * Every directory array of a listing has one representation (V8's packed elements of strings):
 * an empty literal `[]` or `Array.prototype.map`'s output has another, and the loops that read
 * `dir.length` for every line then deoptimize again and again. This empty one is packed strings.
 */
const NO_DIRS: readonly string[] = packedEmpty();

function packedEmpty(): string[] {
  const empty = [''];
  empty.pop();
  return empty;
}

/** The names on the tree stack, as packed strings (see NO_DIRS). */
function namesOf(stack: readonly { name: string }[]): readonly string[] {
  if (stack.length === 0) return NO_DIRS;
  const names: string[] = [];
  for (const entry of stack) names.push(entry.name);
  return names;
}

function sizeOf(token: string): number {
  // Plain byte counts (the common case) need none of the unit parsing below: the same number.
  if (/^\d{1,15}$/.test(token)) return Number(token);
  const m = /^([\d.,]+)([KMGTPE]?)/.exec(token.replace(/,\s*\d+$/, ''));
  if (!m) return -1;
  const value = Number(m[1]!.replace(/,/g, ''));
  const unit = 'BKMGTPE'.indexOf(m[2] || 'B');
  return Number.isFinite(value) ? value * 1024 ** Math.max(0, unit) : -1;
}

function components(path: string): string[] {
  // In place, without a filter callback: this runs once per line of listings of 100,000 lines.
  const parts = path.split('/');
  let kept = 0;
  for (const part of parts) if (part !== '' && part !== '.') parts[kept++] = part;
  parts.length = kept;
  // An absolute path keeps its root, so a marker names the directory as the listing wrote it.
  if (path.startsWith('/') && parts.length > 0) parts[0] = `/${parts[0]}`;
  return parts;
}

/**
 * Consecutive paths in one directory (`find`, `du -a`) share their parent: a path whose text up to
 * its last `/` equals the remembered one gets the remembered components without being split; a path
 * one directory deeper (`du -a | sort` lists a directory, then its files) gets them plus that
 * directory's name, and is remembered. Only paths whose last part is a plain name (not empty, not
 * `.`) under a non-empty parent are remembered, so the shortcut gives exactly what `components` would.
 */
function pathCache(): { sameDir(path: string): readonly string[] | undefined; remember(path: string, dirs: readonly string[]): void } {
  let text: string | undefined;
  let parent: readonly string[] = NO_DIRS;
  const plainName = (path: string, cut: number) => cut > 0 && cut < path.length - 1 && !(cut === path.length - 2 && path.endsWith('.'));
  const remember = (path: string, dirs: readonly string[]) => {
    const cut = path.lastIndexOf('/');
    if (dirs.length > 0 && plainName(path, cut)) {
      text = path.slice(0, cut);
      parent = dirs;
    } else text = undefined;
  };
  return {
    sameDir(path) {
      if (text === undefined) return undefined;
      const cut = path.lastIndexOf('/');
      if (!plainName(path, cut) || !path.startsWith(text)) return undefined;
      if (cut === text.length) return parent;
      // One level deeper: `text/child/name`, where `child` is a plain name (`components` drops `.`).
      if (cut <= text.length + 1 || path.charCodeAt(text.length) !== 47) return undefined;
      const child = path.slice(text.length + 1, cut);
      if (child === '.' || child.includes('/')) return undefined;
      const dirs = parent.slice();
      dirs.push(child);
      remember(path, dirs);
      return dirs;
    },
    remember,
  };
}

/** `parts` without its last component; the previous line's array when equal, so runs of one directory share it. */
function parentOf(parts: readonly string[], previous: readonly string[]): readonly string[] {
  const n = parts.length - 1;
  if (previous.length === Math.max(0, n)) {
    let k = 0;
    while (k < n && parts[k] === previous[k]) k++;
    if (k >= n) return previous;
  }
  return parts.slice(0, -1);
}

function parse(lines: readonly string[], format: ListingFormat): Parsed {
  const n = lines.length;
  const kinds = new Uint8Array(n);
  const dirs: (readonly string[])[] = new Array(n);
  const names: string[] = new Array(n).fill('');
  const sizes = new Float64Array(n).fill(-1);
  const isDir = new Uint8Array(n);
  let current: readonly string[] = NO_DIRS;
  const stack: { column: number; name: string }[] = [];
  // The names of stack[0..valid) are unchanged since `stackDirs` was built from them.
  let stackDirs: readonly string[] = NO_DIRS;
  let valid = 0;
  let previous: readonly string[] = NO_DIRS;
  const paths = pathCache();
  for (let i = 0; i < n; i++) {
    const line = bare(lines[i]!);
    dirs[i] = current;
    if (SUMMARY.test(line)) {
      kinds[i] = Kind.Summary;
      continue;
    }
    if (MESSAGE.test(line)) continue;
    if (BLANK.test(line)) {
      kinds[i] = Kind.Structural;
      continue;
    }
    if (format === 'long') {
      const m = LS_LONG.exec(line);
      if (m) {
        kinds[i] = Kind.Entry;
        // A symlink's target is cut off; the pattern runs only on names that hold an arrow.
        const name = m[3]!;
        names[i] = name.includes(' -> ') ? name.replace(/ -> .*$/, '') : name;
        sizes[i] = m[1] === 'd' ? -1 : sizeOf(m[2]!);
        isDir[i] = m[1] === 'd' ? 1 : 0;
      } else if (/^total \d/.test(line)) kinds[i] = Kind.Structural;
      else if (line.endsWith(':') && !line.includes(': ')) {
        current = components(line.slice(0, -1));
        dirs[i] = current;
        kinds[i] = Kind.Header;
      }
    } else if (format === 'du') {
      const m = DU.exec(line);
      if (m) {
        const path = m[2]!;
        kinds[i] = Kind.Entry;
        const same = paths.sameDir(path);
        if (same) {
          previous = same;
          names[i] = path.slice(path.lastIndexOf('/') + 1);
        } else {
          const parts = components(path);
          previous = parentOf(parts, previous);
          names[i] = parts.at(-1) ?? path;
          paths.remember(path, previous);
        }
        dirs[i] = previous;
        sizes[i] = sizeOf(m[1]!);
      }
    } else if (format === 'tree') {
      const m = TREE.exec(line);
      if (m) {
        const column = m[1]!.length;
        while (stack.length > 0 && stack.at(-1)!.column >= column) stack.pop();
        kinds[i] = PROBLEM.test(line) ? Kind.Other : Kind.Entry;
        // Siblings share one parent array (no copy per line; equal groups compare by identity).
        valid = Math.min(valid, stack.length);
        if (valid !== stack.length || stackDirs.length !== stack.length) {
          stackDirs = namesOf(stack);
          valid = stack.length;
        }
        dirs[i] = stackDirs;
        names[i] = treeName(m[2]!);
        stack.push({ column, name: names[i]! });
      } else if (i === 0 || /^\S/.test(line)) {
        stack.length = 0;
        valid = 0;
        kinds[i] = Kind.Header;
        dirs[i] = NO_DIRS;
      }
    } else {
      const path = line.trim();
      const same = /:\s/.test(line) ? undefined : paths.sameDir(path);
      if (same) {
        kinds[i] = Kind.Entry;
        previous = same;
        dirs[i] = previous;
        names[i] = path.slice(path.lastIndexOf('/') + 1);
        isDir[i] = line.endsWith('/') ? 1 : 0;
      } else {
        const parts = components(path);
        if (parts.length > 0 && !/:\s/.test(line)) {
          kinds[i] = Kind.Entry;
          previous = parentOf(parts, previous);
          dirs[i] = previous;
          names[i] = parts.at(-1)!;
          isDir[i] = line.endsWith('/') ? 1 : 0;
          paths.remember(path, previous);
        }
      }
    }
  }
  // A tree node with children is a directory: the next line sits deeper under it.
  if (format === 'tree') for (let i = 0; i + 1 < n; i++) if (dirs[i + 1]!.length > dirs[i]!.length) isDir[i] = 1;
  return { kinds, dirs, names, sizes, isDir };
}

function sharedDepth(parsed: Parsed): number {
  let shared: readonly string[] | undefined;
  let depth = 0;
  for (let i = 0; i < parsed.kinds.length; i++) {
    if (parsed.kinds[i] !== Kind.Entry && parsed.kinds[i] !== Kind.Header) continue;
    const dir = parsed.dirs[i]!;
    if (!shared) {
      shared = dir;
      depth = dir.length;
      continue;
    }
    let k = 0;
    while (k < depth && k < dir.length && dir[k] === shared[k]) k++;
    depth = k;
  }
  return depth;
}

function keyAt(dir: readonly string[], depth: number): string {
  return dir.length <= depth ? dir.join('/') : dir.slice(0, depth).join('/');
}

/** Same group at `depth`: the same first `depth` directory components (compared, not joined: this runs per line and depth). */
function sameKey(a: readonly string[], b: readonly string[], depth: number): boolean {
  if (a === b) return true;
  const la = Math.min(a.length, depth);
  if (la !== Math.min(b.length, depth)) return false;
  for (let k = la - 1; k >= 0; k--) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * The shallowest depth at which `a` and `b` fall in different groups (`sameKey` is true below it,
 * false from it on); Infinity when they are in one group at every depth.
 */
function splitDepth(a: readonly string[], b: readonly string[]): number {
  if (a === b) return Number.POSITIVE_INFINITY;
  const common = Math.min(a.length, b.length);
  let k = 0;
  while (k < common && a[k] === b[k]) k++;
  return k === common && a.length === b.length ? Number.POSITIVE_INFINITY : k + 1;
}

/**
 * How many groups entries and headers form at each depth from `from` to `to`, in one pass: a line
 * opens a group at depth d when it and the entry before it split at a depth of at most d.
 */
function groupCounts(parsed: Parsed, from: number, to: number): number[] {
  const splits = new Array<number>(to + 1).fill(0);
  let first = 0;
  let last: readonly string[] | undefined;
  for (let i = 0; i < parsed.kinds.length; i++) {
    if (parsed.kinds[i] !== Kind.Entry && parsed.kinds[i] !== Kind.Header) continue;
    const dir = parsed.dirs[i]!;
    if (!last) first = 1;
    else {
      const depth = splitDepth(dir, last);
      if (depth <= to) splits[depth]!++;
    }
    last = dir;
  }
  const counts = new Array<number>(to + 1).fill(0);
  let opened = first;
  for (let d = 0; d <= to; d++) {
    opened += splits[d]!;
    if (d >= from) counts[d] = opened;
  }
  return counts;
}

/**
 * Listings (ls -l/-R, find, tree, git ls-files, du, Glob, LS, npm ls): entries are grouped by
 * directory at the deepest level that still gives at most `maxGroups` groups; each group keeps its
 * first `headEntries` entries, and the rest of it collapses into one marker that says how many
 * entries of which kinds. Directory lines that open a group, sizes that stand out, query matches,
 * messages (`Permission denied`) and summaries (`12 directories, 80 files`) stay.
 */
export function listingSelection({ lines, query, options }: FamilyInput, format: ListingFormat): Selection {
  const parsed = parse(lines, format);
  const { kinds, dirs, names, sizes, isDir } = parsed;
  const n = lines.length;
  // Depth counts from the root; the directories every entry shares (`/usr/share/doc/`) do not group anything.
  const shared = sharedDepth(parsed);
  let depth = shared;
  const counts = groupCounts(parsed, shared + 1, shared + 12);
  for (let d = shared + 1; d <= shared + 12; d++) {
    const groups = counts[d]!;
    if (d === shared + 1 || groups <= options.maxGroups) depth = d;
    if (groups > options.maxGroups) break;
  }
  // Group ids at the chosen depth; the key strings are built once per group, for the markers.
  const groupOf = new Int32Array(n);
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && sameKey(dirs[i]!, dirs[i - 1]!, depth)) groupOf[i] = groupOf[i - 1]!;
    else {
      groupOf[i] = labels.length;
      labels.push(keyAt(dirs[i]!, depth));
    }
  }

  // A problem reported again (the same missing package under another parent) is counted, not shown again.
  const problemLines: number[] = [];
  // Each problem line made bare once: the pattern here and the problem's identity read the same text.
  const texts: (string | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (kinds[i] !== Kind.Other) continue;
    const text = bare(lines[i]!);
    if (!PROBLEM_OR_MESSAGE.test(text)) continue;
    problemLines.push(i);
    texts[i] = text;
  }
  const { repeat, problems } = markRepeats(lines, problemLines, texts);
  const keep = new Uint8Array(n);
  const bigSize = standoutSize(sizes, options.standoutSizes);
  let groupIndex = -1;
  let lastKey = -1;
  let counted = 0;
  for (let i = 0; i < n; i++) {
    const kind = kinds[i]!;
    if (repeat[i]) {
      if (query.matches[i]) keep[i] = 1;
      continue;
    }
    if (kind === Kind.Other || kind === Kind.Summary || query.matches[i] || (bigSize > 0 && sizes[i]! >= bigSize)) keep[i] = 1;
    if (kind !== Kind.Entry && kind !== Kind.Header) {
      // Blank and `total` lines belong with what follows when they open a section.
      if (counted < options.headEntries && groupIndex < options.maxGroups) keep[i] = 1;
      continue;
    }
    if (labels[groupOf[i]!] !== labels[lastKey] || lastKey < 0) {
      groupIndex++;
      counted = 0;
    }
    lastKey = groupOf[i]!;
    if (groupIndex < options.maxGroups && counted < options.headEntries) keep[i] = 1;
    counted++;
  }
  // The line naming a directory stays when the lines after it open that directory's group.
  for (let i = 0; i + 1 < n; i++) {
    if (groupOf[i + 1] !== groupOf[i] && kinds[i] === Kind.Entry && dirs[i + 1]!.length > dirs[i]!.length && keep[i + 1]) keep[i] = 1;
  }

  const problemLabels = new Map<string, string>();
  const describe = (from: number, to: number): string => {
    let entries = 0;
    let directories = 0;
    const groups = new Set<string>();
    const extensions = new Map<string, number>();
    const repeats: Problem[] = [];
    for (let i = from; i < to; i++) {
      if (repeat[i]) repeats.push(problems[i]!);
      if (kinds[i] !== Kind.Entry && kinds[i] !== Kind.Header) continue;
      entries++;
      groups.add(labels[groupOf[i]!]!);
      const ext = isDir[i] || kinds[i] === Kind.Header ? 'dirs' : extensionOf(names[i]!);
      if (isDir[i]) directories++;
      extensions.set(ext, (extensions.get(ext) ?? 0) + 1);
    }
    // The common prefix only when there are several groups (it splits every group's key).
    let where = '';
    if (groups.size === 1) {
      const only = groups.values().next().value;
      if (only) where = ` in ${only}/`;
    } else {
      const prefix = commonPrefix([...groups]);
      where = ` in ${groups.size} directories${prefix ? ` under ${prefix}/` : ''}`;
    }
    // The three commonest kinds, built in a loop: the arrays of a map/join chain change representation between calls (see NO_DIRS).
    const sorted = [...extensions].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    let kindsText = '';
    for (let k = 0; k < sorted.length && k < 3; k++) kindsText += `${k > 0 ? ', ' : ''}${sorted[k]![1]} ${sorted[k]![0]}`;
    const lines = to - from - entries - repeats.length > 1 ? ` in ${to - from} lines` : '';
    const repeated = repeats.length > 0 ? `${entries > 0 ? '; ' : ''}${describeRepeats(repeats, '', problemLabels)}` : '';
    if (entries === 0) return repeated || `${to - from} lines`;
    return `${entries} more entries${lines}${where}${kindsText && extensions.size > 0 ? `: ${kindsText}` : ''}${directories > 0 && !extensions.has('dirs') ? `, ${directories} dirs` : ''}${repeated}`;
  };
  return { lines, keep, describe, kind: 'entries', indent: format === 'tree' };
}

function commonPrefix(keys: readonly string[]): string {
  if (keys.length === 0) return '';
  let parts = keys[0]!.split('/');
  for (const key of keys) {
    const other = key.split('/');
    let k = 0;
    while (k < parts.length && k < other.length && parts[k] === other[k]) k++;
    parts = parts.slice(0, k);
  }
  return parts.join('/');
}

/** The size from which an entry stands out: among the largest `count`, and over 4x the median; -1 when none does. */
function standoutSize(sizes: Float64Array, count: number): number {
  let n = 0;
  for (const size of sizes) if (size >= 0) n++;
  if (n < 8 || count === 0) return -1;
  // Ascending in a typed array (a numeric sort, no comparator calls); the k-th largest is at n - 1 - k.
  const known = new Float64Array(n);
  let k = 0;
  for (const size of sizes) if (size >= 0) known[k++] = size;
  known.sort();
  const largest = (rank: number) => known[n - 1 - rank]!;
  const median = largest(Math.floor(n / 2));
  const nth = largest(Math.min(count, n) - 1);
  // Among the `count` largest, and only those far above the typical size.
  return largest(0) > median * 4 ? Math.max(nth, median * 4 + 1) : -1;
}
