import { type CompressContext, createMarker, createTokenizer, refOf } from '@headroom/core';
import { describe, expect, it } from 'vitest';
import { groupingAccuracy } from './grouping-accuracy.js';
import { loghubSystems, readLoghub } from './internal/evaldata.test.helper.js';
import { logsCompressor } from './logs-compressor.js';
import { mineTemplates } from './mine-templates.js';

const WARNING_LEVELS = /^(?:warn|warning|error|fatal|severe|critical|e|w|f)$/i;

interface Row {
  system: string;
  before: number;
  after: number;
  accuracy: number;
  rareLines: number;
  rareVisible: number;
  warningTemplates: number;
  warningTemplatesVisible: number;
}

/** Every Loghub sample through the compressor (default options, lossy), scored the way the bench will. */
function measure(): Row[] {
  const tokenizer = createTokenizer();
  const context: CompressContext = { tokenizer, mode: 'lossy', options: {}, deadline: Number.POSITIVE_INFINITY, offload: (original, meta) => createMarker(refOf(original), meta.summary) };
  return loghubSystems().map((system) => {
    const sample = readLoghub(system);
    const result = logsCompressor().compress(sample.text, context);
    if (result instanceof Promise || result.type !== 'compressed') throw new Error(`${system} was not compressed`);
    const count = new Map<string, number>();
    for (const id of sample.eventIds) count.set(id, (count.get(id) ?? 0) + 1);
    let rareLines = 0;
    let rareVisible = 0;
    const warningSeen = new Map<string, boolean>();
    sample.lines.forEach((line, i) => {
      const id = sample.eventIds[i]!;
      const visible = result.text.includes(line);
      if (count.get(id)! <= 2) {
        rareLines++;
        if (visible) rareVisible++;
      }
      if (WARNING_LEVELS.test(sample.levels[i] ?? '')) warningSeen.set(id, (warningSeen.get(id) ?? false) || visible);
    });
    return {
      system,
      before: tokenizer.count(sample.text),
      after: tokenizer.count(result.text),
      accuracy: groupingAccuracy(mineTemplates(sample.lines).assignments, sample.eventIds),
      rareLines,
      rareVisible,
      warningTemplates: warningSeen.size,
      warningTemplatesVisible: [...warningSeen.values()].filter(Boolean).length,
    };
  });
}

describe('Loghub 2k samples (16 systems, o200k tokens)', () => {
  const rows = measure();
  const average = (pick: (row: Row) => number) => rows.reduce((sum, row) => sum + pick(row), 0) / rows.length;
  console.info(
    [
      'system        tokens before -> after  saving  group-acc  rare lines visible  warn templates visible',
      ...rows.map(
        (r) =>
          `${r.system.padEnd(12)} ${String(r.before).padStart(7)} -> ${String(r.after).padStart(6)}  ${((1 - r.after / r.before) * 100).toFixed(1).padStart(5)}%  ${r.accuracy.toFixed(3).padStart(9)}  ${`${r.rareVisible}/${r.rareLines}`.padStart(18)}  ${`${r.warningTemplatesVisible}/${r.warningTemplates}`.padStart(22)}`,
      ),
      `average saving ${(average((r) => 1 - r.after / r.before) * 100).toFixed(1)}%, average group accuracy ${average((r) => r.accuracy).toFixed(3)}`,
    ].join('\n'),
  );

  it('saves at least 90% on average', () => {
    expect(average((r) => 1 - r.after / r.before)).toBeGreaterThanOrEqual(0.9);
  });

  it('shows an example of every template at warning level or above', () => {
    for (const row of rows) expect([row.system, row.warningTemplatesVisible]).toEqual([row.system, row.warningTemplates]);
  });

  it('shows every line of the rare (at most twice seen) ground-truth templates', () => {
    for (const row of rows) expect([row.system, row.rareVisible]).toEqual([row.system, row.rareLines]);
  });
});
