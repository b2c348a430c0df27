import { HeadroomError } from '@headroom/core';
import { splitEnumerations } from './internal/split-enumerations.js';
import { cacheLineTokens, isPlainWord, type LineTokenCache, WILDCARD } from './internal/tokenize-line.js';

export interface MineTemplatesOptions {
  /**
   * Share of a line's constant tokens that must equal a template's (position by position) for the
   * line to join it; below, the line starts a new template. Default: 0.7.
   */
  readonly similarity?: number;
  /** How many leading tokens route a line in the parse tree, after its token count. Default: 2. */
  readonly prefixTokens?: number;
  /** Children per tree node before further distinct tokens share a wildcard branch. Default: 100. */
  readonly maxChildren?: number;
}

export interface LogTemplate {
  /** Index in `templates`, in order of first appearance. */
  readonly id: number;
  /** The template's tokens, with `<*>` where lines differ. */
  readonly tokens: readonly string[];
  /** `tokens` joined with spaces, for display. */
  readonly text: string;
  /** How many lines belong to it. */
  readonly count: number;
  /** Index of its first line in the input. */
  readonly firstLine: number;
}

export interface TemplateMining {
  readonly templates: readonly LogTemplate[];
  /** For each input line, the id of its template. */
  readonly assignments: Int32Array;
}

interface Cluster {
  readonly index: number;
  readonly tokens: string[];
  /** Per position: the template token is a plain word (see `isPlainWord`). */
  readonly plain: boolean[];
  count: number;
  readonly firstLine: number;
}

interface TreeNode {
  readonly children: Map<string, TreeNode>;
  readonly clusters: Cluster[];
}

interface TemplateMiner {
  /** Assigns one line (tokenized) and returns its cluster index. */
  add(masked: readonly string[], lineIndex: number): number;
  /** Notes a line of the sample that decides which tokens are too common to count as evidence. */
  sample(masked: readonly string[]): void;
  finish(lineCount: number, assignments: Int32Array): LogTemplate[];
  /** Per token position: most sampled lines have the same token there (a header column). */
  headerPositions(): boolean[];
}

export interface ResolvedMinerOptions {
  readonly similarity: number;
  readonly prefixTokens: number;
  readonly maxChildren: number;
}

export function resolveMinerOptions(options: MineTemplatesOptions = {}): ResolvedMinerOptions {
  const resolved = {
    similarity: options.similarity ?? 0.7,
    prefixTokens: options.prefixTokens ?? 2,
    maxChildren: options.maxChildren ?? 100,
  };
  if (!(resolved.similarity > 0 && resolved.similarity <= 1)) throw new HeadroomError('invalid_argument', 'similarity must be in (0, 1]');
  if (!Number.isInteger(resolved.prefixTokens) || resolved.prefixTokens < 0) throw new HeadroomError('invalid_argument', 'prefixTokens must be an integer >= 0');
  if (!Number.isInteger(resolved.maxChildren) || resolved.maxChildren < 1) throw new HeadroomError('invalid_argument', 'maxChildren must be an integer >= 1');
  return resolved;
}

/**
 * Drain-style template mining (He et al., ICWS 2017), our own implementation: a fixed-depth
 * parse tree routes each line by its token count and first tokens to a short list of templates;
 * the line joins the most similar one (if similar enough) and the template's differing positions
 * become `<*>`. One pass, no regex per template, deterministic.
 */
export function mineTemplates(lines: readonly string[], options: MineTemplatesOptions = {}): TemplateMining {
  const { templates, assignments } = mineUntil(lines, resolveMinerOptions(options), Number.POSITIVE_INFINITY)!;
  return { templates, assignments };
}

/** Lines between two looks at the clock. */
const CLOCK_EVERY = 4096;

/** A mining, plus which token positions are header columns (timestamps, hosts, levels). */
export interface MiningWithHeader extends TemplateMining {
  readonly headerPositions: readonly boolean[];
}

