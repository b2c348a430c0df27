import { parseMarkers } from '@headroom/core';
import { expect } from 'vitest';
import { filesContaining } from './files-containing.js';
import { isRunning, type LeaseFiles } from './lease-files.js';

/** The one large tool output of a wrapped run reached the model much smaller, behind a marker, with `mustKeep` verbatim. */
export function expectCompressedOnce(outputs: readonly string[], original: string, mustKeep: readonly string[]): void {
  expect(outputs).toHaveLength(1);
  const output = outputs[0]!;
  expect(output.length).toBeLessThan(original.length / 4);
  expect(parseMarkers(output).length).toBeGreaterThanOrEqual(1);
  for (const text of mustKeep) expect(output).toContain(text);
}

/** The proxy the wrapper leased is gone after the run (within a generous grace), and no file under `home` names it. */
export async function expectProxyReleased(leaseDuringRun: readonly LeaseFiles[], home: string): Promise<void> {
  const { pid, port } = leaseDuringRun.find((l) => l.state !== undefined)!.state!;
  const deadline = Date.now() + 10_000;
  while (isRunning(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(isRunning(pid)).toBe(false);
  expect(await filesContaining(home, `127.0.0.1:${port}`)).toEqual([]);
}
