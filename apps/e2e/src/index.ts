export { CLAUDE_CODE_VERSION, ensureClaudeCode, type RunClaudeCodeOptions, runClaudeCode } from './claude-code.js';
export { e2eCacheDir } from './e2e-cache-dir.js';
export { type InstallNpmClientOptions, installNpmClient } from './install-npm-client.js';
export type { RecordedRequest, RecordingServer } from './internal/recording-server.js';
export { type LogRecordsFixture, logRecordsFixture } from './log-records-fixture.js';
export { type ProcessResult, type RunProcessOptions, runProcess } from './run-process.js';
export {
  type AnthropicReply,
  anthropicToolResults,
  type MessagesRequestBody,
  type ScriptedAnthropicUpstream,
  type ScriptedAnthropicUpstreamOptions,
  startScriptedAnthropicUpstream,
  toolUseThenAnswer,
} from './scripted-anthropic-upstream.js';
export { CODEX_VERSION, codexConfigToml, ensureCodex, type RunCodexOptions, runCodex } from './codex.js';
export {
  functionCallOutputs,
  functionCallThenAnswer,
  type ResponsesReply,
  type ResponsesRequestBody,
  type ScriptedResponsesUpstream,
  type ScriptedResponsesUpstreamOptions,
  startScriptedResponsesUpstream,
} from './scripted-responses-upstream.js';
