export type AgentName = 'claude' | 'codex' | 'copilot' | 'opencode' | 'aider' | 'gemini';

export interface WrapPlan {
  /** Extra environment for the agent. */
  readonly env: Record<string, string>;
  /** The agent's arguments: the user's, with any flags Headroom adds in front. */
  readonly args: string[];
}

export interface AgentDefinition {
  readonly name: AgentName;
  readonly command: string;
  readonly description: string;
  readonly install: string;
  /**
   * The upstream the user already routes this agent to (a company gateway), if any. Throws a
   * usage error when the agent, as the user has it configured, cannot go through a proxy.
   */
  upstream(env: NodeJS.ProcessEnv): { anthropic?: string; openai?: string; google?: string };
  /** How to point the agent at the proxy without writing any of its files. */
  plan(proxyUrl: string, userArgs: readonly string[], env: NodeJS.ProcessEnv): WrapPlan;
}
