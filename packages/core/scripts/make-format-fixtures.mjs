// Writes the input bodies for the compressRequest golden tests (src/formats/__fixtures__/*/input.json).
// Run once: node scripts/make-format-fixtures.mjs. The expected outputs are written by the test with UPDATE_GOLDEN=1.
import { mkdirSync, writeFileSync } from 'node:fs';

const log = (service, n) =>
  Array.from({ length: n }, (_, i) => `2024-05-01T10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z INFO ${service} handled GET /api/items/${i} in ${(i * 37) % 200}ms`).join('\n');
const json = JSON.stringify(Array.from({ length: 40 }, (_, i) => ({ id: i, path: `src/file-${i}.ts`, size: 100 + i })), null, 2);
const fileText = Array.from({ length: 60 }, (_, i) => `export const value${i} = ${i};`).join('\n');
const image = { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' };

const anthropic = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  stream: true,
  system: [{ type: 'text', text: 'You are a careful coding agent.', cache_control: { type: 'ephemeral' } }],
  tools: [{ name: 'Bash', description: 'Run a shell command', input_schema: { type: 'object', properties: { command: { type: 'string' } } }, cache_control: { type: 'ephemeral' } }],
  messages: [
    { role: 'user', content: 'Why is the API slow? Look at the logs and the config.' },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'I should read the logs and the config file.', signature: 'EqQBCkYIARgCIkA=' },
        { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT' },
        { type: 'text', text: 'Reading both.' },
        { type: 'tool_use', id: 'toolu_01', name: 'Bash', input: { command: 'cat /var/log/api.log' } },
        { type: 'tool_use', id: 'toolu_02', name: 'Read', input: { file_path: '/repo/src/config.ts' } },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_01', content: log('api', 150), cache_control: { type: 'ephemeral' } },
        { type: 'tool_result', tool_use_id: 'toolu_02', content: [{ type: 'text', text: fileText }, { type: 'image', source: image }] },
      ],
    },
    { role: 'assistant', content: [{ type: 'text', text: 'Here is a report.' }] },
    {
      role: 'user',
      content: [
        { type: 'document', source: { type: 'text', media_type: 'text/plain', data: log('worker', 120) }, title: 'worker.log' },
        { type: 'image', source: image },
        { type: 'text', text: 'And this worker log: what do you make of it?' },
      ],
    },
  ],
};

const openaiChat = {
  model: 'gpt-4o',
  stream: false,
  messages: [
    { role: 'system', content: 'You are a careful coding agent.' },
    { role: 'user', content: [{ type: 'text', text: 'What breaks the build?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'run', arguments: '{"command":"npm run build"}' } },
        { id: 'call_2', type: 'function', function: { name: 'read_file', arguments: '{"path":"package.json"}' } },
      ],
    },
    { role: 'tool', tool_call_id: 'call_1', content: log('build', 130) },
    { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: json }] },
    { role: 'user', content: 'Summarize the failures.' },
  ],
  tools: [{ type: 'function', function: { name: 'run', parameters: { type: 'object', properties: { command: { type: 'string' } } } } }],
};

const openaiResponses = {
  model: 'gpt-5',
  instructions: 'You are Codex.',
  stream: true,
  store: false,
  input: [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Sandbox: workspace-write.' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'List the slow endpoints.' }, { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' }] },
    { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAAABo_encrypted' },
    { type: 'function_call', id: 'fc_1', call_id: 'call_a', name: 'shell', arguments: '{"command":["cat","api.log"]}' },
    { type: 'function_call', id: 'fc_2', call_id: 'call_b', name: 'shell', arguments: '{"command":["cat","routes.json"]}' },
    { type: 'function_call_output', call_id: 'call_a', output: log('api', 140) },
    { type: 'function_call_output', call_id: 'call_b', output: [{ type: 'input_text', text: json }] },
    { type: 'custom_tool_call', id: 'ctc_1', call_id: 'call_c', name: 'apply_patch', input: '*** Begin Patch' },
    { type: 'custom_tool_call_output', call_id: 'call_c', output: log('patch', 110) },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Which one is slowest?' }] },
  ],
  tools: [{ type: 'function', name: 'shell', parameters: { type: 'object', properties: {} } }],
};

for (const [name, body] of Object.entries({ 'anthropic-messages': anthropic, 'openai-chat': openaiChat, 'openai-responses': openaiResponses })) {
  const dir = new URL(`../src/formats/__fixtures__/${name}/`, import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL('input.json', dir), `${JSON.stringify(body, null, 2)}\n`);
}
