import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './csv.js';

/** The nearest ancestor folder holding pnpm-workspace.yaml: the monorepo root, wherever CI cloned it. */
export function findRepoRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${start}`);
    dir = parent;
  }
}

/** Real third-party inputs live beside the repo, never inside it (see evaldata/README.md). */
export function evaldataDir(repoRoot: string = findRepoRoot()): string {
  return join(repoRoot, '..', 'shared', 'evaldata');
}

/** One real input file, named by its path under evaldata. */
export interface RealFile {
  readonly name: string;
  readonly path: string;
  readonly text: string;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out;
}

function readReal(evaldata: string, path: string): RealFile {
  return { name: relative(evaldata, path), path, text: readFileSync(path, 'utf8') };
}

/** Every .json and .ndjson file under evaldata/json, recursively, in path order. */
export function realJsonFiles(evaldata: string): RealFile[] {
  return listFiles(join(evaldata, 'json'))
    .filter((path) => path.endsWith('.json') || path.endsWith('.ndjson'))
    .map((path) => readReal(evaldata, path));
}

export function shellOutputFiles(evaldata: string): RealFile[] {
  return listFiles(join(evaldata, 'shell-outputs')).map((path) => readReal(evaldata, path));
}

export function diffFiles(evaldata: string): RealFile[] {
  return listFiles(join(evaldata, 'diffs')).map((path) => readReal(evaldata, path));
}

/** One ground-truth line of a Loghub sample. */
export interface LoghubLine {
  /** The raw log line, exactly as in `<S>_2k.log`. */
  readonly text: string;
  readonly eventId: string;
  /** The message part after the header fields, as the ground truth parsed it. */
  readonly content: string;
  /** The line's level field, when the system's format has one. */
  readonly level: string | undefined;
}

export interface LoghubSystem {
  readonly system: string;
  /** `logs/<S>/<S>_2k.log` */
  readonly name: string;
  readonly text: string;
  readonly lines: readonly LoghubLine[];
}

export function loghubSystems(evaldata: string): string[] {
  const logs = join(evaldata, 'logs');
  return readdirSync(logs)
    .filter((entry) => statSync(join(logs, entry)).isDirectory())
    .sort();
}

/**
 * A Loghub 2k sample with its corrected labels. LineId N of the structured CSV is line N of the
 * raw log (logparser's copies line up; see evaldata/README.md).
 */
export function loadLoghub(evaldata: string, system: string): LoghubSystem {
  const base = join(evaldata, 'logs', system, `${system}_2k.log`);
  const text = readFileSync(base, 'utf8');
  const rawLines = text.split('\n');
  const rows = parseCsv(readFileSync(`${base}_structured_corrected.csv`, 'utf8'));
  const header = rows[0] ?? [];
  const lineIdColumn = header.indexOf('LineId');
  const eventColumn = header.indexOf('EventId');
  const levelColumn = header.indexOf('Level');
  const contentColumn = header.indexOf('Content');
  if (lineIdColumn < 0 || eventColumn < 0 || contentColumn < 0) throw new Error(`${base}_structured_corrected.csv lacks LineId/EventId/Content`);
  const lines: LoghubLine[] = [];
  for (const row of rows.slice(1)) {
    if (row.length < header.length) continue;
    const lineId = Number(row[lineIdColumn]);
    const raw = rawLines[lineId - 1];
    if (raw === undefined) throw new Error(`${system}: LineId ${lineId} is past the end of the log`);
    lines.push({ text: raw, eventId: row[eventColumn]!, content: row[contentColumn]!, level: levelColumn >= 0 ? row[levelColumn] : undefined });
  }
  return { system, name: relative(evaldata, base), text, lines };
}
