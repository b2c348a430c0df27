// Prints the sample in the README: real proxy traffic (a GitHub API answer as a tool result, resent on three turns) + a CLI compression, then headroom stats.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonCompressor } from '../../compressor-json/dist/index.js';
import { startProxy } from '../../proxy/dist/index.js';
import { anthropicStream, openaiChatCompletion, startScriptedUpstream } from '../../proxy/dist/testing/index.js';
import { createSqliteWorkerStore } from '../../store-sqlite/dist/index.js';

// Run from the repository root: `node packages/cli/scripts/stats-sample.mjs [--by model]` (after `pnpm build`).
process.chdir(fileURLToPath(new URL('../../..', import.meta.url)));
const home = mkdtempSync(join(tmpdir(), 'headroom-sample-'));
const upstream = await startScriptedUpstream();
const store = await createSqliteWorkerStore({ home });
const proxy = await startProxy({ port: 0, store, anthropicUpstream: upstream.url, openaiUpstream: upstream.url, compressors: [jsonCompressor()], outboundProxy: false });
const issues = readFileSync('packages/cli/samples/github-issues.json', 'utf8');
const post = (path, headers, body) => fetch(`${proxy.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then((r) => r.text());
for (let turn = 0; turn < 3; turn++) {
  upstream.enqueue({ sse: anthropicStream({ model: 'claude-sonnet-4-5-20250929', usage: { input: 200, output: 50, cacheRead: turn * 9000, cacheWrite: turn === 0 ? 9000 : 400 } }) });
  const messages = [
    { role: 'user', content: 'which issues are open?' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'gh api repos/x/y/issues' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: issues }] },
    ...Array.from({ length: turn }, (_, i) => [{ role: 'assistant', content: `turn ${i}` }, { role: 'user', content: 'and then?' }]).flat(),
  ];
  await post('/v1/messages', { 'x-api-key': 'sk-ant-x' }, { model: 'claude-sonnet-4-5-20250929', max_tokens: 100, stream: true, messages });
}
upstream.enqueue({ json: openaiChatCompletion({ model: 'gpt-4o', usage: { input: 3000, output: 20, cacheRead: 1024 } }) });
await post('/v1/chat/completions', { authorization: 'Bearer sk-openai' }, { model: 'gpt-4o', messages: [{ role: 'user', content: 'summarize' }, { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'fetch_issues', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c1', content: issues }] });
while ((await store.ledger.read({ type: 'request' })).length < 4) await new Promise((r) => setTimeout(r, 10));
await proxy.close(); await upstream.close(); await store.close();
const env = { ...process.env, HEADROOM_HOME: home };
execFileSync(process.execPath, ['packages/cli/dist/bin.js', 'compress', 'packages/cli/samples/github-issues.json'], { env, stdio: 'ignore' });
process.stdout.write(execFileSync(process.execPath, ['packages/cli/dist/bin.js', 'stats', '--since', '7d', ...process.argv.slice(2)], { env }).toString().replace(home, '~/.headroom'));