/**
 * `mineTemplates` for the compressor: shares the line tokens with later steps, stops (undefined)
 * when `deadline` (ms since the epoch) passes, and reports the header positions.
 */
export function mineUntil(lines: readonly string[], options: ResolvedMinerOptions, deadline: number, tokens: LineTokenCache = cacheLineTokens(lines)): MiningWithHeader | undefined {
  const miner = createTemplateMiner(options);
  forEachSampled(lines.length, (i) => miner.sample(tokens.at(i).masked));
  const assignments = new Int32Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    if (i % CLOCK_EVERY === CLOCK_EVERY - 1 && Date.now() > deadline) return undefined;
    assignments[i] = miner.add(tokens.at(i).masked, i);
  }
  const headerPositions = miner.headerPositions();
  const mined = miner.finish(lines.length, assignments);
  const templates = splitEnumerations(mined, assignments, tokens);
  return { templates, assignments, headerPositions };
}

/** How many lines, spread evenly over the input, decide which tokens are common. */
const SAMPLE_LINES = 500;
/** A token at a position in more than this share of sampled lines is header, not evidence. */
const COMMON_SHARE = 0.4;
/** ...and counts this much when it matches: a shared level or host name is weak evidence. */
const COMMON_WEIGHT = 0.4;
/** Fewer sampled lines than this make every token look common: then none is. */
const MIN_SAMPLE_FOR_COMMON = 50;
/**
 * Templates a line is compared with, at most, in one leaf of the tree. Real logs stay far below;
 * without a cap, input with no structure would cost a comparison per pair of lines.
 */
const MAX_LEAF_CLUSTERS = 256;
/** Distinct masked lines remembered for the fast path; past this, new ones are searched every time. */
const SEEN_LIMIT = 100_000;
/**
 * Two different plain words at a position are a different message ("Started" vs "Paused"); two
 * different paths, hosts or ids are more likely one variable: they count this much as a mismatch.
 */
const SOFT_MISMATCH = 0.5;

function forEachSampled(lineCount: number, visit: (index: number) => void): void {
  const step = Math.max(1, lineCount / SAMPLE_LINES);
  for (let i = 0; i < lineCount; i += step) visit(Math.floor(i));
}

function createTemplateMiner(options: ResolvedMinerOptions): TemplateMiner {
  const byLength = new Map<number, TreeNode>();
  const clusters: Cluster[] = [];
  // Per position: how many sampled lines have each token there.
  const sampled: Map<string, number>[] = [];
  let sampledLines = 0;
  let common: Set<string>[] | undefined;
  // A line identical to an earlier one once masked joins the same template, without a search.
  const seen = new Map<string, Cluster>();

  function commonTokens(): Set<string>[] {
    if (sampledLines < MIN_SAMPLE_FOR_COMMON) return [];
    const threshold = sampledLines * COMMON_SHARE;
    return sampled.map((counts) => new Set([...counts].filter(([, n]) => n > threshold).map(([token]) => token)));
  }

  function leafFor(masked: readonly string[]): TreeNode {
    let node = byLength.get(masked.length);
    if (!node) byLength.set(masked.length, (node = newNode()));
    const depth = Math.min(options.prefixTokens, masked.length);
    for (let d = 0; d < depth; d++) {
      const token = masked[d]!;
      // Variables never route: a token with a masked part goes down the wildcard branch.
      let key = token.includes(WILDCARD) ? WILDCARD : token;
      if (key !== WILDCARD && !node.children.has(key) && node.children.size >= options.maxChildren) key = WILDCARD;
      let child = node.children.get(key);
      if (!child) node.children.set(key, (child = newNode()));
      node = child;
    }
    return node;
  }

  return {
    sample(masked) {
      sampledLines++;
      for (let i = 0; i < masked.length; i++) {
        const counts = sampled[i] ?? (sampled[i] = new Map());
        counts.set(masked[i]!, (counts.get(masked[i]!) ?? 0) + 1);
      }
    },
    add(masked, lineIndex) {
      const key = masked.join(' ');
      const known = seen.get(key);
      if (known !== undefined) {
        known.count++;
        return known.index;
      }
      const index = assign(masked, lineIndex);
      if (seen.size < SEEN_LIMIT) seen.set(key, clusters[index]!);
      return index;
    },
    finish(lineCount, assignments) {
      return finishClusters(clusters, lineCount, assignments);
    },
    headerPositions() {
      common ??= commonTokens();
      return common.map((tokens) => tokens.size > 0);
    },
  };

  function assign(masked: readonly string[], lineIndex: number): number {
    const leaf = leafFor(masked);
    common ??= commonTokens();
    const line: LineView = { tokens: masked, common: masked.map((token, i) => common![i]?.has(token) === true), plain: masked.map(isPlainWord) };
    let best: Cluster | undefined;
    let bestScore = -1;
    for (const cluster of leaf.clusters) {
      const score = similarity(cluster, line);
      if (score > bestScore) {
        best = cluster;
        bestScore = score;
      }
    }
    if (best && bestScore >= options.similarity) {
      generalize(best, masked);
      best.count++;
      return best.index;
    }
    const cluster: Cluster = { index: clusters.length, tokens: [...masked], plain: [...line.plain], count: 1, firstLine: lineIndex };
    // A crowded leaf means input without structure (random bytes): stop growing the search there.
    if (leaf.clusters.length < MAX_LEAF_CLUSTERS) leaf.clusters.push(cluster);
    clusters.push(cluster);
    return cluster.index;
  }
}

