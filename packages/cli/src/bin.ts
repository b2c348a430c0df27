#!/usr/bin/env node
import { nodeIo } from './cli-io.js';
import { runCli } from './run-cli.js';

// A closed pipe (`headroom compress x | head`) is the reader's choice, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), nodeIo());
