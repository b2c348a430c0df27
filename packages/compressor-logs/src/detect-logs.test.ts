import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLogs } from './detect-logs.js';
import { evaldataDir, loghubSystems, readEvaldata } from './internal/evaldata.test.helper.js';

function filesUnder(folder: string): string[] {
  return readdirSync(join(evaldataDir(), folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('LICENSE'))
    .map((entry) => join(entry.parentPath, entry.name).slice(evaldataDir().length + 1))
    .sort();
}

describe('detectLogs', () => {
  it('is confident on all 16 Loghub samples', () => {
    const scores = loghubSystems().map((system) => detectLogs(readEvaldata(`logs/${system}/${system}_2k.log`)));
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(0.8);
  });

  it('stays below the router threshold on grep, git log, find, diffs and JSON documents', () => {
    const files = [...filesUnder('shell-outputs'), ...filesUnder('diffs'), ...filesUnder('json')];
    expect(files.length).toBeGreaterThan(60);
    const confident = files.map((file) => [file, detectLogs(readEvaldata(file))] as const).filter(([, score]) => score >= 0.3);
    expect(confident).toEqual([]);
  });

  it('stays low on CSV tables, even of log lines', () => {
    expect(detectLogs(readEvaldata('logs/OpenStack/OpenStack_2k.log_structured_corrected.csv'))).toBeLessThan(0.3);
    expect(detectLogs(readEvaldata('logs/Mac/Mac_2k.log_templates_corrected.csv'))).toBeLessThan(0.3);
  });

  it('is confident on JSON-lines logs and not on other JSON lines', () => {
    const logs = Array.from({ length: 20 }, (_, i) => JSON.stringify({ ts: `2024-01-01T00:00:${i}Z`, level: 'info', msg: 'ok' })).join('\n');
    const rows = Array.from({ length: 20 }, (_, i) => JSON.stringify({ id: i, name: `n${i}` })).join('\n');
    expect(detectLogs(logs)).toBeGreaterThanOrEqual(0.8);
    expect(detectLogs(rows)).toBeLessThan(0.3);
  });

  it('is confident on ISO 8601 date-times, which have a letter before their first colon', () => {
    const lines = (stamp: (i: number) => string) => Array.from({ length: 50 }, (_, i) => `${stamp(i)} INFO worker-${i % 5} handled job ${i}`).join('\n');
    const seconds = (i: number) => String(i % 60).padStart(2, '0');
    expect(detectLogs(lines((i) => `2026-11-24T10:00:${seconds(i)}Z`))).toBeGreaterThan(0.9);
    expect(detectLogs(lines((i) => `2026-11-24T10:00:${seconds(i)}.123+02:00`))).toBeGreaterThan(0.9);
  });

  it('is confident on build and test runner output without timestamps', () => {
    const cargo = Array.from({ length: 40 }, (_, i) => `   Compiling crate-${i} v0.${i}.0`).concat(['    Finished dev [unoptimized + debuginfo] target(s) in 12.3s']).join('\n');
    const npm = Array.from({ length: 20 }, (_, i) => `npm WARN deprecated pkg-${i}@1.0.${i}: use something else`).concat(['npm ERR! code ERESOLVE']).join('\n');
    expect(detectLogs(cargo)).toBeGreaterThanOrEqual(0.8);
    expect(detectLogs(npm)).toBeGreaterThanOrEqual(0.8);
  });

  it('returns 0 for empty input and a number in 0..1 for anything', () => {
    expect(detectLogs('')).toBe(0);
    expect(detectLogs('\u0000\ufffd'.repeat(1000))).toBeLessThan(0.3);
  });
});