function newNode(): TreeNode {
  return { children: new Map(), clusters: [] };
}

/** A line as the similarity sees it: tokens, and per position whether it is common or a plain word. */
interface LineView {
  readonly tokens: readonly string[];
  readonly common: readonly boolean[];
  readonly plain: readonly boolean[];
}

/**
 * Share of positions that agree, ignoring positions where both sides are variables (timestamps,
 * ids), and counting little a token most lines have there (a level, a host name, a separator):
 * that is header, and counting it fully would make every pair of short messages look alike.
 */
function similarity(cluster: Cluster, line: LineView): number {
  const template = cluster.tokens;
  let same = 0;
  let compared = 0;
  for (let i = 0; i < template.length; i++) {
    const a = template[i]!;
    if (a === line.tokens[i]) {
      if (a === WILDCARD) continue;
      const weight = line.common[i] ? COMMON_WEIGHT : 1;
      same += weight;
      compared += weight;
    } else compared += cluster.plain[i] && line.plain[i] ? 1 : SOFT_MISMATCH;
  }
  return compared === 0 ? 1 : same / compared;
}

function generalize(cluster: Cluster, masked: readonly string[]): void {
  for (let i = 0; i < cluster.tokens.length; i++) {
    if (cluster.tokens[i] !== masked[i]) {
      cluster.tokens[i] = WILDCARD;
      cluster.plain[i] = false;
    }
  }
}

/** Clusters that generalized to the same template are one template; ids follow first appearance. */
function finishClusters(clusters: readonly Cluster[], lineCount: number, assignments: Int32Array): LogTemplate[] {
  const byText = new Map<string, number>();
  const remap = new Int32Array(clusters.length);
  const templates: { tokens: string[]; count: number; firstLine: number }[] = [];
  clusters.forEach((cluster, i) => {
    const key = `${cluster.tokens.length}\u0000${cluster.tokens.join('\u0000')}`;
    const existing = byText.get(key);
    if (existing !== undefined) {
      remap[i] = existing;
      const target = templates[existing]!;
      target.count += cluster.count;
      return;
    }
    byText.set(key, templates.length);
    remap[i] = templates.length;
    templates.push({ tokens: cluster.tokens, count: cluster.count, firstLine: cluster.firstLine });
  });
  for (let i = 0; i < lineCount; i++) assignments[i] = remap[assignments[i]!]!;
  return templates.map((t, id) => ({ id, tokens: t.tokens, text: t.tokens.join(' '), count: t.count, firstLine: t.firstLine }));
}
