import { describe, expect, it } from 'vitest';
import { diffFiles, evaldataDir, loadLoghub, loghubSystems, realJsonFiles } from './real-data.js';

const evaldata = evaldataDir();

describe('real data', () => {
  it('finds the 16 Loghub systems and lines up each labelled line with the raw log', () => {
    expect(loghubSystems(evaldata)).toHaveLength(16);
    const hdfs = loadLoghub(evaldata, 'HDFS');
    expect(hdfs.lines).toHaveLength(2000);
    for (const line of hdfs.lines) expect(line.text).toContain(line.content);
    expect(new Set(hdfs.lines.map((l) => l.eventId)).size).toBe(14);
    expect(hdfs.lines.filter((l) => l.level === 'WARN')).toHaveLength(80);
  });

  it('lists json/ recursively, .json and .ndjson only, and the diffs', () => {
    const json = realJsonFiles(evaldata).map((f) => f.name);
    expect(json.some((name) => name.endsWith('.ndjson'))).toBe(true);
    expect(json.every((name) => name.endsWith('.json') || name.endsWith('.ndjson'))).toBe(true);
    expect(json).toContain('json/stripe/objects/charge.json');
    expect(diffFiles(evaldata)).toHaveLength(7);
  });
});
