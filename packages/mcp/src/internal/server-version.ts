import { readFileSync } from 'node:fs';

/** This package's version, announced in the MCP handshake. */
export const SERVER_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
