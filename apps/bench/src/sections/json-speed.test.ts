import { describe, expect, it } from 'vitest';
import { measureJsonSpeed } from './json-speed.js';

describe('measureJsonSpeed', () => {
  it('times the round trip, the json compressor and the pipeline over the same bytes', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ id: i, level: i === 41 ? 'ERROR' : 'INFO', message: `request ${i} served in ${i * 7} ms` }));
    const pretty = JSON.stringify(rows, null, 2);
    const lines = rows.map((row) => JSON.stringify(row)).join('\n');
    const speed = await measureJsonSpeed(
      [
        { text: pretty, input: { query: 'which request failed' }, documents: [pretty] },
        { text: lines, input: {}, documents: lines.split('\n') },
      ],
      2,
    );
    expect(speed.bytes).toBe(Buffer.byteLength(pretty) + Buffer.byteLength(lines));
    expect(speed.rounds).toBe(2);
    for (const pass of ['roundTrip', 'compressor', 'pipeline'] as const) {
      expect(speed.ms[pass]).toBeGreaterThan(0);
      expect(speed.mbps[pass]).toBeCloseTo(speed.bytes / 1e6 / (speed.ms[pass] / 1000));
    }
    expect(speed.ratio.compressor).toBeCloseTo(speed.ms.roundTrip / speed.ms.compressor);
    expect(speed.ratio.pipeline).toBeCloseTo(speed.ms.roundTrip / speed.ms.pipeline);
  });
});
