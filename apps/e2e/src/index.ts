export {
  type AnthropicBody,
  anthropicToolResults,
  claudeCodeScript,
  codexScript,
  functionCallOutputs,
  type ResponsesBody,
  type ScriptedToolCall,
  type ToolLoop,
} from './agent-scripts.js';
export { CLAUDE_CODE_VERSION, ensureClaudeCode, type RunClaudeCodeOptions, runClaudeCode } from './claude-code.js';
export { CODEX_VERSION, codexConfigToml, ensureCodex, type RunCodexOptions, runCodex } from './codex.js';
export { COPILOT_VERSION, ensureCopilot } from './copilot.js';
export { ensureGeminiCli, GEMINI_CLI_SETTINGS, GEMINI_CLI_VERSION } from './gemini-cli.js';
export { ensureOpencode, OPENCODE_VERSION } from './opencode.js';
export { type CliProxy, startCliProxy } from './cli-proxy.js';
export { e2eCacheDir } from './e2e-cache-dir.js';
export { type InstallNpmClientOptions, installNpmClient } from './install-npm-client.js';
export { type LogRecordsFixture, logRecordsFixture } from './log-records-fixture.js';
export { type ProcessResult, type RunProcessOptions, runProcess } from './run-process.js';
