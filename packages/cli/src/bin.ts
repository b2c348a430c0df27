#!/usr/bin/env -S node --max-semi-space-size=32
// The flag is @headroom/proxy's PROXY_NODE_FLAGS (why: see there); bin.test.ts keeps the two equal.
import { nodeIo } from './cli-io.js';
import { runCli } from './run-cli.js';

// A closed pipe (`headroom compress x | head`) is the reader's choice, not a failure; any other
// output error (a full disk) is one line, not a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') process.stderr.write(`headroom: cannot write output: ${error.message}\n`);
  process.exit(error.code === 'EPIPE' ? 0 : 1);
});

process.exitCode = await runCli(process.argv.slice(2), nodeIo());
