import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCompressor, runProgram } from './testing/run-compressor.js';
import { textCompressor } from './text-compressor.js';

const PY = '/root/.pyenv/versions/3.11.7/lib/python3.11';

/**
 * Outputs of real programs over material that does not change on this machine (pyenv's Python,
 * a C file of CPython's test suite), each compressed with its command line and a query. The
 * hashes were taken before the speed work on listings and routing: optimisations must keep every
 * output byte-identical. The outputs themselves are produced at test time, never committed.
 */
const GOLDEN: readonly { command: string; query: string; sha256: string }[] = [
  // site-packages is left out: what is installed there changes with the machine's provisioning.
  { command: `find ${PY} -path ${PY}/site-packages -prune -o -type d -print`, query: 'where is the email mime package', sha256: '41858041b62434360c0faffd7a99b440ca88c1a0377f0f99fd3a24f40618e1e8' },
  { command: `find ${PY}/test -name '*.py'`, query: 'json tests', sha256: 'aeae5614ec71fe6eb617f3eff051858acafddb078a04460d15b9b31337b1088b' },
  { command: `ls -laR ${PY}/email`, query: 'header parser', sha256: 'c87ea3ba6e6e17f630068a9b8f856fc657b76ad55f951165865cdd6afbcd89f3' },
  // Not `ls -la ${PY}`: its site-packages line shows that folder's time, which an install moves.
  { command: `ls -la ${PY}/encodings`, query: 'which codec handles utf-8', sha256: 'a4731a2188cb52b0e68016ddff0e139440b066fce89dd4059d76666e93ca808d' },
  { command: `du -a ${PY}/json`, query: 'largest file', sha256: 'd1062282676f1c9c09e38dfdafbede474e59c35e9e4a80603148fc6bff1598bf' },
  { command: 'gcc -fsyntax-only /root/.pyenv/versions/3.13.0/lib/python3.13/test/clinic.test.c 2>&1', query: 'unknown type name', sha256: '73867e86f506ab16e3edd8d93109a189426589365d71924ed66039a0a995bcfd' },
];

describe('golden outputs: optimisations keep every byte', () => {
  it.each(GOLDEN)('$command', async ({ command, query, sha256 }) => {
    const input = runProgram(command);
    expect(input.split('\n').length).toBeGreaterThan(20);
    const run = await runCompressor(textCompressor(), input, { command, query });
    const hash = createHash('sha256')
      .update(run.text ?? `skipped: ${run.reason}`)
      .digest('hex');
    expect(hash).toBe(sha256);
  });
});
