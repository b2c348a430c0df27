import { aider } from './agent-aider.js';
import { claude } from './agent-claude.js';
import { codex } from './agent-codex.js';
import { copilot } from './agent-copilot.js';
import type { AgentDefinition, AgentName } from './agent-definition.js';
import { gemini } from './agent-gemini.js';
import { opencode } from './agent-opencode.js';

export type { AgentDefinition, AgentName, WrapPlan } from './agent-definition.js';
export { codexConfiguredBaseUrl, codexHome } from './agent-codex.js';

/** The agents `headroom wrap` runs: each pointed at the proxy for one run, none of its files written. */
export const AGENTS: Record<AgentName, AgentDefinition> = { claude, codex, copilot, opencode, gemini, aider };
