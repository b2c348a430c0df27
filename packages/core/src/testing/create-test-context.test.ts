import { describe, expect, it } from 'vitest';
import { refOf } from '../hash.js';
import { parseMarkers } from '../markers.js';
import { createTestContext } from './create-test-context.js';

describe('createTestContext', () => {
  it('offloads like the pipeline: the marker names the hash of the original, which is kept', () => {
    const { context, offloads } = createTestContext({ query: 'why' });
    const marker = context.offload('omitted lines\n', { summary: '1 line omitted' });
    const [parsed] = parseMarkers(marker);
    expect(parsed?.ref).toBe(refOf('omitted lines\n'));
    expect(offloads.get(parsed!.ref)?.original).toBe('omitted lines\n');
    expect(context.query).toBe('why');
  });

  it('has no deadline unless one is given, and refuses offloads in lossless mode', () => {
    expect(createTestContext().context.deadline).toBe(Number.POSITIVE_INFINITY);
    expect(createTestContext({ deadline: 5 }).context.deadline).toBe(5);
    expect(() => createTestContext({ mode: 'lossless' }).context.offload('x', { summary: 's' })).toThrow(/lossless/);
  });
});
