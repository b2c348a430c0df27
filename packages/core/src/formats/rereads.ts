import { commandFamily } from '../ledger/command-family.js';
import type { Pipeline, PipelineResult } from '../pipeline/create-pipeline.js';
import type { Slot } from './slot.js';

/** "Right after": at most this many other tool results between a compressed result and its repeat. */
const RIGHT_AFTER = 3;

/**
 * Notices the agent running the same command, or reading the same file, again shortly after a
 * result of it that was compressed with omissions, and records it against the earlier result.
 * The whole history is in every request, so each repeat is seen on every later turn; the pipeline
 * records it once (keyed by the later slot's position).
 */
export async function noteRereads(
  pipeline: Pipeline,
  slots: readonly Slot[],
  results: readonly (PipelineResult | string)[],
  tenant: string | undefined,
  pointerOf: (slot: Slot) => string,
): Promise<void> {
  if (!pipeline.recordReread) return;
  const last = new Map<string, { readonly position: number; readonly result: PipelineResult | string }>();
  let position = 0;
  const found: Promise<void>[] = [];
  slots.forEach((slot, index) => {
    if (slot.kind !== 'tool_result') return;
    position++;
    const command = slot.hints?.command;
    const file = slot.hints?.filePath;
    const by = command ? 'command' : file ? 'file' : undefined;
    if (!by) return;
    const key = `${by}\u0000${slot.toolName ?? ''}\u0000${command ?? file}`;
    const result = results[index]!;
    const earlier = last.get(key);
    last.set(key, { position, result });
    if (!earlier || position - earlier.position - 1 > RIGHT_AFTER) return;
    const before = earlier.result;
    if (typeof before === 'string' || !before.compressed || before.markers.length === 0 || !before.ref || !before.compressor) return;
    const family = commandFamily(command);
    found.push(
      pipeline.recordReread!({
        ...(tenant !== undefined ? { tenant } : {}),
        ref: before.ref,
        compressor: before.compressor,
        ...(slot.toolName ? { toolName: slot.toolName } : {}),
        ...(family ? { commandFamily: family } : {}),
        by,
        at: pointerOf(slot),
      }),
    );
  });
  await Promise.all(found);
}
