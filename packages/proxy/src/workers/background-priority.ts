import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Nice value of the proxy's helper threads: low enough that the request thread preempts them, not
 * so low that other busy processes on the host starve compression past its budget (at 10, a
 * compression thread got a tenth of a core's share under a loaded CI run and its requests failed open).
 */
export const BACKGROUND_NICE = 5;

/**
 * Lowers the scheduling priority of the calling thread (a compression or body thread), so that on a
 * busy machine the request thread (and /livez) gets a core as soon as it has work, instead of
 * waiting out the time slices of its own helpers. Linux keeps a nice value per thread and names the
 * thread in /proc/thread-self; elsewhere (where setpriority would address the whole process, or
 * another one) nothing happens. Best effort: a failure changes nothing else.
 */
export function lowerThisThreadPriority(nice = BACKGROUND_NICE): void {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isSafeInteger(tid) && tid > 0 && tid !== process.pid) setPriority(tid, nice);
  } catch {
    // No /proc, or not allowed: the thread keeps the process's priority.
  }
}
