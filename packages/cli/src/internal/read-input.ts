import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { HeadroomError } from '@headroom/core';
import type { CliIo } from '../cli-io.js';
import { usageError } from './usage-error.js';

// fatal: refuse bytes that are not UTF-8 rather than store a lossy copy; ignoreBOM: keep a
// leading BOM in the text so the original is retrievable byte for byte.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of FILE, or of stdin for `-` or no FILE. */
export async function readInput(file: string | undefined, io: CliIo): Promise<{ text: string; name: string }> {
  let bytes: Buffer;
  let name: string;
  if (file === undefined || file === '-') {
    if (file === undefined && io.stdinIsTty) throw usageError('no input: give a FILE, or pipe text on stdin (see headroom compress --help)');
    bytes = await io.readStdin();
    name = 'stdin';
  } else {
    name = file;
    try {
      bytes = await readFile(resolve(io.cwd, file));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EISDIR') throw usageError(`${file} is a directory; give a file (or pipe text on stdin)`);
      const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
      throw new HeadroomError('not_found', `cannot read ${file}: ${reason}`);
    }
  }
  try {
    return { text: utf8.decode(bytes), name };
  } catch {
    throw new HeadroomError('invalid_request', `${name} is not UTF-8 text; headroom compresses text only`);
  }
}
