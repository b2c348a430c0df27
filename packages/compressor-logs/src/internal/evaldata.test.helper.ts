import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `<repo root>/../shared/evaldata`, where the repo root is the nearest folder with pnpm-workspace.yaml. */
export function evaldataDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no pnpm-workspace.yaml above this file');
    dir = parent;
  }
  return resolve(dir, '..', 'shared', 'evaldata');
}

export function readEvaldata(relative: string): string {
  return readFileSync(join(evaldataDir(), relative), 'utf8');
}

/** The 16 Loghub systems (Android ... Zookeeper). */
export function loghubSystems(): string[] {
  return readdirSync(join(evaldataDir(), 'logs'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export interface LoghubSample {
  readonly system: string;
  readonly text: string;
  /** The raw lines (no trailing empty line). */
  readonly lines: string[];
  /** Ground truth per line: EventId, and Level when the format has one. */
  readonly eventIds: string[];
  readonly levels: (string | undefined)[];
}

export function readLoghub(system: string): LoghubSample {
  const text = readEvaldata(`logs/${system}/${system}_2k.log`);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const [header, ...rows] = parseCsv(readEvaldata(`logs/${system}/${system}_2k.log_structured_corrected.csv`)).filter((row) => row.length > 1);
  const eventId = header!.indexOf('EventId');
  const level = header!.indexOf('Level');
  return {
    system,
    text,
    lines,
    eventIds: rows.map((row) => row[eventId]!),
    levels: rows.map((row) => (level >= 0 ? row[level] : undefined)),
  };
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field.length > 0 || row.length > 0) rows.push([...row, field]);
  return rows;
}
