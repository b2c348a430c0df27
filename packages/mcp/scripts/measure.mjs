// Figures for the README: each input through the real CLI bin (`headroom mcp serve`, stdio) with the
// SDK client, into a fresh temporary HEADROOM_HOME. Run from packages/mcp after a build:
//   node scripts/measure.mjs
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const inputs = ['packages/cli/samples/github-issues.json', '../shared/evaldata/logs/Linux/Linux_2k.log', '../shared/evaldata/logs/OpenSSH/OpenSSH_2k.log'];
const home = mkdtempSync(join(tmpdir(), 'headroom-mcp-measure-'));
const client = new Client({ name: 'measure', version: '1' });
await client.connect(new StdioClientTransport({ command: process.execPath, args: [join(root, 'packages/cli/dist/bin.js'), 'mcp', 'serve'], env: { ...process.env, HEADROOM_HOME: home } }));
for (const input of inputs) {
  const content = readFileSync(join(root, input), 'utf8');
  const result = await client.callTool({ name: 'headroom_compress', arguments: { content } });
  console.log(`${input}\t${content.length}\t${result.content[0].text.length}\t${result.content[1].text}`);
}
await client.close();
rmSync(home, { recursive: true, force: true });
