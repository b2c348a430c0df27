import { HeadroomError } from '../errors.js';

/**
 * Runs `work` and rejects with a `timeout` error when it has not settled by `deadline`.
 * An async compressor is abandoned at the deadline; a synchronous one cannot be preempted in
 * process, so its result is discarded when it returns late. Either way the original passes.
 */
export async function runWithDeadline<T>(work: () => T | Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HeadroomError('timeout', 'compressor timed out')),
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    const result = await Promise.race([Promise.resolve().then(work), timeout]);
    if (Date.now() > deadline) throw new HeadroomError('timeout', 'compressor returned after its deadline');
    return result;
  } finally {
    clearTimeout(timer);
  }
}
