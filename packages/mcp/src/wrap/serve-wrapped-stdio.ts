import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { type CompressingFront, type CompressingFrontOptions, createCompressingFront } from './create-compressing-front.js';

/**
 * `headroom mcp wrap`: the compressing front served on this process's stdio. Resolves when the
 * client closes stdin or the wrapped server exits.
 */
export async function serveWrappedStdio(options: CompressingFrontOptions): Promise<void> {
  const front: CompressingFront = await createCompressingFront(options);
  await front.connect(new StdioServerTransport());
  process.stdin.once('end', () => void front.close());
  await front.closed;
}
