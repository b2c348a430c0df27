import { isHeadroomError } from '@headroom/core';
import { readProxyConfig } from './read-proxy-config.js';
import { startReferenceProxy } from './start-reference-proxy.js';

// `node apps/proxy/dist/main.js`: configuration from the environment (see README), one line
// on stdout once listening, graceful shutdown on SIGTERM/SIGINT.

/** How long in-flight requests get to finish after a stop signal (systemd's default stop timeout is 90 s). */
const SHUTDOWN_GRACE_MS = 10_000;

let config: ReturnType<typeof readProxyConfig>;
try {
  config = readProxyConfig(process.env);
} catch (error) {
  if (!isHeadroomError(error)) throw error;
  process.stderr.write(`headroom proxy: ${error.message}\n`);
  // 78 is EX_CONFIG: systemd and supervisors can tell a bad configuration from a crash.
  process.exit(78);
}

const proxy = await startReferenceProxy(config);

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) {
    process.stderr.write(`headroom proxy: second ${signal}, exiting now\n`);
    process.exit(1);
  }
  stopping = true;
  process.stderr.write(`headroom proxy: ${signal} received, finishing in-flight requests\n`);
  const timer = setTimeout(() => {
    process.stderr.write(`headroom proxy: requests still open after ${SHUTDOWN_GRACE_MS} ms, exiting\n`);
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  timer.unref();
  proxy.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`headroom proxy: shutdown failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Only now: whoever waits for this line may signal us at once.
process.stdout.write(`headroom proxy listening on ${proxy.url} (store in ${config.home})\n`);
